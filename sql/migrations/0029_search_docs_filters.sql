-- 0029_search_docs_filters.sql: q with institution- or CIP-level filters from the docs too
-- (issue 8). The programs of a doc (0027: one institution, one CIP code) share their
-- institution's state, control and city and their CIP code's field, so hf.program_docs
-- carries those columns and the worker answers q with state, city, control and field
-- filters from the docs (at 1M programs, q=health&state=OH ranked 595,115 programs by
-- the general statement in 0.3 s).
--
-- hf_admin.refresh_search_aggregates() is replaced by the same function (0028) filling
-- them; it raises if the programs of a doc differ in any of them, as it does for tsv.

ALTER TABLE hf.program_docs
    ADD COLUMN state char(2),
    ADD COLUMN control text,
    ADD COLUMN field text,
    ADD COLUMN city_key text;
COMMENT ON COLUMN hf.program_docs.state IS 'hf.program_search.state of its programs (the institution''s).';
CREATE INDEX program_docs_state ON hf.program_docs (state);

-- hf_admin.refresh_search_aggregates(): as in 0028, plus the doc columns of 0029.
-- Returns the programs numbered.
CREATE OR REPLACE FUNCTION hf_admin.refresh_search_aggregates()
RETURNS integer
LANGUAGE plpgsql
SET search_path = pg_catalog, public
AS $$
DECLARE
    n   integer;
    bad bigint;
BEGIN
    DELETE FROM hf.program_facets;
    INSERT INTO hf.program_facets
           (state, degree, field, delivery, accreditation_status, control, accredited,
            eligible_certifications, n)
    SELECT g.* FROM (
        SELECT s.state, s.degree, s.field, s.delivery, s.accreditation_status, s.control,
               s.accredited, s.eligible_certifications, count(*)
          FROM hf.program_search s
         GROUP BY s.state, s.degree, s.field, s.delivery, s.accreditation_status, s.control,
                  s.accredited, s.eligible_certifications) g
     ORDER BY g.state, g.degree, g.field, g.control;

    DELETE FROM hf.program_facet_counts;
    INSERT INTO hf.program_facet_counts (facet, value, n)
    SELECT 'state', f.state::text, sum(f.n) FROM hf.program_facets f
     WHERE f.state IS NOT NULL GROUP BY f.state
    UNION ALL
    SELECT 'degree', f.degree, sum(f.n) FROM hf.program_facets f GROUP BY f.degree
    UNION ALL
    SELECT 'field', f.field, sum(f.n) FROM hf.program_facets f GROUP BY f.field
    UNION ALL
    SELECT 'delivery', f.delivery, sum(f.n) FROM hf.program_facets f
     WHERE f.delivery IS NOT NULL GROUP BY f.delivery
    UNION ALL
    SELECT 'accreditation_status', f.accreditation_status, sum(f.n) FROM hf.program_facets f
     GROUP BY f.accreditation_status
    UNION ALL
    SELECT 'control', f.control, sum(f.n) FROM hf.program_facets f
     WHERE f.control IS NOT NULL GROUP BY f.control
    UNION ALL
    SELECT 'eligible_for', e.code, sum(f.n)
      FROM hf.program_facets f CROSS JOIN LATERAL unnest(f.eligible_certifications) AS e(code)
     GROUP BY e.code;

    CREATE TEMP TABLE hf_rm_name_order ON COMMIT DROP AS
    SELECT (row_number() OVER (ORDER BY s.name_sort, s.id))::integer AS pos, s.id
      FROM hf.program_search s;
    GET DIAGNOSTICS n = ROW_COUNT;
    PERFORM hf_admin.sync_table('hf.program_name_order', 'hf_rm_name_order', 'pos');
    DROP TABLE hf_rm_name_order;

    DELETE FROM hf.program_cip_counts;
    INSERT INTO hf.program_cip_counts (cip_code, programs)
    SELECT p.cip_code, count(*) FROM hf.programs p GROUP BY p.cip_code;

    CREATE TEMP TABLE hf_rm_docs ON COMMIT DROP AS
    SELECT s.id / 100 AS doc, count(*)::integer AS n, (array_agg(s.tsv))[1] AS tsv,
           array_agg(s.id ORDER BY s.id) AS ids,
           (array_agg(s.state))[1] AS state, (array_agg(s.control))[1] AS control,
           (array_agg(s.field))[1] AS field, (array_agg(s.city_key))[1] AS city_key,
           count(DISTINCT s.tsv) AS variants,
           count(DISTINCT ROW(s.state, s.control, s.field, s.city_key)) AS key_variants
      FROM hf.program_search s
     GROUP BY s.id / 100;
    SELECT min(doc) INTO bad FROM hf_rm_docs WHERE variants > 1 OR key_variants > 1;
    IF bad IS NOT NULL THEN
        RAISE EXCEPTION 'hf.program_docs: the programs % .. % do not share their tsv, state, control, field and city',
              bad * 100, bad * 100 + 99
              USING HINT = 'hf.program_docs (0027, 0029) assumes they depend only on the institution and the CIP code.';
    END IF;
    ALTER TABLE hf_rm_docs DROP COLUMN variants, DROP COLUMN key_variants;
    PERFORM hf_admin.sync_table('hf.program_docs', 'hf_rm_docs', 'doc');
    DROP TABLE hf_rm_docs;

    ANALYZE hf.program_facets;
    ANALYZE hf.program_facet_counts;
    ANALYZE hf.program_name_order;
    ANALYZE hf.program_cip_counts;
    ANALYZE hf.program_docs;
    RETURN n;
END
$$;

REVOKE ALL ON FUNCTION hf_admin.refresh_search_aggregates() FROM PUBLIC;

-- Built from what the earlier releases loaded; the served data does not change.
SELECT hf_admin.refresh_search_aggregates();

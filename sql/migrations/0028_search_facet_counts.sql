-- 0028_search_facet_counts.sql: cheaper facets and q pages at national scale (issue 8),
-- measured on the 1m bench after 0026/0027:
--
--   hf.program_facet_counts  each facet's counts over every program (the cube summed per
--                            facet): a facet with no filter but its own reads these few rows
--                            instead of the whole cube (19,007 rows at 1M programs).
--   hf.program_facets        rows now written in (state, degree, field, control) order, with
--                            indexes on degree, field and control beside state: the rows of
--                            one state sit on a few pages.
--   hf.program_docs.ids      the ids of a doc's programs: the page of a q search unnests the
--                            ids of the docs it overlaps (no range join, whose estimate made
--                            the planner cost the statement at a million and JIT-compile it).
--
-- hf_admin.refresh_search_aggregates() is replaced by the same function (0027) filling
-- these too.

CREATE TABLE hf.program_facet_counts (
    facet text NOT NULL CHECK (facet IN ('state', 'degree', 'field', 'delivery',
                                         'accreditation_status', 'control', 'eligible_for')),
    value text NOT NULL,
    n     bigint NOT NULL CHECK (n > 0),
    PRIMARY KEY (facet, value)
);
COMMENT ON TABLE hf.program_facet_counts IS
    'Programs of hf.program_search per facet value (API facets; NULL values left out). Rebuilt by hf_admin.refresh_search_aggregates().';
GRANT SELECT ON hf.program_facet_counts TO hitfinder_reader;

CREATE INDEX program_facets_degree ON hf.program_facets (degree);
CREATE INDEX program_facets_field ON hf.program_facets (field);
CREATE INDEX program_facets_control ON hf.program_facets (control);

ALTER TABLE hf.program_docs ADD COLUMN ids bigint[] NOT NULL DEFAULT '{}';
ALTER TABLE hf.program_docs ALTER COLUMN ids DROP DEFAULT;
COMMENT ON COLUMN hf.program_docs.ids IS 'The ids of its programs, ascending (n of them).';

-- hf_admin.refresh_search_aggregates(): as in 0027, plus hf.program_facet_counts, the cube
-- written in state order and the ids of each doc. Returns the programs numbered.
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
           array_agg(s.id ORDER BY s.id) AS ids, count(DISTINCT s.tsv) AS variants
      FROM hf.program_search s
     GROUP BY s.id / 100;
    SELECT min(doc) INTO bad FROM hf_rm_docs WHERE variants > 1;
    IF bad IS NOT NULL THEN
        RAISE EXCEPTION 'hf.program_docs: the programs % .. % do not share their tsv',
              bad * 100, bad * 100 + 99
              USING HINT = 'hf.program_docs (0027) assumes a program''s tsv depends only on its institution and CIP code.';
    END IF;
    ALTER TABLE hf_rm_docs DROP COLUMN variants;
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

-- 0027_search_docs.sql: the free-text search ranks documents, not programs (issue 8).
--
-- A program's tsv (0007) is made of its title, which is one per CIP code
-- (hf.program_fields), and of its institution's name, aliases and city. So every program
-- of one institution and one CIP code -- the programs whose id / 100 is the same (id =
-- UNITID * 10^8 + CIP digits * 100 + AWLEVEL) -- has the same tsv, matches the same
-- queries and gets the same rank:
--
--   hf.program_docs  one row per doc = id / 100: its tsv and its n programs (about 1/10
--                    of hf.program_search; a GIN index on tsv).
--
-- The worker's search for q alone (by relevance) ranks the matching docs and reads the
-- page's programs by primary key (id BETWEEN doc * 100 AND doc * 100 + 99): 158,089 ranked
-- programs become about 15,000 ranked docs at 1,000,000 programs.
--
-- hf_admin.refresh_search_aggregates() (0026) is replaced by the same function plus the
-- docs; it checks that the programs of a doc do share their tsv, and raises otherwise (a
-- change of the read model's tsv that breaks the premise must change this table too).
-- Also: an index (institution_id, id) of hf.program_search, so that the programs of the
-- institutions near a location are read from the index alone.

CREATE TABLE hf.program_docs (
    doc bigint PRIMARY KEY,      -- id / 100 of its programs: UNITID * 10^6 + CIP digits
    n   integer NOT NULL CHECK (n > 0),
    tsv tsvector NOT NULL
);
COMMENT ON TABLE hf.program_docs IS
    'The programs of hf.program_search grouped by id / 100 (one institution, one CIP code): they share tsv. Rebuilt by hf_admin.refresh_search_aggregates(); never written by the worker.';
CREATE INDEX program_docs_tsv ON hf.program_docs USING gin (tsv);
GRANT SELECT ON hf.program_docs TO hitfinder_reader;

CREATE INDEX program_search_institution_id ON hf.program_search (institution_id, id);

-- hf_admin.refresh_search_aggregates(): as in 0026 (the facet cube, the default order, the
-- CIP counts), plus hf.program_docs (synced: a release that changes no doc rewrites no
-- row). Raises if two programs of one doc have different tsv. Returns the programs numbered.
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
    SELECT s.state, s.degree, s.field, s.delivery, s.accreditation_status, s.control,
           s.accredited, s.eligible_certifications, count(*)
      FROM hf.program_search s
     GROUP BY s.state, s.degree, s.field, s.delivery, s.accreditation_status, s.control,
              s.accredited, s.eligible_certifications;

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
           count(DISTINCT s.tsv) AS variants
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
    ANALYZE hf.program_name_order;
    ANALYZE hf.program_cip_counts;
    ANALYZE hf.program_docs;
    RETURN n;
END
$$;

REVOKE ALL ON FUNCTION hf_admin.refresh_search_aggregates() FROM PUBLIC;

-- Built from what the earlier releases loaded; the served data does not change.
SELECT hf_admin.refresh_search_aggregates();

-- 0026_search_aggregates.sql: small tables derived from the read model so that the
-- searches and the career profile stop scanning every program at national scale
-- (issue 8; tests/bench/README.md, "1m"):
--
--   hf.program_facets      the facet cube: one row per distinct combination of the
--                          search's list-filter columns with its program count (about
--                          19,000 rows at 1,000,000 programs). The total and the facets
--                          of a search filtered only on those columns are sums over it.
--   hf.program_name_order  every program's position in the default order
--                          (name_sort, id): the unfiltered page N is a range of it.
--   hf.program_cip_counts  programs per CIP code (hf.programs, like hf.program_careers):
--                          a career's program_count is a sum over its crosswalk rows.
--
-- They are rebuilt by hf_admin.refresh_search_aggregates() from hf.program_search and
-- hf.programs. hf_admin.refresh_read_model() (0007), which every import that changes the
-- read model calls, is renamed hf_admin.refresh_read_model_rows() unchanged, and a new
-- hf_admin.refresh_read_model() runs it and then the aggregates, in the import's
-- transaction: readers see the previous aggregates with the previous rows until the
-- import commits, and a failing import leaves both as they were. The rename is the only
-- non-additive step (callers resolve the name at run time, so they get the new one).

-- The facet cube --------------------------------------------------------------------------------

CREATE TABLE hf.program_facets (
    state                   char(2),
    degree                  text NOT NULL,
    field                   text NOT NULL,
    delivery                text,
    accreditation_status    text NOT NULL,
    control                 text,
    accredited              boolean NOT NULL,
    eligible_certifications text[] NOT NULL,
    n                       integer NOT NULL CHECK (n > 0)
);
COMMENT ON TABLE hf.program_facets IS
    'Facet cube of hf.program_search: programs (n) per combination of the list-filter columns. Rebuilt by hf_admin.refresh_search_aggregates(); never written by the worker.';
CREATE INDEX program_facets_state ON hf.program_facets (state);
GRANT SELECT ON hf.program_facets TO hitfinder_reader;

-- The default order ------------------------------------------------------------------------------

CREATE TABLE hf.program_name_order (
    pos integer PRIMARY KEY,     -- 1.. in ORDER BY name_sort, id of hf.program_search
    id  bigint NOT NULL
);
COMMENT ON TABLE hf.program_name_order IS
    'Every program of hf.program_search numbered in the default search order (name_sort, id). Rebuilt by hf_admin.refresh_search_aggregates().';
GRANT SELECT ON hf.program_name_order TO hitfinder_reader;

-- Programs per CIP code -------------------------------------------------------------------------

CREATE TABLE hf.program_cip_counts (
    cip_code text PRIMARY KEY,
    programs integer NOT NULL
);
COMMENT ON TABLE hf.program_cip_counts IS
    'Programs of hf.programs per CIP code (what hf.program_careers joins on). Rebuilt by hf_admin.refresh_search_aggregates().';
GRANT SELECT ON hf.program_cip_counts TO hitfinder_reader;

-- hf_admin.refresh_search_aggregates(): rebuild the three tables above from hf.program_search
-- and hf.programs, in the caller's transaction, then ANALYZE them. The cube and the CIP
-- counts are small and replaced whole; the order is synced (hf_admin.sync_table) so that a
-- release that moves no program rewrites no row. Returns the programs numbered.
CREATE FUNCTION hf_admin.refresh_search_aggregates()
RETURNS integer
LANGUAGE plpgsql
SET search_path = pg_catalog, public
AS $$
DECLARE
    n integer;
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
    DELETE FROM hf.program_name_order WHERE pos > n;
    PERFORM hf_admin.sync_table('hf.program_name_order', 'hf_rm_name_order', 'pos');
    DROP TABLE hf_rm_name_order;

    DELETE FROM hf.program_cip_counts;
    INSERT INTO hf.program_cip_counts (cip_code, programs)
    SELECT p.cip_code, count(*) FROM hf.programs p GROUP BY p.cip_code;

    ANALYZE hf.program_facets;
    ANALYZE hf.program_name_order;
    ANALYZE hf.program_cip_counts;
    RETURN n;
END
$$;

-- The read model refresh, now followed by the aggregates ---------------------------------------

ALTER FUNCTION hf_admin.refresh_read_model() RENAME TO refresh_read_model_rows;
COMMENT ON FUNCTION hf_admin.refresh_read_model_rows() IS
    'The read-model refresh of 0007 (hf.program_search, hf.search_words, hf.institution_search); call hf_admin.refresh_read_model(), which also rebuilds the aggregates.';

-- hf_admin.refresh_read_model(): as in 0007 (rebuild hf.program_search, hf.search_words and
-- hf.institution_search, writing only the rows that changed), then the aggregates of 0026.
-- Returns the programs in the read model.
CREATE FUNCTION hf_admin.refresh_read_model()
RETURNS integer
LANGUAGE plpgsql
SET search_path = pg_catalog, public
AS $$
DECLARE
    n integer;
BEGIN
    n := hf_admin.refresh_read_model_rows();
    PERFORM hf_admin.refresh_search_aggregates();
    RETURN n;
END
$$;

REVOKE ALL ON FUNCTION hf_admin.refresh_search_aggregates() FROM PUBLIC;
REVOKE ALL ON FUNCTION hf_admin.refresh_read_model() FROM PUBLIC;

-- Built from what the earlier releases loaded; the served data does not change.
SELECT hf_admin.refresh_search_aggregates();

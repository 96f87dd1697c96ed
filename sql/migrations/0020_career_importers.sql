-- 0020_career_importers.sql: the career lookup's data model additions, the
-- reusable importers of the labor-market files and the career read model.
--
-- Additive only: new columns on hf.occupations, new tables, staging tables,
-- functions, materialized views and views. No data here: the careers of the
-- field come in 0021, the official files in the release migrations after it.
--
-- Importers (each a function of hf_admin, called by a small release migration
-- that first \copy-es the official file UNCHANGED into a staging table of
-- hf_staging whose columns are named exactly like the published header, with
-- HEADER MATCH, plus "line" = the file line; EP table 1.2 has a column name
-- longer than PostgreSQL identifiers, so its header is staged as line 1 and
-- checked in full by its importer):
--
--   hf_admin.import_oews(dataset, staging, year, top_annual, top_hourly)
--       BLS OEWS in the official column layout (national and state files alike,
--       hf_staging.oews) and any cut of it that keeps some of those columns
--       (hf_staging.oews_state_means: AREA_TITLE, OCC_CODE, OCC_TITLE, H_MEAN,
--       A_MEAN). A column the staging table does not have is NULL with the flag
--       'not_loaded' in hf.wages.
--   hf_admin.import_bls_ep_table1_2(dataset, staging)
--       BLS Employment Projections table 1.2 (national; thousands -> persons;
--       education, work experience and training -> hf.occupations).
--   hf_admin.import_ca_edd_projections(dataset, staging)
--       California EDD long-term occupational projections (10-year total
--       openings -> annual average).
--   hf_admin.import_projections_central(dataset, staging)
--       Projections Central state long-term projections (per-row base and
--       projected years; national rows are skipped, never loaded as a state).
--
-- Every importer validates every staged row and raises "<file> line N: ..."
-- (DETAIL: the first ten problems) before it changes anything, loads only the
-- occupations listed in hf.occupations (the careers of the field and 00-0000,
-- the all-occupations benchmark), replaces the rows of the same areas and year
-- (older years stay as history), records the dataset, prunes the datasets it
-- replaced, empties its staging tables, refreshes the career read model and
-- bumps the data version -- all in the caller's transaction.
--
-- Read model (docs/internals.md "Career lookup read model (issue 4)"):
--   hf.career_areas (materialized), hf.career_states, hf.career_national,
--   hf.career_search (materialized), hf.career_search_words (materialized),
--   hf.career_query(q), hf.career_certifications, hf.outlook_category(...),
--   hf.compare_category(...), hf.career_state_bins(...). Refreshed by
--   hf_admin.refresh_career_read_model().

-- Data model additions ------------------------------------------------------------

-- hf.occupations keeps the benchmark 00-0000 (All Occupations) beside the careers
-- of the field; in_field tells them apart (the crosswalk import of the school
-- finder may add other occupations: they are not careers of the field either).
ALTER TABLE hf.occupations ADD COLUMN in_field boolean NOT NULL DEFAULT false;
COMMENT ON COLUMN hf.occupations.in_field IS
    'true for the careers of the field (served by /careers); false for the benchmark 00-0000 and any occupation another import adds.';
COMMENT ON COLUMN hf.occupations.alternate_titles IS
    'Alternate and lay titles, copied from hf.occupation_titles (alternate first, then lay) by hf_admin.refresh_career_read_model().';

CREATE TABLE hf.occupation_titles (
    soc   text NOT NULL REFERENCES hf.occupations ON DELETE CASCADE,
    title text NOT NULL CHECK (title <> '' AND title = btrim(title)),
    kind  text NOT NULL CHECK (kind IN ('alternate', 'lay')),
    PRIMARY KEY (soc, title)
);
COMMENT ON TABLE hf.occupation_titles IS
    'Other names of an occupation: alternate = job titles used by employers; lay = what people type ("medical coder"). Searched by /careers?q=.';
CREATE UNIQUE INDEX occupation_titles_soc_lower ON hf.occupation_titles (soc, lower(title));
GRANT SELECT ON hf.occupation_titles TO hitfinder_reader;

CREATE TABLE hf.soc_successors (
    retired       text NOT NULL CHECK (retired ~ '^[0-9]{2}-[0-9]{4}$'),
    retired_title text NOT NULL,
    retired_in    text NOT NULL DEFAULT 'SOC 2018',   -- the SOC revision that retired the code
    successor     text NOT NULL REFERENCES hf.occupations ON DELETE CASCADE,
    note          text,
    PRIMARY KEY (retired, successor)
);
COMMENT ON TABLE hf.soc_successors IS
    'SOC codes that no longer exist and the current occupations that took over their work: /careers/{retired} answers 404 naming the successors.';
GRANT SELECT ON hf.soc_successors TO hitfinder_reader;

-- Area names as the files spell them ------------------------------------------------

-- Spellings of hf.states names used by BLS and the state agencies that differ
-- from ours. Lookups are case-insensitive on the trimmed name.
CREATE TABLE hf_admin.area_name_aliases (
    name text PRIMARY KEY CHECK (name = lower(btrim(name))),
    code text NOT NULL CHECK (code ~ '^[A-Z]{2}$')
);
COMMENT ON TABLE hf_admin.area_name_aliases IS
    'Area names of official files that are not hf.states.name: lower-case name -> code (US = the nation).';
INSERT INTO hf_admin.area_name_aliases (name, code) VALUES
    ('virgin islands',           'VI'),   -- BLS OEWS state files
    ('united states virgin islands', 'VI'),
    ('u.s.',                     'US'),   -- BLS OEWS national file AREA_TITLE
    ('united states',            'US'),   -- Projections Central national rows
    ('u.s. total',               'US');

-- hf_admin.area_names(name_key, code): every accepted area name (lower-case,
-- trimmed) with its code: hf.states names and the aliases above.
CREATE VIEW hf_admin.area_names AS
    SELECT lower(name) AS name_key, code::text AS code FROM hf.states
    UNION
    SELECT name, code FROM hf_admin.area_name_aliases;

-- Value helpers ------------------------------------------------------------------------

-- hf_admin.bls_is_number(text): true for a number as the BLS/state files print
-- it: optional minus, digits with or without thousands separators ("99,270"),
-- optional decimals. No '$', '%' or spaces (callers strip those first).
CREATE FUNCTION hf_admin.bls_is_number(t text)
RETURNS boolean
LANGUAGE sql IMMUTABLE STRICT AS $$
    SELECT t ~ '^-?([0-9]{1,3}(,[0-9]{3})+|[0-9]+)(\.[0-9]+)?$'
$$;

-- hf_admin.bls_number(text): the value of a bls_is_number text; NULL otherwise.
CREATE FUNCTION hf_admin.bls_number(t text)
RETURNS numeric
LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN hf_admin.bls_is_number(t) THEN replace(t, ',', '')::numeric END
$$;

-- hf_admin.staging_columns(table): the columns of a staging table in order,
-- without "line".
CREATE FUNCTION hf_admin.staging_columns(p_table regclass)
RETURNS text[]
LANGUAGE sql STABLE AS $$
    SELECT coalesce(array_agg(attname::text ORDER BY attnum), '{}')
      FROM pg_catalog.pg_attribute
     WHERE attrelid = p_table AND attnum > 0 AND NOT attisdropped AND attname <> 'line'
$$;

-- hf_admin.check_staging(table, file): raise unless the table is in hf_staging
-- and has rows.
CREATE FUNCTION hf_admin.check_staging(p_table regclass, p_file text)
RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    has_rows boolean;
BEGIN
    IF (SELECT relnamespace FROM pg_class WHERE oid = p_table) <> 'hf_staging'::regnamespace THEN
        RAISE EXCEPTION '%: % is not a table of schema hf_staging', p_file, p_table;
    END IF;
    EXECUTE format('SELECT EXISTS (SELECT 1 FROM %s)', p_table) INTO has_rows;
    IF NOT has_rows THEN
        RAISE EXCEPTION '%: no data rows', p_file USING ERRCODE = 'data_exception';
    END IF;
END
$$;

-- Typical education wording (BLS EP, California EDD) -> hf.degree_levels code,
-- where one fits; other wordings (high school, some college, none) map to NULL.
CREATE TABLE hf_admin.education_wordings (
    wording text PRIMARY KEY,
    degree  text NOT NULL REFERENCES hf.degree_levels (code)
);
INSERT INTO hf_admin.education_wordings (wording, degree) VALUES
    ('Postsecondary nondegree award',   'certificate'),
    ('Postsecondary non-degree award',  'certificate'),   -- California EDD spelling
    ('Associate''s degree',             'associate'),
    ('Bachelor''s degree',              'bachelor'),
    ('Master''s degree',                'master'),
    ('Doctoral or professional degree', 'doctorate');

-- OEWS ---------------------------------------------------------------------------------

-- The official OEWS layout (national_M2025_dl and the state, MSA and industry
-- files): 32 columns, all text, as published.
CREATE TABLE hf_staging.oews (
    line bigint GENERATED ALWAYS AS IDENTITY (START 2) PRIMARY KEY,
    "AREA" text, "AREA_TITLE" text, "AREA_TYPE" text, "PRIM_STATE" text, "NAICS" text,
    "NAICS_TITLE" text, "I_GROUP" text, "OWN_CODE" text, "OCC_CODE" text, "OCC_TITLE" text,
    "O_GROUP" text, "TOT_EMP" text, "EMP_PRSE" text, "JOBS_1000" text, "LOC_QUOTIENT" text,
    "PCT_TOTAL" text, "PCT_RPT" text, "H_MEAN" text, "A_MEAN" text, "MEAN_PRSE" text,
    "H_PCT10" text, "H_PCT25" text, "H_MEDIAN" text, "H_PCT75" text, "H_PCT90" text,
    "A_PCT10" text, "A_PCT25" text, "A_MEDIAN" text, "A_PCT75" text, "A_PCT90" text,
    "ANNUAL" text, "HOURLY" text
);
COMMENT ON TABLE hf_staging.oews IS 'BLS OEWS file in the official column layout, as published; empty between imports.';

-- The five-column cut of the state file (bls_oews/state_M2023_mean_wages_all_occ.csv).
CREATE TABLE hf_staging.oews_state_means (
    line bigint GENERATED ALWAYS AS IDENTITY (START 2) PRIMARY KEY,
    "AREA_TITLE" text, "OCC_CODE" text, "OCC_TITLE" text, "H_MEAN" text, "A_MEAN" text
);
COMMENT ON TABLE hf_staging.oews_state_means IS
    'State OEWS cut with only AREA_TITLE, OCC_CODE, OCC_TITLE, H_MEAN, A_MEAN, as published; empty between imports.';

-- Work table of hf_admin.import_oews: one row per staged row, the published
-- columns it uses under fixed names (NULL when the file lacks the column), then
-- the resolved area and whether the row is loaded.
CREATE TABLE hf_staging.oews_rows (
    line bigint PRIMARY KEY,
    area_code text, area_title text, area_type text, prim_state text,
    i_group text, own_code text, occ_code text, occ_title text, o_group text,
    tot_emp text, jobs_1000 text, loc_quotient text,
    h_mean text, h_pct10 text, h_pct25 text, h_median text, h_pct75 text, h_pct90 text,
    a_mean text, a_pct10 text, a_pct25 text, a_median text, a_pct75 text, a_pct90 text,
    annual text, hourly text,
    area text,          -- 'US' or a state code (NULL: not a national/state row)
    keep boolean NOT NULL DEFAULT false
);
COMMENT ON TABLE hf_staging.oews_rows IS 'Work table of hf_admin.import_oews; empty between imports.';

-- hf_admin.oews_columns(): the published OEWS columns the importer reads, the
-- work-table column each goes to, its hf.wages column (NULL: not a figure) and
-- its kind: key, count (employment figures; markers * **), annual / hourly
-- (wages; markers * ** #), only (the ANNUAL / HOURLY TRUE columns).
CREATE FUNCTION hf_admin.oews_columns()
RETURNS TABLE (ord integer, published text, work text, wage_column text, kind text)
LANGUAGE sql IMMUTABLE AS $$
    VALUES (1, 'AREA', 'area_code', NULL, 'key'),
           (2, 'AREA_TITLE', 'area_title', NULL, 'key'),
           (3, 'AREA_TYPE', 'area_type', NULL, 'key'),
           (4, 'PRIM_STATE', 'prim_state', NULL, 'key'),
           (5, 'I_GROUP', 'i_group', NULL, 'key'),
           (6, 'OWN_CODE', 'own_code', NULL, 'key'),
           (7, 'OCC_CODE', 'occ_code', NULL, 'key'),
           (8, 'OCC_TITLE', 'occ_title', NULL, 'key'),
           (9, 'O_GROUP', 'o_group', NULL, 'key'),
           (10, 'TOT_EMP', 'tot_emp', 'employment', 'count'),
           (11, 'JOBS_1000', 'jobs_1000', 'jobs_per_1000', 'count'),
           (12, 'LOC_QUOTIENT', 'loc_quotient', 'location_quotient', 'count'),
           (13, 'H_MEAN', 'h_mean', 'hourly_mean', 'hourly'),
           (14, 'H_PCT10', 'h_pct10', 'hourly_p10', 'hourly'),
           (15, 'H_PCT25', 'h_pct25', 'hourly_p25', 'hourly'),
           (16, 'H_MEDIAN', 'h_median', 'hourly_median', 'hourly'),
           (17, 'H_PCT75', 'h_pct75', 'hourly_p75', 'hourly'),
           (18, 'H_PCT90', 'h_pct90', 'hourly_p90', 'hourly'),
           (19, 'A_MEAN', 'a_mean', 'mean', 'annual'),
           (20, 'A_PCT10', 'a_pct10', 'p10', 'annual'),
           (21, 'A_PCT25', 'a_pct25', 'p25', 'annual'),
           (22, 'A_MEDIAN', 'a_median', 'median', 'annual'),
           (23, 'A_PCT75', 'a_pct75', 'p75', 'annual'),
           (24, 'A_PCT90', 'a_pct90', 'p90', 'annual'),
           (25, 'ANNUAL', 'annual', NULL, 'only'),
           (26, 'HOURLY', 'hourly', NULL, 'only')
$$;

-- hf_admin.oews_reason(value, present, only_reason): why an OEWS figure is NULL
-- (or a lower bound), as the flag stored in hf.wages.flags; NULL for a plain
-- number. present = the file has the column; only_reason = 'annual_only' /
-- 'hourly_only' when BLS releases only the other basis for the occupation.
CREATE FUNCTION hf_admin.oews_reason(v text, present boolean, only_reason text)
RETURNS text
LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE
             WHEN NOT present THEN 'not_loaded'
             WHEN v IS NULL OR btrim(v) = '' THEN 'not_published'
             WHEN v IN ('*', '**') THEN coalesce(only_reason, 'suppressed')
             WHEN v = '#' THEN 'at_least'
           END
$$;

-- hf_admin.oews_value(value, top_code): the number an OEWS cell stands for: the
-- number itself, the release's top-code for '#', NULL for a marker or blank.
CREATE FUNCTION hf_admin.oews_value(v text, top_code numeric)
RETURNS numeric
LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN v = '#' THEN top_code ELSE hf_admin.bls_number(v) END
$$;

-- hf_admin.import_oews(d, staging, year, top_annual, top_hourly): validate the
-- OEWS rows of the staging table (hf_staging.oews or a cut such as
-- hf_staging.oews_state_means) and load them into hf.wages as release d, OEWS
-- May reference year `year`.
--
-- Areas: with PRIM_STATE (official layout) AREA_TYPE 1 -> 'US' (PRIM_STATE must
-- be US), 2 and 3 -> PRIM_STATE (a code of hf.states, whose FIPS must equal
-- AREA), 4 and 6 (MSA, nonmetropolitan area) are skipped; without it (a cut)
-- AREA_TITLE is looked up by name (hf.states.name or hf_admin.area_name_aliases).
-- Rows kept: I_GROUP 'cross-industry' and OWN_CODE 1235 (all ownerships) when
-- the file has those columns; O_GROUP 'total' or 'detailed' when it has that
-- column; OCC_CODE an occupation of hf.occupations. Everything else is
-- validated and skipped.
-- Values: thousands separators removed; '*' and '**' -> NULL + 'suppressed'
-- ('annual_only' for hourly columns when ANNUAL is TRUE, 'hourly_only' for annual
-- columns when HOURLY is TRUE: BLS releases only the other basis); '#' -> the
-- release's top-code (top_annual for A_*, top_hourly for H_*) + 'at_least'; a
-- blank cell -> NULL + 'not_published'; a column the staging table lacks ->
-- NULL + 'not_loaded'. Flags are keyed by hf.wages column name.
-- The rows of hf.wages with the same areas and year are replaced. Returns the
-- rows loaded.
CREATE FUNCTION hf_admin.import_oews(d hf_admin.dataset_info, staging regclass, year integer,
                                     top_annual numeric DEFAULT NULL, top_hourly numeric DEFAULT NULL)
RETURNS integer
LANGUAGE plpgsql
SET jit = off          -- compiling costs more than these few thousand rows take
AS $$
DECLARE
    cols       text[] := hf_admin.staging_columns(staging);
    targets    text;
    sources    text;
    present    text[];     -- work-table columns the file has
    by_prim    boolean;
    problems   jsonb;
    n          integer;
BEGIN
    PERFORM hf_admin.check_staging(staging, d.file);
    IF year IS NULL OR year NOT BETWEEN 1997 AND 2100 THEN
        RAISE EXCEPTION '%: year % is not an OEWS reference year', d.file, year;
    END IF;
    IF NOT 'OCC_CODE' = ANY (cols) THEN
        RAISE EXCEPTION '%: the staging table % has no OCC_CODE column', d.file, staging;
    END IF;
    by_prim := 'PRIM_STATE' = ANY (cols) AND 'AREA_TYPE' = ANY (cols);
    IF NOT by_prim AND NOT 'AREA_TITLE' = ANY (cols) THEN
        RAISE EXCEPTION '%: the staging table % has neither AREA_TYPE + PRIM_STATE nor AREA_TITLE', d.file, staging;
    END IF;

    -- Copy the used columns under fixed names (NULL for the ones the file lacks).
    SELECT string_agg(c.work, ', ' ORDER BY c.ord),
           string_agg(CASE WHEN c.published = ANY (cols) THEN format('%I', c.published) ELSE 'NULL' END,
                      ', ' ORDER BY c.ord),
           array_agg(c.work ORDER BY c.ord) FILTER (WHERE c.published = ANY (cols))
      INTO targets, sources, present
      FROM hf_admin.oews_columns() c;
    TRUNCATE hf_staging.oews_rows;
    EXECUTE format('INSERT INTO hf_staging.oews_rows (line, %s) SELECT line, %s FROM %s',
                   targets, sources, staging);

    -- 1. Every row: codes, areas and cell formats.
    WITH s AS (SELECT * FROM hf_staging.oews_rows),
    cells AS (
        SELECT s.line, c.published, c.kind, c.v
          FROM s CROSS JOIN LATERAL (VALUES
                ('TOT_EMP', 'count', s.tot_emp), ('JOBS_1000', 'count', s.jobs_1000),
                ('LOC_QUOTIENT', 'count', s.loc_quotient),
                ('H_MEAN', 'hourly', s.h_mean), ('H_PCT10', 'hourly', s.h_pct10),
                ('H_PCT25', 'hourly', s.h_pct25), ('H_MEDIAN', 'hourly', s.h_median),
                ('H_PCT75', 'hourly', s.h_pct75), ('H_PCT90', 'hourly', s.h_pct90),
                ('A_MEAN', 'annual', s.a_mean), ('A_PCT10', 'annual', s.a_pct10),
                ('A_PCT25', 'annual', s.a_pct25), ('A_MEDIAN', 'annual', s.a_median),
                ('A_PCT75', 'annual', s.a_pct75), ('A_PCT90', 'annual', s.a_pct90)) c(published, kind, v)
         WHERE c.v IS NOT NULL
    ),
    p(line, problem) AS (
        SELECT line, format('OCC_CODE %s is not a SOC code (NN-NNNN)', hf_admin.q(occ_code))
          FROM s WHERE coalesce(occ_code, '') !~ '^[0-9]{2}-[0-9]{4}$'
        UNION ALL
        SELECT line, 'OCC_TITLE is empty'
          FROM s WHERE 'occ_title' = ANY (present) AND coalesce(btrim(occ_title), '') = ''
        UNION ALL
        SELECT line, format('AREA_TYPE %s is not 1 (U.S.), 2 (state), 3 (territory), 4 (MSA) or 6 (nonmetropolitan area)', hf_admin.q(area_type))
          FROM s WHERE by_prim AND coalesce(area_type, '') NOT IN ('1', '2', '3', '4', '6')
        UNION ALL
        SELECT line, format('PRIM_STATE %s is not US although AREA_TYPE is 1 (U.S.)', hf_admin.q(prim_state))
          FROM s WHERE by_prim AND area_type = '1' AND prim_state IS DISTINCT FROM 'US'
        UNION ALL
        SELECT line, format('PRIM_STATE %s is not a state or territory code', hf_admin.q(prim_state))
          FROM s WHERE by_prim AND area_type IN ('2', '3')
                   AND coalesce(prim_state, '') NOT IN (SELECT code FROM hf.states)
        UNION ALL
        SELECT s.line, format('AREA %s is not %s, the FIPS code of PRIM_STATE %s', hf_admin.q(s.area_code), st.fips, st.code)
          FROM s JOIN hf.states st ON st.code = s.prim_state
         WHERE by_prim AND 'area_code' = ANY (present) AND s.area_type IN ('2', '3')
           AND lpad(coalesce(btrim(s.area_code), ''), 2, '0') <> st.fips
        UNION ALL
        SELECT line, format('AREA_TITLE %s is not the name of the nation, a state or a territory', hf_admin.q(area_title))
          FROM s WHERE NOT by_prim
                   AND lower(btrim(coalesce(area_title, ''))) NOT IN (SELECT name_key FROM hf_admin.area_names)
        UNION ALL
        SELECT line, format('O_GROUP %s is not total, major, minor, broad or detailed', hf_admin.q(o_group))
          FROM s WHERE 'o_group' = ANY (present)
                   AND coalesce(o_group, '') NOT IN ('total', 'major', 'minor', 'broad', 'detailed')
        UNION ALL
        SELECT line, format('OWN_CODE %s is not an ownership code', hf_admin.q(own_code))
          FROM s WHERE 'own_code' = ANY (present) AND coalesce(own_code, '') !~ '^[0-9]{1,4}$'
        UNION ALL
        SELECT line, format('%s %s is not a number or a BLS marker (%s)', published, hf_admin.q(v),
                            CASE WHEN kind = 'count' THEN '*, **' ELSE '*, **, #' END)
          FROM cells
         WHERE v IS NOT NULL AND btrim(v) <> '' AND NOT hf_admin.bls_is_number(v)
           AND NOT (v IN ('*', '**') OR (v = '#' AND kind IN ('annual', 'hourly')))
        UNION ALL
        SELECT line, format('%s is # (top-coded) but the release gives no %s top-code', published,
                            CASE WHEN kind = 'annual' THEN 'annual' ELSE 'hourly' END)
          FROM cells
         WHERE v = '#' AND ((kind = 'annual' AND top_annual IS NULL) OR (kind = 'hourly' AND top_hourly IS NULL))
        UNION ALL
        SELECT line, format('ANNUAL %s is neither empty nor TRUE', hf_admin.q(annual))
          FROM s WHERE coalesce(annual, 'TRUE') <> 'TRUE'
        UNION ALL
        SELECT line, format('HOURLY %s is neither empty nor TRUE', hf_admin.q(hourly))
          FROM s WHERE coalesce(hourly, 'TRUE') <> 'TRUE'
        UNION ALL
        SELECT line, 'ANNUAL and HOURLY are both TRUE'
          FROM s WHERE annual = 'TRUE' AND hourly = 'TRUE'
    )
    SELECT jsonb_agg(jsonb_build_object('line', line, 'problem', problem)) INTO problems FROM p;
    PERFORM hf_admin.check_problems(d.file, problems);

    -- 2. Resolve the area and choose the rows to load.
    IF by_prim THEN
        UPDATE hf_staging.oews_rows r
           SET area = CASE WHEN r.area_type = '1' THEN 'US'
                           WHEN r.area_type IN ('2', '3') THEN r.prim_state END;
    ELSE
        UPDATE hf_staging.oews_rows r
           SET area = n.code
          FROM hf_admin.area_names n
         WHERE n.name_key = lower(btrim(r.area_title));
    END IF;
    UPDATE hf_staging.oews_rows r
       SET keep = true
     WHERE r.area IS NOT NULL
       AND (r.i_group IS NULL OR r.i_group = 'cross-industry')
       AND (r.own_code IS NULL OR r.own_code = '1235')
       AND (r.o_group IS NULL OR r.o_group IN ('total', 'detailed'))
       AND r.occ_code IN (SELECT soc FROM hf.occupations);

    -- 3. The rows to load: one per occupation and area, percentiles in order.
    WITH s AS (SELECT * FROM hf_staging.oews_rows WHERE keep),
    p(line, problem) AS (
        SELECT line, format('OCC_CODE %s for area %s repeats line %s', occ_code, area, first_line)
          FROM (SELECT line, occ_code, area,
                       min(line) OVER (PARTITION BY occ_code, area) AS first_line FROM s) x
         WHERE line <> first_line
        UNION ALL
        SELECT line, format('the annual percentiles A_PCT10 <= A_PCT25 <= A_MEDIAN <= A_PCT75 <= A_PCT90 are out of order (%s)',
                            concat_ws(', ', a_pct10, a_pct25, a_median, a_pct75, a_pct90))
          FROM s,
               LATERAL (SELECT hf_admin.oews_value(a_pct10, top_annual) AS p10, hf_admin.oews_value(a_pct25, top_annual) AS p25,
                               hf_admin.oews_value(a_median, top_annual) AS p50, hf_admin.oews_value(a_pct75, top_annual) AS p75,
                               hf_admin.oews_value(a_pct90, top_annual) AS p90) v
         WHERE NOT (v.p10 <= v.p25 AND v.p25 <= v.p50 AND v.p50 <= v.p75 AND v.p75 <= v.p90)
        UNION ALL
        SELECT line, format('the hourly percentiles H_PCT10 <= H_PCT25 <= H_MEDIAN <= H_PCT75 <= H_PCT90 are out of order (%s)',
                            concat_ws(', ', h_pct10, h_pct25, h_median, h_pct75, h_pct90))
          FROM s,
               LATERAL (SELECT hf_admin.oews_value(h_pct10, top_hourly) AS p10, hf_admin.oews_value(h_pct25, top_hourly) AS p25,
                               hf_admin.oews_value(h_median, top_hourly) AS p50, hf_admin.oews_value(h_pct75, top_hourly) AS p75,
                               hf_admin.oews_value(h_pct90, top_hourly) AS p90) v
         WHERE NOT (v.p10 <= v.p25 AND v.p25 <= v.p50 AND v.p50 <= v.p75 AND v.p75 <= v.p90)
    )
    SELECT jsonb_agg(jsonb_build_object('line', line, 'problem', problem)) INTO problems FROM p;
    PERFORM hf_admin.check_problems(d.file, problems);

    IF NOT EXISTS (SELECT 1 FROM hf_staging.oews_rows WHERE keep) THEN
        RAISE EXCEPTION '%: no cross-industry national or state row of an occupation of hf.occupations', d.file
              USING ERRCODE = 'data_exception';
    END IF;

    -- 4. Replace the rows of the same areas and year.
    PERFORM hf_admin.record_dataset(d, 0);
    DELETE FROM hf.wages w
     WHERE w.year = import_oews.year
       AND w.area IN (SELECT DISTINCT area FROM hf_staging.oews_rows WHERE keep);

    INSERT INTO hf.wages (soc, area, year, employment, jobs_per_1000, location_quotient,
                          mean, median, p10, p25, p75, p90,
                          hourly_mean, hourly_median, hourly_p10, hourly_p25, hourly_p75, hourly_p90,
                          flags, dataset_id)
    SELECT r.occ_code, r.area, import_oews.year,
           hf_admin.bls_number(r.tot_emp)::integer,
           hf_admin.bls_number(r.jobs_1000),
           hf_admin.bls_number(r.loc_quotient),
           hf_admin.oews_value(r.a_mean, top_annual),
           hf_admin.oews_value(r.a_median, top_annual),
           hf_admin.oews_value(r.a_pct10, top_annual),
           hf_admin.oews_value(r.a_pct25, top_annual),
           hf_admin.oews_value(r.a_pct75, top_annual),
           hf_admin.oews_value(r.a_pct90, top_annual),
           hf_admin.oews_value(r.h_mean, top_hourly),
           hf_admin.oews_value(r.h_median, top_hourly),
           hf_admin.oews_value(r.h_pct10, top_hourly),
           hf_admin.oews_value(r.h_pct25, top_hourly),
           hf_admin.oews_value(r.h_pct75, top_hourly),
           hf_admin.oews_value(r.h_pct90, top_hourly),
           (SELECT coalesce(jsonb_object_agg(c.wage_column, f.reason), '{}')
              FROM hf_admin.oews_columns() c,
                   LATERAL (SELECT hf_admin.oews_reason(
                                       to_jsonb(r) ->> c.work,
                                       c.work = ANY (present),
                                       CASE WHEN c.kind = 'annual' AND r.hourly = 'TRUE' THEN 'hourly_only'
                                            WHEN c.kind = 'hourly' AND r.annual = 'TRUE' THEN 'annual_only' END)
                                   AS reason) f
             WHERE c.wage_column IS NOT NULL AND f.reason IS NOT NULL),
           d.id
      FROM hf_staging.oews_rows r
     WHERE r.keep;
    GET DIAGNOSTICS n = ROW_COUNT;

    PERFORM hf_admin.record_dataset(d, n);
    PERFORM hf_admin.prune_datasets(d.source, ARRAY[d.id]);
    PERFORM hf_admin.staging_reset(staging);
    TRUNCATE hf_staging.oews_rows;
    PERFORM hf_admin.refresh_career_read_model();
    PERFORM hf_admin.bump_data_version();
    RETURN n;
END
$$;

-- Projections ------------------------------------------------------------------------------

-- BLS Employment Projections table 1.2 as converted from the EP workbook
-- (bls_projections/bls_ep_table1_2_occupational_projections_2024-2034.csv).
-- Column 15 of its header, "Typical on-the-job training needed to attain
-- competency in the occupation", is longer than PostgreSQL's 63-byte identifiers,
-- so HEADER MATCH cannot check it: this file is copied WITHOUT a header option,
-- the header becoming row line = 1, and hf_admin.import_bls_ep_table1_2 checks
-- every published column name in full (years as patterns) and takes the base
-- and projected years from it. The staging columns carry the published names
-- (the 15th cut to 63 bytes) for readability only; the importer reads by
-- position, so the next release needs no change here.
CREATE TABLE hf_staging.bls_ep_table1_2 (
    line bigint GENERATED ALWAYS AS IDENTITY (START 1) PRIMARY KEY,
    "2024 National Employment Matrix title" text,
    "2024 National Employment Matrix code" text,
    "Occupation type" text,
    "Employment, 2024" text,
    "Employment, 2034" text,
    "Employment distribution, percent, 2024" text,
    "Employment distribution, percent, 2034" text,
    "Employment change, numeric, 2024–34" text,
    "Employment change, percent, 2024–34" text,
    "Percent self employed, 2024" text,
    "Occupational openings, 2024–34 annual average" text,
    "Median annual wage, dollars, 2024[1]" text,
    "Typical education needed for entry" text,
    "Work experience in a related occupation" text,
    "Typical on-the-job training needed to attain competency in the occupation" text,
    "Related Occupational Outlook Handbook (OOH) content xlsx" text
);
COMMENT ON TABLE hf_staging.bls_ep_table1_2 IS
    'BLS EP table 1.2 as converted, header included as line 1 (a published name exceeds 63 bytes); empty between imports.';

-- California EDD long-term occupational projections, statewide, as converted
-- (bls_projections/ca_edd_long_term_occ_projections_2023-2033.csv). Read by
-- position like table 1.2; years from the header.
CREATE TABLE hf_staging.ca_edd_occ_projections (
    line bigint GENERATED ALWAYS AS IDENTITY (START 2) PRIMARY KEY,
    "SOC Level[1]" text,
    "SOC Code[2]" text,
    "Occupational Title[3]" text,
    "Base Year Employment Estimate 2023[4][5]" text,
    "Projected Year Employment Estimate 2033" text,
    "Numeric Change 2023-2033[6]" text,
    "Percent-age Change 2023-2033" text,
    "Exits [7]" text,
    "Transfers [8]" text,
    "Total Job Openings [9]" text,
    "Median Hourly Wages [10]" text,
    "Median Annual Wages [10]" text,
    "Entry Level Education [11][12]" text,
    "Work Experience [11][12]" text,
    "On-the-Job Training [11][12]" text
);
COMMENT ON TABLE hf_staging.ca_edd_occ_projections IS 'California EDD long-term occupational projections (2023-2033 header) as converted; empty between imports.';

-- Projections Central long-term projections, the site's direct-download layout
-- (projectionscentral.org "REST and Direct Download", Long-Term csv): one row
-- per state (and national) x occupation, each with its own years.
CREATE TABLE hf_staging.projections_central (
    line bigint GENERATED ALWAYS AS IDENTITY (START 2) PRIMARY KEY,
    "State FIPS" text,
    "Area Name" text,
    "Occupation Code" text,
    "Occupation Name" text,
    "Base Year" text,
    "Base" text,
    "Projected Year" text,
    "Projection" text,
    "Change" text,
    "Percent Change" text,
    "Average Annual Openings" text
);
COMMENT ON TABLE hf_staging.projections_central IS 'Projections Central long-term projections (direct-download layout) as published; empty between imports.';

-- Work table shared by the projections importers: the rows to load, in persons.
CREATE TABLE hf_staging.projection_rows (
    line                 bigint PRIMARY KEY,
    soc                  text NOT NULL,
    area                 text NOT NULL,
    base_year            smallint NOT NULL,
    projected_year       smallint NOT NULL,
    base_employment      numeric,
    projected_employment numeric,
    numeric_change       numeric,
    percent_change       numeric,
    annual_openings      numeric,
    flags                jsonb NOT NULL DEFAULT '{}'
);
COMMENT ON TABLE hf_staging.projection_rows IS 'Work table of the projections importers; empty between imports.';

-- Work table for the positional readers (EP table 1.2, California EDD): the
-- staged columns by position, c1 .. c16.
CREATE TABLE hf_staging.positional_rows (
    line bigint PRIMARY KEY,
    c1 text, c2 text, c3 text, c4 text, c5 text, c6 text, c7 text, c8 text,
    c9 text, c10 text, c11 text, c12 text, c13 text, c14 text, c15 text, c16 text
);
COMMENT ON TABLE hf_staging.positional_rows IS 'Work table of the positional importers; empty between imports.';

-- hf_admin.copy_positional(staging, ncols): copy the staging table's columns, in
-- order, into hf_staging.positional_rows c1..cN.
CREATE FUNCTION hf_admin.copy_positional(staging regclass, ncols integer)
RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    cols text[] := hf_admin.staging_columns(staging);
BEGIN
    TRUNCATE hf_staging.positional_rows;
    EXECUTE format('INSERT INTO hf_staging.positional_rows (line, %s) SELECT line, %s FROM %s',
                   (SELECT string_agg('c' || i, ', ' ORDER BY i) FROM generate_series(1, ncols) i),
                   (SELECT string_agg(format('%I', cols[i]), ', ' ORDER BY i) FROM generate_series(1, ncols) i),
                   staging);
END
$$;

-- hf_admin.expect_header(file, header, position, pattern): raise "<file> line 1:
-- ..." unless header[position] (the published column names, in order) matches
-- the regular expression; returns header[position].
CREATE FUNCTION hf_admin.expect_header(p_file text, header text[], pos integer, pattern text)
RETURNS text
LANGUAGE plpgsql AS $$
BEGIN
    IF coalesce(header[pos], '') !~ pattern THEN
        RAISE EXCEPTION '% line 1: column % of the header is %, expected a name matching %',
              p_file, pos, hf_admin.q(header[pos]), hf_admin.q(pattern)
              USING ERRCODE = 'data_exception';
    END IF;
    RETURN header[pos];
END
$$;

-- hf_admin.number_problem(column, value, allow_blank): a problem text when
-- value is neither a number (thousands separators, optional leading '$',
-- trailing '%') nor, with allow_blank, empty or a dash ('—', 'N/A'); else NULL.
CREATE FUNCTION hf_admin.number_problem(col text, v text, allow_blank boolean)
RETURNS text
LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE
             WHEN hf_admin.bls_is_number(regexp_replace(btrim(coalesce(v, '')), '^(-?)\$|%$', '\1', 'g')) THEN NULL
             WHEN allow_blank AND btrim(coalesce(v, '')) IN ('', '—', '-', 'N/A', '*', '**') THEN NULL
             ELSE format('%s %s is not a number', col, hf_admin.q(v))
           END
$$;

-- hf_admin.plain_number(text): the value of a number_problem-valid text, NULL
-- for a blank or dash.
CREATE FUNCTION hf_admin.plain_number(v text)
RETURNS numeric
LANGUAGE sql IMMUTABLE AS $$
    SELECT hf_admin.bls_number(regexp_replace(btrim(coalesce(v, '')), '^(-?)\$|%$', '\1', 'g'))
$$;

-- hf_admin.blank_reason(text): the flag of a projections cell that holds no
-- number: 'suppressed' for * or **, 'not_published' for blank or a dash; NULL
-- for a number.
CREATE FUNCTION hf_admin.blank_reason(v text)
RETURNS text
LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE
             WHEN hf_admin.plain_number(v) IS NOT NULL THEN NULL
             WHEN btrim(coalesce(v, '')) IN ('*', '**') THEN 'suppressed'
             ELSE 'not_published'
           END
$$;

-- hf_admin.load_projection_rows(d): load hf_staging.projection_rows into
-- hf.projections as release d: refuse a repeated (occupation, area, base
-- year); replace the rows of hf.projections with the same areas and base
-- years; record d, prune the datasets it replaced, empty the work table,
-- refresh the read model and bump the data version. Returns the rows loaded.
CREATE FUNCTION hf_admin.load_projection_rows(d hf_admin.dataset_info)
RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
    problems jsonb;
    n        integer;
BEGIN
    WITH p(line, problem) AS (
        SELECT line, format('occupation %s, area %s, base year %s repeats line %s', soc, area, base_year, first_line)
          FROM (SELECT line, soc, area, base_year,
                       min(line) OVER (PARTITION BY soc, area, base_year) AS first_line
                  FROM hf_staging.projection_rows) x
         WHERE line <> first_line
    )
    SELECT jsonb_agg(jsonb_build_object('line', line, 'problem', problem)) INTO problems FROM p;
    PERFORM hf_admin.check_problems(d.file, problems);
    IF NOT EXISTS (SELECT 1 FROM hf_staging.projection_rows) THEN
        RAISE EXCEPTION '%: no row of an occupation of hf.occupations', d.file USING ERRCODE = 'data_exception';
    END IF;

    PERFORM hf_admin.record_dataset(d, 0);
    DELETE FROM hf.projections p
     USING (SELECT DISTINCT area, base_year FROM hf_staging.projection_rows) r
     WHERE p.area = r.area AND p.base_year = r.base_year;
    INSERT INTO hf.projections (soc, area, base_year, projected_year, base_employment,
                                projected_employment, numeric_change, percent_change,
                                annual_openings, flags, dataset_id)
    SELECT soc, area, base_year, projected_year, base_employment, projected_employment,
           numeric_change, percent_change, annual_openings, flags, d.id
      FROM hf_staging.projection_rows;
    GET DIAGNOSTICS n = ROW_COUNT;

    PERFORM hf_admin.record_dataset(d, n);
    PERFORM hf_admin.prune_datasets(d.source, ARRAY[d.id]);
    TRUNCATE hf_staging.projection_rows, hf_staging.positional_rows;
    PERFORM hf_admin.refresh_career_read_model();
    PERFORM hf_admin.bump_data_version();
    RETURN n;
END
$$;

-- hf_admin.import_bls_ep_table1_2(d, staging): BLS EP table 1.2 -> national
-- (area 'US') rows of hf.projections, and typical education, work experience
-- and on-the-job training -> hf.occupations (education_level = the degree level
-- of hf_admin.education_wordings, where one fits).
-- Columns by position: 2 code, 3 occupation type, 4 "Employment, <base year>",
-- 5 "Employment, <projected year>", 8 numeric change, 9 percent change, 11
-- annual average openings, 13 education, 14 work experience, 15 training.
-- Employment, change and openings are in thousands -> persons (x 1000; the
-- file has one decimal, so the result is exact and stored as a whole number);
-- the percent change is kept as published. Rows loaded: 'Line item' rows and
-- 00-0000, of occupations in hf.occupations. '—' in a text column -> NULL.
CREATE FUNCTION hf_admin.import_bls_ep_table1_2(d hf_admin.dataset_info, staging regclass)
RETURNS integer
LANGUAGE plpgsql
SET jit = off          -- compiling costs more than these few thousand rows take
AS $$
DECLARE
    header         text[];
    base_year      integer;
    projected_year integer;
    problems       jsonb;
BEGIN
    PERFORM hf_admin.check_staging(staging, d.file);
    PERFORM hf_admin.copy_positional(staging, 16);
    SELECT ARRAY[c1, c2, c3, c4, c5, c6, c7, c8, c9, c10, c11, c12, c13, c14, c15, c16]
      INTO header FROM hf_staging.positional_rows WHERE line = 1;
    IF header IS NULL THEN
        RAISE EXCEPTION '%: the staging table has no header row (line 1): copy the file without HEADER', d.file;
    END IF;
    PERFORM hf_admin.expect_header(d.file, header, 1, '^[0-9]{4} National Employment Matrix title$');
    PERFORM hf_admin.expect_header(d.file, header, 2, '^[0-9]{4} National Employment Matrix code$');
    PERFORM hf_admin.expect_header(d.file, header, 3, '^Occupation type$');
    base_year := substring(hf_admin.expect_header(d.file, header, 4, '^Employment, [0-9]{4}$') FROM '[0-9]{4}')::integer;
    projected_year := substring(hf_admin.expect_header(d.file, header, 5, '^Employment, [0-9]{4}$') FROM '[0-9]{4}')::integer;
    PERFORM hf_admin.expect_header(d.file, header, 6, '^Employment distribution, percent, [0-9]{4}$');
    PERFORM hf_admin.expect_header(d.file, header, 7, '^Employment distribution, percent, [0-9]{4}$');
    PERFORM hf_admin.expect_header(d.file, header, 8, '^Employment change, numeric, [0-9]{4}.[0-9]{2}$');
    PERFORM hf_admin.expect_header(d.file, header, 9, '^Employment change, percent, [0-9]{4}.[0-9]{2}$');
    PERFORM hf_admin.expect_header(d.file, header, 10, '^Percent self employed, [0-9]{4}$');
    PERFORM hf_admin.expect_header(d.file, header, 11, '^Occupational openings, [0-9]{4}.[0-9]{2} annual average$');
    PERFORM hf_admin.expect_header(d.file, header, 12, '^Median annual wage, dollars, [0-9]{4}');
    PERFORM hf_admin.expect_header(d.file, header, 13, '^Typical education needed for entry$');
    PERFORM hf_admin.expect_header(d.file, header, 14, '^Work experience in a related occupation$');
    PERFORM hf_admin.expect_header(d.file, header, 15, '^Typical on-the-job training needed to attain competency in the occupation$');
    PERFORM hf_admin.expect_header(d.file, header, 16, '^Related Occupational Outlook Handbook \(OOH\) content');
    IF projected_year <= base_year THEN
        RAISE EXCEPTION '% line 1: projected year % is not after base year %', d.file, projected_year, base_year;
    END IF;
    DELETE FROM hf_staging.positional_rows WHERE line = 1;

    WITH s AS (SELECT * FROM hf_staging.positional_rows),
    p(line, problem) AS (
        SELECT line, format('code %s is not a SOC code (NN-NNNN)', hf_admin.q(c2))
          FROM s WHERE coalesce(c2, '') !~ '^[0-9]{2}-[0-9]{4}$'
        UNION ALL
        SELECT line, format('code %s repeats line %s', c2, first_line)
          FROM (SELECT line, c2, min(line) OVER (PARTITION BY c2) AS first_line FROM s) x
         WHERE line <> first_line
        UNION ALL
        SELECT line, format('occupation type %s is not Summary or Line item', hf_admin.q(c3))
          FROM s WHERE coalesce(c3, '') NOT IN ('Summary', 'Line item')
        UNION ALL
        SELECT s.line, x.problem
          FROM s, LATERAL (VALUES (hf_admin.number_problem(format('employment %s', base_year), c4, false)),
                                  (hf_admin.number_problem(format('employment %s', projected_year), c5, false)),
                                  (hf_admin.number_problem('numeric change', c8, true)),
                                  (hf_admin.number_problem('percent change', c9, true)),
                                  (hf_admin.number_problem('annual openings', c11, true))) x(problem)
         WHERE x.problem IS NOT NULL
        UNION ALL
        SELECT line, format('employment %s is negative', hf_admin.q(c4))
          FROM s WHERE hf_admin.plain_number(c4) < 0 OR hf_admin.plain_number(c5) < 0 OR hf_admin.plain_number(c11) < 0
    )
    SELECT jsonb_agg(jsonb_build_object('line', line, 'problem', problem)) INTO problems FROM p;
    PERFORM hf_admin.check_problems(d.file, problems);

    TRUNCATE hf_staging.projection_rows;
    INSERT INTO hf_staging.projection_rows (line, soc, area, base_year, projected_year, base_employment,
                                            projected_employment, numeric_change, percent_change,
                                            annual_openings, flags)
    SELECT s.line, s.c2, 'US', base_year, projected_year,
           round(hf_admin.plain_number(s.c4) * 1000),
           round(hf_admin.plain_number(s.c5) * 1000),
           round(hf_admin.plain_number(s.c8) * 1000),
           hf_admin.plain_number(s.c9),
           round(hf_admin.plain_number(s.c11) * 1000),
           jsonb_strip_nulls(jsonb_build_object('numeric_change', hf_admin.blank_reason(s.c8),
                                                'percent_change', hf_admin.blank_reason(s.c9),
                                                'annual_openings', hf_admin.blank_reason(s.c11)))
      FROM hf_staging.positional_rows s
     WHERE (s.c3 = 'Line item' OR s.c2 = '00-0000')
       AND s.c2 IN (SELECT soc FROM hf.occupations);

    UPDATE hf.occupations o
       SET typical_education   = nullif(nullif(btrim(s.c13), '—'), ''),
           education_level     = ew.degree,
           work_experience     = nullif(nullif(btrim(s.c14), '—'), ''),
           on_the_job_training = nullif(nullif(btrim(s.c15), '—'), '')
      FROM hf_staging.positional_rows s
      LEFT JOIN hf_admin.education_wordings ew ON ew.wording = btrim(s.c13)
     WHERE s.c2 = o.soc AND s.c3 = 'Line item';

    PERFORM hf_admin.staging_reset(staging);
    RETURN hf_admin.load_projection_rows(d);
END
$$;

-- hf_admin.import_ca_edd_projections(d, staging): California EDD long-term
-- occupational projections -> rows of hf.projections with area 'CA'.
-- Columns by position: 1 SOC level (1..4), 2 SOC code, 4 "Base Year Employment
-- Estimate <year>...", 5 "Projected Year Employment Estimate <year>", 6 numeric
-- change, 7 percent change ("12.2%"), 10 total job openings over the whole
-- period. Employment is in persons; annual openings = total openings / (projected
-- year - base year), rounded to a whole person (10-year period: total / 10).
-- Rows loaded: occupations of hf.occupations.
CREATE FUNCTION hf_admin.import_ca_edd_projections(d hf_admin.dataset_info, staging regclass)
RETURNS integer
LANGUAGE plpgsql
SET jit = off          -- compiling costs more than these few thousand rows take
AS $$
DECLARE
    header         text[];
    base_year      integer;
    projected_year integer;
    problems       jsonb;
BEGIN
    PERFORM hf_admin.check_staging(staging, d.file);
    header := hf_admin.staging_columns(staging);
    PERFORM hf_admin.expect_header(d.file, header, 1, '^SOC Level');
    PERFORM hf_admin.expect_header(d.file, header, 2, '^SOC Code');
    base_year := substring(hf_admin.expect_header(d.file, header, 4, '^Base Year Employment Estimate [0-9]{4}') FROM '[0-9]{4}')::integer;
    projected_year := substring(hf_admin.expect_header(d.file, header, 5, '^Projected Year Employment Estimate [0-9]{4}') FROM '[0-9]{4}')::integer;
    PERFORM hf_admin.expect_header(d.file, header, 6, '^Numeric Change');
    PERFORM hf_admin.expect_header(d.file, header, 7, 'Change');
    PERFORM hf_admin.expect_header(d.file, header, 10, '^Total Job Openings');
    IF projected_year <= base_year THEN
        RAISE EXCEPTION '% line 1: projected year % is not after base year %', d.file, projected_year, base_year;
    END IF;
    PERFORM hf_admin.copy_positional(staging, 15);

    WITH s AS (SELECT * FROM hf_staging.positional_rows),
    p(line, problem) AS (
        SELECT line, format('SOC Code %s is not a SOC code (NN-NNNN)', hf_admin.q(c2))
          FROM s WHERE coalesce(c2, '') !~ '^[0-9]{2}-[0-9]{4}$'
        UNION ALL
        SELECT line, format('SOC Code %s repeats line %s', c2, first_line)
          FROM (SELECT line, c2, min(line) OVER (PARTITION BY c2) AS first_line FROM s) x
         WHERE line <> first_line
        UNION ALL
        SELECT line, format('SOC Level %s is not 1, 2, 3 or 4', hf_admin.q(c1))
          FROM s WHERE coalesce(c1, '') NOT IN ('1', '2', '3', '4')
        UNION ALL
        SELECT s.line, x.problem
          FROM s, LATERAL (VALUES (hf_admin.number_problem('base year employment', c4, false)),
                                  (hf_admin.number_problem('projected year employment', c5, false)),
                                  (hf_admin.number_problem('numeric change', c6, true)),
                                  (hf_admin.number_problem('percent change', c7, true)),
                                  (hf_admin.number_problem('total job openings', c10, true))) x(problem)
         WHERE x.problem IS NOT NULL
        UNION ALL
        SELECT line, format('employment or openings is negative (%s)', concat_ws(', ', c4, c5, c10))
          FROM s WHERE hf_admin.plain_number(c4) < 0 OR hf_admin.plain_number(c5) < 0 OR hf_admin.plain_number(c10) < 0
    )
    SELECT jsonb_agg(jsonb_build_object('line', line, 'problem', problem)) INTO problems FROM p;
    PERFORM hf_admin.check_problems(d.file, problems);

    TRUNCATE hf_staging.projection_rows;
    INSERT INTO hf_staging.projection_rows (line, soc, area, base_year, projected_year, base_employment,
                                            projected_employment, numeric_change, percent_change,
                                            annual_openings, flags)
    SELECT s.line, s.c2, 'CA', base_year, projected_year,
           hf_admin.plain_number(s.c4),
           hf_admin.plain_number(s.c5),
           hf_admin.plain_number(s.c6),
           hf_admin.plain_number(s.c7),
           round(hf_admin.plain_number(s.c10) / (projected_year - base_year)),
           jsonb_strip_nulls(jsonb_build_object('numeric_change', hf_admin.blank_reason(s.c6),
                                                'percent_change', hf_admin.blank_reason(s.c7),
                                                'annual_openings', hf_admin.blank_reason(s.c10)))
      FROM hf_staging.positional_rows s
     WHERE s.c2 IN (SELECT soc FROM hf.occupations);

    PERFORM hf_admin.staging_reset(staging);
    RETURN hf_admin.load_projection_rows(d);
END
$$;

-- hf_admin.import_projections_central(d, staging): Projections Central
-- long-term projections -> state rows of hf.projections, each with its own
-- Base Year and Projected Year.
-- State FIPS 0/00 (Area Name "United States") is a national row: validated and
-- SKIPPED, never loaded as a state figure (national projections come from BLS
-- EP table 1.2). Any other State FIPS must be a code of hf.states and Area Name
-- its name. Base, Projection, Change and Average Annual Openings are persons
-- (thousands separators accepted), Percent Change a percent ('%' accepted);
-- '*' / '**' -> NULL + 'suppressed', blank -> NULL + 'not_published'.
-- Rows loaded: state rows of occupations in hf.occupations.
CREATE FUNCTION hf_admin.import_projections_central(d hf_admin.dataset_info, staging regclass)
RETURNS integer
LANGUAGE plpgsql
SET jit = off          -- compiling costs more than these few thousand rows take
AS $$
DECLARE
    problems jsonb;
BEGIN
    PERFORM hf_admin.check_staging(staging, d.file);
    IF hf_admin.staging_columns(staging) IS DISTINCT FROM hf_admin.staging_columns('hf_staging.projections_central') THEN
        RAISE EXCEPTION '%: % does not have the Projections Central columns', d.file, staging;
    END IF;
    TRUNCATE hf_staging.positional_rows;
    EXECUTE format('INSERT INTO hf_staging.positional_rows (line, c1, c2, c3, c4, c5, c6, c7, c8, c9, c10, c11)
                    SELECT line, "State FIPS", "Area Name", "Occupation Code", "Occupation Name", "Base Year",
                           "Base", "Projected Year", "Projection", "Change", "Percent Change", "Average Annual Openings"
                      FROM %s', staging);

    WITH s AS (SELECT *, nullif(ltrim(btrim(coalesce(c1, '')), '0'), '') AS fips_key,
                      lower(btrim(coalesce(c2, ''))) AS name_key
                 FROM hf_staging.positional_rows),
    p(line, problem) AS (
        SELECT line, format('State FIPS %s is not a FIPS code', hf_admin.q(c1))
          FROM s WHERE btrim(coalesce(c1, '')) !~ '^[0-9]{1,2}$'
        UNION ALL
        SELECT s.line, format('State FIPS %s is not a state or territory code', hf_admin.q(s.c1))
          FROM s WHERE btrim(coalesce(c1, '')) ~ '^[0-9]{1,2}$' AND fips_key IS NOT NULL
                   AND NOT EXISTS (SELECT 1 FROM hf.states st WHERE ltrim(st.fips, '0') = s.fips_key)
        UNION ALL
        SELECT s.line, format('Area Name %s is not the name of State FIPS %s (%s)', hf_admin.q(s.c2), s.c1, st.name)
          FROM s JOIN hf.states st ON ltrim(st.fips, '0') = s.fips_key
         WHERE NOT EXISTS (SELECT 1 FROM hf_admin.area_names n WHERE n.name_key = s.name_key AND n.code = st.code)
        UNION ALL
        SELECT line, format('Area Name %s is not United States although State FIPS is %s (national)', hf_admin.q(c2), c1)
          FROM s WHERE btrim(coalesce(c1, '')) ~ '^[0-9]{1,2}$' AND fips_key IS NULL
                   AND NOT EXISTS (SELECT 1 FROM hf_admin.area_names n WHERE n.name_key = s.name_key AND n.code = 'US')
        UNION ALL
        SELECT line, format('Occupation Code %s is not a SOC code (NN-NNNN)', hf_admin.q(c3))
          FROM s WHERE btrim(coalesce(c3, '')) !~ '^[0-9]{2}-[0-9]{4}$'
        UNION ALL
        SELECT line, format('Base Year %s and Projected Year %s are not two years, the second later', hf_admin.q(c5), hf_admin.q(c7))
          FROM s WHERE NOT (btrim(coalesce(c5, '')) ~ '^(19|20)[0-9]{2}$' AND btrim(coalesce(c7, '')) ~ '^(19|20)[0-9]{2}$'
                            AND btrim(c7)::integer > btrim(c5)::integer)
        UNION ALL
        SELECT s.line, x.problem
          FROM s, LATERAL (VALUES (hf_admin.number_problem('Base', c6, true)),
                                  (hf_admin.number_problem('Projection', c8, true)),
                                  (hf_admin.number_problem('Change', c9, true)),
                                  (hf_admin.number_problem('Percent Change', c10, true)),
                                  (hf_admin.number_problem('Average Annual Openings', c11, true))) x(problem)
         WHERE x.problem IS NOT NULL
        UNION ALL
        SELECT line, format('Base, Projection or Average Annual Openings is negative (%s)', concat_ws(', ', c6, c8, c11))
          FROM s WHERE hf_admin.plain_number(c6) < 0 OR hf_admin.plain_number(c8) < 0 OR hf_admin.plain_number(c11) < 0
    )
    SELECT jsonb_agg(jsonb_build_object('line', line, 'problem', problem)) INTO problems FROM p;
    PERFORM hf_admin.check_problems(d.file, problems);

    TRUNCATE hf_staging.projection_rows;
    INSERT INTO hf_staging.projection_rows (line, soc, area, base_year, projected_year, base_employment,
                                            projected_employment, numeric_change, percent_change,
                                            annual_openings, flags)
    SELECT s.line, btrim(s.c3), st.code, btrim(s.c5)::smallint, btrim(s.c7)::smallint,
           hf_admin.plain_number(s.c6),
           hf_admin.plain_number(s.c8),
           hf_admin.plain_number(s.c9),
           hf_admin.plain_number(s.c10),
           hf_admin.plain_number(s.c11),
           jsonb_strip_nulls(jsonb_build_object('base_employment', hf_admin.blank_reason(s.c6),
                                                'projected_employment', hf_admin.blank_reason(s.c8),
                                                'numeric_change', hf_admin.blank_reason(s.c9),
                                                'percent_change', hf_admin.blank_reason(s.c10),
                                                'annual_openings', hf_admin.blank_reason(s.c11)))
      FROM hf_staging.positional_rows s
      JOIN hf.states st ON ltrim(st.fips, '0') = nullif(ltrim(btrim(s.c1), '0'), '')   -- national rows drop out here
     WHERE btrim(s.c3) IN (SELECT soc FROM hf.occupations);

    PERFORM hf_admin.staging_reset(staging);
    RETURN hf_admin.load_projection_rows(d);
END
$$;

-- Read model -----------------------------------------------------------------------

-- hf.outlook_category(growth_pct, annual_openings, years, all_growth_pct, is_national):
-- the outlook of an occupation from its projection and the all-occupations
-- (00-0000) growth of the same area and base year (hitfinder's rule, modeled on
-- O*NET's "Bright Outlook": much faster than average growth, or very many
-- openings):
--   bright        growth >= 2 x all-occupations growth (when that is > 0; else
--                 >= all-occupations growth + 2 points); or, nationally, at
--                 least 100,000 openings over the period (annual x years) with
--                 growth >= all-occupations growth (a shrinking occupation is
--                 never bright because of replacement openings alone);
--   below_average growth < all-occupations growth;
--   average       otherwise.
-- NULL when the growth or the benchmark is unknown.
CREATE FUNCTION hf.outlook_category(growth_pct numeric, annual_openings numeric, years integer,
                                    all_growth_pct numeric, is_national boolean)
RETURNS text
LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE
             WHEN growth_pct IS NULL OR all_growth_pct IS NULL THEN NULL
             WHEN growth_pct >= CASE WHEN all_growth_pct > 0 THEN 2 * all_growth_pct ELSE all_growth_pct + 2 END
                  THEN 'bright'
             WHEN is_national AND annual_openings * years >= 100000 AND growth_pct >= all_growth_pct
                  THEN 'bright'
             WHEN growth_pct < all_growth_pct THEN 'below_average'
             ELSE 'average'
           END
$$;

-- hf.compare_category(metric, value, national_value): 'above', 'near' or 'below' the
-- national figure:
--   mean, median, p10..p90 (wages)  near = within 5 % of the national value;
--   growth_pct                      near = within 1.0 percentage point;
--   location_quotient               compared with 1.0 (the nation's by
--                                   definition; national_value is ignored): near =
--                                   0.9 .. 1.1.
-- NULL when a value is NULL or the metric is unknown.
CREATE FUNCTION hf.compare_category(metric text, value numeric, national_value numeric)
RETURNS text
LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE
             WHEN value IS NULL THEN NULL
             WHEN metric = 'location_quotient' THEN
                  CASE WHEN value > 1.1 THEN 'above' WHEN value < 0.9 THEN 'below' ELSE 'near' END
             WHEN national_value IS NULL THEN NULL
             WHEN metric = 'growth_pct' THEN
                  CASE WHEN value > national_value + 1.0 THEN 'above' WHEN value < national_value - 1.0 THEN 'below' ELSE 'near' END
             WHEN metric IN ('mean', 'median', 'p10', 'p25', 'p75', 'p90') THEN
                  CASE WHEN value > national_value * 1.05 THEN 'above' WHEN value < national_value * 0.95 THEN 'below' ELSE 'near' END
           END
$$;
REVOKE ALL ON FUNCTION hf.outlook_category(numeric, numeric, integer, numeric, boolean) FROM PUBLIC;
REVOKE ALL ON FUNCTION hf.compare_category(text, numeric, numeric) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION hf.outlook_category(numeric, numeric, integer, numeric, boolean) TO hitfinder_reader;
GRANT EXECUTE ON FUNCTION hf.compare_category(text, numeric, numeric) TO hitfinder_reader;

-- hf_admin.missing_flags(cover_flags, keys): the flags of a figure set that has
-- no row for an (occupation, area). cover_flags are the flags of another row of
-- the same area and latest year/base year (NULL: no file covering the area was
-- loaded): a key that is 'not_loaded' there (the file lacks the column) stays
-- 'not_loaded', any other becomes 'not_published' (the file has the column but
-- no row for this occupation). Without cover_flags every key is 'not_loaded'.
CREATE FUNCTION hf_admin.missing_flags(cover_flags jsonb, keys text[])
RETURNS jsonb
LANGUAGE sql IMMUTABLE AS $$
    SELECT coalesce(jsonb_object_agg(k, CASE WHEN cover_flags IS NULL OR cover_flags ->> k = 'not_loaded'
                                             THEN 'not_loaded' ELSE 'not_published' END), '{}')
      FROM unnest(keys) AS k
$$;

-- hf_admin.career_flags(wage_flags, wage_missing, proj_flags, proj_missing, basis):
-- the flags object of a read-model row, keyed by the read model's (= the API's)
-- names. wage_flags / proj_flags are the flags of the hf.wages / hf.projections
-- row, or NULL when there is none; then the figures of that source take their
-- flag from wage_missing / proj_missing (hf_admin.missing_flags). basis 'hourly'
-- takes the wage flags of the hourly columns (hourly_mean -> mean, ...).
CREATE FUNCTION hf_admin.career_flags(wage_flags jsonb, wage_missing jsonb,
                                      proj_flags jsonb, proj_missing jsonb, basis text)
RETURNS jsonb
LANGUAGE sql IMMUTABLE AS $$
    SELECT jsonb_strip_nulls(jsonb_build_object(
        'employment',           coalesce(wage_flags, wage_missing) ->> 'employment',
        'jobs_per_1000',        coalesce(wage_flags, wage_missing) ->> 'jobs_per_1000',
        'location_quotient',    coalesce(wage_flags, wage_missing) ->> 'location_quotient',
        'mean',                 coalesce(wage_flags, wage_missing) ->> (CASE WHEN basis = 'hourly' THEN 'hourly_mean' ELSE 'mean' END),
        'median',               coalesce(wage_flags, wage_missing) ->> (CASE WHEN basis = 'hourly' THEN 'hourly_median' ELSE 'median' END),
        'p10',                  coalesce(wage_flags, wage_missing) ->> (CASE WHEN basis = 'hourly' THEN 'hourly_p10' ELSE 'p10' END),
        'p25',                  coalesce(wage_flags, wage_missing) ->> (CASE WHEN basis = 'hourly' THEN 'hourly_p25' ELSE 'p25' END),
        'p75',                  coalesce(wage_flags, wage_missing) ->> (CASE WHEN basis = 'hourly' THEN 'hourly_p75' ELSE 'p75' END),
        'p90',                  coalesce(wage_flags, wage_missing) ->> (CASE WHEN basis = 'hourly' THEN 'hourly_p90' ELSE 'p90' END),
        'base_employment',      coalesce(proj_flags, proj_missing) ->> 'base_employment',
        'projected_employment', coalesce(proj_flags, proj_missing) ->> 'projected_employment',
        'numeric_change',       coalesce(proj_flags, proj_missing) ->> 'numeric_change',
        'growth_pct',           coalesce(proj_flags, proj_missing) ->> 'percent_change',
        'annual_openings',      coalesce(proj_flags, proj_missing) ->> 'annual_openings'))
$$;

-- hf.career_areas: one row per occupation (the careers of the field and the
-- benchmark 00-0000) x area: 'US', the 50 states and DC always, a territory
-- when a wage or projection row exists for it and that occupation. Latest OEWS
-- year and latest projection base year of each (occupation, area).
CREATE MATERIALIZED VIEW hf.career_areas AS
WITH occ AS (
    SELECT soc, title, in_field FROM hf.occupations WHERE in_field OR soc = '00-0000'
),
areas AS (
    SELECT 'US'::text AS area, NULL::char(2) AS state, 'United States'::text AS area_name, 'nation'::text AS area_kind
    UNION ALL
    SELECT code::text, code, name, kind FROM hf.states
),
w AS (SELECT DISTINCT ON (soc, area) * FROM hf.wages ORDER BY soc, area, year DESC),
p AS (SELECT DISTINCT ON (soc, area) * FROM hf.projections ORDER BY soc, area, base_year DESC),
-- per area, the flags of one row of its latest year / base year: which columns
-- the file covering the area has (hf_admin.missing_flags)
wage_cover AS (SELECT DISTINCT ON (area) area, flags FROM hf.wages ORDER BY area, year DESC, soc),
proj_cover AS (SELECT DISTINCT ON (area) area, flags FROM hf.projections ORDER BY area, base_year DESC, soc),
grid AS (
    SELECT o.soc, o.title, o.in_field, a.*
      FROM occ o CROSS JOIN areas a
     WHERE a.area_kind IN ('nation', 'state', 'district')
        OR EXISTS (SELECT 1 FROM hf.wages x WHERE x.soc = o.soc AND x.area = a.area)
        OR EXISTS (SELECT 1 FROM hf.projections x WHERE x.soc = o.soc AND x.area = a.area)
)
SELECT g.soc, g.area, g.state, g.area_name, g.area_kind, g.title, g.in_field,
       w.year AS wage_year,
       w.employment, w.jobs_per_1000, w.location_quotient,
       w.mean, w.median, w.p10, w.p25, w.p75, w.p90,
       w.hourly_mean, w.hourly_median, w.hourly_p10, w.hourly_p25, w.hourly_p75, w.hourly_p90,
       p.base_year, p.projected_year, p.base_employment, p.projected_employment, p.numeric_change,
       p.percent_change AS growth_pct, p.annual_openings,
       allp.percent_change AS all_occupations_growth_pct,
       hf.outlook_category(p.percent_change, p.annual_openings, p.projected_year - p.base_year,
                           allp.percent_change, g.area = 'US') AS outlook_category,
       CASE WHEN g.area <> 'US' THEN nw.mean END AS national_mean_same_year,
       CASE WHEN g.area <> 'US' THEN nw.median END AS national_median_same_year,
       CASE WHEN g.area <> 'US' THEN np.percent_change END AS national_growth_pct_same_year,
       CASE WHEN g.area <> 'US' THEN hf.compare_category('mean', w.mean, nw.mean) END AS category_mean,
       CASE WHEN g.area <> 'US' THEN hf.compare_category('median', w.median, nw.median) END AS category_median,
       CASE WHEN g.area <> 'US' THEN hf.compare_category('growth_pct', p.percent_change, np.percent_change) END AS category_growth_pct,
       CASE WHEN g.area <> 'US' THEN hf.compare_category('location_quotient', w.location_quotient, NULL) END AS category_location_quotient,
       hf_admin.career_flags(w.flags, hf_admin.missing_flags(wc.flags, wage_keys.k),
                             p.flags, hf_admin.missing_flags(pc.flags, proj_keys.k), 'annual') AS flags,
       hf_admin.career_flags(w.flags, hf_admin.missing_flags(wc.flags, wage_keys.k),
                             p.flags, hf_admin.missing_flags(pc.flags, proj_keys.k), 'hourly') AS flags_hourly,
       -- why a category is NULL although the state's own figure is there
       CASE WHEN g.area <> 'US' THEN jsonb_strip_nulls(jsonb_build_object(
              'mean', CASE WHEN w.mean IS NOT NULL AND nw.mean IS NULL THEN 'no_national_same_year' END,
              'median', CASE WHEN w.median IS NOT NULL AND nw.median IS NULL THEN 'no_national_same_year' END,
              'growth_pct', CASE WHEN p.percent_change IS NOT NULL AND np.percent_change IS NULL THEN 'no_national_same_year' END))
            ELSE '{}' END AS category_flags,
       array_remove(ARRAY[w.dataset_id, p.dataset_id], NULL) AS sources,
       w.dataset_id AS wage_dataset_id,
       p.dataset_id AS projection_dataset_id
  FROM grid g
  LEFT JOIN w ON w.soc = g.soc AND w.area = g.area
  LEFT JOIN p ON p.soc = g.soc AND p.area = g.area
  LEFT JOIN hf.projections allp ON allp.soc = '00-0000' AND allp.area = g.area AND allp.base_year = p.base_year
  LEFT JOIN hf.wages nw ON nw.soc = g.soc AND nw.area = 'US' AND nw.year = w.year
  LEFT JOIN hf.projections np ON np.soc = g.soc AND np.area = 'US' AND np.base_year = p.base_year
  LEFT JOIN wage_cover wc ON wc.area = g.area
  LEFT JOIN proj_cover pc ON pc.area = g.area
  CROSS JOIN (VALUES (ARRAY['employment', 'jobs_per_1000', 'location_quotient', 'mean', 'median', 'p10', 'p25',
                            'p75', 'p90', 'hourly_mean', 'hourly_median', 'hourly_p10', 'hourly_p25',
                            'hourly_p75', 'hourly_p90'])) wage_keys(k)
  CROSS JOIN (VALUES (ARRAY['base_employment', 'projected_employment', 'numeric_change', 'percent_change',
                            'annual_openings'])) proj_keys(k)
WITH DATA;
COMMENT ON MATERIALIZED VIEW hf.career_areas IS
    'Career read model: one row per occupation (careers of the field + 00-0000) x area (US, 50 states + DC, territories with data). docs/internals.md "Career lookup read model (issue 4)".';
CREATE UNIQUE INDEX career_areas_pkey ON hf.career_areas (soc, area);
CREATE INDEX career_areas_area ON hf.career_areas (area);
GRANT SELECT ON hf.career_areas TO hitfinder_reader;

CREATE VIEW hf.career_states AS
    SELECT * FROM hf.career_areas WHERE area <> 'US';
COMMENT ON VIEW hf.career_states IS 'hf.career_areas without the national rows: the map of /careers/{soc}/states.';
GRANT SELECT ON hf.career_states TO hitfinder_reader;

CREATE VIEW hf.career_national AS
    SELECT * FROM hf.career_areas WHERE area = 'US';
COMMENT ON VIEW hf.career_national IS 'hf.career_areas national rows (area US): meta.national, the profile''s wages and outlook, 00-0000 as benchmark.';
GRANT SELECT ON hf.career_national TO hitfinder_reader;

-- hf.career_state_bins(soc, metric, bins): the spread of one figure over the
-- map of an occupation (the rows of hf.career_states with a value): n, min, max
-- (meta.range) and the bins - 1 inner quantile breaks (percentile_cont at 1/bins,
-- 2/bins, ...) for bins in 2..20 (meta.bins; NULL otherwise or without values).
-- metric: employment, jobs_per_1000, location_quotient, mean, median, p10, p25,
-- p75, p90, hourly_mean, hourly_median, hourly_p10, hourly_p25, hourly_p75,
-- hourly_p90, growth_pct, annual_openings; any other -> n = 0, everything NULL.
CREATE FUNCTION hf.career_state_bins(p_soc text, p_metric text, p_bins integer)
RETURNS TABLE (n integer, min numeric, max numeric, breaks numeric[])
LANGUAGE sql STABLE AS $$
    WITH v AS (
        SELECT CASE p_metric
                 WHEN 'employment' THEN employment::numeric
                 WHEN 'jobs_per_1000' THEN jobs_per_1000
                 WHEN 'location_quotient' THEN location_quotient
                 WHEN 'mean' THEN mean
                 WHEN 'median' THEN median
                 WHEN 'p10' THEN p10
                 WHEN 'p25' THEN p25
                 WHEN 'p75' THEN p75
                 WHEN 'p90' THEN p90
                 WHEN 'hourly_mean' THEN hourly_mean
                 WHEN 'hourly_median' THEN hourly_median
                 WHEN 'hourly_p10' THEN hourly_p10
                 WHEN 'hourly_p25' THEN hourly_p25
                 WHEN 'hourly_p75' THEN hourly_p75
                 WHEN 'hourly_p90' THEN hourly_p90
                 WHEN 'growth_pct' THEN growth_pct
                 WHEN 'annual_openings' THEN annual_openings
               END AS x
          FROM hf.career_states
         WHERE soc = p_soc
    )
    SELECT count(x)::integer, min(x), max(x),
           CASE WHEN p_bins BETWEEN 2 AND 20 AND count(x) > 0 THEN
                (percentile_cont((SELECT array_agg(i::double precision / p_bins ORDER BY i)
                                    FROM generate_series(1, p_bins - 1) AS i))
                     WITHIN GROUP (ORDER BY x::double precision))::numeric[]
           END
      FROM v
$$;
REVOKE ALL ON FUNCTION hf.career_state_bins(text, text, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION hf.career_state_bins(text, text, integer) TO hitfinder_reader;

-- hf_admin.search_norm(text): lower-case, unaccented text for the search columns
-- (the two-argument unaccent, so it works whatever the search_path).
CREATE FUNCTION hf_admin.search_norm(t text)
RETURNS text
LANGUAGE sql STABLE AS $$
    SELECT lower(public.unaccent('public.unaccent'::regdictionary, coalesce(t, '')))
$$;

-- hf.career_search: one row per career of the field with its search columns and
-- national figures.
CREATE MATERIALIZED VIEW hf.career_search AS
WITH t AS (
    SELECT soc,
           array_agg(title ORDER BY kind, lower(title)) AS all_titles,
           array_agg(title ORDER BY lower(title)) FILTER (WHERE kind = 'alternate') AS alt_titles,
           array_agg(title ORDER BY lower(title)) FILTER (WHERE kind = 'lay') AS lay_titles
      FROM hf.occupation_titles GROUP BY soc
),
c AS (
    SELECT soc, array_agg(certification_code ORDER BY certification_code) AS codes
      FROM hf.occupation_certifications GROUP BY soc
)
SELECT o.soc, o.title, o.description,
       coalesce(t.all_titles, '{}') AS alternate_titles,
       coalesce(t.lay_titles, '{}') AS lay_titles,
       o.typical_education, o.education_level, dl.rank AS education_rank,
       o.work_experience, o.on_the_job_training,
       n.wage_year, n.employment, n.mean, n.median, n.hourly_mean, n.hourly_median,
       n.base_year, n.projected_year, n.growth_pct, n.annual_openings, n.outlook_category,
       n.flags, n.flags_hourly,
       coalesce(c.codes, '{}') AS certification_codes,
       array_remove(ARRAY[o.dataset_id], NULL) || coalesce(n.sources, '{}') AS sources,
       setweight(to_tsvector('simple'::regconfig, hf_admin.search_norm(o.title)), 'A')
       || setweight(to_tsvector('simple'::regconfig, hf_admin.search_norm(array_to_string(t.alt_titles, ' '))), 'B')
       || setweight(to_tsvector('simple'::regconfig, hf_admin.search_norm(array_to_string(t.lay_titles, ' '))), 'B')
          AS tsv,
       hf_admin.search_norm(concat_ws(' ', o.title, array_to_string(t.all_titles, ' '))) AS search_text,
       hf_admin.search_norm(o.title) AS name_sort
  FROM hf.occupations o
  LEFT JOIN t ON t.soc = o.soc
  LEFT JOIN c ON c.soc = o.soc
  LEFT JOIN hf.degree_levels dl ON dl.code = o.education_level
  LEFT JOIN hf.career_areas n ON n.soc = o.soc AND n.area = 'US'
 WHERE o.in_field
WITH DATA;
COMMENT ON MATERIALIZED VIEW hf.career_search IS
    'Career read model: one row per career of the field, search columns and national figures. docs/internals.md "Career lookup read model (issue 4)".';
CREATE UNIQUE INDEX career_search_pkey ON hf.career_search (soc);
CREATE INDEX career_search_tsv ON hf.career_search USING gin (tsv);
CREATE INDEX career_search_trgm ON hf.career_search USING gin (search_text public.gin_trgm_ops);
GRANT SELECT ON hf.career_search TO hitfinder_reader;

-- hf.career_search_words: the typo vocabulary of hf.career_query: every word of
-- hf.career_search.tsv made only of letters and digits, with the number of
-- careers whose tsv has it (ndoc: the tie-breaker of corrections).
CREATE MATERIALIZED VIEW hf.career_search_words AS
SELECT w AS word, count(*)::integer AS ndoc
  FROM hf.career_search, unnest(tsvector_to_array(tsv)) AS w
 WHERE w ~ '^[[:alnum:]]+$'
 GROUP BY w
WITH DATA;
COMMENT ON MATERIALIZED VIEW hf.career_search_words IS
    'Typo vocabulary of hf.career_query: every letters-and-digits lexeme of hf.career_search.tsv, with the number of careers that have it.';
CREATE UNIQUE INDEX career_search_words_pkey ON hf.career_search_words (word);
CREATE INDEX career_search_words_trgm ON hf.career_search_words USING gin (word public.gin_trgm_ops);
GRANT SELECT ON hf.career_search_words TO hitfinder_reader;

-- hf.career_query(q): the tsquery of a free-text career search (/careers?q=),
-- with the same behaviour as the school finder's hf.program_query (0007) over
-- the careers' own vocabulary:
--   1. q is split into words of letters and digits (anything else separates
--      words), each lower(unaccent())ed (and split again if unaccent made a
--      separator); a word is cut to 255 characters.
--   2. Each word must be a word of hf.career_search_words; the last one may also
--      be the prefix of one. A word that is neither, and has 3 characters or
--      more, is replaced by the most similar word of hf.career_search_words by
--      pg_trgm similarity(), if one reaches 0.4 (ties: the word of more careers,
--      then alphabetical): 'infomatics' -> 'informatics', 'medcal' -> 'medical',
--      'registar' -> 'registrar'. A word with no such neighbour is kept (and
--      matches nothing).
--   3. tsq = every word ANDed, the last as a prefix: 'medical' & 'coder':*
--      (quote_literal()ed words of letters and digits: no input can inject
--      tsquery syntax). corrected = the words actually searched,
--      space-separated; did_you_mean = the words as typed with the corrections
--      in place; both NULL when nothing was corrected. tsq NULL when q has no
--      word.
-- Never raises for any text input; always returns exactly one row. Use:
--   WHERE tsv @@ tsq ORDER BY ts_rank(tsv, tsq) DESC, name_sort, soc.
CREATE FUNCTION hf.career_query(q text)
RETURNS TABLE (tsq tsquery, corrected text, did_you_mean text)
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, public
AS $$
DECLARE
    threshold CONSTANT real := 0.4;
    used    text[] := '{}';   -- normalized words, as searched
    typed   text[] := '{}';   -- the same words as typed (case and accents kept)
    changed boolean := false;
    tok     text;
    pieces  text[];
    w       text;
    best    text;
    n       integer;
    qtext   text;
BEGIN
    FOR tok IN SELECT t FROM regexp_split_to_table(coalesce(q, ''), '[^[:alnum:]]+') AS t WHERE t <> '' LOOP
        pieces := ARRAY(SELECT x FROM regexp_split_to_table(lower(unaccent(tok)), '[^[:alnum:]]+') AS x
                         WHERE x <> '');
        FOREACH w IN ARRAY pieces LOOP
            used := used || left(w, 255);
            typed := typed || CASE WHEN cardinality(pieces) = 1 THEN tok ELSE w END;
        END LOOP;
    END LOOP;
    n := cardinality(used);
    IF n = 0 THEN
        RETURN QUERY SELECT NULL::tsquery, NULL::text, NULL::text;
        RETURN;
    END IF;

    FOR i IN 1 .. n LOOP
        w := used[i];
        CONTINUE WHEN length(w) < 3;
        CONTINUE WHEN EXISTS (SELECT 1 FROM hf.career_search_words s WHERE s.word = w);
        CONTINUE WHEN i = n AND EXISTS (SELECT 1 FROM hf.career_search_words s WHERE s.word LIKE w || '%');
        SELECT s.word INTO best
          FROM hf.career_search_words s
         WHERE s.word % w AND similarity(s.word, w) >= threshold
         ORDER BY similarity(s.word, w) DESC, s.ndoc DESC, s.word
         LIMIT 1;
        IF FOUND THEN
            used[i] := best;
            typed[i] := best;
            changed := true;
        END IF;
    END LOOP;

    SELECT string_agg(quote_literal(u) || CASE WHEN o = n THEN ':*' ELSE '' END, ' & ' ORDER BY o)
      INTO qtext
      FROM unnest(used) WITH ORDINALITY AS x(u, o);
    RETURN QUERY SELECT to_tsquery('simple', qtext),
                        CASE WHEN changed THEN array_to_string(used, ' ') END,
                        CASE WHEN changed THEN array_to_string(typed, ' ') END;
END
$$;
COMMENT ON FUNCTION hf.career_query(text) IS
    'Free text -> tsquery over hf.career_search.tsv (every word, the last as a prefix), typo-corrected against hf.career_search_words (pg_trgm similarity >= 0.4). See 0020_career_importers.sql.';
REVOKE ALL ON FUNCTION hf.career_query(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION hf.career_query(text) TO hitfinder_reader;

-- hf.career_certifications: the certifications of each career with the facts
-- the profile, /certifications and /pathways show.
CREATE VIEW hf.career_certifications AS
SELECT oc.soc, o.title AS career_title, o.in_field,
       c.code, c.name, c.issuer, oc.relevance, c.active,
       c.prerequisite_degree, dl.rank AS prerequisite_degree_rank,
       c.requires_cahiim, c.prerequisite_notes, c.url
  FROM hf.occupation_certifications oc
  JOIN hf.occupations o ON o.soc = oc.soc
  JOIN hf.certifications c ON c.code = oc.certification_code
  LEFT JOIN hf.degree_levels dl ON dl.code = c.prerequisite_degree;
COMMENT ON VIEW hf.career_certifications IS 'Occupation x certification with the certification facts (active = false: retired exam).';
GRANT SELECT ON hf.career_certifications TO hitfinder_reader;

-- hf_admin.refresh_career_read_model(): copy hf.occupation_titles into
-- hf.occupations.alternate_titles and refresh the career materialized views
-- (CONCURRENTLY: readers keep reading the old rows until the caller commits).
-- Called by every import above and by migrations that change the careers.
CREATE FUNCTION hf_admin.refresh_career_read_model()
RETURNS void
LANGUAGE plpgsql
SET jit = off          -- JIT compilation costs ~100 ms on these few hundred rows
AS $$
BEGIN
    UPDATE hf.occupations o
       SET alternate_titles = coalesce(t.titles, '{}')
      FROM (SELECT o2.soc,
                   (SELECT array_agg(ot.title ORDER BY ot.kind, lower(ot.title))
                      FROM hf.occupation_titles ot WHERE ot.soc = o2.soc) AS titles
              FROM hf.occupations o2) t
     WHERE t.soc = o.soc AND o.alternate_titles IS DISTINCT FROM coalesce(t.titles, '{}');
    REFRESH MATERIALIZED VIEW CONCURRENTLY hf.career_areas;
    REFRESH MATERIALIZED VIEW CONCURRENTLY hf.career_search;
    REFRESH MATERIALIZED VIEW CONCURRENTLY hf.career_search_words;
END
$$;

-- Nobody but the owner runs the hf_admin functions.
REVOKE ALL ON ALL FUNCTIONS IN SCHEMA hf_admin FROM PUBLIC;

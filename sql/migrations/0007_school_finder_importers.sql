-- 0007_school_finder_importers.sql: import functions of the school finder's files and the
-- read model they refresh (issue 3). Schema of the tables: 0006_school_finder_schema.sql.
--
-- Every importer follows 0002_importers.sql: the release migration \copy's the file as
-- published into its hf_staging table (HEADER MATCH), then calls one function here which
-- validates every row (errors "<file> line N: ...", DETAIL the first ten), transforms,
-- records the hf.datasets row(s), empties staging, runs hf_admin.refresh_read_model()
-- when the read model reads what it changed, and bumps the data version -- all in the
-- migration's one transaction, so a bad file loads nothing. A future release is a
-- migration of a few lines naming its files (see 0009..0012).
--
--   hf_admin.import_ipeds_completions(completions, award_levels, cip_titles)  -> hf.programs
--   hf_admin.import_ipeds_ic_ay(d, academic_year)    -> hf.institution_charges, program tuition
--   hf_admin.import_cahiim_transcribed(d)            -> hf.accreditations (cahiim_partial/ layout)
--   hf_admin.import_cahiim_export(d)                 -> hf.accreditations (admin export layout)
--   hf_admin.import_cip_soc(d)                       -> hf.cip_soc_crosswalk
--   hf_admin.refresh_read_model()                    -> hf.program_search, hf.search_words,
--                                                       hf.institution_search
--   hf.program_query(q)                              the worker's free-text query builder
-- hf_admin.import_ipeds_hd is replaced by the same function plus a read-model refresh
-- (institutions feed hf.program_search).

-- Small helpers --------------------------------------------------------------------------------

-- hf_admin.program_id(unitid, cip, awlevel): the program id, stable across reloads:
--   UNITID * 100000000 + (CIP code without its dot) * 100 + AWLEVEL
-- e.g. UNITID 144865, CIP 51.0707, AWLEVEL 3 -> 14486551070703 (read it as 144865|510707|03).
-- Unique because the CIP part has 6 digits and AWLEVEL 2 (0..99). Below 2^53 (exact in
-- JavaScript) while UNITID < 90071992; IPEDS UNITIDs have 6 digits.
CREATE FUNCTION hf_admin.program_id(unitid integer, cip text, awlevel integer)
RETURNS bigint
LANGUAGE sql IMMUTABLE STRICT AS $$
    SELECT unitid::bigint * 100000000 + replace(cip, '.', '')::bigint * 100 + awlevel
$$;

-- hf_admin.iso_date(text): the date of a strict YYYY-MM-DD text, NULL when the text is
-- anything else (including an impossible date such as 2023-02-30).
CREATE FUNCTION hf_admin.iso_date(t text)
RETURNS date
LANGUAGE plpgsql STABLE AS $$
BEGIN
    IF t IS NULL OR t !~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' THEN
        RETURN NULL;
    END IF;
    RETURN t::date;          -- YYYY-MM-DD reads the same under every DateStyle
EXCEPTION WHEN datetime_field_overflow OR invalid_datetime_format THEN
    RETURN NULL;
END
$$;

-- hf_admin.is_count(text): a non-negative integer as IPEDS writes it (digits only).
CREATE FUNCTION hf_admin.is_count(t text)
RETURNS boolean
LANGUAGE sql IMMUTABLE AS $$
    SELECT coalesce(t ~ '^[0-9]{1,9}$', false)
$$;

-- IPEDS completions -> hf.programs -----------------------------------------------------------

-- hf_admin.check_ipeds_completions(completions_file, award_levels_file, cip_titles_file):
-- validate the three staged files; raises "<file> line N: ..." on problems.
-- Program rows (latest SURVEY_YEAR, MAJORNUM 1, a CIP of hf.program_fields) must name an
-- institution of hf.institutions and an AWLEVEL that is a degree level; every row must
-- carry well-formed numbers and an AWLEVEL / MAJORNUM of the code list.
CREATE FUNCTION hf_admin.check_ipeds_completions(p_file text, p_awfile text, p_cipfile text)
RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    problems jsonb;
    latest   integer;
BEGIN
    -- (freshly copied: give the planner statistics)
    ANALYZE hf_staging.ipeds_code_labels;
    ANALYZE hf_staging.cip_titles;
    ANALYZE hf_staging.ipeds_completions;

    -- the code labels (var,code,label)
    IF NOT EXISTS (SELECT 1 FROM hf_staging.ipeds_code_labels) THEN
        RAISE EXCEPTION '%: no data rows', p_awfile USING ERRCODE = 'data_exception';
    END IF;
    WITH s AS (SELECT * FROM hf_staging.ipeds_code_labels),
    p(line, problem) AS (
        SELECT line, format('var %s is not AWLEVEL or MAJORNUM', hf_admin.q(var))
          FROM s WHERE coalesce(var, '') NOT IN ('AWLEVEL', 'MAJORNUM')
        UNION ALL
        SELECT line, format('code %s is not an integer from 0 to 99', hf_admin.q(code))
          FROM s WHERE coalesce(code, '') !~ '^[0-9]{1,2}$'
        UNION ALL
        SELECT line, 'label is empty' FROM s WHERE coalesce(btrim(label), '') = ''
        UNION ALL
        SELECT line, format('%s %s repeats line %s', var, hf_admin.q(code), first_line)
          FROM (SELECT line, var, code, min(line) OVER (PARTITION BY var, code) AS first_line FROM s) d
         WHERE line <> first_line
    )
    SELECT jsonb_agg(jsonb_build_object('line', line, 'problem', problem)) INTO problems FROM p;
    PERFORM hf_admin.check_problems(p_awfile, problems);

    -- the CIP titles
    IF NOT EXISTS (SELECT 1 FROM hf_staging.cip_titles) THEN
        RAISE EXCEPTION '%: no data rows', p_cipfile USING ERRCODE = 'data_exception';
    END IF;
    WITH s AS (SELECT * FROM hf_staging.cip_titles),
    p(line, problem) AS (
        SELECT line, format('cipcode %s is not a CIP code (NN, NN.NN or NN.NNNN)', hf_admin.q(cipcode))
          FROM s WHERE coalesce(cipcode, '') !~ '^(99|[0-9]{2}(\.[0-9]{2}([0-9]{2})?)?)$'
        UNION ALL
        SELECT line, 'title is empty' FROM s WHERE coalesce(btrim(title), '') = ''
        UNION ALL
        SELECT line, format('cipcode %s repeats line %s', hf_admin.q(cipcode), first_line)
          FROM (SELECT line, cipcode, min(line) OVER (PARTITION BY cipcode) AS first_line FROM s) d
         WHERE line <> first_line
    )
    SELECT jsonb_agg(jsonb_build_object('line', line, 'problem', problem)) INTO problems FROM p;
    PERFORM hf_admin.check_problems(p_cipfile, problems);

    -- the completions
    IF NOT EXISTS (SELECT 1 FROM hf_staging.ipeds_completions) THEN
        RAISE EXCEPTION '%: no data rows', p_file USING ERRCODE = 'data_exception';
    END IF;
    SELECT max("SURVEY_YEAR"::integer) INTO latest
      FROM hf_staging.ipeds_completions WHERE "SURVEY_YEAR" ~ '^[0-9]{4}$';
    WITH s AS (
        SELECT c.*,
               aw.code IS NOT NULL AS aw_known,
               dl.code AS degree,
               (c."SURVEY_YEAR" = latest::text AND c."MAJORNUM" = '1'
                AND c."CIPCODE" IN (SELECT cip_code FROM hf.program_fields)) AS is_program
          FROM hf_staging.ipeds_completions c
          LEFT JOIN hf_staging.ipeds_code_labels aw ON aw.var = 'AWLEVEL' AND aw.code = c."AWLEVEL"
          LEFT JOIN hf.degree_levels dl ON c."AWLEVEL" ~ '^[0-9]{1,2}$' AND c."AWLEVEL"::smallint = ANY (dl.ipeds_awlevels)
    ),
    p(line, problem) AS (
        SELECT line, format('SURVEY_YEAR %s is not a year from 1980 to 2100', hf_admin.q("SURVEY_YEAR"))
          FROM s WHERE NOT coalesce("SURVEY_YEAR" ~ '^[0-9]{4}$' AND "SURVEY_YEAR"::integer BETWEEN 1980 AND 2100, false)
        UNION ALL
        SELECT line, format('UNITID %s is not a positive integer', hf_admin.q("UNITID"))
          FROM s WHERE coalesce("UNITID", '') !~ '^0*[1-9][0-9]{0,8}$'
        UNION ALL
        SELECT line, format('CIPCODE %s is not a 6-digit CIP code (NN.NNNN)', hf_admin.q("CIPCODE"))
          FROM s WHERE coalesce("CIPCODE", '') !~ '^[0-9]{2}\.[0-9]{4}$'
        UNION ALL
        SELECT line, format('MAJORNUM %s is not a code of %s (1 or 2)', hf_admin.q("MAJORNUM"), p_awfile)
          FROM s WHERE coalesce("MAJORNUM", '') NOT IN (SELECT code FROM hf_staging.ipeds_code_labels WHERE var = 'MAJORNUM')
        UNION ALL
        SELECT line, format('AWLEVEL %s is not an IPEDS award level of %s', hf_admin.q("AWLEVEL"), p_awfile)
          FROM s WHERE NOT aw_known
        UNION ALL
        SELECT line, format('AWLEVEL %s maps to no degree level (hf.degree_levels.ipeds_awlevels)', hf_admin.q("AWLEVEL"))
          FROM s WHERE is_program AND aw_known AND degree IS NULL
        UNION ALL
        SELECT line, format('%s %s is not a non-negative integer', col, hf_admin.q(val))
          FROM s, LATERAL (VALUES ('CTOTALT', "CTOTALT"), ('CTOTALM', "CTOTALM"), ('CTOTALW', "CTOTALW")) v(col, val)
         WHERE NOT hf_admin.is_count(val)
        UNION ALL
        SELECT line, format('CTOTALT %s is not CTOTALM + CTOTALW (%s + %s)', "CTOTALT", "CTOTALM", "CTOTALW")
          FROM s WHERE hf_admin.is_count("CTOTALT") AND hf_admin.is_count("CTOTALM") AND hf_admin.is_count("CTOTALW")
                   AND "CTOTALT"::integer <> "CTOTALM"::integer + "CTOTALW"::integer
        UNION ALL
        SELECT line, format('SURVEY_YEAR %s, UNITID %s, CIPCODE %s, MAJORNUM %s, AWLEVEL %s repeats line %s',
                            "SURVEY_YEAR", "UNITID", "CIPCODE", "MAJORNUM", "AWLEVEL", first_line)
          FROM (SELECT line, "SURVEY_YEAR", "UNITID", "CIPCODE", "MAJORNUM", "AWLEVEL",
                       min(line) OVER (PARTITION BY "SURVEY_YEAR", "UNITID", "CIPCODE", "MAJORNUM", "AWLEVEL") AS first_line
                  FROM s) d
         WHERE line <> first_line
        UNION ALL
        SELECT line, format('UNITID %s is not an institution of hf.institutions (IPEDS HD): load its HD row first', hf_admin.q("UNITID"))
          FROM s WHERE is_program AND "UNITID" ~ '^0*[1-9][0-9]{0,8}$'
                   AND NOT EXISTS (SELECT 1 FROM hf.institutions i WHERE i.id = s."UNITID"::integer)
        UNION ALL
        SELECT line, format('CIPCODE %s has no title in %s', hf_admin.q("CIPCODE"), p_cipfile)
          FROM s WHERE is_program AND "CIPCODE" NOT IN (SELECT cipcode FROM hf_staging.cip_titles)
    )
    SELECT jsonb_agg(jsonb_build_object('line', line, 'problem', problem)) INTO problems FROM p;
    PERFORM hf_admin.check_problems(p_file, problems);

    IF NOT EXISTS (SELECT 1 FROM hf_staging.ipeds_completions c
                    WHERE c."SURVEY_YEAR" = latest::text AND c."MAJORNUM" = '1'
                      AND c."CIPCODE" IN (SELECT cip_code FROM hf.program_fields)) THEN
        RAISE EXCEPTION '%: no first-major row of the latest survey year (%) has a CIP code of hf.program_fields', p_file, latest
              USING ERRCODE = 'data_exception';
    END IF;
END
$$;

-- hf_admin.import_ipeds_completions(completions, award_levels, cip_titles): validate the
-- staged completions file and its two code lists, then load them:
--   hf.ipeds_award_levels and hf.cip_codes are replaced by the lists (labels trimmed);
--   hf.programs gets one row per (UNITID, CIPCODE, AWLEVEL) of the latest SURVEY_YEAR,
--   first majors only, for the CIP codes of hf.program_fields -- zero awards included.
--   id = hf_admin.program_id(...); title and field from hf.program_fields; degree from
--   hf.degree_levels.ipeds_awlevels; award_level = the AWLEVEL label; completions =
--   CTOTALT of that year; awards_by_year = CTOTALT of every year of the file for the same
--   UNITID x CIP x AWLEVEL. Upserted by id, so the columns other imports own (delivery,
--   tuition, ...) survive; programs the file no longer reports are deleted (and their
--   accreditation records with them).
-- Then re-applies tuition and delivery, records the three datasets, prunes the ones they
-- replaced, empties staging, refreshes the read model and bumps the data version.
-- Returns the number of programs.
CREATE FUNCTION hf_admin.import_ipeds_completions(completions  hf_admin.dataset_info,
                                                  award_levels hf_admin.dataset_info,
                                                  cip_titles   hf_admin.dataset_info)
RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
    c_id   text := (completions).id;      -- (the parameters' names are also column names)
    aw_id  text := (award_levels).id;
    cip_id text := (cip_titles).id;
    latest integer;
    n      integer;
    n_aw   integer;
    n_cip  integer;
BEGIN
    PERFORM hf_admin.check_ipeds_completions(completions.file, award_levels.file, cip_titles.file);
    PERFORM hf_admin.record_dataset(completions, 0);
    PERFORM hf_admin.record_dataset(award_levels, 0);
    PERFORM hf_admin.record_dataset(cip_titles, 0);

    DELETE FROM hf.ipeds_award_levels;
    INSERT INTO hf.ipeds_award_levels (code, label, degree, dataset_id)
    SELECT s.code::smallint, rtrim(s.label), dl.code, aw_id
      FROM hf_staging.ipeds_code_labels s
      LEFT JOIN hf.degree_levels dl ON s.code::smallint = ANY (dl.ipeds_awlevels)
     WHERE s.var = 'AWLEVEL';
    GET DIAGNOSTICS n_aw = ROW_COUNT;

    DELETE FROM hf.cip_codes;
    INSERT INTO hf.cip_codes (code, title, dataset_id)
    SELECT s.cipcode, btrim(s.title), cip_id FROM hf_staging.cip_titles s;
    GET DIAGNOSTICS n_cip = ROW_COUNT;

    SELECT max("SURVEY_YEAR"::integer) INTO latest FROM hf_staging.ipeds_completions;

    CREATE TEMP TABLE hf_new_programs ON COMMIT DROP AS
    WITH by_year AS (
        SELECT h."UNITID", h."CIPCODE", h."AWLEVEL",
               jsonb_object_agg(h."SURVEY_YEAR", h."CTOTALT"::integer ORDER BY h."SURVEY_YEAR") AS awards_by_year
          FROM hf_staging.ipeds_completions h
         WHERE h."MAJORNUM" = '1' AND h."CIPCODE" IN (SELECT cip_code FROM hf.program_fields)
         GROUP BY 1, 2, 3)
    SELECT hf_admin.program_id(c."UNITID"::integer, c."CIPCODE", c."AWLEVEL"::integer) AS id,
           c."UNITID"::integer AS institution_id, f.title, f.field, c."CIPCODE" AS cip_code,
           ct.title AS cip_title, al.degree, al.label AS award_level, c."AWLEVEL"::smallint AS awlevel,
           c."CTOTALT"::integer AS completions, latest AS completions_year, y.awards_by_year
      FROM hf_staging.ipeds_completions c
      JOIN hf.program_fields f ON f.cip_code = c."CIPCODE"
      JOIN hf.ipeds_award_levels al ON al.code = c."AWLEVEL"::smallint
      JOIN hf.cip_codes ct ON ct.code = c."CIPCODE"
      JOIN by_year y ON y."UNITID" = c."UNITID" AND y."CIPCODE" = c."CIPCODE" AND y."AWLEVEL" = c."AWLEVEL"
     WHERE c."SURVEY_YEAR"::integer = latest AND c."MAJORNUM" = '1';
    ANALYZE hf_new_programs;

    INSERT INTO hf.programs AS p
           (id, institution_id, title, field, cip_code, cip_title, degree, award_level, awlevel,
            completions, completions_year, awards_by_year, dataset_id)
    SELECT x.id, x.institution_id, x.title, x.field, x.cip_code, x.cip_title, x.degree, x.award_level,
           x.awlevel, x.completions, x.completions_year, x.awards_by_year, c_id
      FROM hf_new_programs x
    ON CONFLICT (id) DO UPDATE
       SET institution_id = EXCLUDED.institution_id, title = EXCLUDED.title, field = EXCLUDED.field,
           cip_code = EXCLUDED.cip_code, cip_title = EXCLUDED.cip_title, degree = EXCLUDED.degree,
           award_level = EXCLUDED.award_level, awlevel = EXCLUDED.awlevel,
           completions = EXCLUDED.completions, completions_year = EXCLUDED.completions_year,
           awards_by_year = EXCLUDED.awards_by_year, dataset_id = EXCLUDED.dataset_id;
    GET DIAGNOSTICS n = ROW_COUNT;

    DELETE FROM hf.programs p WHERE NOT EXISTS (SELECT 1 FROM hf_new_programs x WHERE x.id = p.id);
    DROP TABLE hf_new_programs;

    PERFORM hf_admin.apply_program_tuition();
    PERFORM hf_admin.apply_program_delivery();

    PERFORM hf_admin.record_dataset(completions, n);
    PERFORM hf_admin.record_dataset(award_levels, n_aw);
    PERFORM hf_admin.record_dataset(cip_titles, n_cip);
    PERFORM hf_admin.prune_datasets(completions.source, ARRAY[completions.id]);
    PERFORM hf_admin.prune_datasets(award_levels.source, ARRAY[award_levels.id]);
    PERFORM hf_admin.prune_datasets(cip_titles.source, ARRAY[cip_titles.id]);
    PERFORM hf_admin.staging_reset('hf_staging.ipeds_completions');
    PERFORM hf_admin.staging_reset('hf_staging.ipeds_code_labels');
    PERFORM hf_admin.staging_reset('hf_staging.cip_titles');
    PERFORM hf_admin.refresh_read_model();
    PERFORM hf_admin.bump_data_version();
    RETURN n;
END
$$;

-- IPEDS IC_AY -> hf.institution_charges -> program tuition ------------------------------------

-- IPEDS imputation flag values (C2024_A dictionary, sheet "Imputation values", plus Y of IC).
CREATE TABLE hf_admin.ipeds_imputation_codes (
    code    char(1) PRIMARY KEY,
    label   text NOT NULL,
    imputed boolean NOT NULL      -- the value is an NCES estimate, not the institution's figure
);
INSERT INTO hf_admin.ipeds_imputation_codes (code, label, imputed) VALUES
    ('A', 'Not applicable', false),
    ('B', 'Institution left item blank', false),
    ('C', 'Analyst corrected reported value', false),
    ('D', 'Do not know', false),
    ('G', 'Data generated from other data values', false),
    ('H', 'Value not derived - data not usable', false),
    ('J', 'Logical imputation', true),
    ('K', 'Ratio adjustment', true),
    ('L', 'Imputed using the Group Median procedure', true),
    ('N', 'Imputed using Nearest Neighbor procedure', true),
    ('P', 'Imputed using Carry Forward procedure', true),
    ('R', 'Reported', false),
    ('Y', 'Specific professional practice program not applicable', false),
    ('Z', 'Implied zero', false);

-- hf_admin.check_ipeds_ic_ay(file): validate hf_staging.ipeds_ic_ay: UNITID, and every
-- charge the importer reads -- TUITION1-3, 5-7 and FEE1-3, 5-7: '.' or empty = not
-- reported, else whole dollars -- with its X* flag (a code of
-- hf_admin.ipeds_imputation_codes, or empty). The other 200-odd columns stay in staging.
CREATE FUNCTION hf_admin.check_ipeds_ic_ay(p_file text)
RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    problems jsonb;
BEGIN
    ANALYZE hf_staging.ipeds_ic_ay;
    IF NOT EXISTS (SELECT 1 FROM hf_staging.ipeds_ic_ay) THEN
        RAISE EXCEPTION '%: no data rows', p_file USING ERRCODE = 'data_exception';
    END IF;
    WITH s AS (SELECT line, "UNITID" FROM hf_staging.ipeds_ic_ay),
    v AS (SELECT t.line, v.col, v.val, v.flag, v.fval
            FROM hf_staging.ipeds_ic_ay t
            CROSS JOIN LATERAL (VALUES
                ('TUITION1', t."TUITION1", 'XTUIT1', t."XTUIT1"), ('FEE1', t."FEE1", 'XFEE1', t."XFEE1"),
                ('TUITION2', t."TUITION2", 'XTUIT2', t."XTUIT2"), ('FEE2', t."FEE2", 'XFEE2', t."XFEE2"),
                ('TUITION3', t."TUITION3", 'XTUIT3', t."XTUIT3"), ('FEE3', t."FEE3", 'XFEE3', t."XFEE3"),
                ('TUITION5', t."TUITION5", 'XTUIT5', t."XTUIT5"), ('FEE5', t."FEE5", 'XFEE5', t."XFEE5"),
                ('TUITION6', t."TUITION6", 'XTUIT6', t."XTUIT6"), ('FEE6', t."FEE6", 'XFEE6', t."XFEE6"),
                ('TUITION7', t."TUITION7", 'XTUIT7', t."XTUIT7"), ('FEE7', t."FEE7", 'XFEE7', t."XFEE7"))
                AS v(col, val, flag, fval)),
    p(line, problem) AS (
        SELECT line, format('UNITID %s is not a positive integer', hf_admin.q("UNITID"))
          FROM s WHERE coalesce("UNITID", '') !~ '^0*[1-9][0-9]{0,8}$'
        UNION ALL
        SELECT line, format('UNITID %s repeats line %s', hf_admin.q("UNITID"), first_line)
          FROM (SELECT line, "UNITID", min(line) OVER (PARTITION BY "UNITID") AS first_line FROM s) d
         WHERE line <> first_line
        UNION ALL
        SELECT line, format('%s %s is not whole dollars, "." or empty', col, hf_admin.q(val))
          FROM v WHERE coalesce(btrim(val), '') NOT IN ('', '.') AND NOT hf_admin.is_count(btrim(val))
        UNION ALL
        SELECT line, format('%s %s is not an IPEDS imputation flag', flag, hf_admin.q(fval))
          FROM v WHERE coalesce(fval, '') <> '' AND fval NOT IN (SELECT code FROM hf_admin.ipeds_imputation_codes)
    )
    SELECT jsonb_agg(jsonb_build_object('line', line, 'problem', problem)) INTO problems FROM p;
    PERFORM hf_admin.check_problems(p_file, problems);
END
$$;

-- hf_admin.ic_dollars(text): an IC_AY charge as an integer; NULL for "." or empty.
CREATE FUNCTION hf_admin.ic_dollars(t text)
RETURNS integer
LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN hf_admin.is_count(btrim(t)) THEN btrim(t)::integer END
$$;

-- hf_admin.import_ipeds_ic_ay(d, academic_year): validate the staged IC_AY file and
-- replace hf.institution_charges with it (every row, also UNITIDs HD lacks), then
-- re-apply program tuition (hf_admin.apply_program_tuition), record d, prune the IC_AY
-- datasets it replaced, empty staging, refresh the read model and bump the data version.
-- academic_year is the year the charges are for, e.g. '2023-24' for IC2023_AY.
-- Returns the rows loaded.
CREATE FUNCTION hf_admin.import_ipeds_ic_ay(d hf_admin.dataset_info, academic_year text)
RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
    n integer;
BEGIN
    PERFORM hf_admin.check_ipeds_ic_ay(d.file);
    PERFORM hf_admin.record_dataset(d, 0);

    DELETE FROM hf.institution_charges;
    INSERT INTO hf.institution_charges
           (institution_id, academic_year,
            ug_in_district_tuition, ug_in_district_fees, ug_in_state_tuition, ug_in_state_fees,
            ug_out_of_state_tuition, ug_out_of_state_fees,
            gr_in_district_tuition, gr_in_district_fees, gr_in_state_tuition, gr_in_state_fees,
            gr_out_of_state_tuition, gr_out_of_state_fees, imputation, dataset_id)
    SELECT s."UNITID"::integer, academic_year,
           hf_admin.ic_dollars(s."TUITION1"), hf_admin.ic_dollars(s."FEE1"),
           hf_admin.ic_dollars(s."TUITION2"), hf_admin.ic_dollars(s."FEE2"),
           hf_admin.ic_dollars(s."TUITION3"), hf_admin.ic_dollars(s."FEE3"),
           hf_admin.ic_dollars(s."TUITION5"), hf_admin.ic_dollars(s."FEE5"),
           hf_admin.ic_dollars(s."TUITION6"), hf_admin.ic_dollars(s."FEE6"),
           hf_admin.ic_dollars(s."TUITION7"), hf_admin.ic_dollars(s."FEE7"),
           jsonb_build_object('TUITION1', s."XTUIT1", 'FEE1', s."XFEE1", 'TUITION2', s."XTUIT2", 'FEE2', s."XFEE2",
                              'TUITION3', s."XTUIT3", 'FEE3', s."XFEE3", 'TUITION5', s."XTUIT5", 'FEE5', s."XFEE5",
                              'TUITION6', s."XTUIT6", 'FEE6', s."XFEE6", 'TUITION7', s."XTUIT7", 'FEE7', s."XFEE7"),
           d.id
      FROM hf_staging.ipeds_ic_ay s;
    GET DIAGNOSTICS n = ROW_COUNT;

    PERFORM hf_admin.apply_program_tuition();
    PERFORM hf_admin.record_dataset(d, n);
    PERFORM hf_admin.prune_datasets(d.source, ARRAY[d.id]);
    PERFORM hf_admin.staging_reset('hf_staging.ipeds_ic_ay');
    PERFORM hf_admin.refresh_read_model();
    PERFORM hf_admin.bump_data_version();
    RETURN n;
END
$$;

-- hf_admin.apply_program_tuition(): set every program's tuition from hf.institution_charges:
--   certificate, associate, bachelor (undergraduate):        in-state TUITION2+FEE2,
--       out-of-state TUITION3+FEE3, in-district TUITION1+FEE1
--   post-baccalaureate and post-master's certificates, master, doctorate (graduate):
--       in-state TUITION6+FEE6, out-of-state TUITION7+FEE7, in-district TUITION5+FEE5
-- A sum with a missing part is NULL (never 0; a reported 0 stays 0). flags.tuition says
-- why a value is NULL -- 'not_reported': "." in the file, or the institution is not in
-- IC_AY at all (it reports charges by program, IC_PY, which is not loaded); 'not_loaded':
-- no IC_AY file is loaded -- or, when the values are there, 'imputed' if NCES imputed a
-- part (flags J K L N P). Returns the programs with an in-state figure.
CREATE FUNCTION hf_admin.apply_program_tuition()
RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
    ic_dataset text;
    n          integer;
BEGIN
    SELECT min(dataset_id) INTO ic_dataset FROM hf.institution_charges;
    UPDATE hf.programs p
       SET tuition_in_state = v.in_state, tuition_out_of_state = v.out_of_state,
           tuition_in_district = v.in_district,
           tuition_year = v.academic_year, tuition_dataset_id = ic_dataset,
           flags = (p.flags - 'tuition')
                   || CASE WHEN v.in_state IS NULL OR v.out_of_state IS NULL
                           THEN jsonb_build_object('tuition', CASE WHEN ic_dataset IS NULL THEN 'not_loaded' ELSE 'not_reported' END)
                           WHEN v.imputed THEN '{"tuition": "imputed"}'::jsonb
                           ELSE '{}'::jsonb END
      FROM (SELECT p2.id, c.academic_year,
                   CASE WHEN ug THEN c.ug_in_state_tuition + c.ug_in_state_fees
                        ELSE c.gr_in_state_tuition + c.gr_in_state_fees END AS in_state,
                   CASE WHEN ug THEN c.ug_out_of_state_tuition + c.ug_out_of_state_fees
                        ELSE c.gr_out_of_state_tuition + c.gr_out_of_state_fees END AS out_of_state,
                   CASE WHEN ug THEN c.ug_in_district_tuition + c.ug_in_district_fees
                        ELSE c.gr_in_district_tuition + c.gr_in_district_fees END AS in_district,
                   coalesce((SELECT bool_or(ic.imputed)
                               FROM jsonb_each_text(c.imputation) AS x(col, flag)
                               JOIN hf_admin.ipeds_imputation_codes ic ON ic.code = x.flag
                              WHERE x.col IN (CASE WHEN ug THEN 'TUITION2' ELSE 'TUITION6' END,
                                              CASE WHEN ug THEN 'FEE2' ELSE 'FEE6' END,
                                              CASE WHEN ug THEN 'TUITION3' ELSE 'TUITION7' END,
                                              CASE WHEN ug THEN 'FEE3' ELSE 'FEE7' END)), false) AS imputed
              FROM hf.programs p2
              CROSS JOIN LATERAL (SELECT p2.degree IN ('certificate', 'associate', 'bachelor') AS ug) k
              LEFT JOIN hf.institution_charges c ON c.institution_id = p2.institution_id) v
     WHERE v.id = p.id;
    SELECT count(*) INTO n FROM hf.programs WHERE tuition_in_state IS NOT NULL;
    RETURN n;
END
$$;

-- CAHIIM accreditation -> hf.accreditations ---------------------------------------------------

-- hf_admin.cahiim_degree(text): a degree as a CAHIIM file writes it -> API degree code
-- ('baccalaureate' -> bachelor, "master's" -> master, ...; the API codes themselves are
-- accepted); NULL when not understood.
CREATE FUNCTION hf_admin.cahiim_degree(t text)
RETURNS text
LANGUAGE sql STABLE AS $$
    SELECT CASE
             WHEN s IN (SELECT code FROM hf.degree_levels) THEN s
             WHEN s IN ('certificate', 'certificates') THEN 'certificate'
             WHEN s IN ('associate''s', 'associates', 'associate degree') THEN 'associate'
             WHEN s IN ('baccalaureate', 'bachelor''s', 'bachelors', 'bachelor degree', 'bachelor''s degree') THEN 'bachelor'
             WHEN s IN ('post-baccalaureate certificate', 'postbaccalaureate certificate',
                        'post baccalaureate certificate', 'certificate of the degree') THEN 'post_baccalaureate_certificate'
             WHEN s IN ('master''s', 'masters', 'master''s degree') THEN 'master'
             WHEN s IN ('post-master''s certificate', 'post-masters certificate', 'post master''s certificate') THEN 'post_master_certificate'
             WHEN s IN ('doctoral', 'doctor''s', 'doctorate degree') THEN 'doctorate'
           END
      FROM lower(btrim(coalesce(t, ''))) AS s
$$;

-- hf_admin.cahiim_status(text): a status as a CAHIIM file words it -> candidacy | initial
-- | continuing | probation | withdrawn; NULL when not understood. The CAHIIM directory's
-- wording ('Initial Accreditation', 'Continuing Accreditation', 'Probation', ...) and the
-- codes themselves are accepted. A plain 'accredited ...' (a program page saying it is
-- accredited without naming the sub-status) -> 'continuing', the in-force status that
-- claims least; the stated text is kept in hf.accreditations.status_stated.
CREATE FUNCTION hf_admin.cahiim_status(t text)
RETURNS text
LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE
             WHEN s IN ('candidacy', 'initial', 'continuing', 'probation', 'withdrawn') THEN s
             WHEN s ~ '\mprobation' THEN 'probation'
             WHEN s ~ '\mwithdraw' THEN 'withdrawn'
             WHEN s ~ '^(in )?candida(cy|te)\M' THEN 'candidacy'
             WHEN s ~ '^initial\M' THEN 'initial'
             WHEN s ~ '^continuing\M' THEN 'continuing'
             WHEN s ~ '^accredited\M' THEN 'continuing'
           END
      FROM lower(btrim(coalesce(t, ''))) AS s
$$;

-- hf_admin.stated_delivery(text): how a source words the delivery -> 'campus' | 'online' |
-- 'hybrid'; '' when the source states none ('', 'not stated', 'not published'); NULL when
-- the wording is not understood (an error: delivery is never guessed).
--   'online ...', 'fully online', '100% online', 'distance education'  -> online
--   campus (or on-site, in person) together with online or distance  -> hybrid
--   'hybrid ...', 'blended ...'                                         -> hybrid
--   'campus', 'on campus', 'in person', 'campus only', ...               -> campus
CREATE FUNCTION hf_admin.stated_delivery(t text)
RETURNS text
LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE
             WHEN s IN ('', 'not stated', 'not published', 'unknown') THEN ''
             WHEN s IN ('campus', 'online', 'hybrid') THEN s
             WHEN s ~ '\m(campus|on-site|onsite|in person|in-person|face-to-face)\M'
                  AND s ~ '\m(online|distance|remote)\M' THEN 'hybrid'
             WHEN s ~ '^(hybrid|blended)\M' THEN 'hybrid'
             WHEN s ~ '^((fully|100%) )?online\M' OR s ~ '^distance( education| learning)?\M' THEN 'online'
             WHEN s ~ '^(campus|on campus|on-campus|campus only|campus-based|in person|in-person|face-to-face)\M' THEN 'campus'
           END
      FROM lower(btrim(coalesce(t, ''))) AS s
$$;

-- hf_admin.cahiim_program_type(text): 'HIM' (health information management) or 'HI'
-- (health informatics), the CAHIIM program types; NULL when not understood.
CREATE FUNCTION hf_admin.cahiim_program_type(t text)
RETURNS text
LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE
             WHEN s IN ('him', 'health information management') THEN 'HIM'
             WHEN s IN ('hi', 'health informatics') THEN 'HI'
           END
      FROM lower(btrim(coalesce(t, ''))) AS s
$$;

-- hf_admin.split_urls(text): the URLs of a source_url cell ("url1;url2"), trimmed, in
-- order; '{}' when empty.
CREATE FUNCTION hf_admin.split_urls(t text)
RETURNS text[]
LANGUAGE sql IMMUTABLE AS $$
    SELECT coalesce(array_agg(u ORDER BY o), '{}')
      FROM regexp_split_to_table(coalesce(t, ''), '\s*;\s*') WITH ORDINALITY AS x(raw, o),
           LATERAL btrim(raw) AS u
     WHERE u <> ''
$$;

-- hf_admin.load_accreditation_rows(d, layout): the transform both CAHIIM layouts share.
-- The layout's importer has rewritten its rows into hf_staging.accreditation_rows; this
-- validates them (messages name the file's own columns), matches each row to exactly one
-- program by (UNITID, CIP, degree), replaces the records of dataset d (a re-import of the
-- same dataset; other datasets' records are history and stay, except that a record with
-- the same program, status and status_date is taken over by d), re-applies program
-- delivery, records d, empties staging, refreshes the read model and bumps the data
-- version. layout 'transcribed' (cahiim_partial/): free-text dates, a date only when the
-- text starts with YYYY-MM-DD; layout 'export': status_date YYYY-MM-DD is required.
-- Returns the records loaded.
CREATE FUNCTION hf_admin.load_accreditation_rows(d hf_admin.dataset_info, p_layout text)
RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
    problems jsonb;
    n        integer;
    c        jsonb;   -- the file's column names
    others   text[];  -- datasets whose records this import takes over
BEGIN
    IF p_layout = 'transcribed' THEN
        c := '{"cip": "ipeds_cip", "degree": "degree_level", "delivery": "delivery_stated", "body": "accreditor",
               "status": "accreditation_status_stated", "status_date": "status_as_of"}';
    ELSIF p_layout = 'export' THEN
        c := '{"cip": "cip", "degree": "degree", "delivery": "delivery", "body": "body",
               "status": "status", "status_date": "status_date"}';
    ELSE
        RAISE EXCEPTION 'load_accreditation_rows: unknown layout %', p_layout;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM hf_staging.accreditation_rows) THEN
        RAISE EXCEPTION '%: no data rows', d.file USING ERRCODE = 'data_exception';
    END IF;

    CREATE TEMP TABLE hf_acc ON COMMIT DROP AS
    SELECT r.*,
           CASE WHEN r.unitid ~ '^0*[1-9][0-9]{0,8}$' THEN r.unitid::integer END AS unitid_i,
           hf_admin.cahiim_degree(r.degree) AS degree_code,
           hf_admin.cahiim_program_type(r.program_type) AS type_code,
           hf_admin.stated_delivery(r.delivery) AS delivery_code,
           hf_admin.cahiim_status(r.status) AS status_code,
           hf_admin.iso_date(substring(btrim(r.status_date) FROM '^([0-9]{4}-[0-9]{2}-[0-9]{2})(\M|$)')) AS status_date_d,
           hf_admin.iso_date(btrim(r.next_review)) AS next_review_d,
           hf_admin.split_urls(r.source_url) AS urls,
           NULL::bigint AS program_id, 0 AS matches, NULL::text AS awlevels
      FROM hf_staging.accreditation_rows r;
    ANALYZE hf_acc;
    UPDATE hf_acc a
       SET program_id = m.id, matches = m.n, awlevels = m.aw
      FROM (SELECT a2.line, min(p.id) AS id, count(p.id)::integer AS n,
                   string_agg(p.awlevel::text, ', ' ORDER BY p.awlevel) AS aw
              FROM hf_acc a2
              JOIN hf.programs p ON p.institution_id = a2.unitid_i AND p.cip_code = btrim(a2.cip)
                                AND p.degree = a2.degree_code
             GROUP BY a2.line) m
     WHERE m.line = a.line;

    WITH s AS (SELECT * FROM hf_acc),
    p(line, problem) AS (
        SELECT line, format('unitid %s is not a positive integer', hf_admin.q(unitid))
          FROM s WHERE unitid_i IS NULL
        UNION ALL
        SELECT line, format('unitid %s is not an institution of hf.institutions (IPEDS HD)', unitid)
          FROM s WHERE unitid_i IS NOT NULL AND NOT EXISTS (SELECT 1 FROM hf.institutions i WHERE i.id = s.unitid_i)
        UNION ALL
        SELECT line, format('%s %s is not a 6-digit CIP code (NN.NNNN)', c->>'cip', hf_admin.q(cip))
          FROM s WHERE coalesce(btrim(cip), '') !~ '^[0-9]{2}\.[0-9]{4}$'
        UNION ALL
        SELECT line, format('%s %s is not a degree level (associate, baccalaureate/bachelor, master, ...)', c->>'degree', hf_admin.q(degree))
          FROM s WHERE degree_code IS NULL
        UNION ALL
        SELECT line, format('program_type %s is not HIM or HI', hf_admin.q(program_type))
          FROM s WHERE type_code IS NULL
        UNION ALL
        SELECT line, format('%s %s is not understood (campus, online, hybrid, campus and distance education, not stated)',
                            c->>'delivery', hf_admin.q(delivery))
          FROM s WHERE delivery_code IS NULL
        UNION ALL
        SELECT line, format('%s %s is not CAHIIM', c->>'body', hf_admin.q(body))
          FROM s WHERE coalesce(body, '') !~* '^\s*CAHIIM\M'
        UNION ALL
        SELECT line, format('%s %s is not a CAHIIM status (candidacy, initial, continuing, probation, withdrawn, accredited)',
                            c->>'status', hf_admin.q(status))
          FROM s WHERE status_code IS NULL
        UNION ALL
        SELECT line, format('status_date %s is not a date (YYYY-MM-DD)', hf_admin.q(status_date))
          FROM s WHERE p_layout = 'export' AND (status_date_d IS NULL OR btrim(status_date) !~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$')
        UNION ALL
        SELECT line, format('%s %s starts with an impossible date', c->>'status_date', hf_admin.q(status_date))
          FROM s WHERE p_layout = 'transcribed' AND status_date_d IS NULL
                   AND btrim(status_date) ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}(\M|$)'
        UNION ALL
        SELECT line, format('next_review %s is not a date (YYYY-MM-DD) or empty', hf_admin.q(next_review))
          FROM s WHERE coalesce(btrim(next_review), '') <> '' AND next_review_d IS NULL
        UNION ALL
        SELECT line, format('next_review %s is before the status date %s', next_review_d, status_date_d)
          FROM s WHERE next_review_d < status_date_d
        UNION ALL
        SELECT line, format('source_url %s is not a list of http(s) URLs separated by ";"', hf_admin.q(source_url))
          FROM s WHERE EXISTS (SELECT 1 FROM unnest(urls) u WHERE u !~ '^https?://[^[:space:]]+$')
        UNION ALL
        SELECT line, format('UNITID %s, CIP %s, degree %s matches no program in hf.programs (IPEDS completions, latest year)',
                            unitid_i, btrim(cip), degree_code)
          FROM s WHERE matches = 0 AND unitid_i IS NOT NULL AND degree_code IS NOT NULL
                   AND btrim(cip) ~ '^[0-9]{2}\.[0-9]{4}$'
                   AND EXISTS (SELECT 1 FROM hf.institutions i WHERE i.id = s.unitid_i)
        UNION ALL
        SELECT line, format('UNITID %s, CIP %s, degree %s matches %s programs (AWLEVEL %s): cannot tell which',
                            unitid_i, btrim(cip), degree_code, matches, awlevels)
          FROM s WHERE matches > 1
        UNION ALL
        SELECT line, format('the same program, status and date as line %s', first_line)
          FROM (SELECT line, min(line) OVER (PARTITION BY program_id, status_code, status_date_d) AS first_line
                  FROM s WHERE program_id IS NOT NULL AND matches = 1) x
         WHERE line <> first_line
    )
    SELECT jsonb_agg(jsonb_build_object('line', line, 'problem', problem)) INTO problems FROM p;
    PERFORM hf_admin.check_problems(d.file, problems);

    PERFORM hf_admin.record_dataset(d, 0);
    DELETE FROM hf.accreditations WHERE dataset_id = d.id;
    -- A record another dataset already holds (same program, status and date: the next
    -- monthly export repeating a status) is taken over by this one, with its details.
    SELECT array_agg(DISTINCT a.dataset_id) INTO others
      FROM hf.accreditations a
      JOIN hf_acc x ON a.program_id = x.program_id AND a.body = 'CAHIIM'
                   AND a.status = x.status_code AND a.status_date = x.status_date_d;
    INSERT INTO hf.accreditations AS a
           (program_id, body, status, status_date, next_review, source_url, dataset_id,
            status_stated, status_date_stated, program_title, program_type, delivery, delivery_stated,
            confidence, evidence, source_urls, source_line)
    SELECT program_id, 'CAHIIM', status_code, status_date_d, next_review_d, urls[1], d.id,
           nullif(btrim(status), ''), nullif(btrim(status_date), ''), nullif(btrim(program_title), ''),
           type_code, nullif(delivery_code, ''), nullif(btrim(delivery), ''),
           nullif(btrim(confidence), ''), nullif(btrim(evidence), ''), urls, line
      FROM hf_acc
     ORDER BY line
    ON CONFLICT (program_id, body, status_date, status) DO UPDATE
       SET next_review = EXCLUDED.next_review, source_url = EXCLUDED.source_url,
           dataset_id = EXCLUDED.dataset_id, status_stated = EXCLUDED.status_stated,
           status_date_stated = EXCLUDED.status_date_stated, program_title = EXCLUDED.program_title,
           program_type = EXCLUDED.program_type, delivery = EXCLUDED.delivery,
           delivery_stated = EXCLUDED.delivery_stated, confidence = EXCLUDED.confidence,
           evidence = EXCLUDED.evidence, source_urls = EXCLUDED.source_urls,
           source_line = EXCLUDED.source_line;
    GET DIAGNOSTICS n = ROW_COUNT;
    DROP TABLE hf_acc;
    UPDATE hf.datasets ds
       SET row_count = (SELECT count(*) FROM hf.accreditations a WHERE a.dataset_id = ds.id)
     WHERE ds.id = ANY (others);

    PERFORM hf_admin.apply_program_delivery();
    PERFORM hf_admin.record_dataset(d, n);
    PERFORM hf_admin.staging_reset('hf_staging.accreditation_rows');
    PERFORM hf_admin.refresh_read_model();
    PERFORM hf_admin.bump_data_version();
    RETURN n;
END
$$;

-- hf_admin.import_cahiim_transcribed(d): CAHIIM programs transcribed from program pages
-- (cahiim_partial/cahiim_programs_transcribed_partial.csv layout) -> hf.accreditations
-- through load_accreditation_rows. institution, city, state are the transcriber's and
-- are not used (the UNITID decides). Returns the records loaded.
CREATE FUNCTION hf_admin.import_cahiim_transcribed(d hf_admin.dataset_info)
RETURNS integer
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM hf_admin.staging_reset('hf_staging.accreditation_rows');
    INSERT INTO hf_staging.accreditation_rows
           (line, unitid, program_title, cip, degree, program_type, delivery, body, status,
            status_date, next_review, source_url, confidence, evidence)
    SELECT line, btrim(unitid), program_title, ipeds_cip, degree_level, program_type, delivery_stated,
           accreditor, accreditation_status_stated, status_as_of, NULL, source_url, confidence,
           evidence_paraphrase
      FROM hf_staging.cahiim_transcribed;
    PERFORM hf_admin.staging_reset('hf_staging.cahiim_transcribed');
    RETURN hf_admin.load_accreditation_rows(d, 'transcribed');
END
$$;

-- hf_admin.import_cahiim_export(d): the admin export of the CAHIIM directory (layout in
-- sql/README.md: unitid,program_title,cip,degree,program_type,delivery,status,
-- status_date,next_review,source_url) -> hf.accreditations through
-- load_accreditation_rows (body CAHIIM). Returns the records loaded.
CREATE FUNCTION hf_admin.import_cahiim_export(d hf_admin.dataset_info)
RETURNS integer
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM hf_admin.staging_reset('hf_staging.accreditation_rows');
    INSERT INTO hf_staging.accreditation_rows
           (line, unitid, program_title, cip, degree, program_type, delivery, body, status,
            status_date, next_review, source_url, confidence, evidence)
    SELECT line, btrim(unitid), program_title, cip, degree, program_type, delivery, 'CAHIIM', status,
           status_date, next_review, source_url, NULL, NULL
      FROM hf_staging.cahiim_export;
    PERFORM hf_admin.staging_reset('hf_staging.cahiim_export');
    RETURN hf_admin.load_accreditation_rows(d, 'export');
END
$$;

-- hf_admin.apply_program_delivery(): hf.programs.delivery = the delivery of the newest
-- accreditation record that states one (by status_date, undated last, then import order);
-- NULL when no source states it. Returns the programs with a delivery.
CREATE FUNCTION hf_admin.apply_program_delivery()
RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
    n integer;
BEGIN
    UPDATE hf.programs p
       SET delivery = (SELECT a.delivery FROM hf.accreditations a
                        WHERE a.program_id = p.id AND a.delivery IS NOT NULL
                        ORDER BY a.status_date DESC NULLS LAST, a.id DESC
                        LIMIT 1)
     WHERE p.delivery IS DISTINCT FROM
           (SELECT a.delivery FROM hf.accreditations a
             WHERE a.program_id = p.id AND a.delivery IS NOT NULL
             ORDER BY a.status_date DESC NULLS LAST, a.id DESC
             LIMIT 1);
    SELECT count(*) INTO n FROM hf.programs WHERE delivery IS NOT NULL;
    RETURN n;
END
$$;

-- CIP-SOC crosswalk -------------------------------------------------------------------------

-- hf_admin.import_cip_soc(d): validate the staged crosswalk and replace
-- hf.cip_soc_crosswalk with it, whole (every CIP, not only the program fields'). Records
-- d, prunes what it replaced, empties staging, bumps the data version (hf.program_careers
-- is a view: nothing to refresh). Returns the rows loaded.
CREATE FUNCTION hf_admin.import_cip_soc(d hf_admin.dataset_info)
RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
    problems jsonb;
    n        integer;
BEGIN
    ANALYZE hf_staging.cip_soc;
    IF NOT EXISTS (SELECT 1 FROM hf_staging.cip_soc) THEN
        RAISE EXCEPTION '%: no data rows', d.file USING ERRCODE = 'data_exception';
    END IF;
    WITH s AS (SELECT * FROM hf_staging.cip_soc),
    p(line, problem) AS (
        SELECT line, format('CIP2020Code %s is not a 6-digit CIP code (NN.NNNN)', hf_admin.q("CIP2020Code"))
          FROM s WHERE coalesce("CIP2020Code", '') !~ '^[0-9]{2}\.[0-9]{4}$'
        UNION ALL
        SELECT line, format('SOC2018Code %s is not a SOC code (NN-NNNN)', hf_admin.q("SOC2018Code"))
          FROM s WHERE coalesce("SOC2018Code", '') !~ '^[0-9]{2}-[0-9]{4}$'
        UNION ALL
        SELECT line, 'CIP2020Title is empty' FROM s WHERE coalesce(btrim("CIP2020Title"), '') = ''
        UNION ALL
        SELECT line, 'SOC2018Title is empty' FROM s WHERE coalesce(btrim("SOC2018Title"), '') = ''
        UNION ALL
        SELECT line, format('CIP %s - SOC %s repeats line %s', "CIP2020Code", "SOC2018Code", first_line)
          FROM (SELECT line, "CIP2020Code", "SOC2018Code",
                       min(line) OVER (PARTITION BY "CIP2020Code", "SOC2018Code") AS first_line FROM s) x
         WHERE line <> first_line
    )
    SELECT jsonb_agg(jsonb_build_object('line', line, 'problem', problem)) INTO problems FROM p;
    PERFORM hf_admin.check_problems(d.file, problems);

    PERFORM hf_admin.record_dataset(d, 0);
    DELETE FROM hf.cip_soc_crosswalk;
    INSERT INTO hf.cip_soc_crosswalk (cip_code, cip_title, soc, soc_title, dataset_id)
    SELECT "CIP2020Code", btrim("CIP2020Title"), "SOC2018Code", btrim("SOC2018Title"), d.id
      FROM hf_staging.cip_soc ORDER BY line;
    GET DIAGNOSTICS n = ROW_COUNT;

    PERFORM hf_admin.record_dataset(d, n);
    PERFORM hf_admin.prune_datasets(d.source, ARRAY[d.id]);
    PERFORM hf_admin.staging_reset('hf_staging.cip_soc');
    PERFORM hf_admin.bump_data_version();
    RETURN n;
END
$$;

-- Read model --------------------------------------------------------------------------------

-- hf_admin.sync_table(target, source, key): make table target hold exactly the rows of
-- source (same columns; key is the unique column): delete the rows whose key source
-- lacks, insert the new ones, update only the rows that differ -- an unchanged row is
-- not rewritten, so its indexes are not touched and readers' pages stay warm. Returns
-- the rows deleted, inserted or updated.
CREATE FUNCTION hf_admin.sync_table(p_target regclass, p_source regclass, p_key text)
RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
    cols text;
    sets text;
    n1   integer;
    n2   integer;
BEGIN
    SELECT string_agg(quote_ident(attname), ', ' ORDER BY attnum),
           string_agg(format('%I = EXCLUDED.%I', attname, attname), ', ' ORDER BY attnum)
              FILTER (WHERE attname <> p_key)
      INTO cols, sets
      FROM pg_attribute
     WHERE attrelid = p_target AND attnum > 0 AND NOT attisdropped;
    EXECUTE format('DELETE FROM %s t WHERE NOT EXISTS (SELECT 1 FROM %s s WHERE s.%I = t.%I)',
                   p_target, p_source, p_key, p_key);
    GET DIAGNOSTICS n1 = ROW_COUNT;
    EXECUTE format('INSERT INTO %s AS t (%s) SELECT %s FROM %s ORDER BY %I
                    ON CONFLICT (%I) DO UPDATE SET %s WHERE t IS DISTINCT FROM EXCLUDED',
                   p_target, cols, cols, p_source, p_key, p_key, sets);
    GET DIAGNOSTICS n2 = ROW_COUNT;
    RETURN n1 + n2;
END
$$;

-- hf_admin.refresh_read_model(): rebuild hf.program_search, hf.search_words and
-- hf.institution_search from hf.programs, hf.institutions, hf.accreditations,
-- hf.certification_eligibility and the code lists (built in temporary tables, then
-- hf_admin.sync_table writes only the rows that changed), then ANALYZE them. In the
-- caller's transaction: readers see the previous rows until it commits. Called by every
-- import whose data the read model shows. Returns the programs in the read model.
--   accreditation: the current record = latest status_date (undated last), then the
--     latest import; accredited = its status is initial, continuing or probation.
--   eligible_certifications: the rules of hf.certification_eligibility with program_route
--     whose field and degree are the program's and, when they require CAHIIM, whose
--     cahiim_program_type the current record has with a status in force.
--   flags: delivery/credits/url 'not_published' when NULL (no loaded source states them);
--     accreditation 'not_listed' (no record in the loaded CAHIIM data) or 'not_loaded'
--     (no CAHIIM data at all); outcomes 'not_loaded'; tuition from hf.programs.flags.
CREATE FUNCTION hf_admin.refresh_read_model()
RETURNS integer
LANGUAGE plpgsql
SET search_path = pg_catalog, public   -- unaccent() and the earth type live in public
AS $$
DECLARE
    n          integer;
    acc_loaded boolean := EXISTS (SELECT 1 FROM hf.accreditations);
BEGIN
    CREATE TEMP TABLE hf_rm_programs (LIKE hf.program_search) ON COMMIT DROP;
    CREATE TEMP TABLE hf_rm_words (LIKE hf.search_words) ON COMMIT DROP;
    CREATE TEMP TABLE hf_rm_institutions (LIKE hf.institution_search) ON COMMIT DROP;

    INSERT INTO hf_rm_programs
           (id, title, field, cip_code, degree, degree_rank, award_level, award_level_code,
            delivery, credits, url, awards_latest, awards_by_year,
            institution_id, institution_name, institution_aliases, city, state, zip, control,
            institution_url, lat, lon, geo,
            accreditation, accreditation_status, accredited,
            tuition_in_state, tuition_out_of_state, eligible_certifications, flags, sources,
            tsv, search_text, name_sort,
            cip_title, awards_year, zip5, city_key, stabbr, accreditation_program_type,
            tuition_in_district, tuition_year,
            graduation_rate, employment_rate, exam_pass_rate, outcomes_as_of)
    SELECT p.id, p.title, p.field, p.cip_code, p.degree, dl.rank, p.award_level, p.awlevel,
           p.delivery, p.credits, p.url, p.completions, p.awards_by_year,
           i.id, i.name, i.aliases, i.city, i.state, i.zip, i.control,
           i.url, i.lat, i.lon, i.geo,
           CASE WHEN a.id IS NOT NULL THEN
                jsonb_build_object('body', a.body, 'status', a.status,
                                   'since', a.status_date, 'next_review', a.next_review) END,
           coalesce(a.status, 'none'),
           coalesce(a.status IN ('initial', 'continuing', 'probation'), false),
           p.tuition_in_state::integer, p.tuition_out_of_state::integer,
           el.codes,
           jsonb_strip_nulls(jsonb_build_object(
               'delivery', CASE WHEN p.delivery IS NULL THEN 'not_published' END,
               'credits', CASE WHEN p.credits IS NULL THEN 'not_published' END,
               'url', CASE WHEN p.url IS NULL THEN 'not_published' END,
               'accreditation', CASE WHEN a.id IS NULL THEN
                                     CASE WHEN acc_loaded THEN 'not_listed' ELSE 'not_loaded' END END,
               'outcomes', CASE WHEN coalesce(p.graduation_rate, p.employment_rate, p.exam_pass_rate) IS NULL
                                THEN 'not_loaded' END))
             || p.flags,
           ARRAY(SELECT DISTINCT x
                   FROM unnest(ARRAY[p.dataset_id, al.dataset_id, i.dataset_id, p.tuition_dataset_id,
                                     a.dataset_id, el.dataset_id]) AS x
                  WHERE x IS NOT NULL ORDER BY x),
           setweight(to_tsvector('simple', unaccent(p.title)), 'A')
             || setweight(to_tsvector('simple', unaccent(i.name)), 'B')
             || setweight(to_tsvector('simple', unaccent(array_to_string(i.aliases, ' '))), 'C')
             || setweight(to_tsvector('simple', unaccent(coalesce(i.city, ''))), 'D'),
           lower(unaccent(concat_ws(' ', p.title, i.name, array_to_string(i.aliases, ' '), i.city))),
           lower(unaccent(i.name || ' ' || p.title)),
           p.cip_title, p.completions_year, i.zip5, lower(unaccent(i.city)), i.stabbr, a.program_type,
           p.tuition_in_district::integer, p.tuition_year,
           p.graduation_rate, p.employment_rate, p.exam_pass_rate, p.outcomes_as_of
      FROM hf.programs p
      JOIN hf.institutions i ON i.id = p.institution_id
      JOIN hf.degree_levels dl ON dl.code = p.degree
      LEFT JOIN hf.ipeds_award_levels al ON al.code = p.awlevel
      LEFT JOIN LATERAL (SELECT a1.*
                           FROM hf.accreditations a1
                          WHERE a1.program_id = p.id
                          ORDER BY a1.status_date DESC NULLS LAST, a1.id DESC
                          LIMIT 1) a ON true
      CROSS JOIN LATERAL (SELECT coalesce(array_agg(DISTINCT r.certification_code ORDER BY r.certification_code), '{}') AS codes,
                                 min(r.dataset_id) AS dataset_id
                            FROM hf.certification_eligibility r
                           WHERE r.program_route AND r.field = p.field AND r.degree = p.degree
                             AND (NOT r.requires_cahiim
                                  OR (a.status IN ('initial', 'continuing', 'probation')
                                      AND (r.cahiim_program_type IS NULL OR r.cahiim_program_type = a.program_type)))) el
     WHERE p.field IS NOT NULL AND p.degree IS NOT NULL;
    GET DIAGNOSTICS n = ROW_COUNT;

    ANALYZE hf_rm_programs;

    INSERT INTO hf_rm_words (word, ndoc)
    SELECT w.lexeme, count(*)
      FROM hf_rm_programs s CROSS JOIN LATERAL unnest(s.tsv) AS w
     WHERE w.lexeme ~ '^[[:alnum:]]+$'
     GROUP BY w.lexeme;

    INSERT INTO hf_rm_institutions
           (id, name, aliases, city, state, zip, lat, lon, control, url, dataset_id, stabbr, zip5, geo,
            program_count, tsv, search_text, name_sort, city_key, degrees, fields,
            accredited_program_count, sources)
    SELECT i.id, i.name, i.aliases, i.city, i.state, i.zip, i.lat, i.lon, i.control, i.url, i.dataset_id,
           i.stabbr, i.zip5, i.geo,
           coalesce(ps.n, 0),
           setweight(to_tsvector('simple', unaccent(i.name)), 'A')
             || setweight(to_tsvector('simple', unaccent(array_to_string(i.aliases, ' '))), 'B')
             || setweight(to_tsvector('simple', unaccent(coalesce(i.city, ''))), 'C'),
           lower(unaccent(concat_ws(' ', i.name, array_to_string(i.aliases, ' '), i.city))),
           lower(unaccent(i.name)),
           lower(unaccent(i.city)),
           coalesce(ps.degrees, '{}'), coalesce(ps.fields, '{}'), coalesce(ps.accredited, 0),
           ARRAY(SELECT DISTINCT x FROM unnest(coalesce(src.sources, '{}') || i.dataset_id) AS x
                  WHERE x IS NOT NULL ORDER BY x)
      FROM hf.institutions i
      LEFT JOIN (SELECT s.institution_id, count(*)::integer AS n,
                        count(*) FILTER (WHERE s.accredited)::integer AS accredited,
                        -- (aggregates of this level inside the subqueries: ordered by rank)
                        (SELECT array_agg(dl.code ORDER BY dl.rank) FROM hf.degree_levels dl
                          WHERE dl.code = ANY (array_agg(s.degree))) AS degrees,
                        (SELECT array_agg(f.field ORDER BY f.rank) FROM hf.program_fields f
                          WHERE f.field = ANY (array_agg(s.field))) AS fields
                   FROM hf_rm_programs s
                  GROUP BY s.institution_id) ps ON ps.institution_id = i.id
      LEFT JOIN (SELECT s.institution_id, array_agg(DISTINCT x) AS sources
                   FROM hf_rm_programs s CROSS JOIN LATERAL unnest(s.sources) AS x
                  GROUP BY s.institution_id) src ON src.institution_id = i.id;

    ANALYZE hf_rm_words;
    ANALYZE hf_rm_institutions;
    PERFORM hf_admin.sync_table('hf.program_search', 'hf_rm_programs', 'id');
    PERFORM hf_admin.sync_table('hf.search_words', 'hf_rm_words', 'word');
    PERFORM hf_admin.sync_table('hf.institution_search', 'hf_rm_institutions', 'id');
    DROP TABLE hf_rm_programs, hf_rm_words, hf_rm_institutions;
    ANALYZE hf.program_search;
    ANALYZE hf.search_words;
    ANALYZE hf.institution_search;
    RETURN n;
END
$$;

-- hf.program_query(q): the worker's free-text query (API.md, School finder, q).
--   1. q is split into words of letters and digits (anything else separates words),
--      each lower(unaccent())ed (and split again if unaccent made a separator, e.g. 1/2);
--      a word is cut to 255 characters (longer ones can match nothing anyway).
--   2. Each word must be a word of hf.search_words; the last one may also be the prefix
--      of one. A word that is neither, and has 3 characters or more, is replaced by the
--      most similar word of hf.search_words by pg_trgm similarity(), if one reaches
--      0.4 (ties: the word in more programs, then alphabetical). 0.4 corrects one-letter
--      slips of 5+ letter words ('infomatics' -> 'informatics' 0.64, 'helth' -> 'health'
--      0.44, 'collage' -> 'college' 0.45) while 'information' stays away from
--      'infomatics' (0.35). A word with no such neighbour is kept (and matches nothing).
--   3. tsq = every word ANDed, the last as a prefix: 'health' & 'informatics':*
--      (built from quote_literal()ed words of letters and digits: no input can inject
--      tsquery syntax). corrected = the words actually searched, space-separated;
--      did_you_mean = the words as typed with the corrections in place; both NULL when
--      nothing was corrected. tsq NULL when q has no word.
-- Never raises for any text input. Always returns exactly one row.
CREATE FUNCTION hf.program_query(q text)
RETURNS TABLE (tsq tsquery, corrected text, did_you_mean text)
LANGUAGE plpgsql STABLE PARALLEL SAFE ROWS 1
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
        CONTINUE WHEN EXISTS (SELECT 1 FROM hf.search_words s WHERE s.word = w);
        CONTINUE WHEN i = n AND EXISTS (SELECT 1 FROM hf.search_words s WHERE s.word LIKE w || '%');
        SELECT s.word INTO best
          FROM hf.search_words s
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
COMMENT ON FUNCTION hf.program_query(text) IS
    'Free text -> tsquery (every word, the last as a prefix), typo-corrected against hf.search_words (pg_trgm similarity >= 0.4). See 0007_school_finder_importers.sql.';
REVOKE ALL ON FUNCTION hf.program_query(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION hf.program_query(text) TO hitfinder_reader;

-- IPEDS HD: the same importer as 0002, now also refreshing the read model ------------------

-- hf_admin.import_ipeds_hd(d): as in 0002_importers.sql (validate hf_staging.ipeds_hd,
-- upsert hf.institutions, delete institutions the release drops unless a program refers
-- to them, record d, prune, empty staging, bump) and, since hf.program_search and
-- hf.institution_search show institutions, refresh the read model. Returns the rows loaded.
CREATE OR REPLACE FUNCTION hf_admin.import_ipeds_hd(d hf_admin.dataset_info)
RETURNS integer
LANGUAGE plpgsql
SET search_path = pg_catalog, public   -- public.ll_to_earth needs cube/earth on the path
AS $$
DECLARE
    n integer;
BEGIN
    PERFORM hf_admin.check_ipeds_hd(d.file);
    PERFORM hf_admin.record_dataset(d, 0);

    INSERT INTO hf.institutions AS i
           (id, name, aliases, city, state, stabbr, zip, lat, lon, control, url, geo, dataset_id)
    SELECT v.id, v.name, v.aliases, v.city, v.state, v.stabbr, v.zip, v.lat, v.lon,
           v.control, v.url, public.ll_to_earth(v.lat, v.lon), d.id
      FROM (SELECT s."UNITID"::integer AS id,
                   btrim(s."INSTNM") AS name,
                   hf_admin.split_aliases(s."IALIAS", s."INSTNM") AS aliases,
                   nullif(btrim(s."CITY"), '') AS city,
                   st.code AS state,
                   btrim(s."STABBR") AS stabbr,
                   btrim(s."ZIP") AS zip,
                   nullif(s."LATITUDE", '')::double precision AS lat,
                   nullif(s."LONGITUD", '')::double precision AS lon,
                   CASE s."CONTROL" WHEN '1' THEN 'public'
                                    WHEN '2' THEN 'private_nonprofit'
                                    WHEN '3' THEN 'private_for_profit' END AS control,
                   hf_admin.web_url(s."WEBADDR") AS url
              FROM hf_staging.ipeds_hd s
              LEFT JOIN hf.states st ON st.code = btrim(s."STABBR")) v
    ON CONFLICT (id) DO UPDATE
       SET name = EXCLUDED.name, aliases = EXCLUDED.aliases, city = EXCLUDED.city,
           state = EXCLUDED.state, stabbr = EXCLUDED.stabbr, zip = EXCLUDED.zip,
           lat = EXCLUDED.lat, lon = EXCLUDED.lon, control = EXCLUDED.control,
           url = EXCLUDED.url, geo = EXCLUDED.geo, dataset_id = EXCLUDED.dataset_id;
    GET DIAGNOSTICS n = ROW_COUNT;

    DELETE FROM hf.institutions i
     WHERE NOT EXISTS (SELECT 1 FROM hf_staging.ipeds_hd s WHERE s."UNITID"::integer = i.id)
       AND NOT EXISTS (SELECT 1 FROM hf.programs p WHERE p.institution_id = i.id);

    PERFORM hf_admin.record_dataset(d, n);
    PERFORM hf_admin.prune_datasets(d.source, ARRAY[d.id]);
    PERFORM hf_admin.staging_reset('hf_staging.ipeds_hd');
    PERFORM hf_admin.refresh_read_model();
    PERFORM hf_admin.bump_data_version();
    RETURN n;
END
$$;

-- Nobody but the owner runs the import machinery.
REVOKE ALL ON ALL FUNCTIONS IN SCHEMA hf_admin FROM PUBLIC;

-- The read model starts out built from what earlier migrations loaded (institutions).
SELECT hf_admin.refresh_read_model();
SELECT hf_admin.bump_data_version();

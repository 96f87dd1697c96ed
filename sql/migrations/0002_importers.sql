-- 0002_importers.sql: the reusable import machinery for data releases.
--
-- A data release is a small migration (DESIGN.md "Data releases are migrations"):
--
--   SELECT hf_admin.staging_reset('hf_staging.ipeds_hd');
--   \copy hf_staging.ipeds_hd ("UNITID", ...) FROM '@DATA_DIR@/ipeds/hd2024.csv' WITH (FORMAT csv, HEADER MATCH, ENCODING 'UTF8')
--   SELECT hf_admin.import_ipeds_hd(hf_admin.dataset(id => 'ipeds-hd-2024', ...));
--
-- 1. \copy loads the official file UNCHANGED into a staging table of hf_staging:
--    one text column per published column, named exactly as the header (HEADER
--    MATCH rejects a changed header), plus "line", the file line of the row
--    (identity starting at 2: line 1 is the header; the files have no quoted
--    line breaks). sql/migrate substitutes @DATA_DIR@.
-- 2. The import function validates every staged row and RAISEs naming the file
--    and line of the first bad one ("ipeds/hd2024.csv line 57: STABBR 'XX' is not
--    a state code"; DETAIL lists the first ten problems), then transforms the rows
--    into the hf tables, records the hf.datasets row, empties the staging table
--    and bumps the data version.
-- Everything runs in the migration's single transaction: a bad file loads nothing
-- and the previous release keeps serving.
--
-- Nothing here is granted to hitfinder_reader. EXECUTE is revoked from PUBLIC at
-- the end (the reader has no USAGE on hf_admin anyway).

-- Codes that official files use but that are not rows of hf.states ------------------

CREATE TABLE hf_admin.non_state_areas (
    code char(2) PRIMARY KEY CHECK (code ~ '^[A-Z]{2}$'),
    name text NOT NULL,
    kind text NOT NULL CHECK (kind IN ('freely_associated', 'military'))
);
COMMENT ON TABLE hf_admin.non_state_areas IS
    'USPS codes accepted in data files although not in hf.states: rows there load with state NULL (freely associated states) or are skipped (military post offices).';
INSERT INTO hf_admin.non_state_areas (code, name, kind) VALUES
    ('FM', 'Federated States of Micronesia', 'freely_associated'),
    ('MH', 'Marshall Islands',               'freely_associated'),
    ('PW', 'Palau',                          'freely_associated'),
    ('AA', 'Armed Forces Americas',          'military'),
    ('AE', 'Armed Forces Europe',            'military'),
    ('AP', 'Armed Forces Pacific',           'military');

-- Dataset descriptions -------------------------------------------------------------

CREATE TYPE hf_admin.dataset_info AS (
    id         text,     -- hf.datasets.id, e.g. 'ipeds-hd-2024'
    source     text,     -- 'IPEDS HD'
    title      text,
    source_url text,
    vintage    text,     -- 'HD2024 (2024-25)'
    file       text,     -- path relative to the data directory, used in error messages
    license    text,
    citation   text
);

-- hf_admin.dataset(...): build a dataset_info with named arguments, so that a
-- release migration reads as a description of its file. Returns the value.
CREATE FUNCTION hf_admin.dataset(id text, source text, title text, source_url text,
                                 vintage text, file text, license text, citation text)
RETURNS hf_admin.dataset_info
LANGUAGE sql IMMUTABLE AS $$
    SELECT ROW($1, $2, $3, $4, $5, $6, $7, $8)::hf_admin.dataset_info
$$;

-- hf_admin.record_dataset(d, row_count): insert or update the hf.datasets row of d
-- with loaded_at = now() (the transaction start) and row_count.
CREATE FUNCTION hf_admin.record_dataset(d hf_admin.dataset_info, row_count integer)
RETURNS void
LANGUAGE sql AS $$
    INSERT INTO hf.datasets AS t (id, source, title, source_url, vintage, file,
                                  loaded_at, row_count, license, citation)
    VALUES (d.id, d.source, d.title, d.source_url, d.vintage, d.file,
            now(), row_count, d.license, d.citation)
    ON CONFLICT (id) DO UPDATE
       SET source = EXCLUDED.source, title = EXCLUDED.title,
           source_url = EXCLUDED.source_url, vintage = EXCLUDED.vintage,
           file = EXCLUDED.file, loaded_at = EXCLUDED.loaded_at,
           row_count = EXCLUDED.row_count, license = EXCLUDED.license,
           citation = EXCLUDED.citation
$$;

-- hf_admin.prune_datasets(source, keep): delete the hf.datasets rows of that
-- source whose id is not in keep and that no row of any table references any
-- more (a release that replaced them). Finds the referencing columns from the
-- catalog, so new tables need no change here. Returns how many were deleted.
CREATE FUNCTION hf_admin.prune_datasets(p_source text, p_keep text[])
RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
    ds         record;
    fk         record;
    referenced boolean;
    n          integer := 0;
BEGIN
    FOR ds IN SELECT id FROM hf.datasets WHERE source = p_source AND id <> ALL (p_keep) LOOP
        referenced := false;
        FOR fk IN
            SELECT c.conrelid::regclass AS tbl, a.attname AS col
              FROM pg_constraint c
              JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
             WHERE c.contype = 'f' AND c.confrelid = 'hf.datasets'::regclass
        LOOP
            EXECUTE format('SELECT EXISTS (SELECT 1 FROM %s WHERE %I = $1)', fk.tbl, fk.col)
               INTO referenced USING ds.id;
            EXIT WHEN referenced;
        END LOOP;
        IF NOT referenced THEN
            DELETE FROM hf.datasets WHERE id = ds.id;
            n := n + 1;
        END IF;
    END LOOP;
    RETURN n;
END
$$;

-- Staging helpers --------------------------------------------------------------------

-- hf_admin.staging_reset(table): empty a staging table and restart its line
-- numbering at 2. Only tables of schema hf_staging are accepted.
CREATE FUNCTION hf_admin.staging_reset(p_table regclass)
RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    IF (SELECT relnamespace FROM pg_class WHERE oid = p_table) <> 'hf_staging'::regnamespace THEN
        RAISE EXCEPTION 'staging_reset: % is not a table of schema hf_staging', p_table;
    END IF;
    EXECUTE format('TRUNCATE %s RESTART IDENTITY', p_table);
END
$$;

-- hf_admin.is_number(text): true when the text is a plain decimal number
-- (optional sign, digits, optional fraction and exponent), without spaces.
CREATE FUNCTION hf_admin.is_number(t text)
RETURNS boolean
LANGUAGE sql IMMUTABLE STRICT AS $$
    SELECT t ~ '^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?$'
$$;

-- hf_admin.number_between(text, lo, hi): true when the text is a number (see
-- is_number) within [lo, hi]; false otherwise, NULL included.
CREATE FUNCTION hf_admin.number_between(t text, lo double precision, hi double precision)
RETURNS boolean
LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN hf_admin.is_number(t) THEN t::double precision BETWEEN lo AND hi ELSE false END
$$;

-- hf_admin.q(text): a value quoted for an error message: 'XX', '' for NULL.
CREATE FUNCTION hf_admin.q(t text)
RETURNS text
LANGUAGE sql IMMUTABLE AS $$
    SELECT quote_literal(coalesce(t, ''))
$$;

-- hf_admin.area_codes: every code a STABBR / state column may hold: the codes
-- of hf.states and of hf_admin.non_state_areas. (A view, not a per-row function,
-- so that validators check it with one hashed lookup.)
CREATE VIEW hf_admin.area_codes AS
    SELECT code::text AS code FROM hf.states
    UNION ALL
    SELECT code::text FROM hf_admin.non_state_areas;

-- hf_admin.fail_if_problems(n, messages): RAISE when n > 0. The message is the
-- first problem ("<file> line <n>: <what>"), the DETAIL the first few of them.
CREATE FUNCTION hf_admin.fail_if_problems(n bigint, messages text[])
RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    IF n > 0 THEN
        RAISE EXCEPTION USING
            ERRCODE = 'data_exception',
            MESSAGE = messages[1],
            DETAIL  = format('%s problem(s) in all; the first %s:', n, cardinality(messages))
                      || E'\n' || array_to_string(messages, E'\n'),
            HINT    = 'Nothing was loaded. Fix the file (or the importer) and run sql/migrate again.';
    END IF;
END
$$;

-- hf_admin.check_problems(file, problems): problems is a set of (line, problem)
-- rows as a JSON array built by the caller; raises through fail_if_problems with
-- the first ten in file order. (A helper so every validator reports alike.)
CREATE FUNCTION hf_admin.check_problems(p_file text, p_problems jsonb)
RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    n    bigint;
    msgs text[];
BEGIN
    SELECT count(*),
           (array_agg(format('%s line %s: %s', p_file, e->>'line', e->>'problem')
                      ORDER BY (e->>'line')::bigint, e->>'problem'))[1:10]
      INTO n, msgs
      FROM jsonb_array_elements(coalesce(p_problems, '[]')) AS e;
    PERFORM hf_admin.fail_if_problems(n, msgs);
END
$$;

-- hf_admin.split_aliases(ialias, name): IPEDS IALIAS as an array. Aliases are
-- separated by commas, semicolons, pipes, runs of two or more spaces, or a slash
-- between spaces (all seen in HD2024); each is trimmed; empty ones, repeats and
-- the institution's own name are dropped; first-seen order is kept.
CREATE FUNCTION hf_admin.split_aliases(p_alias text, p_name text)
RETURNS text[]
LANGUAGE sql IMMUTABLE AS $$
    SELECT coalesce(array_agg(a ORDER BY first_seen), '{}')
      FROM (SELECT a, min(ord) AS first_seen
              FROM regexp_split_to_table(coalesce(p_alias, ''), '\s*[,;|]\s*|\s{2,}|\s+/\s+')
                   WITH ORDINALITY AS t(raw, ord),
                   LATERAL btrim(raw) AS a
             WHERE a <> '' AND lower(a) <> lower(btrim(coalesce(p_name, '')))
             GROUP BY a) s
$$;

-- hf_admin.web_url(text): an IPEDS WEBADDR as a URL: trimmed, https:// prefixed
-- when it has no scheme, spaces percent-encoded; NULL when empty.
CREATE FUNCTION hf_admin.web_url(p text)
RETURNS text
LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE
             WHEN nullif(btrim(p), '') IS NULL THEN NULL
             WHEN btrim(p) ~* '^[a-z][a-z0-9+.-]*://' THEN replace(btrim(p), ' ', '%20')
             ELSE 'https://' || replace(btrim(p), ' ', '%20')
           END
$$;

-- IPEDS HD (institutional directory) --------------------------------------------------

-- The HD file as published: 72 columns (HD2024 layout), all text.
CREATE TABLE hf_staging.ipeds_hd (
    line bigint GENERATED ALWAYS AS IDENTITY (START 2) PRIMARY KEY,
    "UNITID" text, "INSTNM" text, "IALIAS" text, "ADDR" text, "CITY" text, "STABBR" text,
    "ZIP" text, "FIPS" text, "OBEREG" text, "CHFNM" text, "CHFTITLE" text, "GENTELE" text,
    "EIN" text, "UEIS" text, "OPEID" text, "OPEFLAG" text, "WEBADDR" text, "ADMINURL" text,
    "FAIDURL" text, "APPLURL" text, "NPRICURL" text, "VETURL" text, "ATHURL" text, "DISAURL" text,
    "SECTOR" text, "ICLEVEL" text, "CONTROL" text, "HLOFFER" text, "UGOFFER" text, "GROFFER" text,
    "HDEGOFR1" text, "DEGGRANT" text, "HBCU" text, "HOSPITAL" text, "MEDICAL" text, "TRIBAL" text,
    "LOCALE" text, "OPENPUBL" text, "ACT" text, "NEWID" text, "DEATHYR" text, "CLOSEDAT" text,
    "CYACTIVE" text, "POSTSEC" text, "PSEFLAG" text, "PSET4FLG" text, "RPTMTH" text, "INSTCAT" text,
    "C00CARNEGIE" text, "C21BASIC" text, "CARNEGIEIC" text, "CARNEGIESAEC" text, "CARNEGIERSCH" text, "CARNEGIESIZE" text,
    "CARNEGIEALF" text, "CARNEGIEAPM" text, "CARNEGIEGPM" text, "LANDGRNT" text, "INSTSIZE" text, "F1SYSTYP" text,
    "F1SYSNAM" text, "F1SYSCOD" text, "CBSA" text, "CBSATYPE" text, "CSA" text, "COUNTYCD" text,
    "COUNTYNM" text, "CNGDSTCD" text, "LONGITUD" text, "LATITUDE" text, "DFRCGID" text, "DFRCUSCG" text
);
COMMENT ON TABLE hf_staging.ipeds_hd IS 'IPEDS HD file as published (HD2024 layout); empty between imports.';

-- hf_admin.check_ipeds_hd(file): validate every row of hf_staging.ipeds_hd;
-- raises "<file> line N: ..." on problems (see fail_if_problems).
CREATE FUNCTION hf_admin.check_ipeds_hd(p_file text)
RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    problems jsonb;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM hf_staging.ipeds_hd) THEN
        RAISE EXCEPTION '%: no data rows', p_file USING ERRCODE = 'data_exception';
    END IF;
    WITH s AS (SELECT * FROM hf_staging.ipeds_hd),
    p(line, problem) AS (
        SELECT line, format('UNITID %s is not a positive integer', hf_admin.q("UNITID"))
          FROM s WHERE coalesce("UNITID", '') !~ '^0*[1-9][0-9]{0,8}$'
        UNION ALL
        SELECT line, format('UNITID %s repeats line %s', hf_admin.q("UNITID"), first_line)
          FROM (SELECT line, "UNITID", min(line) OVER (PARTITION BY "UNITID") AS first_line FROM s) d
         WHERE line <> first_line
        UNION ALL
        SELECT line, 'INSTNM is empty' FROM s WHERE coalesce(btrim("INSTNM"), '') = ''
        UNION ALL
        SELECT line, format('STABBR %s is not a state code', hf_admin.q("STABBR"))
          FROM s WHERE coalesce("STABBR", '') NOT IN (SELECT code FROM hf_admin.area_codes)
        UNION ALL
        SELECT line, format('ZIP %s is not a ZIP or ZIP+4 code', hf_admin.q("ZIP"))
          FROM s WHERE coalesce(btrim("ZIP"), '') !~ '^[0-9]{5}(-[0-9]{4})?$'
        UNION ALL
        SELECT line, format('LATITUDE %s is not a number between -90 and 90', hf_admin.q("LATITUDE"))
          FROM s WHERE coalesce("LATITUDE", '') <> '' AND NOT hf_admin.number_between("LATITUDE", -90, 90)
        UNION ALL
        SELECT line, format('LONGITUD %s is not a number between -180 and 180', hf_admin.q("LONGITUD"))
          FROM s WHERE coalesce("LONGITUD", '') <> '' AND NOT hf_admin.number_between("LONGITUD", -180, 180)
        UNION ALL
        SELECT line, 'LATITUDE and LONGITUD must be both present or both empty'
          FROM s WHERE (coalesce("LATITUDE", '') = '') <> (coalesce("LONGITUD", '') = '')
        UNION ALL
        SELECT line, format('CONTROL %s is not 1, 2, 3 or an IPEDS missing-value code (-1, -2, -3)', hf_admin.q("CONTROL"))
          FROM s WHERE coalesce("CONTROL", '') NOT IN ('1', '2', '3', '-1', '-2', '-3')
    )
    SELECT jsonb_agg(jsonb_build_object('line', line, 'problem', problem)) INTO problems FROM p;
    PERFORM hf_admin.check_problems(p_file, problems);
END
$$;

-- hf_admin.import_ipeds_hd(d): validate hf_staging.ipeds_hd and load it into
-- hf.institutions as release d: upsert every UNITID; delete institutions the
-- release no longer lists unless a program still refers to them (those keep
-- their older dataset_id). CONTROL 1/2/3 -> public/private_nonprofit/
-- private_for_profit, negative (missing) codes -> NULL; STABBR FM/MH/PW -> state
-- NULL (stabbr keeps the code). Records d, prunes replaced HD datasets, empties
-- the staging table and bumps the data version. Returns the rows loaded.
CREATE FUNCTION hf_admin.import_ipeds_hd(d hf_admin.dataset_info)
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
    PERFORM hf_admin.bump_data_version();
    RETURN n;
END
$$;

-- ZIP centroids ------------------------------------------------------------------------

-- GeoNames postal codes, US (zip_centroids/geonames_us_zip_*.csv layout).
CREATE TABLE hf_staging.geonames_zip (
    line bigint GENERATED ALWAYS AS IDENTITY (START 2) PRIMARY KEY,
    country_code text, postal_code text, place_name text, admin_name1_state text,
    admin_code1_state_abbr text, admin_name2_county text, admin_code2_county_fips text,
    admin_name3 text, admin_code3 text, latitude text, longitude text, accuracy text
);
COMMENT ON TABLE hf_staging.geonames_zip IS 'GeoNames US postal codes as published (with header); empty between imports.';

-- npm zipcodes, US part (zip_centroids/zipcodes_us.csv layout).
CREATE TABLE hf_staging.zipcodes_us (
    line bigint GENERATED ALWAYS AS IDENTITY (START 2) PRIMARY KEY,
    zip text, latitude text, longitude text, city text, state text, country text
);
COMMENT ON TABLE hf_staging.zipcodes_us IS 'zipcodes (npm) US ZIP list as published; empty between imports.';

-- Census ZCTA internal points (zip_centroids/us_zcta_*_centroids.csv layout).
CREATE TABLE hf_staging.zcta_centroids (
    line bigint GENERATED ALWAYS AS IDENTITY (START 2) PRIMARY KEY,
    zcta5 text, latitude text, longitude text
);
COMMENT ON TABLE hf_staging.zcta_centroids IS 'Census Gazetteer ZCTA points as published; empty between imports.';

-- hf_admin.check_zip_files(geonames_file, zipcodes_file, zcta_file): validate
-- the three staged ZIP files; raises "<file> line N: ..." on problems.
CREATE FUNCTION hf_admin.check_zip_files(p_geonames text, p_zipcodes text, p_zcta text)
RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    problems jsonb;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM hf_staging.geonames_zip) THEN
        RAISE EXCEPTION '%: no data rows', p_geonames USING ERRCODE = 'data_exception';
    END IF;
    WITH s AS (SELECT * FROM hf_staging.geonames_zip),
    p(line, problem) AS (
        SELECT line, format('country_code %s is not US', hf_admin.q(country_code))
          FROM s WHERE coalesce(country_code, '') <> 'US'
        UNION ALL
        SELECT line, format('postal_code %s is not a 5-digit ZIP', hf_admin.q(postal_code))
          FROM s WHERE coalesce(postal_code, '') !~ '^[0-9]{5}$'
        UNION ALL
        SELECT line, format('admin_code1_state_abbr %s is not a state code', hf_admin.q(admin_code1_state_abbr))
          FROM s WHERE coalesce(admin_code1_state_abbr, '') <> ''
                   AND admin_code1_state_abbr NOT IN (SELECT code FROM hf_admin.area_codes)
        UNION ALL
        SELECT line, format('latitude %s is not a number between -90 and 90', hf_admin.q(latitude))
          FROM s WHERE NOT hf_admin.number_between(latitude, -90, 90)
        UNION ALL
        SELECT line, format('longitude %s is not a number between -180 and 180', hf_admin.q(longitude))
          FROM s WHERE NOT hf_admin.number_between(longitude, -180, 180)
        UNION ALL
        SELECT line, format('accuracy %s is not empty or 1 to 6', hf_admin.q(accuracy))
          FROM s WHERE coalesce(accuracy, '') !~ '^[1-6]?$'
    )
    SELECT jsonb_agg(jsonb_build_object('line', line, 'problem', problem)) INTO problems FROM p;
    PERFORM hf_admin.check_problems(p_geonames, problems);

    IF NOT EXISTS (SELECT 1 FROM hf_staging.zipcodes_us) THEN
        RAISE EXCEPTION '%: no data rows', p_zipcodes USING ERRCODE = 'data_exception';
    END IF;
    WITH s AS (SELECT * FROM hf_staging.zipcodes_us),
    p(line, problem) AS (
        SELECT line, format('zip %s is not a 5-digit ZIP', hf_admin.q(zip))
          FROM s WHERE coalesce(zip, '') !~ '^[0-9]{5}$'
        UNION ALL
        SELECT line, format('state %s is not a state code', hf_admin.q(state))
          FROM s WHERE coalesce(state, '') NOT IN (SELECT code FROM hf_admin.area_codes)
        UNION ALL
        SELECT line, format('latitude %s is not a number between -90 and 90', hf_admin.q(latitude))
          FROM s WHERE NOT hf_admin.number_between(latitude, -90, 90)
        UNION ALL
        SELECT line, format('longitude %s is not a number between -180 and 180', hf_admin.q(longitude))
          FROM s WHERE NOT hf_admin.number_between(longitude, -180, 180)
        UNION ALL
        SELECT line, format('country %s is not US', hf_admin.q(country))
          FROM s WHERE coalesce(country, '') <> 'US'
    )
    SELECT jsonb_agg(jsonb_build_object('line', line, 'problem', problem)) INTO problems FROM p;
    PERFORM hf_admin.check_problems(p_zipcodes, problems);

    IF NOT EXISTS (SELECT 1 FROM hf_staging.zcta_centroids) THEN
        RAISE EXCEPTION '%: no data rows', p_zcta USING ERRCODE = 'data_exception';
    END IF;
    WITH s AS (SELECT * FROM hf_staging.zcta_centroids),
    p(line, problem) AS (
        SELECT line, format('zcta5 %s is not a 5-digit ZCTA', hf_admin.q(zcta5))
          FROM s WHERE coalesce(zcta5, '') !~ '^[0-9]{5}$'
        UNION ALL
        SELECT line, format('zcta5 %s repeats line %s', hf_admin.q(zcta5), first_line)
          FROM (SELECT line, zcta5, min(line) OVER (PARTITION BY zcta5) AS first_line FROM s) d
         WHERE line <> first_line
        UNION ALL
        SELECT line, format('latitude %s is not a number between -90 and 90', hf_admin.q(latitude))
          FROM s WHERE NOT hf_admin.number_between(latitude, -90, 90)
        UNION ALL
        SELECT line, format('longitude %s is not a number between -180 and 180', hf_admin.q(longitude))
          FROM s WHERE NOT hf_admin.number_between(longitude, -180, 180)
    )
    SELECT jsonb_agg(jsonb_build_object('line', line, 'problem', problem)) INTO problems FROM p;
    PERFORM hf_admin.check_problems(p_zcta, problems);
END
$$;

-- hf_admin.import_zip_codes(geonames, zipcodes, zcta): validate the three staged
-- ZIP files and rebuild hf.zip_codes from them, in priority order:
--   1. GeoNames: rows without a state (APO/FPO) are skipped; of duplicate ZIPs the
--      row with the best accuracy, then the first in the file, is kept; a code of
--      hf_admin.non_state_areas (MH) loads with state NULL.
--   2. zipcodes: ZIPs GeoNames lacks (PR, VI, GU, ...); military rows (AA, AE, AP,
--      including their 0,0 placeholders) are skipped, as are any other 0,0 rows.
--   3. ZCTA points: ZIPs still missing, city NULL, state taken from the ZIPs
--      already loaded with the same 3-digit prefix when they all agree, else NULL.
-- Each source becomes an hf.datasets row whose row_count is the ZIPs it gave.
-- Readers keep seeing the old rows until the migration commits. Empties the
-- staging tables and bumps the data version. Returns the ZIPs loaded.
CREATE FUNCTION hf_admin.import_zip_codes(geonames hf_admin.dataset_info,
                                          zipcodes hf_admin.dataset_info,
                                          zcta     hf_admin.dataset_info)
RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
    n_geonames integer;
    n_zipcodes integer;
    n_zcta     integer;
BEGIN
    PERFORM hf_admin.check_zip_files(geonames.file, zipcodes.file, zcta.file);
    PERFORM hf_admin.record_dataset(geonames, 0);
    PERFORM hf_admin.record_dataset(zipcodes, 0);
    PERFORM hf_admin.record_dataset(zcta, 0);

    DELETE FROM hf.zip_codes;

    INSERT INTO hf.zip_codes (zip, city, state, lat, lon, source)
    SELECT DISTINCT ON (g.postal_code)
           g.postal_code, nullif(btrim(g.place_name), ''), st.code,
           g.latitude::double precision, g.longitude::double precision, geonames.id
      FROM hf_staging.geonames_zip g
      LEFT JOIN hf.states st ON st.code = g.admin_code1_state_abbr
     WHERE coalesce(g.admin_code1_state_abbr, '') <> ''
     ORDER BY g.postal_code, nullif(g.accuracy, '')::integer DESC NULLS LAST, g.line;
    GET DIAGNOSTICS n_geonames = ROW_COUNT;

    INSERT INTO hf.zip_codes (zip, city, state, lat, lon, source)
    SELECT DISTINCT ON (z.zip)
           z.zip, nullif(btrim(z.city), ''), st.code,
           z.latitude::double precision, z.longitude::double precision, zipcodes.id
      FROM hf_staging.zipcodes_us z
      LEFT JOIN hf.states st ON st.code = z.state
     WHERE z.state NOT IN (SELECT code FROM hf_admin.non_state_areas WHERE kind = 'military')
       AND NOT (z.latitude::double precision = 0 AND z.longitude::double precision = 0)
       AND NOT EXISTS (SELECT 1 FROM hf.zip_codes k WHERE k.zip = z.zip)
     ORDER BY z.zip, z.line;
    GET DIAGNOSTICS n_zipcodes = ROW_COUNT;

    INSERT INTO hf.zip_codes (zip, city, state, lat, lon, source)
    SELECT c.zcta5, NULL, pfx.state,
           c.latitude::double precision, c.longitude::double precision, zcta.id
      FROM hf_staging.zcta_centroids c
      LEFT JOIN (SELECT left(zip, 3) AS prefix, min(state) AS state
                   FROM hf.zip_codes
                  WHERE state IS NOT NULL
                  GROUP BY 1
                 HAVING count(DISTINCT state) = 1) pfx ON pfx.prefix = left(c.zcta5, 3)
     WHERE NOT EXISTS (SELECT 1 FROM hf.zip_codes k WHERE k.zip = c.zcta5);
    GET DIAGNOSTICS n_zcta = ROW_COUNT;

    PERFORM hf_admin.record_dataset(geonames, n_geonames);
    PERFORM hf_admin.record_dataset(zipcodes, n_zipcodes);
    PERFORM hf_admin.record_dataset(zcta, n_zcta);
    PERFORM hf_admin.prune_datasets(geonames.source, ARRAY[geonames.id, zipcodes.id, zcta.id]);
    PERFORM hf_admin.prune_datasets(zipcodes.source, ARRAY[geonames.id, zipcodes.id, zcta.id]);
    PERFORM hf_admin.prune_datasets(zcta.source, ARRAY[geonames.id, zipcodes.id, zcta.id]);
    PERFORM hf_admin.staging_reset('hf_staging.geonames_zip');
    PERFORM hf_admin.staging_reset('hf_staging.zipcodes_us');
    PERFORM hf_admin.staging_reset('hf_staging.zcta_centroids');
    PERFORM hf_admin.bump_data_version();
    RETURN n_geonames + n_zipcodes + n_zcta;
END
$$;

-- Nobody but the owner runs these.
REVOKE ALL ON ALL FUNCTIONS IN SCHEMA hf_admin FROM PUBLIC;

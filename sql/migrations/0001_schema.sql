-- 0001_schema.sql: schemas, the whole hitfinder data model (DESIGN.md "Data model")
-- and the data-version machinery.
--
-- Runs as the owner role (hitfinder_owner), so it owns everything created here.
-- Role names are hard-coded: the read-only role is hitfinder_reader
-- (docs/internals.md). It gets USAGE on schema hf and SELECT on each hf table,
-- written here table by table (ALTER DEFAULT PRIVILEGES is deliberately not used);
-- it gets nothing in hf_admin (bookkeeping, import functions) or hf_staging
-- (staging tables of the imports).
--
-- Column names of data_version, datasets, states, institutions and programs are
-- fixed by docs/internals.md; the worker reads them. Extra columns are additive.
-- Tables are filled by later migrations: reference data (0003) and data releases.

-- Schemas ------------------------------------------------------------------------

CREATE SCHEMA hf;
COMMENT ON SCHEMA hf IS 'Everything the API serves (read by hitfinder_reader).';
CREATE SCHEMA IF NOT EXISTS hf_admin;    -- sql/migrate creates it for schema_migrations
COMMENT ON SCHEMA hf_admin IS 'Bookkeeping and import functions; no access for the reader.';
CREATE SCHEMA hf_staging;
COMMENT ON SCHEMA hf_staging IS 'Staging tables of the imports, empty between imports; no access for the reader.';

GRANT USAGE ON SCHEMA hf TO hitfinder_reader;

-- Data version -----------------------------------------------------------------

CREATE TABLE hf.data_version (
    singleton  boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    version    bigint NOT NULL CHECK (version >= 1),
    updated_at timestamptz NOT NULL
);
COMMENT ON TABLE hf.data_version IS
    'Exactly one row. Bumped once by every transaction that changes served data (hf_admin.bump_data_version); the API returns it and builds ETags from it.';
INSERT INTO hf.data_version (singleton, version, updated_at) VALUES (true, 1, now());
GRANT SELECT ON hf.data_version TO hitfinder_reader;

-- hf_admin.bump_data_version(): increment hf.data_version, set updated_at and send
-- NOTIFY hitfinder_data_version with the new version as payload (delivered at
-- commit). Increments at most once per transaction: a release migration that
-- runs several imports moves the version by one step, and every later call in
-- the same transaction returns the version already set. Returns the version.
CREATE FUNCTION hf_admin.bump_data_version() RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
    v bigint;
BEGIN
    IF current_setting('hitfinder.data_version_bumped', true) = 'on' THEN
        SELECT version INTO STRICT v FROM hf.data_version;
        RETURN v;
    END IF;
    UPDATE hf.data_version
       SET version = version + 1, updated_at = now()
     RETURNING version INTO STRICT v;
    PERFORM set_config('hitfinder.data_version_bumped', 'on', true);   -- this transaction only
    PERFORM pg_notify('hitfinder_data_version', v::text);
    RETURN v;
END
$$;

-- Datasets -----------------------------------------------------------------------

CREATE TABLE hf.datasets (
    id         text PRIMARY KEY CHECK (id ~ '^[a-z0-9][a-z0-9.-]*$'),
    source     text NOT NULL,
    title      text NOT NULL,
    source_url text NOT NULL,
    vintage    text NOT NULL,
    file       text,
    loaded_at  timestamptz NOT NULL,
    row_count  integer NOT NULL CHECK (row_count >= 0),
    license    text NOT NULL,
    citation   text NOT NULL
);
COMMENT ON TABLE hf.datasets IS
    'One row per loaded official file: shown in API meta and /api/v1/datasets. file is relative to the data directory; row_count counts the hf rows that came from it.';
GRANT SELECT ON hf.datasets TO hitfinder_reader;

-- Reference tables ---------------------------------------------------------------

CREATE TABLE hf.states (
    code char(2) PRIMARY KEY CHECK (code ~ '^[A-Z]{2}$'),
    fips char(2) UNIQUE NOT NULL CHECK (fips ~ '^[0-9]{2}$'),
    name text NOT NULL UNIQUE,
    kind text NOT NULL CHECK (kind IN ('state', 'district', 'territory'))
);
COMMENT ON TABLE hf.states IS '50 states, DC and the five inhabited territories (USPS code, FIPS code).';
GRANT SELECT ON hf.states TO hitfinder_reader;

CREATE TABLE hf.degree_levels (
    code           text PRIMARY KEY CHECK (code ~ '^[a-z_]+$'),
    rank           smallint NOT NULL UNIQUE CHECK (rank > 0),
    label          text NOT NULL,
    ipeds_awlevels smallint[] NOT NULL DEFAULT '{}'
);
COMMENT ON TABLE hf.degree_levels IS 'Degree levels in increasing rank; ipeds_awlevels lists the IPEDS AWLEVEL codes of each.';
GRANT SELECT ON hf.degree_levels TO hitfinder_reader;

-- Schools ------------------------------------------------------------------------

CREATE TABLE hf.institutions (
    id         integer PRIMARY KEY CHECK (id > 0),             -- IPEDS UNITID
    name       text NOT NULL CHECK (name <> ''),
    aliases    text[] NOT NULL DEFAULT '{}',
    city       text,
    state      char(2) REFERENCES hf.states,
    zip        text CHECK (zip ~ '^[0-9]{5}(-[0-9]{4})?$'),    -- as published: 35762 or 35294-0110
    lat        double precision CHECK (lat BETWEEN -90 AND 90),
    lon        double precision CHECK (lon BETWEEN -180 AND 180),
    control    text CHECK (control IN ('public', 'private_nonprofit', 'private_for_profit')),
    url        text,
    dataset_id text REFERENCES hf.datasets,
    -- additions to the contract:
    stabbr     text,                                           -- IPEDS STABBR as published (FM, MH, PW have state NULL)
    zip5       char(5) GENERATED ALWAYS AS (left(zip, 5)) STORED,
    geo        public.earth,                                   -- ll_to_earth(lat, lon), set by the importer
    CHECK ((lat IS NULL) = (lon IS NULL))
);
COMMENT ON TABLE hf.institutions IS 'IPEDS institutions (HD directory file).';
COMMENT ON COLUMN hf.institutions.geo IS
    'public.ll_to_earth(lat, lon), stored by the importer (not an expression index: restores and maintenance run with a restricted search_path).';
CREATE INDEX institutions_name_trgm ON hf.institutions USING gin (name public.gin_trgm_ops);
CREATE INDEX institutions_state ON hf.institutions (state);
CREATE INDEX institutions_zip5 ON hf.institutions (zip5);
CREATE INDEX institutions_geo ON hf.institutions USING gist (geo);
GRANT SELECT ON hf.institutions TO hitfinder_reader;

CREATE TABLE hf.programs (
    id                   bigint PRIMARY KEY CHECK (id > 0),    -- assigned by the programs importer, stable across releases
    institution_id       integer NOT NULL REFERENCES hf.institutions,
    title                text NOT NULL CHECK (title <> ''),
    field                text CHECK (field ~ '^[a-z_]+$'),      -- API field: health_information_management, ...
    cip_code             text NOT NULL CHECK (cip_code ~ '^[0-9]{2}\.[0-9]{4}$'),
    degree               text REFERENCES hf.degree_levels (code),
    award_level          text,                                  -- the IPEDS AWLEVEL label
    -- additions to the contract:
    awlevel              smallint,                              -- the IPEDS AWLEVEL code
    delivery             text CHECK (delivery IN ('campus', 'online', 'hybrid')),
    credits              numeric CHECK (credits > 0),
    tuition_in_state     numeric CHECK (tuition_in_state >= 0),      -- US dollars per year
    tuition_out_of_state numeric CHECK (tuition_out_of_state >= 0),
    url                  text,
    completions          integer CHECK (completions >= 0),     -- IPEDS CTOTALT in completions_year
    completions_year     smallint CHECK (completions_year BETWEEN 1980 AND 2100),
    graduation_rate      numeric CHECK (graduation_rate BETWEEN 0 AND 100),   -- percent
    employment_rate      numeric CHECK (employment_rate BETWEEN 0 AND 100),
    exam_pass_rate       numeric CHECK (exam_pass_rate BETWEEN 0 AND 100),
    outcomes_as_of       date,
    dataset_id           text REFERENCES hf.datasets,
    UNIQUE (institution_id, cip_code, awlevel)
);
COMMENT ON TABLE hf.programs IS 'A program = IPEDS UNITID x CIP x award level (completions), enriched by admin exports.';
CREATE INDEX programs_institution ON hf.programs (institution_id);
CREATE INDEX programs_cip ON hf.programs (cip_code);
CREATE INDEX programs_degree ON hf.programs (degree);
CREATE INDEX programs_title_trgm ON hf.programs USING gin (title public.gin_trgm_ops);
GRANT SELECT ON hf.programs TO hitfinder_reader;

CREATE TABLE hf.accreditations (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    program_id  bigint NOT NULL REFERENCES hf.programs ON DELETE CASCADE,
    body        text NOT NULL DEFAULT 'CAHIIM' CHECK (body <> ''),
    status      text NOT NULL CHECK (status IN ('candidacy', 'initial', 'continuing', 'probation', 'withdrawn')),
    status_date date NOT NULL,
    next_review date CHECK (next_review >= status_date),
    source_url  text,
    dataset_id  text REFERENCES hf.datasets,
    UNIQUE (program_id, body, status_date, status)
);
COMMENT ON TABLE hf.accreditations IS
    'Accreditation history: one row per status a body gave a program on a date; the current status is the latest status_date.';
CREATE INDEX accreditations_program ON hf.accreditations (program_id, status_date DESC);
GRANT SELECT ON hf.accreditations TO hitfinder_reader;

-- Careers ------------------------------------------------------------------------

CREATE TABLE hf.certifications (
    code                text PRIMARY KEY CHECK (code ~ '^[A-Z0-9][A-Z0-9-]*$'),
    name                text NOT NULL,
    issuer              text NOT NULL,
    prerequisite_degree text REFERENCES hf.degree_levels (code),   -- lowest degree level that can qualify; NULL = none
    prerequisite_notes  text,
    requires_cahiim     boolean NOT NULL DEFAULT false,            -- eligibility needs a CAHIIM-accredited program
    active              boolean NOT NULL DEFAULT true,             -- false: the issuer no longer offers the exam
    exam_fee_usd        numeric CHECK (exam_fee_usd >= 0),          -- standard (non-member) fee
    exam_fee_member_usd numeric CHECK (exam_fee_member_usd >= 0),
    questions           integer CHECK (questions > 0),
    duration_minutes    integer CHECK (duration_minutes > 0),
    passing_score       text,
    renewal             text,
    url                 text,
    notes               text,
    facts_checked       date,                                      -- when the exam facts were last checked
    dataset_id          text REFERENCES hf.datasets
);
COMMENT ON TABLE hf.certifications IS
    'Certifications and their exams. Figures are NULL where no public source was confident: NULL is better than wrong.';
GRANT SELECT ON hf.certifications TO hitfinder_reader;

CREATE TABLE hf.occupations (
    soc                 text PRIMARY KEY CHECK (soc ~ '^[0-9]{2}-[0-9]{4}$'),   -- SOC 2018, answered as 29-2072
    title               text NOT NULL,
    description         text,
    alternate_titles    text[] NOT NULL DEFAULT '{}',
    typical_education   text,                                     -- BLS EP wording
    education_level     text REFERENCES hf.degree_levels (code),  -- the same as a degree level, where one fits
    work_experience     text,
    on_the_job_training text,
    dataset_id          text REFERENCES hf.datasets
);
CREATE INDEX occupations_title_trgm ON hf.occupations USING gin (title public.gin_trgm_ops);
GRANT SELECT ON hf.occupations TO hitfinder_reader;

CREATE TABLE hf.occupation_certifications (
    soc                text NOT NULL REFERENCES hf.occupations ON DELETE CASCADE,
    certification_code text NOT NULL REFERENCES hf.certifications ON DELETE CASCADE,
    relevance          text NOT NULL DEFAULT 'common' CHECK (relevance IN ('required', 'preferred', 'common')),
    PRIMARY KEY (soc, certification_code)
);
CREATE INDEX occupation_certifications_code ON hf.occupation_certifications (certification_code);
GRANT SELECT ON hf.occupation_certifications TO hitfinder_reader;

CREATE TABLE hf.related_occupations (
    soc         text NOT NULL REFERENCES hf.occupations ON DELETE CASCADE,
    related_soc text NOT NULL REFERENCES hf.occupations ON DELETE CASCADE,
    rank        smallint NOT NULL DEFAULT 1 CHECK (rank > 0),
    PRIMARY KEY (soc, related_soc),
    CHECK (soc <> related_soc)
);
GRANT SELECT ON hf.related_occupations TO hitfinder_reader;

-- Places -------------------------------------------------------------------------

CREATE TABLE hf.zip_codes (
    zip    char(5) PRIMARY KEY CHECK (zip ~ '^[0-9]{5}$'),
    city   text,
    state  char(2) REFERENCES hf.states,                      -- NULL: unknown, or not a state/territory (e.g. MH)
    lat    double precision NOT NULL CHECK (lat BETWEEN -90 AND 90),
    lon    double precision NOT NULL CHECK (lon BETWEEN -180 AND 180),
    source text NOT NULL REFERENCES hf.datasets                -- the dataset (file) the centroid came from
);
COMMENT ON TABLE hf.zip_codes IS 'ZIP centroids: GeoNames first, then zipcodes (PR, VI, GU, ...), then Census ZCTA points.';
CREATE INDEX zip_codes_state ON hf.zip_codes (state);
GRANT SELECT ON hf.zip_codes TO hitfinder_reader;

-- Labor market -------------------------------------------------------------------
-- area is 'US' (national) or a state code; state is derived from it so that the
-- foreign key checks every state-level row.

CREATE TABLE hf.wages (
    soc               text NOT NULL REFERENCES hf.occupations ON DELETE CASCADE,
    area              text NOT NULL CHECK (area ~ '^[A-Z]{2}$'),
    state             char(2) GENERATED ALWAYS AS (CASE WHEN area <> 'US' THEN area END::char(2)) STORED
                      REFERENCES hf.states,
    year              smallint NOT NULL CHECK (year BETWEEN 1997 AND 2100),   -- OEWS May reference year
    employment        integer CHECK (employment >= 0),
    jobs_per_1000     numeric CHECK (jobs_per_1000 >= 0),
    location_quotient numeric CHECK (location_quotient >= 0),
    mean              numeric CHECK (mean >= 0),                -- annual, US dollars
    median            numeric CHECK (median >= 0),
    p10               numeric CHECK (p10 >= 0),
    p25               numeric CHECK (p25 >= 0),
    p75               numeric CHECK (p75 >= 0),
    p90               numeric CHECK (p90 >= 0),
    hourly_mean       numeric CHECK (hourly_mean >= 0),         -- hourly, US dollars
    hourly_median     numeric CHECK (hourly_median >= 0),
    hourly_p10        numeric CHECK (hourly_p10 >= 0),
    hourly_p25        numeric CHECK (hourly_p25 >= 0),
    hourly_p75        numeric CHECK (hourly_p75 >= 0),
    hourly_p90        numeric CHECK (hourly_p90 >= 0),
    flags             jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(flags) = 'object'),
    dataset_id        text REFERENCES hf.datasets,
    PRIMARY KEY (soc, area, year),
    CHECK (p10 <= p25 AND p25 <= median AND median <= p75 AND p75 <= p90)
);
COMMENT ON TABLE hf.wages IS
    'OEWS: occupation x area x year. NULL where the source suppressed or lacks a value; flags says why, e.g. {"median": "suppressed", "p90": "at_least", "employment": "not_collected"}.';
CREATE INDEX wages_area_year ON hf.wages (area, year);
GRANT SELECT ON hf.wages TO hitfinder_reader;

CREATE TABLE hf.projections (
    soc                  text NOT NULL REFERENCES hf.occupations ON DELETE CASCADE,
    area                 text NOT NULL CHECK (area ~ '^[A-Z]{2}$'),
    state                char(2) GENERATED ALWAYS AS (CASE WHEN area <> 'US' THEN area END::char(2)) STORED
                         REFERENCES hf.states,
    base_year            smallint NOT NULL CHECK (base_year BETWEEN 1990 AND 2100),
    projected_year       smallint NOT NULL,
    base_employment      numeric CHECK (base_employment >= 0),      -- persons (not thousands)
    projected_employment numeric CHECK (projected_employment >= 0),
    numeric_change       numeric,
    percent_change       numeric,
    annual_openings      numeric CHECK (annual_openings >= 0),
    flags                jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(flags) = 'object'),
    dataset_id           text REFERENCES hf.datasets,
    PRIMARY KEY (soc, area, base_year),
    CHECK (projected_year > base_year)
);
COMMENT ON TABLE hf.projections IS 'Employment projections: occupation x area (national BLS EP, states from their LMI agencies).';
CREATE INDEX projections_area ON hf.projections (area);
GRANT SELECT ON hf.projections TO hitfinder_reader;

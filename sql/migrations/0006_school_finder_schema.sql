-- 0006_school_finder_schema.sql: the school finder's tables, staging tables and read
-- model (issue 3; docs/internals.md "School finder read model").
--
-- Additive, with one relaxation (not destructive, no data is changed):
--   hf.accreditations.status_date DROP NOT NULL -- a transcribed statement may carry
--   no date ("page undated"); NULL means "the source gives no date", the stated text
--   is kept in status_date_stated. The admin export layout still requires a date.
--
-- What is here (the functions that fill it are in 0007_school_finder_importers.sql):
--   hf.program_fields            the 7 API fields <-> CIP codes, with the readable title
--   hf.ipeds_award_levels        IPEDS AWLEVEL labels (ipeds/c2024_a_awlevel_codes.csv)
--   hf.cip_codes                 CIP 2020 titles (ipeds/cip2020_titles_c2024.csv)
--   hf.institution_charges       IPEDS IC_AY tuition and required fees per institution
--   hf.cip_soc_crosswalk         NCES CIP 2020 - SOC 2018 crosswalk (whole)
--   hf.certification_eligibility which programs make a graduate eligible for which exam
--   hf.programs, hf.accreditations: extra columns
--   read model: hf.program_search, hf.search_words, hf.institution_search (tables
--   rebuilt by hf_admin.refresh_read_model), views hf.accreditation_history,
--   hf.program_careers, hf.program_certifications
--   staging tables of every file, named as published
-- Every hf relation is granted to hitfinder_reader here; nothing else is.

-- Fields: the API's field values, their CIP 2020 code and the readable program title --------

CREATE TABLE hf.program_fields (
    field    text PRIMARY KEY CHECK (field ~ '^[a-z_]+$'),
    cip_code text NOT NULL UNIQUE CHECK (cip_code ~ '^[0-9]{2}\.[0-9]{4}$'),
    title    text NOT NULL UNIQUE,                -- hf.programs.title of every program of the field
    rank     smallint NOT NULL UNIQUE CHECK (rank > 0)
);
COMMENT ON TABLE hf.program_fields IS
    'The API field values (API.md, School finder) with their CIP 2020 code; title is the readable program title, derived from the CIP title (which is written for classification: "Health Information/Medical Records Technology/Technician").';
INSERT INTO hf.program_fields (field, cip_code, title, rank) VALUES
    ('health_information_management',       '51.0706', 'Health Information Management',           1),
    ('health_information_technology',       '51.0707', 'Health Information Technology',           2),
    ('medical_coding',                      '51.0713', 'Medical Coding',                          3),
    ('medical_billing',                     '51.0714', 'Medical Billing',                         4),
    ('disease_registry',                    '51.0721', 'Disease Registry Data Management',        5),
    ('health_information_privacy_security', '51.0723', 'Health Information Privacy and Security', 6),
    ('health_informatics',                  '51.2706', 'Health Informatics',                      7);
GRANT SELECT ON hf.program_fields TO hitfinder_reader;

-- IPEDS code lists ---------------------------------------------------------------------------

CREATE TABLE hf.ipeds_award_levels (
    code       smallint PRIMARY KEY CHECK (code BETWEEN 0 AND 99),   -- IPEDS AWLEVEL
    label      text NOT NULL,                                       -- as published, trailing spaces trimmed
    degree     text REFERENCES hf.degree_levels (code),             -- from hf.degree_levels.ipeds_awlevels
    dataset_id text REFERENCES hf.datasets
);
COMMENT ON TABLE hf.ipeds_award_levels IS 'IPEDS award levels (AWLEVEL) with their label and API degree.';
GRANT SELECT ON hf.ipeds_award_levels TO hitfinder_reader;

CREATE TABLE hf.cip_codes (
    code       text PRIMARY KEY CHECK (code ~ '^(99|[0-9]{2}(\.[0-9]{2}([0-9]{2})?)?)$'),
    title      text NOT NULL CHECK (title <> ''),
    dataset_id text REFERENCES hf.datasets
);
COMMENT ON TABLE hf.cip_codes IS 'CIP 2020 codes and titles as IPEDS C2024_A uses them (99 = grand total, 2-digit = families).';
GRANT SELECT ON hf.cip_codes TO hitfinder_reader;

-- Programs and accreditations: additions ----------------------------------------------------

ALTER TABLE hf.programs
    ADD COLUMN cip_title           text,
    ADD COLUMN awards_by_year      jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(awards_by_year) = 'object'),
    ADD COLUMN tuition_in_district numeric CHECK (tuition_in_district >= 0),
    ADD COLUMN tuition_year        text,                                 -- '2023-24'
    ADD COLUMN tuition_dataset_id  text REFERENCES hf.datasets,
    ADD COLUMN flags               jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(flags) = 'object');
COMMENT ON COLUMN hf.programs.id IS
    'UNITID * 100000000 + CIP code without its dot * 100 + AWLEVEL (hf_admin.program_id): 14486551070703 = UNITID 144865, CIP 51.0707, AWLEVEL 3. Stable across reloads.';
COMMENT ON COLUMN hf.programs.completions IS 'awards_latest: IPEDS CTOTALT (first majors) in completions_year, the latest survey year of the file.';
COMMENT ON COLUMN hf.programs.awards_by_year IS '{"2020": 12, ...}: CTOTALT of every survey year the file has for this UNITID x CIP x AWLEVEL.';
COMMENT ON COLUMN hf.programs.flags IS 'Why a value is NULL (or how it was obtained): {"tuition": "not_reported" | "not_loaded" | "imputed"}.';
CREATE INDEX programs_tuition_dataset ON hf.programs (tuition_dataset_id);

ALTER TABLE hf.accreditations ALTER COLUMN status_date DROP NOT NULL;   -- see the header
ALTER TABLE hf.accreditations
    ADD COLUMN status_stated      text,       -- the status as the source words it ('accredited (first accredited 2009)')
    ADD COLUMN status_date_stated text,       -- the date as the source words it ('page undated (stored copy)')
    ADD COLUMN program_title      text,       -- the program as the source names it
    ADD COLUMN program_type       text CHECK (program_type IN ('HIM', 'HI')),   -- CAHIIM program type
    ADD COLUMN delivery           text CHECK (delivery IN ('campus', 'online', 'hybrid')),  -- only where stated
    ADD COLUMN delivery_stated    text,
    ADD COLUMN confidence         text,       -- the transcriber's grade, as written
    ADD COLUMN evidence           text,       -- the transcriber's paraphrase of the evidence
    ADD COLUMN source_urls        text[] NOT NULL DEFAULT '{}',   -- every URL given; source_url is the first
    ADD COLUMN source_line        integer;    -- line of the row in its file
COMMENT ON COLUMN hf.accreditations.status_date IS
    'The date of the status (CAHIIM action or the dated statement); NULL when the source gives none (see status_date_stated).';
CREATE INDEX accreditations_dataset ON hf.accreditations (dataset_id);

-- Tuition and fees (IPEDS IC_AY) ---------------------------------------------------------------

CREATE TABLE hf.institution_charges (
    institution_id          integer PRIMARY KEY CHECK (institution_id > 0),   -- UNITID (no FK: IC lists a few UNITIDs HD does not)
    academic_year           text NOT NULL CHECK (academic_year ~ '^[0-9]{4}-[0-9]{2}$'),
    ug_in_district_tuition  integer CHECK (ug_in_district_tuition >= 0),      -- TUITION1
    ug_in_district_fees     integer CHECK (ug_in_district_fees >= 0),         -- FEE1
    ug_in_state_tuition     integer CHECK (ug_in_state_tuition >= 0),         -- TUITION2
    ug_in_state_fees        integer CHECK (ug_in_state_fees >= 0),            -- FEE2
    ug_out_of_state_tuition integer CHECK (ug_out_of_state_tuition >= 0),     -- TUITION3
    ug_out_of_state_fees    integer CHECK (ug_out_of_state_fees >= 0),        -- FEE3
    gr_in_district_tuition  integer CHECK (gr_in_district_tuition >= 0),      -- TUITION5
    gr_in_district_fees     integer CHECK (gr_in_district_fees >= 0),         -- FEE5
    gr_in_state_tuition     integer CHECK (gr_in_state_tuition >= 0),         -- TUITION6
    gr_in_state_fees        integer CHECK (gr_in_state_fees >= 0),            -- FEE6
    gr_out_of_state_tuition integer CHECK (gr_out_of_state_tuition >= 0),     -- TUITION7
    gr_out_of_state_fees    integer CHECK (gr_out_of_state_fees >= 0),        -- FEE7
    imputation              jsonb NOT NULL DEFAULT '{}',   -- the X* flag of each value above, as published: {"TUITION2": "R", ...}
    dataset_id              text REFERENCES hf.datasets
);
COMMENT ON TABLE hf.institution_charges IS
    'IPEDS IC_AY: full-time tuition and required fees per academic year, US dollars. NULL = "." in the file (not reported / not applicable). A reported 0 stays 0.';
GRANT SELECT ON hf.institution_charges TO hitfinder_reader;

-- CIP-SOC crosswalk ------------------------------------------------------------------------------

CREATE TABLE hf.cip_soc_crosswalk (
    cip_code   text NOT NULL CHECK (cip_code ~ '^[0-9]{2}\.[0-9]{4}$'),
    cip_title  text NOT NULL,
    soc        text NOT NULL CHECK (soc ~ '^[0-9]{2}-[0-9]{4}$'),
    soc_title  text NOT NULL,
    dataset_id text REFERENCES hf.datasets,
    PRIMARY KEY (cip_code, soc)
);
CREATE INDEX cip_soc_crosswalk_soc ON hf.cip_soc_crosswalk (soc);
COMMENT ON TABLE hf.cip_soc_crosswalk IS 'NCES CIP 2020 - SOC 2018 crosswalk (sheet CIP-SOC), many-to-many, as published.';
GRANT SELECT ON hf.cip_soc_crosswalk TO hitfinder_reader;

-- Certification eligibility as data ---------------------------------------------------------

CREATE TABLE hf.certification_eligibility (
    id                  integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    certification_code  text NOT NULL REFERENCES hf.certifications ON DELETE CASCADE,
    program_route       boolean NOT NULL,     -- true: completing a program of this field and degree is, by
                                              -- itself, a documented route to sit the exam (then joined)
    field               text REFERENCES hf.program_fields,
    degree              text REFERENCES hf.degree_levels (code),
    requires_cahiim     boolean NOT NULL DEFAULT false,   -- the program must be CAHIIM-accredited (in force)
    cahiim_program_type text CHECK (cahiim_program_type IN ('HIM', 'HI')),   -- ... of this CAHIIM program type
    note                text NOT NULL,
    source_url          text,
    dataset_id          text REFERENCES hf.datasets,
    UNIQUE NULLS NOT DISTINCT (certification_code, field, degree),
    CHECK (NOT program_route OR (field IS NOT NULL AND degree IS NOT NULL)),
    CHECK (cahiim_program_type IS NULL OR requires_cahiim)
);
COMMENT ON TABLE hf.certification_eligibility IS
    'Eligibility rules. A program is eligible for a certification when a rule with program_route has its field and degree and, if requires_cahiim, the program''s current CAHIIM status is in force (initial, continuing, probation) for cahiim_program_type. Rules without program_route only document (note) that the exam asks for experience or for no program.';
CREATE INDEX certification_eligibility_route ON hf.certification_eligibility (field, degree) WHERE program_route;
GRANT SELECT ON hf.certification_eligibility TO hitfinder_reader;

-- Read model --------------------------------------------------------------------------------
-- Tables rebuilt by hf_admin.refresh_read_model() inside every import that changes their
-- sources (readers keep the old rows until that import commits). Column names are fixed
-- by docs/internals.md; the ones marked "addition" are ours.

CREATE TABLE hf.program_search (
    id                    bigint PRIMARY KEY,
    title                 text NOT NULL,
    field                 text NOT NULL,
    cip_code              text NOT NULL,
    degree                text NOT NULL,
    degree_rank           integer NOT NULL,
    award_level           text,
    award_level_code      integer NOT NULL,
    delivery              text,
    credits               numeric,
    url                   text,
    awards_latest         integer,
    awards_by_year        jsonb NOT NULL,
    institution_id        integer NOT NULL,
    institution_name      text NOT NULL,
    institution_aliases   text[] NOT NULL,
    city                  text,
    state                 char(2),
    zip                   text,
    control               text,
    institution_url       text,
    lat                   double precision,
    lon                   double precision,
    geo                   public.earth,
    accreditation         jsonb,
    accreditation_status  text NOT NULL CHECK (accreditation_status IN ('candidacy', 'initial', 'continuing', 'probation', 'withdrawn', 'none')),
    accredited            boolean NOT NULL,
    tuition_in_state      integer,
    tuition_out_of_state  integer,
    eligible_certifications text[] NOT NULL,
    flags                 jsonb NOT NULL,
    sources               text[] NOT NULL,
    tsv                   tsvector NOT NULL,
    search_text           text NOT NULL,
    name_sort             text NOT NULL,
    -- additions:
    cip_title             text,                -- the official CIP 2020 title
    awards_year           integer,             -- the survey year of awards_latest
    zip5                  char(5),
    city_key              text,                -- lower(unaccent(city)): the city filter
    stabbr                text,                -- IPEDS STABBR (FM/MH/PW where state is NULL)
    accreditation_program_type text,           -- HIM | HI of the current CAHIIM record
    tuition_in_district   integer,             -- TUITION1+FEE1 (undergraduate) or TUITION5+FEE5 (graduate)
    tuition_year          text,                -- '2023-24'
    graduation_rate       numeric,
    employment_rate       numeric,
    exam_pass_rate        numeric,
    outcomes_as_of        date
);
COMMENT ON TABLE hf.program_search IS
    'Read model: one row per program, denormalized for GET /api/v1/programs. Rebuilt by hf_admin.refresh_read_model(); never written by the worker.';
COMMENT ON COLUMN hf.program_search.tsv IS
    'title (A), institution name (B), aliases (C), city (D): to_tsvector(''simple'', unaccent(...)).';
CREATE INDEX program_search_tsv ON hf.program_search USING gin (tsv);
CREATE INDEX program_search_trgm ON hf.program_search USING gin (search_text public.gin_trgm_ops);
CREATE INDEX program_search_geo ON hf.program_search USING gist (geo);
CREATE INDEX program_search_certs ON hf.program_search USING gin (eligible_certifications);
CREATE INDEX program_search_state ON hf.program_search (state, name_sort, id);
CREATE INDEX program_search_degree ON hf.program_search (degree, name_sort, id);
CREATE INDEX program_search_field ON hf.program_search (field, name_sort, id);
CREATE INDEX program_search_name ON hf.program_search (name_sort, id);
CREATE INDEX program_search_tuition ON hf.program_search (tuition_in_state, id);
CREATE INDEX program_search_city ON hf.program_search (city_key);
CREATE INDEX program_search_institution ON hf.program_search (institution_id);
CREATE INDEX program_search_accreditation ON hf.program_search (accreditation_status);
CREATE INDEX program_search_delivery ON hf.program_search (delivery) WHERE delivery IS NOT NULL;
GRANT SELECT ON hf.program_search TO hitfinder_reader;

CREATE TABLE hf.search_words (
    word text COLLATE "C" PRIMARY KEY,   -- C collation: LIKE 'abc%' uses the primary key
    ndoc integer NOT NULL                -- programs whose tsv has the word
);
COMMENT ON TABLE hf.search_words IS
    'Typo vocabulary: every distinct lexeme of hf.program_search.tsv made only of letters and digits (the words hf.program_query can produce).';
CREATE INDEX search_words_trgm ON hf.search_words USING gin (word public.gin_trgm_ops);
GRANT SELECT ON hf.search_words TO hitfinder_reader;

CREATE TABLE hf.institution_search (
    id            integer PRIMARY KEY,
    name          text NOT NULL,
    aliases       text[] NOT NULL,
    city          text,
    state         char(2),
    zip           text,
    lat           double precision,
    lon           double precision,
    control       text,
    url           text,
    dataset_id    text,
    stabbr        text,
    zip5          char(5),
    geo           public.earth,
    program_count integer NOT NULL,
    tsv           tsvector NOT NULL,
    search_text   text NOT NULL,
    name_sort     text NOT NULL,
    -- additions:
    city_key      text,
    degrees       text[] NOT NULL,     -- degree codes of its programs, in rank order
    fields        text[] NOT NULL,     -- fields of its programs
    accredited_program_count integer NOT NULL,
    sources       text[] NOT NULL
);
COMMENT ON TABLE hf.institution_search IS
    'Read model: one row per institution of hf.institutions with its program count; tsv = name (A), aliases (B), city (C). Rebuilt by hf_admin.refresh_read_model().';
CREATE INDEX institution_search_tsv ON hf.institution_search USING gin (tsv);
CREATE INDEX institution_search_trgm ON hf.institution_search USING gin (search_text public.gin_trgm_ops);
CREATE INDEX institution_search_geo ON hf.institution_search USING gist (geo);
CREATE INDEX institution_search_state ON hf.institution_search (state, name_sort, id);
CREATE INDEX institution_search_name ON hf.institution_search (name_sort, id);
CREATE INDEX institution_search_city ON hf.institution_search (city_key);
CREATE INDEX institution_search_with_programs ON hf.institution_search (name_sort, id) WHERE program_count > 0;
GRANT SELECT ON hf.institution_search TO hitfinder_reader;

-- Views --------------------------------------------------------------------------------------

-- Every accreditation record of every program, newest first per program; current marks
-- the record the read model shows (latest status_date, undated last, then the latest import).
CREATE VIEW hf.accreditation_history AS
SELECT a.program_id, a.body, a.status, a.status_date, a.next_review, a.source_url, a.dataset_id,
       d.loaded_at,
       -- additions:
       a.id, a.status_stated, a.status_date_stated, a.program_title, a.program_type,
       a.delivery, a.delivery_stated, a.confidence, a.source_urls,
       row_number() OVER (PARTITION BY a.program_id
                          ORDER BY a.status_date DESC NULLS LAST, a.id DESC) = 1 AS current
  FROM hf.accreditations a
  LEFT JOIN hf.datasets d ON d.id = a.dataset_id;
COMMENT ON VIEW hf.accreditation_history IS
    'Accreditation history per program (ORDER BY status_date DESC NULLS LAST, id DESC for newest first); current = the record hf.program_search shows.';
GRANT SELECT ON hf.accreditation_history TO hitfinder_reader;

-- The careers a program prepares for: the NCES crosswalk through the program's CIP code.
-- title is the occupation's title once hf.occupations has it, else the crosswalk's.
CREATE VIEW hf.program_careers AS
SELECT p.id AS program_id, x.soc, coalesce(o.title, x.soc_title) AS title,
       -- additions:
       p.cip_code, x.dataset_id
  FROM hf.programs p
  JOIN hf.cip_soc_crosswalk x ON x.cip_code = p.cip_code
  LEFT JOIN hf.occupations o ON o.soc = x.soc;
GRANT SELECT ON hf.program_careers TO hitfinder_reader;

-- (program, certification) pairs of the read model: programs that make a graduate eligible.
CREATE VIEW hf.program_certifications AS
SELECT s.id AS program_id, c.code AS certification_code
  FROM hf.program_search s
  CROSS JOIN LATERAL unnest(s.eligible_certifications) AS c(code);
GRANT SELECT ON hf.program_certifications TO hitfinder_reader;

-- Staging tables: the files as published, all text, plus "line" (the file line) ----------------

CREATE TABLE hf_staging.ipeds_completions (
    line bigint GENERATED ALWAYS AS IDENTITY (START 2) PRIMARY KEY,
    "SURVEY_YEAR" text, "UNITID" text, "CIPCODE" text, "MAJORNUM" text, "AWLEVEL" text,
    "CTOTALT" text, "CTOTALM" text, "CTOTALW" text
);
COMMENT ON TABLE hf_staging.ipeds_completions IS 'IPEDS completions (C20xx_A cut, 8 columns) as published; empty between imports.';

CREATE TABLE hf_staging.ipeds_code_labels (
    line bigint GENERATED ALWAYS AS IDENTITY (START 2) PRIMARY KEY,
    var text, code text, label text
);
COMMENT ON TABLE hf_staging.ipeds_code_labels IS 'IPEDS code labels (ipeds/c2024_a_awlevel_codes.csv layout: var,code,label); empty between imports.';

CREATE TABLE hf_staging.cip_titles (
    line bigint GENERATED ALWAYS AS IDENTITY (START 2) PRIMARY KEY,
    cipcode text, title text
);
COMMENT ON TABLE hf_staging.cip_titles IS 'CIP titles (ipeds/cip2020_titles_c2024.csv layout); empty between imports.';

-- IC2023_AY: 235 columns, the last one named "CHG9AY3 " with its trailing space, as published.
CREATE TABLE hf_staging.ipeds_ic_ay (
    line bigint GENERATED ALWAYS AS IDENTITY (START 2) PRIMARY KEY,
    "UNITID" text, "XTUIT1" text, "TUITION1" text, "XFEE1" text, "FEE1" text, "XHRCHG1" text, "HRCHG1" text,
    "XTUIT2" text, "TUITION2" text, "XFEE2" text, "FEE2" text, "XHRCHG2" text, "HRCHG2" text,
    "XTUIT3" text, "TUITION3" text, "XFEE3" text, "FEE3" text, "XHRCHG3" text, "HRCHG3" text,
    "XTUIT5" text, "TUITION5" text, "XFEE5" text, "FEE5" text, "XHRCHG5" text, "HRCHG5" text,
    "XTUIT6" text, "TUITION6" text, "XFEE6" text, "FEE6" text, "XHRCHG6" text, "HRCHG6" text,
    "XTUIT7" text, "TUITION7" text, "XFEE7" text, "FEE7" text, "XHRCHG7" text, "HRCHG7" text,
    "XISPRO1" text, "ISPROF1" text, "XISPFE1" text, "ISPFEE1" text, "XOSPRO1" text, "OSPROF1" text, "XOSPFE1" text, "OSPFEE1" text,
    "XISPRO2" text, "ISPROF2" text, "XISPFE2" text, "ISPFEE2" text, "XOSPRO2" text, "OSPROF2" text, "XOSPFE2" text, "OSPFEE2" text,
    "XISPRO3" text, "ISPROF3" text, "XISPFE3" text, "ISPFEE3" text, "XOSPRO3" text, "OSPROF3" text, "XOSPFE3" text, "OSPFEE3" text,
    "XISPRO4" text, "ISPROF4" text, "XISPFE4" text, "ISPFEE4" text, "XOSPRO4" text, "OSPROF4" text, "XOSPFE4" text, "OSPFEE4" text,
    "XISPRO5" text, "ISPROF5" text, "XISPFE5" text, "ISPFEE5" text, "XOSPRO5" text, "OSPROF5" text, "XOSPFE5" text, "OSPFEE5" text,
    "XISPRO6" text, "ISPROF6" text, "XISPFE6" text, "ISPFEE6" text, "XOSPRO6" text, "OSPROF6" text, "XOSPFE6" text, "OSPFEE6" text,
    "XISPRO7" text, "ISPROF7" text, "XISPFE7" text, "ISPFEE7" text, "XOSPRO7" text, "OSPROF7" text, "XOSPFE7" text, "OSPFEE7" text,
    "XISPRO8" text, "ISPROF8" text, "XISPFE8" text, "ISPFEE8" text, "XOSPRO8" text, "OSPROF8" text, "XOSPFE8" text, "OSPFEE8" text,
    "XISPRO9" text, "ISPROF9" text, "XISPFE9" text, "ISPFEE9" text, "XOSPRO9" text, "OSPROF9" text, "XOSPFE9" text, "OSPFEE9" text,
    "XCHG1AT0" text, "CHG1AT0" text, "XCHG1AF0" text, "CHG1AF0" text, "XCHG1AY0" text, "CHG1AY0" text,
    "XCHG1AT1" text, "CHG1AT1" text, "XCHG1AF1" text, "CHG1AF1" text, "XCHG1AY1" text, "CHG1AY1" text,
    "XCHG1AT2" text, "CHG1AT2" text, "XCHG1AF2" text, "CHG1AF2" text, "XCHG1AY2" text, "CHG1AY2" text,
    "XCHG1AT3" text, "CHG1AT3" text, "XCHG1AF3" text, "CHG1AF3" text, "XCHG1AY3" text, "CHG1AY3" text,
    "CHG1TGTD" text, "CHG1FGTD" text,
    "XCHG2AT0" text, "CHG2AT0" text, "XCHG2AF0" text, "CHG2AF0" text, "XCHG2AY0" text, "CHG2AY0" text,
    "XCHG2AT1" text, "CHG2AT1" text, "XCHG2AF1" text, "CHG2AF1" text, "XCHG2AY1" text, "CHG2AY1" text,
    "XCHG2AT2" text, "CHG2AT2" text, "XCHG2AF2" text, "CHG2AF2" text, "XCHG2AY2" text, "CHG2AY2" text,
    "XCHG2AT3" text, "CHG2AT3" text, "XCHG2AF3" text, "CHG2AF3" text, "XCHG2AY3" text, "CHG2AY3" text,
    "CHG2TGTD" text, "CHG2FGTD" text,
    "XCHG3AT0" text, "CHG3AT0" text, "XCHG3AF0" text, "CHG3AF0" text, "XCHG3AY0" text, "CHG3AY0" text,
    "XCHG3AT1" text, "CHG3AT1" text, "XCHG3AF1" text, "CHG3AF1" text, "XCHG3AY1" text, "CHG3AY1" text,
    "XCHG3AT2" text, "CHG3AT2" text, "XCHG3AF2" text, "CHG3AF2" text, "XCHG3AY2" text, "CHG3AY2" text,
    "XCHG3AT3" text, "CHG3AT3" text, "XCHG3AF3" text, "CHG3AF3" text, "XCHG3AY3" text, "CHG3AY3" text,
    "CHG3TGTD" text, "CHG3FGTD" text,
    "XCHG4AY0" text, "CHG4AY0" text, "XCHG4AY1" text, "CHG4AY1" text, "XCHG4AY2" text, "CHG4AY2" text, "XCHG4AY3" text, "CHG4AY3" text,
    "XCHG5AY0" text, "CHG5AY0" text, "XCHG5AY1" text, "CHG5AY1" text, "XCHG5AY2" text, "CHG5AY2" text, "XCHG5AY3" text, "CHG5AY3" text,
    "XCHG6AY0" text, "CHG6AY0" text, "XCHG6AY1" text, "CHG6AY1" text, "XCHG6AY2" text, "CHG6AY2" text, "XCHG6AY3" text, "CHG6AY3" text,
    "XCHG7AY0" text, "CHG7AY0" text, "XCHG7AY1" text, "CHG7AY1" text, "XCHG7AY2" text, "CHG7AY2" text, "XCHG7AY3" text, "CHG7AY3" text,
    "XCHG8AY0" text, "CHG8AY0" text, "XCHG8AY1" text, "CHG8AY1" text, "XCHG8AY2" text, "CHG8AY2" text, "XCHG8AY3" text, "CHG8AY3" text,
    "XCHG9AY0" text, "CHG9AY0" text, "XCHG9AY1" text, "CHG9AY1" text, "XCHG9AY2" text, "CHG9AY2" text, "XCHG9AY3" text, "CHG9AY3 " text
);
COMMENT ON TABLE hf_staging.ipeds_ic_ay IS 'IPEDS IC_AY (IC2023_AY layout, 235 columns; "CHG9AY3 " keeps its published trailing space); empty between imports.';

-- The CAHIIM program list as transcribed from program pages (cahiim_partial/ layout).
CREATE TABLE hf_staging.cahiim_transcribed (
    line bigint GENERATED ALWAYS AS IDENTITY (START 2) PRIMARY KEY,
    unitid text, institution text, city text, state text, program_title text, degree_level text,
    program_type text, ipeds_cip text, delivery_stated text, accreditor text,
    accreditation_status_stated text, status_as_of text, evidence_paraphrase text, source_url text,
    confidence text
);
COMMENT ON TABLE hf_staging.cahiim_transcribed IS 'CAHIIM programs transcribed from program pages (cahiim_partial/ layout); empty between imports.';

-- The admin export of the CAHIIM directory (layout defined by hitfinder: sql/README.md).
CREATE TABLE hf_staging.cahiim_export (
    line bigint GENERATED ALWAYS AS IDENTITY (START 2) PRIMARY KEY,
    unitid text, program_title text, cip text, degree text, program_type text, delivery text,
    status text, status_date text, next_review text, source_url text
);
COMMENT ON TABLE hf_staging.cahiim_export IS 'CAHIIM directory admin export (unitid,program_title,cip,degree,program_type,delivery,status,status_date,next_review,source_url); empty between imports.';

-- Both CAHIIM layouts are first rewritten into this one (hf_admin.load_accreditation_rows).
CREATE TABLE hf_staging.accreditation_rows (
    line              bigint PRIMARY KEY,
    unitid            text, program_title text, cip text, degree text, program_type text,
    delivery          text, body text, status text, status_date text, next_review text,
    source_url        text, confidence text, evidence text
);
COMMENT ON TABLE hf_staging.accreditation_rows IS 'CAHIIM rows of either layout in one shape, during an import; empty between imports.';

CREATE TABLE hf_staging.cip_soc (
    line bigint GENERATED ALWAYS AS IDENTITY (START 2) PRIMARY KEY,
    "CIP2020Code" text, "CIP2020Title" text, "SOC2018Code" text, "SOC2018Title" text
);
COMMENT ON TABLE hf_staging.cip_soc IS 'NCES CIP 2020 - SOC 2018 crosswalk, sheet CIP-SOC as CSV; empty between imports.';

-- 0009_ipeds_completions_2020_2024.sql: data release IPEDS completions C2020_A..C2024_A
-- (first majors, CIP 51.07 and 51.27) with the C2024_A award-level labels and the CIP 2020
-- titles -> hf.ipeds_award_levels, hf.cip_codes, hf.programs (a program = UNITID x CIP x
-- AWLEVEL of the latest survey year, 2024, for the CIP codes of hf.program_fields).
--
-- The three files are read exactly as published (HEADER MATCH) into hf_staging, then
-- hf_admin.import_ipeds_completions validates every row (errors name the file and line;
-- an unknown UNITID or AWLEVEL loads nothing), loads, refreshes the read model and bumps
-- the data version. The next release is a copy of this file with the new file names.

SELECT hf_admin.staging_reset('hf_staging.ipeds_code_labels');
SELECT hf_admin.staging_reset('hf_staging.cip_titles');
SELECT hf_admin.staging_reset('hf_staging.ipeds_completions');

\copy hf_staging.ipeds_code_labels (var, code, label) FROM '@DATA_DIR@/ipeds/c2024_a_awlevel_codes.csv' WITH (FORMAT csv, HEADER MATCH, ENCODING 'UTF8')
\copy hf_staging.cip_titles (cipcode, title) FROM '@DATA_DIR@/ipeds/cip2020_titles_c2024.csv' WITH (FORMAT csv, HEADER MATCH, ENCODING 'UTF8')
\copy hf_staging.ipeds_completions ("SURVEY_YEAR", "UNITID", "CIPCODE", "MAJORNUM", "AWLEVEL", "CTOTALT", "CTOTALM", "CTOTALW") FROM '@DATA_DIR@/ipeds/completions_hit_cip5107_5127_2020_2024.csv' WITH (FORMAT csv, HEADER MATCH, ENCODING 'UTF8')

SELECT hf_admin.import_ipeds_completions(
    completions => hf_admin.dataset(
        id         => 'ipeds-completions-2020-2024',
        source     => 'IPEDS Completions',
        title      => 'IPEDS Completions by CIP and award level, first majors, CIP 51.07 and 51.27 (C2020_A to C2024_A)',
        source_url => 'https://nces.ed.gov/ipeds/datacenter/DataFiles.aspx',
        vintage    => 'C2020_A-C2024_A (awards July 2019 - June 2024; 2024 provisional)',
        file       => 'ipeds/completions_hit_cip5107_5127_2020_2024.csv',
        license    => 'Public domain (NCES)',
        citation   => 'U.S. Department of Education, National Center for Education Statistics, Integrated Postsecondary Education Data System (IPEDS), Completions C2020_A-C2024_A'),
    award_levels => hf_admin.dataset(
        id         => 'ipeds-c2024-a-awlevel',
        source     => 'IPEDS C2024_A dictionary',
        title      => 'IPEDS C2024_A code labels: AWLEVEL (award level) and MAJORNUM',
        source_url => 'https://nces.ed.gov/ipeds/datacenter/data/C2024_A_Dict.zip',
        vintage    => 'C2024_A (2023-24)',
        file       => 'ipeds/c2024_a_awlevel_codes.csv',
        license    => 'Public domain (NCES)',
        citation   => 'U.S. Department of Education, National Center for Education Statistics, IPEDS C2024_A data dictionary'),
    cip_titles => hf_admin.dataset(
        id         => 'nces-cip2020-titles',
        source     => 'NCES CIP 2020',
        title      => 'Classification of Instructional Programs 2020: codes and titles used in IPEDS C2024_A',
        source_url => 'https://nces.ed.gov/ipeds/cipcode/',
        vintage    => 'CIP 2020',
        file       => 'ipeds/cip2020_titles_c2024.csv',
        license    => 'Public domain (NCES)',
        citation   => 'U.S. Department of Education, National Center for Education Statistics, Classification of Instructional Programs (CIP) 2020'));

-- 0023_oews_may_2023_state_means.sql: data release BLS OEWS May 2023, state
-- estimates, MEAN WAGES ONLY -> hf.wages (state areas, year 2023).
--
-- Reads @DATA_DIR@/bls_oews/state_M2023_mean_wages_all_occ.csv: a five-column
-- cut (AREA_TITLE, OCC_CODE, OCC_TITLE, H_MEAN, A_MEAN) of BLS's
-- state_M2023_dl, all 37,676 rows (50 states, DC, PR, GU, VI). The whole file
-- is staged and validated (about a second); only the occupations of
-- hf.occupations are loaded. The state is given by name (hf.states.name, or
-- hf_admin.area_name_aliases: "Virgin Islands" -> VI). Columns the cut lacks
-- (employment, jobs per 1,000, location quotient, median and percentiles,
-- ANNUAL/HOURLY) are NULL with the flag not_loaded, distinct from BLS's
-- suppressed (*) values. When an admin brings the full state file, its release
-- stages it in hf_staging.oews and calls the same importer (year 2023 replaces
-- these rows).
--
-- Top-code: BLS's OEWS workbooks of this period note "# = indicates a wage equal
-- to or greater than $115.00 per hour or $239,200 per year" (the cut dropped the
-- Field Descriptions sheet; the May 2025 workbook here and BLS EP's 2024 wage
-- column, ">=$239,200", carry the same values). The file has 73 '#' rows, all
-- physicians and surgeons.

SELECT hf_admin.staging_reset('hf_staging.oews_state_means');

\copy hf_staging.oews_state_means ("AREA_TITLE", "OCC_CODE", "OCC_TITLE", "H_MEAN", "A_MEAN") FROM '@DATA_DIR@/bls_oews/state_M2023_mean_wages_all_occ.csv' WITH (FORMAT csv, HEADER MATCH, ENCODING 'UTF8')

SELECT hf_admin.import_oews(
    hf_admin.dataset(
        id         => 'bls-oews-state-means-2023-05',
        source     => 'BLS OEWS',
        title      => 'Occupational Employment and Wage Statistics, May 2023, state estimates: mean hourly and annual wages only',
        source_url => 'https://www.bls.gov/oes/special-requests/oesm23st.zip',
        vintage    => 'OEWS May 2023 (state mean wages only)',
        file       => 'bls_oews/state_M2023_mean_wages_all_occ.csv',
        license    => 'Public domain (U.S. Bureau of Labor Statistics)',
        citation   => 'Source: U.S. Bureau of Labor Statistics, Occupational Employment and Wage Statistics (OEWS), May 2023 state estimates'),
    staging    => 'hf_staging.oews_state_means',
    year       => 2023,
    top_annual => 239200,
    top_hourly => 115.00);

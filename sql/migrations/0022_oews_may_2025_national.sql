-- 0022_oews_may_2025_national.sql: data release BLS OEWS May 2025, national
-- cross-industry estimates -> hf.wages (area 'US', year 2025).
--
-- Reads @DATA_DIR@/bls_oews/national_M2025_dl.csv: the sheet national_M2025_dl of
-- BLS's national_M2025_dl.xlsx (oesm25nat.zip) as CSV, values as displayed
-- (thousands separators and the * ** # markers kept), in the official 32-column
-- layout (HEADER MATCH rejects any other header). hf_admin.import_oews validates
-- every row (errors name the file and line), loads the cross-industry rows of
-- the occupations in hf.occupations (O_GROUP total or detailed), records the
-- dataset, refreshes the career read model and bumps the data version.
--
-- Top-code: the workbook's Field Descriptions sheet says "# = indicates a wage
-- equal to or greater than $115.00 per hour or $239,200 per year"; a '#' cell is
-- loaded as that value with the flag at_least. (This file has no '#' cell.)
-- The next national release is a copy of this file naming the new file, year,
-- dataset and the top-code of its Field Descriptions.

SELECT hf_admin.staging_reset('hf_staging.oews');

\copy hf_staging.oews ("AREA", "AREA_TITLE", "AREA_TYPE", "PRIM_STATE", "NAICS", "NAICS_TITLE", "I_GROUP", "OWN_CODE", "OCC_CODE", "OCC_TITLE", "O_GROUP", "TOT_EMP", "EMP_PRSE", "JOBS_1000", "LOC_QUOTIENT", "PCT_TOTAL", "PCT_RPT", "H_MEAN", "A_MEAN", "MEAN_PRSE", "H_PCT10", "H_PCT25", "H_MEDIAN", "H_PCT75", "H_PCT90", "A_PCT10", "A_PCT25", "A_MEDIAN", "A_PCT75", "A_PCT90", "ANNUAL", "HOURLY") FROM '@DATA_DIR@/bls_oews/national_M2025_dl.csv' WITH (FORMAT csv, HEADER MATCH, ENCODING 'UTF8')

SELECT hf_admin.import_oews(
    hf_admin.dataset(
        id         => 'bls-oews-national-2025-05',
        source     => 'BLS OEWS',
        title      => 'Occupational Employment and Wage Statistics, May 2025, national cross-industry estimates',
        source_url => 'https://www.bls.gov/oes/special-requests/oesm25nat.zip',
        vintage    => 'OEWS May 2025',
        file       => 'bls_oews/national_M2025_dl.csv',
        license    => 'Public domain (U.S. Bureau of Labor Statistics)',
        citation   => 'Source: U.S. Bureau of Labor Statistics, Occupational Employment and Wage Statistics (OEWS), May 2025'),
    staging    => 'hf_staging.oews',
    year       => 2025,
    top_annual => 239200,
    top_hourly => 115.00);

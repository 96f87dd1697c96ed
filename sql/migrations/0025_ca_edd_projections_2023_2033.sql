-- 0025_ca_edd_projections_2023_2033.sql: data release California EDD long-term
-- occupational projections 2023-2033, statewide -> hf.projections (area 'CA',
-- base 2023, projected 2033).
--
-- Reads @DATA_DIR@/bls_projections/ca_edd_long_term_occ_projections_2023-2033.csv:
-- the sheet Occupational of EDD's workbook (published July 2025) converted to
-- CSV (title rows dropped; HEADER MATCH checks the 15 published column names).
-- Employment is in persons; "Total Job Openings" is the 10-year total, loaded
-- as annual openings = total / 10, rounded to a whole person. The years come
-- from the header.

SELECT hf_admin.staging_reset('hf_staging.ca_edd_occ_projections');

\copy hf_staging.ca_edd_occ_projections ("SOC Level[1]", "SOC Code[2]", "Occupational Title[3]", "Base Year Employment Estimate 2023[4][5]", "Projected Year Employment Estimate 2033", "Numeric Change 2023-2033[6]", "Percent-age Change 2023-2033", "Exits [7]", "Transfers [8]", "Total Job Openings [9]", "Median Hourly Wages [10]", "Median Annual Wages [10]", "Entry Level Education [11][12]", "Work Experience [11][12]", "On-the-Job Training [11][12]") FROM '@DATA_DIR@/bls_projections/ca_edd_long_term_occ_projections_2023-2033.csv' WITH (FORMAT csv, HEADER MATCH, ENCODING 'UTF8')

SELECT hf_admin.import_ca_edd_projections(
    hf_admin.dataset(
        id         => 'ca-edd-projections-2023-2033',
        source     => 'California EDD projections',
        title      => 'California EDD Labor Market Information Division, long-term occupational employment projections 2023-2033, statewide',
        source_url => 'https://labormarketinfo.edd.ca.gov/data/employment-projections.html',
        vintage    => 'EDD long-term projections 2023-2033 (July 2025)',
        file       => 'bls_projections/ca_edd_long_term_occ_projections_2023-2033.csv',
        license    => 'California public data (EDD Labor Market Information Division); cite EDD',
        citation   => 'Source: California Employment Development Department, Labor Market Information Division, Long-Term Occupational Employment Projections 2023-2033'),
    staging => 'hf_staging.ca_edd_occ_projections');

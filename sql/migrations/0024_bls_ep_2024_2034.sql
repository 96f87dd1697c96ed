-- 0024_bls_ep_2024_2034.sql: data release BLS Employment Projections 2024-34,
-- table 1.2 -> hf.projections (area 'US', base 2024, projected 2034) and the
-- typical education, work experience and on-the-job training of hf.occupations.
--
-- Reads @DATA_DIR@/bls_projections/bls_ep_table1_2_occupational_projections_2024-2034.csv:
-- table 1.2 of BLS's occupation.xlsx converted to CSV (title row and footnotes
-- dropped). One published column name is 73 characters long, beyond
-- PostgreSQL's 63-byte identifiers, so HEADER MATCH cannot check it: the file is
-- copied without a header option (the header becomes staging line 1) and
-- hf_admin.import_bls_ep_table1_2 checks all 16 published names in full before
-- loading anything, taking the base and projected years from them.
-- Employment, change and openings are published in thousands and loaded as
-- persons (x 1000); the percent change as published.
-- The next release is a copy of this file naming its file and dataset (the
-- importer reads by position and finds the years in the header).

SELECT hf_admin.staging_reset('hf_staging.bls_ep_table1_2');

\copy hf_staging.bls_ep_table1_2 ("2024 National Employment Matrix title", "2024 National Employment Matrix code", "Occupation type", "Employment, 2024", "Employment, 2034", "Employment distribution, percent, 2024", "Employment distribution, percent, 2034", "Employment change, numeric, 2024–34", "Employment change, percent, 2024–34", "Percent self employed, 2024", "Occupational openings, 2024–34 annual average", "Median annual wage, dollars, 2024[1]", "Typical education needed for entry", "Work experience in a related occupation", "Typical on-the-job training needed to attain competency in the occupation", "Related Occupational Outlook Handbook (OOH) content xlsx") FROM '@DATA_DIR@/bls_projections/bls_ep_table1_2_occupational_projections_2024-2034.csv' WITH (FORMAT csv, ENCODING 'UTF8')

SELECT hf_admin.import_bls_ep_table1_2(
    hf_admin.dataset(
        id         => 'bls-ep-2024-2034',
        source     => 'BLS Employment Projections',
        title      => 'Employment Projections 2024-34, table 1.2: employment by detailed occupation, 2024 and projected 2034',
        source_url => 'https://www.bls.gov/emp/ind-occ-matrix/occupation.xlsx',
        vintage    => 'EP 2024-2034',
        file       => 'bls_projections/bls_ep_table1_2_occupational_projections_2024-2034.csv',
        license    => 'Public domain (U.S. Bureau of Labor Statistics)',
        citation   => 'Source: U.S. Bureau of Labor Statistics, Employment Projections program, 2024-34, table 1.2'),
    staging => 'hf_staging.bls_ep_table1_2');

-- 0011_cip_soc_crosswalk_2020.sql: data release NCES CIP 2020 - SOC 2018 crosswalk
-- (sheet CIP-SOC as CSV, whole) -> hf.cip_soc_crosswalk, read by hf.program_careers.

SELECT hf_admin.staging_reset('hf_staging.cip_soc');

\copy hf_staging.cip_soc ("CIP2020Code", "CIP2020Title", "SOC2018Code", "SOC2018Title") FROM '@DATA_DIR@/cip_soc/cip2020_soc2018_crosswalk.csv' WITH (FORMAT csv, HEADER MATCH, ENCODING 'UTF8')

SELECT hf_admin.import_cip_soc(hf_admin.dataset(
    id         => 'nces-cip2020-soc2018',
    source     => 'NCES CIP-SOC crosswalk',
    title      => 'CIP 2020 to SOC 2018 crosswalk (NCES and BLS), sheet CIP-SOC',
    source_url => 'https://nces.ed.gov/ipeds/cipcode/resources.aspx?y=56',
    vintage    => 'CIP 2020 / SOC 2018',
    file       => 'cip_soc/cip2020_soc2018_crosswalk.csv',
    license    => 'Public domain (NCES)',
    citation   => 'U.S. Department of Education, National Center for Education Statistics, and U.S. Bureau of Labor Statistics, CIP 2020 - SOC 2018 Crosswalk'));

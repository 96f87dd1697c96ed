-- 0004_ipeds_hd2024.sql: data release IPEDS HD2024 (institutional directory,
-- 2024-25, Release 1 of Sept 2025) -> hf.institutions.
--
-- Reads @DATA_DIR@/ipeds/hd2024.csv exactly as NCES publishes it (72 columns;
-- HEADER MATCH rejects any other header) into hf_staging.ipeds_hd, then
-- hf_admin.import_ipeds_hd validates every row (errors name the file and line),
-- upserts hf.institutions, records the dataset and bumps the data version.
-- The next HD release is a copy of this file with the new file name and dataset.

SELECT hf_admin.staging_reset('hf_staging.ipeds_hd');

\copy hf_staging.ipeds_hd ("UNITID", "INSTNM", "IALIAS", "ADDR", "CITY", "STABBR", "ZIP", "FIPS", "OBEREG", "CHFNM", "CHFTITLE", "GENTELE", "EIN", "UEIS", "OPEID", "OPEFLAG", "WEBADDR", "ADMINURL", "FAIDURL", "APPLURL", "NPRICURL", "VETURL", "ATHURL", "DISAURL", "SECTOR", "ICLEVEL", "CONTROL", "HLOFFER", "UGOFFER", "GROFFER", "HDEGOFR1", "DEGGRANT", "HBCU", "HOSPITAL", "MEDICAL", "TRIBAL", "LOCALE", "OPENPUBL", "ACT", "NEWID", "DEATHYR", "CLOSEDAT", "CYACTIVE", "POSTSEC", "PSEFLAG", "PSET4FLG", "RPTMTH", "INSTCAT", "C00CARNEGIE", "C21BASIC", "CARNEGIEIC", "CARNEGIESAEC", "CARNEGIERSCH", "CARNEGIESIZE", "CARNEGIEALF", "CARNEGIEAPM", "CARNEGIEGPM", "LANDGRNT", "INSTSIZE", "F1SYSTYP", "F1SYSNAM", "F1SYSCOD", "CBSA", "CBSATYPE", "CSA", "COUNTYCD", "COUNTYNM", "CNGDSTCD", "LONGITUD", "LATITUDE", "DFRCGID", "DFRCUSCG") FROM '@DATA_DIR@/ipeds/hd2024.csv' WITH (FORMAT csv, HEADER MATCH, ENCODING 'UTF8')

SELECT hf_admin.import_ipeds_hd(hf_admin.dataset(
    id         => 'ipeds-hd-2024',
    source     => 'IPEDS HD',
    title      => 'IPEDS Institutional Characteristics: Directory information (HD2024)',
    source_url => 'https://nces.ed.gov/ipeds/datacenter/data/HD2024.zip',
    vintage    => 'HD2024 (2024-25)',
    file       => 'ipeds/hd2024.csv',
    license    => 'Public domain (NCES)',
    citation   => 'U.S. Department of Education, National Center for Education Statistics, Integrated Postsecondary Education Data System (IPEDS), HD2024'));

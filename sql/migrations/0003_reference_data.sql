-- 0003_reference_data.sql: reference data that no official file carries in a
-- loadable form: states and territories (USPS + FIPS codes), degree levels, and
-- the certifications with their public exam facts.
--
-- Sources: FIPS state codes (U.S. Census Bureau, the same codes as IPEDS FIPS
-- and the us-atlas ids); certification facts from the issuers' pages (AHIMA,
-- HIMSS, CompTIA) as of facts_checked. A figure we could not confirm is NULL:
-- the API shows NULL as "unknown", which is better than a wrong number.
--
-- Certification codes are the issuers' abbreviations, except COMPTIA-HIT (our
-- code for CompTIA Healthcare IT Technician, exam HIT-001, retired in 2017).

SELECT hf_admin.record_dataset(hf_admin.dataset(
    id         => 'hitfinder-reference-1',
    source     => 'hitfinder reference data',
    title      => 'States and territories with FIPS codes, degree levels, and HIT certifications with their exam facts',
    source_url => 'https://www.census.gov/library/reference/code-lists/ansi.html',
    vintage    => '2026-11',
    file       => NULL,
    license    => 'Public domain (U.S. Census Bureau codes); certification facts from the issuers'' public pages',
    citation   => 'U.S. Census Bureau, ANSI/FIPS state codes; AHIMA, HIMSS and CompTIA certification pages (see each certification''s url)'),
    0);

-- 50 states, DC and the five inhabited territories.
INSERT INTO hf.states (code, fips, name, kind) VALUES
    ('AL', '01', 'Alabama', 'state'),
    ('AK', '02', 'Alaska', 'state'),
    ('AZ', '04', 'Arizona', 'state'),
    ('AR', '05', 'Arkansas', 'state'),
    ('CA', '06', 'California', 'state'),
    ('CO', '08', 'Colorado', 'state'),
    ('CT', '09', 'Connecticut', 'state'),
    ('DE', '10', 'Delaware', 'state'),
    ('DC', '11', 'District of Columbia', 'district'),
    ('FL', '12', 'Florida', 'state'),
    ('GA', '13', 'Georgia', 'state'),
    ('HI', '15', 'Hawaii', 'state'),
    ('ID', '16', 'Idaho', 'state'),
    ('IL', '17', 'Illinois', 'state'),
    ('IN', '18', 'Indiana', 'state'),
    ('IA', '19', 'Iowa', 'state'),
    ('KS', '20', 'Kansas', 'state'),
    ('KY', '21', 'Kentucky', 'state'),
    ('LA', '22', 'Louisiana', 'state'),
    ('ME', '23', 'Maine', 'state'),
    ('MD', '24', 'Maryland', 'state'),
    ('MA', '25', 'Massachusetts', 'state'),
    ('MI', '26', 'Michigan', 'state'),
    ('MN', '27', 'Minnesota', 'state'),
    ('MS', '28', 'Mississippi', 'state'),
    ('MO', '29', 'Missouri', 'state'),
    ('MT', '30', 'Montana', 'state'),
    ('NE', '31', 'Nebraska', 'state'),
    ('NV', '32', 'Nevada', 'state'),
    ('NH', '33', 'New Hampshire', 'state'),
    ('NJ', '34', 'New Jersey', 'state'),
    ('NM', '35', 'New Mexico', 'state'),
    ('NY', '36', 'New York', 'state'),
    ('NC', '37', 'North Carolina', 'state'),
    ('ND', '38', 'North Dakota', 'state'),
    ('OH', '39', 'Ohio', 'state'),
    ('OK', '40', 'Oklahoma', 'state'),
    ('OR', '41', 'Oregon', 'state'),
    ('PA', '42', 'Pennsylvania', 'state'),
    ('RI', '44', 'Rhode Island', 'state'),
    ('SC', '45', 'South Carolina', 'state'),
    ('SD', '46', 'South Dakota', 'state'),
    ('TN', '47', 'Tennessee', 'state'),
    ('TX', '48', 'Texas', 'state'),
    ('UT', '49', 'Utah', 'state'),
    ('VT', '50', 'Vermont', 'state'),
    ('VA', '51', 'Virginia', 'state'),
    ('WA', '53', 'Washington', 'state'),
    ('WV', '54', 'West Virginia', 'state'),
    ('WI', '55', 'Wisconsin', 'state'),
    ('WY', '56', 'Wyoming', 'state'),
    ('AS', '60', 'American Samoa', 'territory'),
    ('GU', '66', 'Guam', 'territory'),
    ('MP', '69', 'Northern Mariana Islands', 'territory'),
    ('PR', '72', 'Puerto Rico', 'territory'),
    ('VI', '78', 'U.S. Virgin Islands', 'territory');

-- The API's degree values in rank order; ipeds_awlevels maps IPEDS AWLEVEL codes
-- (ipeds/c2024_a_awlevel_codes.csv) onto them.
INSERT INTO hf.degree_levels (code, rank, label, ipeds_awlevels) VALUES
    ('certificate',                    1, 'Certificate',                    '{20,21,2,4}'),
    ('associate',                      2, 'Associate degree',               '{3}'),
    ('bachelor',                       3, 'Bachelor''s degree',             '{5}'),
    ('post_baccalaureate_certificate', 4, 'Post-baccalaureate certificate', '{6}'),
    ('master',                         5, 'Master''s degree',               '{7}'),
    ('post_master_certificate',        6, 'Post-master''s certificate',     '{8}'),
    ('doctorate',                      7, 'Doctoral degree',                '{17,18,19}');

INSERT INTO hf.certifications
    (code, name, issuer, prerequisite_degree, prerequisite_notes, requires_cahiim, active,
     exam_fee_usd, exam_fee_member_usd, questions, duration_minutes, passing_score,
     renewal, url, notes, facts_checked, dataset_id)
VALUES
    ('RHIT', 'Registered Health Information Technician', 'AHIMA', 'associate',
     'Complete an associate-level health information management program accredited by CAHIIM (students in their final term may test early), or an HIM program approved by a foreign association with which AHIMA has a reciprocity agreement.',
     true, true,
     299, 229, 150, 210, '300 (scaled score, range 100-400)',
     'Every 2 years: 20 continuing education units (AHIMA recertification).',
     'https://www.ahima.org/certification-careers/certification-exams/rhit/',
     '150 items of which 130 are scored (20 unscored pretest items).',
     '2026-11-29', 'hitfinder-reference-1'),
    ('RHIA', 'Registered Health Information Administrator', 'AHIMA', 'bachelor',
     'Complete a baccalaureate-level (or master''s-level or post-baccalaureate certificate) health information management program accredited by CAHIIM, or an HIM program approved by a foreign association with which AHIMA has a reciprocity agreement.',
     true, true,
     NULL, NULL, NULL, NULL, '300 (scaled score, range 100-400)',
     'Every 2 years: 30 continuing education units (AHIMA recertification).',
     'https://www.ahima.org/certification-careers/certification-exams/rhia/',
     NULL,
     '2026-11-29', 'hitfinder-reference-1'),
    ('CCA', 'Certified Coding Associate', 'AHIMA', NULL,
     'No degree required (high school diploma or equivalent); AHIMA recommends coding coursework or experience first.',
     false, true,
     NULL, NULL, NULL, NULL, NULL,
     'Every 2 years: 20 continuing education units including the mandatory annual coding self-reviews (AHIMA recertification).',
     'https://www.ahima.org/certification-careers/certification-exams/cca/',
     NULL,
     '2026-11-29', 'hitfinder-reference-1'),
    ('CCS', 'Certified Coding Specialist', 'AHIMA', NULL,
     'No degree required: AHIMA accepts coding coursework, a related credential or coding experience (see its eligibility pathways).',
     false, true,
     NULL, NULL, NULL, NULL, NULL,
     'Every 2 years: 20 continuing education units including the mandatory annual coding self-reviews (AHIMA recertification).',
     'https://www.ahima.org/certification-careers/certification-exams/ccs/',
     NULL,
     '2026-11-29', 'hitfinder-reference-1'),
    ('CHDA', 'Certified Health Data Analyst', 'AHIMA', 'associate',
     'AHIMA eligibility pathways combine degree level and healthcare data experience: an associate degree with several years of experience, or a bachelor''s degree or higher (or the RHIT/RHIA) with less or none.',
     false, true,
     NULL, NULL, NULL, NULL, NULL,
     'Every 2 years: 30 continuing education units (AHIMA recertification).',
     'https://www.ahima.org/certification-careers/certification-exams/chda/',
     NULL,
     '2026-11-29', 'hitfinder-reference-1'),
    ('CPHIMS', 'Certified Professional in Healthcare Information and Management Systems', 'HIMSS', 'bachelor',
     'A bachelor''s degree and 5 years of information and management systems experience, or a graduate degree and 3 years; HIMSS also accepts 10 years of such experience without a degree.',
     false, true,
     NULL, NULL, NULL, 120, NULL,
     'Every 3 years: 45 continuing education hours (at least 25 from HIMSS or HIMSS-approved providers), or pass the current exam again.',
     'https://www.himss.org/health-it-certification',
     NULL,
     '2026-11-29', 'hitfinder-reference-1'),
    ('CAHIMS', 'Certified Associate in Healthcare Information and Management Systems', 'HIMSS', NULL,
     'High school diploma or equivalent; no work experience required.',
     false, true,
     NULL, NULL, NULL, NULL, NULL,
     'Every 3 years: 45 continuing education hours (at least 25 from HIMSS or HIMSS-approved providers), or pass the current exam again.',
     'https://www.himss.org/health-it-certification',
     NULL,
     '2026-11-29', 'hitfinder-reference-1'),
    ('COMPTIA-HIT', 'CompTIA Healthcare IT Technician', 'CompTIA', NULL,
     'No degree required; CompTIA recommended CompTIA A+ or about 500 hours of hands-on IT experience.',
     false, false,
     NULL, NULL, 75, 60, '650 (scale 100-900)',
     NULL,
     'https://certification.comptia.org/it-career-news/post/view/2011/07/27/why-comptia-healthcare-it-technician-?ht=it-workforce',
     'Exam HIT-001. CompTIA retired the Healthcare IT Technician exam in 2017; listed because career guides still cite it.',
     '2026-11-29', 'hitfinder-reference-1');

UPDATE hf.datasets
   SET row_count = (SELECT count(*) FROM hf.states)
                 + (SELECT count(*) FROM hf.degree_levels)
                 + (SELECT count(*) FROM hf.certifications)
 WHERE id = 'hitfinder-reference-1';

SELECT hf_admin.bump_data_version();

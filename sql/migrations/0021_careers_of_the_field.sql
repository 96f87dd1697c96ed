-- 0021_careers_of_the_field.sql: the careers of the field (hf.occupations with
-- in_field), their other titles, certifications and related careers, the
-- retired SOC 2010 code 29-2071, and 00-0000 (All Occupations) as the benchmark
-- the outlook rule compares against.
--
-- Which careers (SOC 2018):
--   * every SOC the NCES CIP 2020 - SOC 2018 crosswalk (cip_soc/
--     cip2020_soc2018_crosswalk.csv) links to the school finder's CIP codes:
--     51.0706 -> 11-9111, 29-2072, 29-9021; 51.0707 -> 29-2072, 29-9021;
--     51.0713 -> 29-2072, 29-9021; 51.0714 -> 31-9099, 43-6013;
--     51.0721 -> 11-9111, 29-2072, 29-9021; 51.0723 -> 15-1212, 29-9021;
--     51.2706 -> 15-1221, 15-1299, 25-1199, 29-9021 (checked against the file);
--   * those the site's article names: 29-2072, 29-9021, 11-9111, 11-3021,
--     15-1211, 15-1232, 43-6013;
--   * and 15-1244, 15-2051, 31-9094, which the shared state OEWS cut carries.
-- Titles are the official SOC 2018 titles. Descriptions paraphrase the SOC 2018
-- definitions (U.S. Bureau of Labor Statistics, public domain) in our words.
-- Alternate titles (job titles employers use) and lay titles (what people type)
-- are hitfinder's editorial list, drawn from the SOC 2018 definitions' own
-- wording ("Includes medical coders"), the CIP program titles the crosswalk
-- links, and the BLS Occupational Outlook Handbook's occupation names; no
-- third-party title list is copied.
-- Certifications: a career lists a certification when the issuer presents the
-- credential for that work (AHIMA: CCA and CCS are coding credentials, RHIT the
-- health information technician's, RHIA the HIM administrator's, CHDA the health
-- data analyst's; HIMSS: CPHIMS and CAHIMS for health information and management
-- systems professionals; CompTIA Healthcare IT Technician for IT support in
-- care settings, retired in 2017: listed with its active = false). All are
-- 'common' (no certification is legally required for these occupations); we
-- were conservative: e.g. no certification is linked to 11-3021, 15-1212,
-- 43-6013 or 31-9099 although some employers ask for one.
-- Related careers are symmetric pairs (both directions stored).
-- Touches only occupations of this list: an occupation another import already
-- created keeps its dataset_id and gets in_field, title and description.

SELECT hf_admin.record_dataset(hf_admin.dataset(
    id         => 'hitfinder-careers-1',
    source     => 'hitfinder career reference',
    title      => 'Careers of the field: SOC 2018 titles, paraphrased definitions, other titles, certification links, related careers, retired codes',
    source_url => 'https://www.bls.gov/soc/2018/home.htm',
    vintage    => 'SOC 2018; CIP 2020-SOC 2018 crosswalk; reviewed 2026-11',
    file       => NULL,
    license    => 'Public domain (BLS SOC 2018 titles and definitions, paraphrased); titles, links and related careers are hitfinder editorial',
    citation   => 'Source: U.S. Bureau of Labor Statistics, 2018 Standard Occupational Classification (definitions paraphrased); NCES CIP 2020-SOC 2018 crosswalk; hitfinder editorial'),
    0);

INSERT INTO hf.occupations AS o (soc, title, description, in_field, dataset_id)
VALUES
    ('00-0000', 'All Occupations',
     'All occupations together: the benchmark the outlook and the state comparisons use, not a career.',
     false, 'hitfinder-careers-1'),
    ('29-2072', 'Medical Records Specialists',
     'Put together, process and keep the medical records of hospital and clinic patients so that they meet the medical, administrative, legal, ethical and regulatory rules of health care, and translate diagnoses, procedures, services and equipment into the codes of the health care classification systems. Medical coders belong to this occupation.',
     true, 'hitfinder-careers-1'),
    ('29-9021', 'Health Information Technologists and Medical Registrars',
     'Bring knowledge of health care and of information systems to the design, building, adaptation and analysis of computerized health information systems; abstract, collect and analyze the treatment and follow-up data of patients, as registrars do for disease registries. May train staff, help solve problems when systems are introduced, and build and test databases that track diseases.',
     true, 'hitfinder-careers-1'),
    ('11-9111', 'Medical and Health Services Managers',
     'Plan, direct or coordinate medical and health services in hospitals, clinics, managed care organizations, public health agencies and similar organizations, including the departments that manage health information.',
     true, 'hitfinder-careers-1'),
    ('11-3021', 'Computer and Information Systems Managers',
     'Plan, direct or coordinate the computing and information systems work of an organization, such as information systems, systems analysis, electronic data processing and programming.',
     true, 'hitfinder-careers-1'),
    ('15-1211', 'Computer Systems Analysts',
     'Study the data-processing problems of a business, scientific or other organization and design or improve its computer systems; analyze what users need and how they work in order to automate or improve their procedures.',
     true, 'hitfinder-careers-1'),
    ('15-1212', 'Information Security Analysts',
     'Plan and carry out the measures that protect an organization''s computer networks and information, for example against intrusions; may watch over use, help set security policies and respond to incidents.',
     true, 'hitfinder-careers-1'),
    ('15-1221', 'Computer and Information Research Scientists',
     'Do research that invents or improves computing technology and finds new uses for it, and solve complex computing problems for business, medicine, science and other fields.',
     true, 'hitfinder-careers-1'),
    ('15-1232', 'Computer User Support Specialists',
     'Help the users of computers: answer their questions and solve hardware and software problems in person, by phone or electronically, including problems with applications, operating systems, printing and network access.',
     true, 'hitfinder-careers-1'),
    ('15-1244', 'Network and Computer Systems Administrators',
     'Install, configure and keep running an organization''s computer systems and networks (local and wide area networks, intranets, other data communication systems), monitoring them so that they stay available to their users.',
     true, 'hitfinder-careers-1'),
    ('15-1299', 'Computer Occupations, All Other',
     'Computer occupations that have no detailed SOC occupation of their own. The NCES crosswalk links medical informatics programs (CIP 51.2706) to it.',
     true, 'hitfinder-careers-1'),
    ('15-2051', 'Data Scientists',
     'Develop and apply analytical methods, statistics, data mining and machine-learning models to find patterns in data and answer questions with it, and present the results in visualizations and reports.',
     true, 'hitfinder-careers-1'),
    ('25-1199', 'Postsecondary Teachers, All Other',
     'Teachers at colleges and universities of subjects that have no detailed SOC occupation of their own. The NCES crosswalk links medical informatics programs (CIP 51.2706) to it.',
     true, 'hitfinder-careers-1'),
    ('31-9094', 'Medical Transcriptionists',
     'Turn the dictated reports of physicians and other health care practitioners into written records, using their knowledge of medical terminology, and review and edit drafts produced by speech recognition.',
     true, 'hitfinder-careers-1'),
    ('31-9099', 'Healthcare Support Workers, All Other',
     'Health care support workers who have no detailed SOC occupation of their own. The NCES crosswalk links medical insurance specialist and medical biller programs (CIP 51.0714) to it.',
     true, 'hitfinder-careers-1'),
    ('43-6013', 'Medical Secretaries and Administrative Assistants',
     'Do secretarial and administrative work that needs knowledge of medical terminology and of hospital, clinic or laboratory procedures, such as scheduling appointments, billing patients and compiling medical charts, reports and correspondence.',
     true, 'hitfinder-careers-1')
ON CONFLICT (soc) DO UPDATE
   SET title = EXCLUDED.title, description = EXCLUDED.description, in_field = EXCLUDED.in_field,
       dataset_id = coalesce(o.dataset_id, EXCLUDED.dataset_id);

INSERT INTO hf.occupation_titles (soc, title, kind) VALUES
    ('29-2072', 'Medical Coder', 'alternate'),
    ('29-2072', 'Medical Records Technician', 'alternate'),
    ('29-2072', 'Health Information Technician', 'alternate'),
    ('29-2072', 'Coding Specialist', 'alternate'),
    ('29-2072', 'Medical Records Clerk', 'alternate'),
    ('29-2072', 'medical billing and coding', 'lay'),
    ('29-2072', 'medical coding', 'lay'),
    ('29-2072', 'medical records', 'lay'),
    ('29-2072', 'health information tech', 'lay'),
    ('29-2072', 'RHIT', 'lay'),
    ('29-9021', 'Health Information Technologist', 'alternate'),
    ('29-9021', 'Medical Registrar', 'alternate'),
    ('29-9021', 'Cancer Registrar', 'alternate'),
    ('29-9021', 'Tumor Registrar', 'alternate'),
    ('29-9021', 'Health Informatics Specialist', 'alternate'),
    ('29-9021', 'clinical informatics analyst', 'lay'),
    ('29-9021', 'health data analyst', 'lay'),
    ('29-9021', 'disease registry', 'lay'),
    ('29-9021', 'health informatics', 'lay'),
    ('11-9111', 'Health Information Manager', 'alternate'),
    ('11-9111', 'Health Information Management Director', 'alternate'),
    ('11-9111', 'Medical Records Manager', 'alternate'),
    ('11-9111', 'Healthcare Administrator', 'alternate'),
    ('11-9111', 'Practice Manager', 'alternate'),
    ('11-9111', 'HIM director', 'lay'),
    ('11-9111', 'hospital administrator', 'lay'),
    ('11-9111', 'healthcare manager', 'lay'),
    ('11-3021', 'Chief Information Officer', 'alternate'),
    ('11-3021', 'IT Director', 'alternate'),
    ('11-3021', 'IT Manager', 'alternate'),
    ('11-3021', 'health IT director', 'lay'),
    ('11-3021', 'CIO', 'lay'),
    ('15-1211', 'Systems Analyst', 'alternate'),
    ('15-1211', 'Clinical Systems Analyst', 'alternate'),
    ('15-1211', 'EHR analyst', 'lay'),
    ('15-1211', 'health IT analyst', 'lay'),
    ('15-1212', 'Cybersecurity Analyst', 'alternate'),
    ('15-1212', 'Information Security Specialist', 'alternate'),
    ('15-1212', 'health information privacy and security', 'lay'),
    ('15-1212', 'cybersecurity', 'lay'),
    ('15-1221', 'Computer Scientist', 'alternate'),
    ('15-1221', 'informatics researcher', 'lay'),
    ('15-1232', 'Help Desk Technician', 'alternate'),
    ('15-1232', 'IT Support Specialist', 'alternate'),
    ('15-1232', 'Desktop Support Technician', 'alternate'),
    ('15-1232', 'health IT support specialist', 'lay'),
    ('15-1232', 'healthcare IT technician', 'lay'),
    ('15-1232', 'help desk', 'lay'),
    ('15-1244', 'Network Administrator', 'alternate'),
    ('15-1244', 'Systems Administrator', 'alternate'),
    ('15-1244', 'sysadmin', 'lay'),
    ('15-1299', 'Informatics Specialist', 'alternate'),
    ('15-1299', 'medical informatics', 'lay'),
    ('15-2051', 'Healthcare Data Scientist', 'alternate'),
    ('15-2051', 'health data science', 'lay'),
    ('15-2051', 'healthcare analytics', 'lay'),
    ('25-1199', 'Health Informatics Instructor', 'alternate'),
    ('25-1199', 'informatics professor', 'lay'),
    ('31-9094', 'Healthcare Documentation Specialist', 'alternate'),
    ('31-9094', 'Medical Transcription Editor', 'alternate'),
    ('31-9094', 'medical transcription', 'lay'),
    ('31-9094', 'transcriptionist', 'lay'),
    ('31-9099', 'Medical Insurance Specialist', 'alternate'),
    ('31-9099', 'Medical Biller', 'alternate'),
    ('31-9099', 'medical billing', 'lay'),
    ('43-6013', 'Medical Secretary', 'alternate'),
    ('43-6013', 'Medical Administrative Assistant', 'alternate'),
    ('43-6013', 'Medical Office Assistant', 'alternate'),
    ('43-6013', 'medical biller', 'lay'),
    ('43-6013', 'medical office', 'lay');

-- Certification codes are those of hf.certifications (0003_reference_data.sql).
INSERT INTO hf.occupation_certifications (soc, certification_code, relevance) VALUES
    ('29-2072', 'CCA', 'common'),
    ('29-2072', 'CCS', 'common'),
    ('29-2072', 'RHIT', 'common'),
    ('29-9021', 'RHIT', 'common'),
    ('29-9021', 'RHIA', 'common'),
    ('29-9021', 'CHDA', 'common'),
    ('11-9111', 'RHIA', 'common'),
    ('11-9111', 'CPHIMS', 'common'),
    ('15-1211', 'CPHIMS', 'common'),
    ('15-1211', 'CAHIMS', 'common'),
    ('15-1211', 'CHDA', 'common'),
    ('15-1232', 'COMPTIA-HIT', 'common');

-- Related careers: each pair once here, stored in both directions; rank = the
-- order in which a career lists its related ones (closest first).
INSERT INTO hf.related_occupations (soc, related_soc, rank)
WITH pairs(a, b, closeness) AS (
    VALUES ('29-2072', '29-9021', 1),
           ('29-2072', '31-9094', 2),
           ('29-2072', '43-6013', 2),
           ('29-2072', '31-9099', 3),
           ('29-9021', '11-9111', 1),
           ('29-9021', '15-1211', 2),
           ('29-9021', '15-2051', 3),
           ('11-9111', '11-3021', 2),
           ('11-3021', '15-1211', 2),
           ('15-1211', '15-1212', 2),
           ('15-1211', '15-1299', 2),
           ('15-1211', '15-2051', 3),
           ('15-1232', '15-1244', 1),
           ('15-1212', '15-1244', 2),
           ('15-1221', '15-2051', 1),
           ('15-1221', '25-1199', 3),
           ('43-6013', '31-9099', 1)
),
both_ways AS (
    SELECT a AS soc, b AS related_soc, closeness FROM pairs
    UNION ALL
    SELECT b, a, closeness FROM pairs
)
SELECT soc, related_soc, row_number() OVER (PARTITION BY soc ORDER BY closeness, related_soc)
  FROM both_ways;

-- SOC 2018 retired 29-2071 (SOC 2010): its work went to two occupations.
INSERT INTO hf.soc_successors (retired, retired_title, retired_in, successor, note) VALUES
    ('29-2071', 'Medical Records and Health Information Technicians', 'SOC 2018', '29-2072',
     'Records, coding and classification work (medical coders, records technicians).'),
    ('29-2071', 'Medical Records and Health Information Technicians', 'SOC 2018', '29-9021',
     'Health information technologist and medical/cancer registrar work.');

UPDATE hf.datasets
   SET row_count = (SELECT count(*) FROM hf.occupations WHERE dataset_id = 'hitfinder-careers-1')
                 + (SELECT count(*) FROM hf.occupation_titles)
                 + (SELECT count(*) FROM hf.occupation_certifications)
                 + (SELECT count(*) FROM hf.related_occupations)
                 + (SELECT count(*) FROM hf.soc_successors)
 WHERE id = 'hitfinder-careers-1';

SELECT hf_admin.refresh_career_read_model();
SELECT hf_admin.bump_data_version();

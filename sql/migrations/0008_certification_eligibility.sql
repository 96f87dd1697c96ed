-- 0008_certification_eligibility.sql: reference data -- which programs make a graduate
-- eligible for which certification exam (hf.certification_eligibility), so that
-- eligible_certifications / eligible_for are a join, not code.
--
-- A rule with program_route = true says: completing a program of that field and degree
-- is, by itself, a documented route to sit the exam (with requires_cahiim: the program's
-- current CAHIIM status must be in force -- initial, continuing or probation -- for
-- cahiim_program_type). Those are the only rules hf_admin.refresh_read_model joins.
-- Rules with program_route = false only record, in their note, why no program is listed:
-- the exam asks for experience, or for no program at all. We are conservative: a program
-- is listed only where the issuer names completing it as a route; everything else is a
-- note. Checked against the issuers' eligibility pages as of 2026-11 (the URLs below);
-- an admin changes a rule with a new migration like this one.
--
-- Field choice for RHIT/RHIA: AHIMA's rule is about the CAHIIM program (type HIM), not
-- the IPEDS CIP code; schools report such programs under 51.0706 or 51.0707, so both
-- fields are listed and the CAHIIM program type decides. (A CAHIIM HIM program reported
-- under another CIP, e.g. 51.2706, would need a rule of its own.)

SELECT hf_admin.record_dataset(hf_admin.dataset(
    id         => 'hitfinder-eligibility-1',
    source     => 'hitfinder certification eligibility rules',
    title      => 'Certification eligibility routes through programs (AHIMA RHIT/RHIA: CAHIIM-accredited HIM programs; other exams: notes)',
    source_url => 'https://www.ahima.org/certification-careers/certification-exams/',
    vintage    => '2026-11',
    file       => NULL,
    license    => 'Facts from the issuers'' public eligibility pages (AHIMA, HIMSS, CompTIA)',
    citation   => 'AHIMA RHIT, RHIA, CCA, CCS, CHDA eligibility pages; HIMSS CPHIMS/CAHIMS candidate handbook; CompTIA (see each rule''s source_url)'),
    0);

INSERT INTO hf.certification_eligibility
       (certification_code, program_route, field, degree, requires_cahiim, cahiim_program_type, note, source_url, dataset_id)
VALUES
    ('RHIT', true, 'health_information_technology', 'associate', true, 'HIM',
     'AHIMA: complete the academic requirements, at the associate degree level, of a health information management program accredited by CAHIIM (students in their final term may test early).',
     'https://www.ahima.org/certification-careers/certification-exams/rhit/', 'hitfinder-eligibility-1'),
    ('RHIT', true, 'health_information_management', 'associate', true, 'HIM',
     'AHIMA: complete the academic requirements, at the associate degree level, of a health information management program accredited by CAHIIM (students in their final term may test early).',
     'https://www.ahima.org/certification-careers/certification-exams/rhit/', 'hitfinder-eligibility-1'),
    ('RHIA', true, 'health_information_management', 'bachelor', true, 'HIM',
     'AHIMA: complete the academic requirements, at the baccalaureate level, of a health information management program accredited by CAHIIM.',
     'https://www.ahima.org/certification-careers/certification-exams/rhia/', 'hitfinder-eligibility-1'),
    ('RHIA', true, 'health_information_management', 'master', true, 'HIM',
     'AHIMA: complete the academic requirements, at the master''s level, of a health information management program accredited by CAHIIM.',
     'https://www.ahima.org/certification-careers/certification-exams/rhia/', 'hitfinder-eligibility-1'),
    ('RHIA', true, 'health_information_management', 'post_baccalaureate_certificate', true, 'HIM',
     'AHIMA: hold a baccalaureate degree and complete a CAHIIM-accredited (approved) HIM post-baccalaureate certificate program.',
     'https://www.ahima.org/certification-careers/certification-exams/rhia/', 'hitfinder-eligibility-1'),
    ('RHIA', true, 'health_information_technology', 'bachelor', true, 'HIM',
     'AHIMA: complete the academic requirements, at the baccalaureate level, of a health information management program accredited by CAHIIM (here reported to IPEDS under CIP 51.0707).',
     'https://www.ahima.org/certification-careers/certification-exams/rhia/', 'hitfinder-eligibility-1'),
    ('RHIA', true, 'health_information_technology', 'master', true, 'HIM',
     'AHIMA: complete the academic requirements, at the master''s level, of a health information management program accredited by CAHIIM (here reported to IPEDS under CIP 51.0707).',
     'https://www.ahima.org/certification-careers/certification-exams/rhia/', 'hitfinder-eligibility-1'),
    ('RHIA', true, 'health_information_technology', 'post_baccalaureate_certificate', true, 'HIM',
     'AHIMA: hold a baccalaureate degree and complete a CAHIIM-accredited (approved) HIM post-baccalaureate certificate program (here reported to IPEDS under CIP 51.0707).',
     'https://www.ahima.org/certification-careers/certification-exams/rhia/', 'hitfinder-eligibility-1'),
    ('CCA', false, NULL, NULL, false, NULL,
     'No program required: a high school diploma or equivalent is enough; AHIMA recommends coding coursework or about 6 months of coding experience. Completing a program is not what makes one eligible, so no program is listed.',
     'https://www.ahima.org/certification-careers/certification-exams/cca/', 'hitfinder-eligibility-1'),
    ('CCS', false, NULL, NULL, false, NULL,
     'Experience required: AHIMA''s pathways combine coding coursework or a credential (CCA, CCS-P, RHIT, RHIA) with coding experience, or ask for coding experience alone. Completing a program is not by itself a route, so no program is listed.',
     'https://www.ahima.org/certification-careers/certification-exams/ccs/', 'hitfinder-eligibility-1'),
    ('CHDA', false, NULL, 'associate', false, NULL,
     'Experience required: AHIMA''s pathways pair a degree (associate or higher) with years of healthcare data experience, fewer with a higher degree or the RHIT/RHIA credential. No program alone is listed as a route.',
     'https://www.ahima.org/certification-careers/certification-exams/chda/', 'hitfinder-eligibility-1'),
    ('CPHIMS', false, NULL, 'bachelor', false, NULL,
     'Experience required: HIMSS asks for a bachelor''s degree with 5 years of information and management systems experience (3 in healthcare), a graduate degree with 3 years (2 in healthcare), or 10 years without a degree. No program alone is a route.',
     'https://www.himss.org/health-it-certification', 'hitfinder-eligibility-1'),
    ('CAHIMS', false, NULL, NULL, false, NULL,
     'No program or experience required: a high school diploma or equivalent. Completing a program is not what makes one eligible, so no program is listed.',
     'https://www.himss.org/health-it-certification', 'hitfinder-eligibility-1'),
    ('COMPTIA-HIT', false, NULL, NULL, false, NULL,
     'Exam retired by CompTIA in 2017; it had no program requirement (CompTIA recommended A+ or about 500 hours of IT experience). No program is listed.',
     NULL, 'hitfinder-eligibility-1');

UPDATE hf.datasets SET row_count = (SELECT count(*) FROM hf.certification_eligibility WHERE dataset_id = 'hitfinder-eligibility-1')
 WHERE id = 'hitfinder-eligibility-1';

SELECT hf_admin.refresh_read_model();
SELECT hf_admin.bump_data_version();

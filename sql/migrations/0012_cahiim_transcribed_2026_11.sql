-- 0012_cahiim_transcribed_2026_11.sql: CAHIIM accreditation, PARTIAL: the 9 programs a
-- research session transcribed from the programs' own pages (cahiim_partial/, see
-- ../shared/data/raw/SOURCES.md) -> hf.accreditations (history), program delivery, the
-- read model. This is not the CAHIIM directory (about 350+ accredited programs): every
-- other program shows accreditation null with flags.accreditation 'not_listed', and the
-- dataset row says so. When an admin brings the directory export, its release is
-- hf_admin.import_cahiim_export (layout in sql/README.md); these records stay as history.
--
-- Mapping (hf_admin.load_accreditation_rows): 'accredited ...' without a sub-status ->
-- continuing, 'Initial Accreditation ...' -> initial, the stated text kept in
-- status_stated; status_date only where status_as_of starts with YYYY-MM-DD, else NULL
-- with the text in status_date_stated; delivery 'online ...' -> online, 'campus and
-- distance education' -> hybrid, 'not stated' -> NULL (flags.delivery 'not_published').

SELECT hf_admin.staging_reset('hf_staging.cahiim_transcribed');

\copy hf_staging.cahiim_transcribed (unitid, institution, city, state, program_title, degree_level, program_type, ipeds_cip, delivery_stated, accreditor, accreditation_status_stated, status_as_of, evidence_paraphrase, source_url, confidence) FROM '@DATA_DIR@/cahiim_partial/cahiim_programs_transcribed_partial.csv' WITH (FORMAT csv, HEADER MATCH, ENCODING 'UTF8')

SELECT hf_admin.import_cahiim_transcribed(hf_admin.dataset(
    id         => 'cahiim-transcribed-2026-11',
    source     => 'CAHIIM (transcribed, partial)',
    title      => 'CAHIIM accreditation, partial: 9 programs transcribed from program pages, not the CAHIIM directory',
    source_url => 'https://www.cahiim.org/accreditation/find-an-accredited-program',
    vintage    => 'partial: transcribed 2026-11 from program, catalog and news pages (statements undated or dated 2010-2023)',
    file       => 'cahiim_partial/cahiim_programs_transcribed_partial.csv',
    license    => 'Facts only, transcribed from the public pages named in each record (no text copied)',
    citation   => 'hitfinder transcription of 9 programs'' own pages stating CAHIIM accreditation (see each record''s source_url); not the CAHIIM program directory'));

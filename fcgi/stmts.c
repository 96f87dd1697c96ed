/*
 * stmts.c -- every prepared statement of the worker (R14): enum stmt ->
 * name (the enum in lower case), SQL, number of $n parameters.  db.c
 * prepares them all after every (re)connect.  Values only ever arrive
 * as $n, sent as text and cast in the SQL; the read model they query is
 * described in docs/internals.md.
 *
 * Career statements take the wage basis as a parameter ('annual' or
 * 'hourly', from valid_basis) and answer the API's names whatever the
 * basis: mean, median, p10..p90 are the hourly_* columns and flags the
 * flags_hourly column when it is 'hourly'.
 */
#include <stdlib.h>

#include "db.h"
#include "search.h"

/* A wage column of hf.career_areas a in the basis $b, named as the API. */
#define WAGE(b, col)							\
	"CASE WHEN " b "::text = 'hourly' THEN a.hourly_" col		\
	" ELSE a." col " END AS " col

/*
 * The figures of a row a of hf.career_areas (or its views) in basis b,
 * with the comparison columns of a state row.
 */
#define CAREER_FIGURES(b)						\
	"a.wage_year, a.employment, a.jobs_per_1000, "			\
	"a.location_quotient, " WAGE(b, "mean") ", " WAGE(b, "median")	\
	", " WAGE(b, "p10") ", " WAGE(b, "p25") ", " WAGE(b, "p75")	\
	", " WAGE(b, "p90") ", a.base_year, a.projected_year, "		\
	"a.base_employment, a.projected_employment, a.numeric_change, "	\
	"a.growth_pct, a.annual_openings, a.outlook_category, "		\
	"a.category_mean, a.category_median, a.category_growth_pct, "	\
	"a.category_location_quotient, a.category_flags"

/* The flags of a row a in basis b. */
#define CAREER_FLAGS(b)							\
	"CASE WHEN " b "::text = 'hourly' THEN a.flags_hourly "	\
	"ELSE a.flags END"

/*
 * A certification of hf.career_certifications c as the API shows it
 * beside a career: who issues it, what it requires, whether completing
 * a program is a route to it (hf.certification_eligibility).
 */
#define CAREER_CERT_JSON						\
	"json_build_object('code', c.code, 'name', c.name, 'issuer', "	\
	"c.issuer, 'active', c.active, 'requires', json_build_object("	\
	"'degree', c.prerequisite_degree, 'cahiim_accredited_program', "\
	"c.requires_cahiim, 'notes', c.prerequisite_notes), "		\
	"'program_route', EXISTS (SELECT 1 FROM "			\
	"hf.certification_eligibility e WHERE e.certification_code = "	\
	"c.code AND e.program_route))"

/* The columns of a certification row c of hf.certifications. */
#define CERT_COLUMNS							\
	"c.code, c.name, c.issuer, c.prerequisite_degree, "		\
	"c.prerequisite_notes, c.requires_cahiim, c.active, "		\
	"c.exam_fee_usd, c.exam_fee_member_usd, c.questions, "		\
	"c.duration_minutes, c.passing_score, c.renewal, c.url, "	\
	"c.notes, c.facts_checked::text AS facts_checked, "		\
	"(SELECT coalesce(json_agg(json_build_object('soc', cc.soc, "	\
	"'title', cc.career_title) ORDER BY cc.soc), '[]') "		\
	"FROM hf.career_certifications cc WHERE cc.code = c.code "	\
	"AND cc.in_field) AS careers, "					\
	"(SELECT count(*) FROM hf.program_search ps WHERE c.code = "	\
	"ANY(ps.eligible_certifications)) AS program_count, "		\
	"array_to_json(array_remove(ARRAY[c.dataset_id, (SELECT "	\
	"min(e.dataset_id) FROM hf.certification_eligibility e WHERE "	\
	"e.certification_code = c.code)], NULL)) AS sources"

/* The figure keys a missing (career, area) row flags (compare, grid). */
#define MISSING_KEYS							\
	"ARRAY['employment', 'jobs_per_1000', 'location_quotient', "	\
	"'mean', 'median', 'p10', 'p25', 'p75', 'p90', "		\
	"'base_employment', 'projected_employment', 'numeric_change', "	\
	"'growth_pct', 'annual_openings']"

/*
 * The flags of a (career, area) hf.career_areas has no row for (a
 * territory without data), area the SQL of its code, b the basis: every
 * figure not_loaded where no loaded file covers it in the area, else
 * not_published (judged from another row of the area, as
 * hf_admin.missing_flags does).
 */
#define MISSING_FLAGS(area, b)						\
	"(SELECT jsonb_object_agg(k.k, CASE WHEN cv.f IS NULL OR "	\
	"cv.f ->> k.k = 'not_loaded' THEN 'not_loaded' ELSE "		\
	"'not_published' END) FROM unnest(" MISSING_KEYS ") AS k(k) "	\
	"LEFT JOIN LATERAL (SELECT CASE WHEN " b "::text = 'hourly' "	\
	"THEN x.flags_hourly ELSE x.flags END AS f FROM "		\
	"hf.career_areas x WHERE x.area = " area " ORDER BY x.soc "	\
	"LIMIT 1) cv ON true)"

static const struct {
	const char	*name;
	const char	*sql;
	int		 nparams;
} stmts[STMT__MAX] = {
	[STMT_DATA_VERSION] = { "data_version",
	    "SELECT version, (SELECT floor(extract(epoch FROM "
	    "max(loaded_at)))::int8 FROM hf.datasets) AS last_modified "
	    "FROM hf.data_version", 0 },
	[STMT_HEALTH_PING] = { "health_ping",
	    "SELECT version FROM hf.data_version", 0 },
	[STMT_DATASETS_COUNT] = { "datasets_count",
	    "SELECT count(*) AS total FROM hf.datasets", 0 },
	[STMT_DATASETS_PAGE] = { "datasets_page",
	    "SELECT id, source, title, source_url, vintage, file, "
	    "to_char(loaded_at AT TIME ZONE 'UTC', "
	    "'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') AS loaded_at, "
	    "row_count, license, citation "
	    "FROM hf.datasets ORDER BY id LIMIT $1::int8 OFFSET $2::int8", 2 },
	[STMT_INSTITUTION_GET] = { "institution_get",
	    "SELECT id, name, array_to_json(aliases) AS aliases, city, "
	    "state, zip, lat, lon, control, url, dataset_id "
	    "FROM hf.institutions WHERE id = $1::int8", 1 },
	[STMT_INSTITUTION_PROGRAMS] = { "institution_programs",
	    "SELECT id, title, field, degree, award_level, cip_code, "
	    "accreditation_status, array_to_json(eligible_certifications) "
	    "AS eligible_certifications FROM hf.program_search "
	    "WHERE institution_id = $1::int8 "
	    "ORDER BY degree_rank, title, id", 1 },
	[STMT_ZIP_GET] = { "zip_get",
	    "SELECT lat, lon, source, state FROM hf.zip_codes "
	    "WHERE zip = $1::bpchar", 1 },
	[STMT_PROGRAM_GET] = { "program_get",
	    "SELECT " SEARCH_PROGRAM_COLUMNS ", "
	    "(SELECT coalesce(json_agg(json_build_object('body', h.body, "
	    "'status', h.status, 'status_date', h.status_date, "
	    "'next_review', h.next_review, 'source_url', h.source_url) "
	    "ORDER BY h.status_date DESC NULLS LAST, h.loaded_at DESC, "
	    "h.status), '[]') "
	    "FROM hf.accreditation_history h WHERE h.program_id = p.id) "
	    "AS accreditation_history, "
	    "(SELECT coalesce(json_agg(json_build_object('soc', c.soc, "
	    "'title', c.title) ORDER BY c.soc), '[]') "
	    "FROM hf.program_careers c WHERE c.program_id = p.id) "
	    "AS careers "
	    "FROM hf.program_search p WHERE p.id = $1::int8", 1 },

	/*
	 * /careers: $1 q (NULL: every career), $2 area ('US' or a state:
	 * whose figures; a territory without data for a career: NULL
	 * figures, flags as in the grid), $3 basis, $4 sort key
	 * (career_sort_names), $5 reversed, $6 limit, $7 offset.  Nulls
	 * last both ways, soc breaks ties.  One row per item of the page, or
	 * one row with NULL items past the end; every row has total and the
	 * corrected query.
	 */
	[STMT_CAREERS_LIST] = { "careers_list",
	    "WITH qry AS MATERIALIZED (SELECT tsq, corrected, did_you_mean "
	    "FROM hf.career_query($1::text)), "
	    "hits AS MATERIALIZED (SELECT s.soc, s.title, "
	    "s.typical_education, s.name_sort, CASE WHEN qry.tsq IS NULL "
	    "THEN 0 ELSE ts_rank(s.tsv, qry.tsq) END AS rel, a.employment, "
	    WAGE("$3", "mean") ", " WAGE("$3", "median") ", a.growth_pct, "
	    "a.annual_openings, coalesce(" CAREER_FLAGS("$3") ", "
	    MISSING_FLAGS("$2::text", "$3") ") AS flags, "
	    "s.sources || coalesce(a.sources, '{}') AS sources "
	    "FROM hf.career_search s CROSS JOIN qry "
	    "LEFT JOIN hf.career_areas a ON a.soc = s.soc "
	    "AND a.area = $2::text "
	    "WHERE $1::text IS NULL OR s.tsv @@ qry.tsq), "
	    "ranked AS (SELECT h.*, row_number() OVER (ORDER BY "
	    "k.v IS NULL, CASE WHEN $5::boolean THEN -k.v ELSE k.v END, "
	    "CASE WHEN $4::text = 'title' AND NOT $5::boolean "
	    "THEN h.name_sort END, "
	    "CASE WHEN $4::text = 'title' AND $5::boolean "
	    "THEN h.name_sort END DESC, "
	    "CASE WHEN $4::text = 'relevance' THEN h.name_sort END, "
	    "h.soc) AS rn FROM hits h CROSS JOIN LATERAL (SELECT "
	    "CASE $4::text WHEN 'relevance' THEN -h.rel::numeric "
	    "WHEN 'median' THEN h.median WHEN 'mean' THEN h.mean "
	    "WHEN 'growth_pct' THEN h.growth_pct "
	    "WHEN 'annual_openings' THEN h.annual_openings "
	    "WHEN 'employment' THEN h.employment::numeric END AS v) k) "
	    "SELECT (SELECT count(*) FROM hits) AS total, "
	    "qry.corrected AS q_corrected, "
	    "qry.did_you_mean AS q_did_you_mean, p.soc, p.title, "
	    "p.typical_education, p.employment, p.mean, p.median, "
	    "p.growth_pct, p.annual_openings, p.flags, "
	    "array_to_json(p.sources) AS sources "
	    "FROM qry LEFT JOIN (SELECT * FROM ranked ORDER BY rn "
	    "LIMIT $6::int8 OFFSET $7::int8) p ON true ORDER BY p.rn", 7 },

	/*
	 * /careers/{soc}: $1 soc, $2 basis.  The profile and the national
	 * figures (hf.career_national); no row: not a career of the field.
	 * program_count: the programs of hf.program_careers, summed from
	 * the crosswalk rows and hf.program_cip_counts (0026; a program has
	 * one CIP code, so no program is counted twice).
	 */
	[STMT_CAREER_GET] = { "career_get",
	    "SELECT s.soc, s.title, s.description, "
	    "array_to_json(s.alternate_titles) AS alternate_titles, "
	    "s.typical_education, s.work_experience, s.on_the_job_training, "
	    CAREER_FIGURES("$2") ", " CAREER_FLAGS("$2") " AS flags, "
	    "(SELECT coalesce(json_agg(" CAREER_CERT_JSON " ORDER BY c.code), "
	    "'[]') FROM hf.career_certifications c WHERE c.soc = s.soc) "
	    "AS certifications, "
	    "(SELECT coalesce(json_agg(json_build_object('soc', "
	    "r.related_soc, 'title', o.title) ORDER BY r.rank, "
	    "r.related_soc), '[]') FROM hf.related_occupations r "
	    "JOIN hf.occupations o ON o.soc = r.related_soc "
	    "WHERE r.soc = s.soc AND o.in_field) AS related, "
	    "(SELECT coalesce(sum(pc.programs), 0)::int8 "
	    "FROM hf.cip_soc_crosswalk x JOIN hf.program_cip_counts pc "
	    "ON pc.cip_code = x.cip_code WHERE x.soc = s.soc) "
	    "AS program_count, "
	    "array_to_json(s.sources || ARRAY(SELECT DISTINCT x.dataset_id "
	    "FROM hf.cip_soc_crosswalk x JOIN hf.program_cip_counts pc "
	    "ON pc.cip_code = x.cip_code WHERE x.soc = s.soc AND "
	    "x.dataset_id IS NOT NULL ORDER BY x.dataset_id)) AS sources "
	    "FROM hf.career_search s LEFT JOIN hf.career_national a "
	    "ON a.soc = s.soc WHERE s.soc = $1::text", 2 },

	/* $1 SOC codes (text[]): the successors of those that are retired. */
	[STMT_SOC_SUCCESSORS] = { "soc_successors",
	    "SELECT retired, retired_title, retired_in, successor "
	    "FROM hf.soc_successors WHERE retired = ANY($1::text[]) "
	    "ORDER BY retired, successor", 1 },

	/*
	 * /careers/{soc}/states: $1 soc, $2 basis.  The national row first
	 * (area US), then every state (50 + DC, territories with data) by
	 * code.  No row: not a career of the field.
	 */
	[STMT_CAREER_MAP] = { "career_map",
	    "SELECT a.area, a.area_name AS name, " CAREER_FIGURES("$2") ", "
	    CAREER_FLAGS("$2") " AS flags, array_to_json(a.sources) AS sources "
	    "FROM hf.career_areas a WHERE a.soc = $1::text AND a.in_field "
	    "ORDER BY a.area = 'US' DESC, a.area", 2 },

	/*
	 * careers x areas: $1 SOC codes (text[]), $2 areas (text[]: US or
	 * state codes), $3 basis.  One row per career of the field in $1 and
	 * area of $2, in their orders; a (career, area) the read model has no
	 * row for has NULL figures and flags not_loaded (no loaded file
	 * covers the figure there) or not_published (one does, without this
	 * career), taken from another row of the area.
	 */
	[STMT_CAREER_GRID] = { "career_grid",
	    "WITH c AS (SELECT x.soc, x.ord FROM unnest($1::text[]) "
	    "WITH ORDINALITY AS x(soc, ord)), "
	    "g AS (SELECT y.area, y.ord FROM unnest($2::text[]) "
	    "WITH ORDINALITY AS y(area, ord)) "
	    "SELECT s.soc, s.title, g.area, coalesce(st.name, "
	    "'United States') AS name, " CAREER_FIGURES("$3") ", "
	    "coalesce(" CAREER_FLAGS("$3") ", " MISSING_FLAGS("g.area", "$3")
	    ") AS flags, array_to_json(coalesce(a.sources, '{}')) AS sources "
	    "FROM c JOIN hf.career_search s ON s.soc = c.soc CROSS JOIN g "
	    "LEFT JOIN hf.career_areas a ON a.soc = c.soc AND a.area = g.area "
	    "LEFT JOIN hf.states st ON st.code = g.area "
	    "ORDER BY c.ord, g.ord", 3 },

	/*
	 * meta.bins of the map: $1 soc, $2 read-model column (median,
	 * hourly_median, growth_pct ...), $3 bins, $4 decimals of the
	 * breaks.  breaks NULL when no state has the figure.
	 */
	[STMT_CAREER_BINS] = { "career_bins",
	    "SELECT b.n, b.min, b.max, CASE WHEN b.breaks IS NOT NULL THEN "
	    "array_to_json(ARRAY(SELECT round(x, $4::int) "
	    "FROM unnest(b.breaks) AS x)) END AS breaks "
	    "FROM hf.career_state_bins($1::text, $2::text, $3::int) AS b", 4 },

	/* /states/{state}: $1 code.  The state and its programs by degree. */
	[STMT_STATE_GET] = { "state_get",
	    "SELECT st.code, st.name, st.kind, "
	    "(SELECT json_agg(json_build_object('degree', d.code, 'count', "
	    "(SELECT count(*) FROM hf.program_search p WHERE p.state = "
	    "st.code AND p.degree = d.code)) ORDER BY d.rank) "
	    "FROM hf.degree_levels d) AS programs_by_degree, "
	    "array_to_json(ARRAY(SELECT DISTINCT x FROM hf.program_search p "
	    "CROSS JOIN LATERAL unnest(p.sources) AS x WHERE p.state = "
	    "st.code ORDER BY x)) AS sources "
	    "FROM hf.states st WHERE st.code = $1::bpchar", 1 },

	/*
	 * /states/{state}: $1 code, $2 basis.  Every career of the field, by
	 * title, with its figures there (a territory without data for it:
	 * NULL figures, flags as in the grid).
	 */
	[STMT_STATE_CAREERS] = { "state_careers",
	    "SELECT s.soc, s.title, " CAREER_FIGURES("$2") ", coalesce("
	    CAREER_FLAGS("$2") ", " MISSING_FLAGS("$1::text", "$2") ") AS flags, "
	    "array_to_json(coalesce(a.sources, '{}')) AS sources "
	    "FROM hf.career_search s LEFT JOIN hf.career_states a "
	    "ON a.soc = s.soc AND a.area = $1::text "
	    "ORDER BY s.name_sort, s.soc", 2 },

	[STMT_CERTIFICATIONS_COUNT] = { "certifications_count",
	    "SELECT count(*) AS total FROM hf.certifications", 0 },
	/* /certifications: $1 limit, $2 offset; by code. */
	[STMT_CERTIFICATIONS_PAGE] = { "certifications_page",
	    "SELECT " CERT_COLUMNS " FROM hf.certifications c "
	    "ORDER BY c.code LIMIT $1::int8 OFFSET $2::int8", 2 },
	/* /certifications/{code}: $1 code (upper case). */
	[STMT_CERTIFICATION_GET] = { "certification_get",
	    "SELECT " CERT_COLUMNS " FROM hf.certifications c "
	    "WHERE c.code = $1::text", 1 },

	[STMT_DEGREES_COUNT] = { "degrees_count",
	    "SELECT count(*) AS total FROM hf.degree_levels", 0 },
	/*
	 * /degrees: $1 basis, $2 limit, $3 offset.  Each level by rank with
	 * the careers of the field whose typical education maps to it, and
	 * the median of their national medians (whole dollars a year, or
	 * cents an hour); n_medians tells no career from no median.
	 */
	[STMT_DEGREES_PAGE] = { "degrees_page",
	    "SELECT d.code, d.rank, d.label, "
	    "count(s.soc) AS career_count, count(CASE WHEN $1::text = "
	    "'hourly' THEN s.hourly_median ELSE s.median END) AS n_medians, "
	    "round((percentile_cont(0.5) WITHIN GROUP (ORDER BY (CASE WHEN "
	    "$1::text = 'hourly' THEN s.hourly_median ELSE s.median END)"
	    "::float8))::numeric, CASE WHEN $1::text = 'hourly' THEN 2 "
	    "ELSE 0 END) AS median_wage, "
	    "array_to_json(ARRAY(SELECT DISTINCT x FROM hf.career_search s2 "
	    "CROSS JOIN LATERAL unnest(s2.sources) AS x WHERE "
	    "s2.education_level = d.code ORDER BY x)) AS sources "
	    "FROM hf.degree_levels d LEFT JOIN hf.career_search s "
	    "ON s.education_level = d.code GROUP BY d.code, d.rank, d.label "
	    "ORDER BY d.rank LIMIT $2::int8 OFFSET $3::int8", 3 },

	/*
	 * /pathways: $1 soc.  The career and its certifications, those with
	 * the lowest prerequisite first.
	 */
	[STMT_PATHWAY_CAREER] = { "pathway_career",
	    "SELECT s.soc, s.title, s.typical_education, "
	    "array_to_json(s.certification_codes) AS certification_codes, "
	    "(SELECT coalesce(json_agg(" CAREER_CERT_JSON " ORDER BY "
	    "c.prerequisite_degree_rank NULLS FIRST, c.code), '[]') "
	    "FROM hf.career_certifications c WHERE c.soc = s.soc) "
	    "AS certifications, array_to_json(s.sources) AS sources "
	    "FROM hf.career_search s WHERE s.soc = $1::text", 1 },

	/*
	 * /suggest: $1 q.  Up to 10 hits whose title (or alternate title,
	 * alias, certification code) has a word starting with q, compared
	 * lower-case, unaccented, punctuation as spaces; LIKE's own
	 * characters in q are escaped.  At most one hit per thing, its best
	 * title; then the types take turns (career, certification, program,
	 * institution), each best first: a title that starts with q, the
	 * official title, the shorter label.
	 */
	[STMT_SUGGEST] = { "suggest",
	    "WITH q AS (SELECT btrim(regexp_replace(lower(public.unaccent("
	    "$1::text)), '[^[:alnum:]]+', ' ', 'g')) AS t), "
	    "p AS (SELECT replace(replace(replace(t, '\\', '\\\\'), '%', "
	    "'\\%'), '_', '\\_') AS pat FROM q WHERE t <> ''), "
	    "cand AS (SELECT 'career'::text AS type, 1 AS prio, s.soc AS id, "
	    "s.title AS label, l.title AS matched, l.title = s.title AS "
	    "official, s.sources FROM hf.career_search s CROSS JOIN LATERAL "
	    "unnest(ARRAY[s.title] || s.alternate_titles) AS l(title) "
	    "UNION ALL SELECT 'certification', 2, c.code, c.code || ': ' || "
	    "c.name, l.title, l.title = c.code, array_remove(ARRAY["
	    "c.dataset_id], NULL) FROM hf.certifications c CROSS JOIN LATERAL "
	    "unnest(ARRAY[c.code, c.name]) AS l(title) "
	    "UNION ALL SELECT 'program', 3, ps.id::text, ps.title || ' (' || "
	    "coalesce(dl.label || ', ', '') || ps.institution_name || ')', "
	    "ps.title, true, ps.sources FROM hf.program_search ps "
	    "LEFT JOIN hf.degree_levels dl ON dl.code = ps.degree "
	    "UNION ALL SELECT 'institution', 4, i.id::text, i.name, l.title, "
	    "l.title = i.name, i.sources FROM hf.institution_search i "
	    "CROSS JOIN LATERAL unnest(ARRAY[i.name] || i.aliases) "
	    "AS l(title) WHERE i.program_count > 0), "
	    "norm AS (SELECT cand.*, ' ' || btrim(regexp_replace(lower("
	    "public.unaccent(cand.matched)), '[^[:alnum:]]+', ' ', 'g')) "
	    "AS n FROM cand), "
	    "hits AS (SELECT h.*, h.n LIKE ' ' || p.pat || '%' AS whole "
	    "FROM norm h CROSS JOIN p WHERE h.n LIKE '% ' || p.pat || '%'), "
	    "best AS (SELECT DISTINCT ON (type, id) * FROM hits ORDER BY "
	    "type, id, whole DESC, official DESC, length(matched), matched), "
	    "ranked AS (SELECT b.*, row_number() OVER (PARTITION BY b.type "
	    "ORDER BY b.whole DESC, b.official DESC, length(b.label), "
	    "b.label, b.id) AS rn FROM best b) "
	    "SELECT type, id, label, matched, array_to_json(sources) "
	    "AS sources FROM ranked WHERE rn <= 10 ORDER BY rn, prio "
	    "LIMIT 10", 1 },
};

/* Name of statement s ("datasets_page"); static storage. */
const char *
db_stmt_name(enum stmt s)
{
	if (s >= STMT__MAX)
		abort();
	return stmts[s].name;
}

/* SQL text of statement s; static storage. */
const char *
db_stmt_sql(enum stmt s)
{
	if (s >= STMT__MAX)
		abort();
	return stmts[s].sql;
}

/* Number of $n parameters statement s takes. */
int
db_stmt_nparams(enum stmt s)
{
	if (s >= STMT__MAX)
		abort();
	return stmts[s].nparams;
}

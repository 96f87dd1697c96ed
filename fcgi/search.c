/*
 * search.c -- GET /api/v1/programs and /api/v1/institutions as SQL
 * (R14): the statement is assembled only from the fixed fragments of
 * frags[], and every value of the request is passed out of line as a
 * $n parameter.  A fragment names a value as {name} (sarg_names[]);
 * query_frag() turns it into $n, the same n each time it reappears.
 *
 * The shape of every search (programs; institutions differ only in
 * the relation, the columns and having no facets):
 *
 *   WITH qry AS MATERIALIZED (hf.program_query($q))          -- with q
 *   base AS MATERIALIZED (SELECT id, sort and facet keys, rel, dist_m,
 *          m_state, m_degree, ... m_eligible_for             -- programs
 *        FROM hf.program_search s [CROSS JOIN qry]
 *        WHERE the filters that are not a requested facet's own),
 *   hits AS (SELECT * FROM base WHERE m_state AND ... ),
 *   page AS (hits' ids numbered in the requested order, LIMIT/OFFSET)
 *   SELECT (SELECT count(*) FROM hits) AS total, facets, q_corrected,
 *          q_did_you_mean, the page's item columns
 *   FROM (SELECT 1) one [CROSS JOIN qry] LEFT JOIN page pg ON true
 *   LEFT JOIN hf.program_search p ON p.id = pg.id ORDER BY pg.rn
 *
 * base is narrow (the keys only) so that sorting every match is cheap;
 * the item columns are read by primary key for the page's rows alone.
 * So one statement answers the page, the exact total (even for a page
 * past the end: one row with the page's columns NULL), the facets and
 * the corrected query.  Facets (disjunctive): a list filter whose facet
 * is requested does not go into WHERE but becomes a per-row boolean
 * m_<name> in base; hits needs every m_ true, and facet <name> counts,
 * in one pass over base (a LATERAL UNION ALL of one branch per facet),
 * the rows whose other m_ are all true.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "request.h"
#include "resp.h"
#include "search.h"
#include "util.h"
#include "valid.h"

/*
 * The distance test from the origin, shared by the fragments below.
 * The origin is a scalar subquery, so that it is computed once per
 * execution even in a generic plan (where ll_to_earth() of $n is not
 * folded into a constant and would otherwise run for every row).
 */
#define ORIGIN	"(SELECT public.ll_to_earth({lat}::float8, {lon}::float8))"
#define RADIUS_M "{radius}::float8 * 1609.344"
#define WITHIN	"public.earth_box(" ORIGIN ", " RADIUS_M ") @> s.geo AND " \
		"public.earth_distance(" ORIGIN ", s.geo) <= " RADIUS_M

/* The per-row facet booleans but one (the facet being counted). */
#define M_BUT_STATE	"b.m_degree AND b.m_field AND b.m_delivery AND " \
	"b.m_accreditation_status AND b.m_control AND b.m_eligible_for"
#define M_BUT_DEGREE	"b.m_state AND b.m_field AND b.m_delivery AND " \
	"b.m_accreditation_status AND b.m_control AND b.m_eligible_for"
#define M_BUT_FIELD	"b.m_state AND b.m_degree AND b.m_delivery AND " \
	"b.m_accreditation_status AND b.m_control AND b.m_eligible_for"
#define M_BUT_DELIVERY	"b.m_state AND b.m_degree AND b.m_field AND " \
	"b.m_accreditation_status AND b.m_control AND b.m_eligible_for"
#define M_BUT_ACCSTATUS	"b.m_state AND b.m_degree AND b.m_field AND " \
	"b.m_delivery AND b.m_control AND b.m_eligible_for"
#define M_BUT_CONTROL	"b.m_state AND b.m_degree AND b.m_field AND " \
	"b.m_delivery AND b.m_accreditation_status AND b.m_eligible_for"
#define M_BUT_ELIGIBLE	"b.m_state AND b.m_degree AND b.m_field AND " \
	"b.m_delivery AND b.m_accreditation_status AND b.m_control"

const char *const sarg_names[SARG__MAX] = {
	[SARG_Q] = "q",
	[SARG_CITY] = "city",
	[SARG_LAT] = "lat",
	[SARG_LON] = "lon",
	[SARG_RADIUS] = "radius",
	[SARG_STATE] = "state",
	[SARG_DEGREE] = "degree",
	[SARG_FIELD] = "field",
	[SARG_DELIVERY] = "delivery",
	[SARG_ACCREDITATION_STATUS] = "accreditation_status",
	[SARG_CONTROL] = "control",
	[SARG_ELIGIBLE_FOR] = "eligible_for",
	[SARG_ACCREDITED] = "accredited",
	[SARG_TUITION_MIN] = "tuition_min",
	[SARG_TUITION_MAX] = "tuition_max",
	[SARG_CREDITS_MIN] = "credits_min",
	[SARG_CREDITS_MAX] = "credits_max",
	[SARG_LIMIT] = "limit",
	[SARG_OFFSET] = "offset",
};

const char *const frags[FRAG__MAX] = {
	[FRAG_WITH] = "WITH ",
	[FRAG_QRY_CTE] = "qry AS MATERIALIZED (SELECT tsq, corrected, "
	    "did_you_mean FROM hf.program_query({q}::text)), ",
	[FRAG_P_BASE] = "base AS MATERIALIZED (SELECT s.id, s.state, "
	    "s.degree, s.field, s.delivery, s.accreditation_status, "
	    "s.control, s.eligible_certifications, s.tuition_in_state, "
	    "s.name_sort",
	[FRAG_I_BASE] = "base AS MATERIALIZED (SELECT s.id, s.state, "
	    "s.name_sort",
	[FRAG_REL] = ", ts_rank_cd(s.tsv, qry.tsq) AS rel",
	[FRAG_NOREL] = ", 0::real AS rel",
	[FRAG_DIST] = ", CASE WHEN " WITHIN " THEN public.earth_distance("
	    ORIGIN ", s.geo) END AS dist_m",
	[FRAG_NODIST] = ", NULL::float8 AS dist_m",
	[FRAG_M_STATE] = ", coalesce(s.state = ANY({state}::bpchar[]), "
	    "false) AS m_state",
	[FRAG_M_DEGREE] = ", coalesce(s.degree = ANY({degree}::text[]), "
	    "false) AS m_degree",
	[FRAG_M_FIELD] = ", coalesce(s.field = ANY({field}::text[]), "
	    "false) AS m_field",
	[FRAG_M_DELIVERY] = ", coalesce(s.delivery = ANY("
	    "{delivery}::text[]), false) AS m_delivery",
	[FRAG_M_ACCREDITATION_STATUS] = ", coalesce(s.accreditation_status "
	    "= ANY({accreditation_status}::text[]), false) "
	    "AS m_accreditation_status",
	[FRAG_M_CONTROL] = ", coalesce(s.control = ANY({control}::text[]), "
	    "false) AS m_control",
	[FRAG_M_ELIGIBLE_FOR] = ", coalesce(s.eligible_certifications && "
	    "{eligible_for}::text[], false) AS m_eligible_for",
	[FRAG_MT_STATE] = ", true AS m_state",
	[FRAG_MT_DEGREE] = ", true AS m_degree",
	[FRAG_MT_FIELD] = ", true AS m_field",
	[FRAG_MT_DELIVERY] = ", true AS m_delivery",
	[FRAG_MT_ACCREDITATION_STATUS] = ", true AS m_accreditation_status",
	[FRAG_MT_CONTROL] = ", true AS m_control",
	[FRAG_MT_ELIGIBLE_FOR] = ", true AS m_eligible_for",
	[FRAG_P_FROM] = " FROM hf.program_search s",
	[FRAG_I_FROM] = " FROM hf.institution_search s",
	[FRAG_FROM_QRY] = " CROSS JOIN qry",
	[FRAG_WHERE] = " WHERE true",
	[FRAG_W_Q] = " AND s.tsv @@ qry.tsq",
	[FRAG_W_CITY] = " AND s.city_key = lower(public.unaccent({city}::text))",
	[FRAG_W_LOCAL_OPEN] = " AND ((" WITHIN ")",
	[FRAG_W_ONLINE] = " OR s.delivery = 'online'",
	[FRAG_CLOSE] = ")",
	[FRAG_W_STATE] = " AND s.state = ANY({state}::bpchar[])",
	[FRAG_W_DEGREE] = " AND s.degree = ANY({degree}::text[])",
	[FRAG_W_FIELD] = " AND s.field = ANY({field}::text[])",
	[FRAG_W_DELIVERY] = " AND s.delivery = ANY({delivery}::text[])",
	[FRAG_W_ACCREDITATION_STATUS] = " AND s.accreditation_status = "
	    "ANY({accreditation_status}::text[])",
	[FRAG_W_CONTROL] = " AND s.control = ANY({control}::text[])",
	[FRAG_W_ELIGIBLE_FOR] = " AND s.eligible_certifications && "
	    "{eligible_for}::text[]",
	[FRAG_W_ACCREDITED] = " AND s.accredited = {accredited}::boolean",
	[FRAG_W_TUITION_MIN] = " AND s.tuition_in_state >= "
	    "{tuition_min}::numeric",
	[FRAG_W_TUITION_MAX] = " AND s.tuition_in_state <= "
	    "{tuition_max}::numeric",
	[FRAG_W_CREDITS_MIN] = " AND s.credits >= {credits_min}::numeric",
	[FRAG_W_CREDITS_MAX] = " AND s.credits <= {credits_max}::numeric",
	[FRAG_W1_STATE] = " AND s.state = ({state}::bpchar[])[1]",
	[FRAG_W1_DEGREE] = " AND s.degree = ({degree}::text[])[1]",
	[FRAG_W1_FIELD] = " AND s.field = ({field}::text[])[1]",
	[FRAG_W1_DELIVERY] = " AND s.delivery = ({delivery}::text[])[1]",
	[FRAG_W1_ACCREDITATION_STATUS] = " AND s.accreditation_status = "
	    "({accreditation_status}::text[])[1]",
	[FRAG_W1_CONTROL] = " AND s.control = ({control}::text[])[1]",
	[FRAG_P_HITS] = "), hits AS (SELECT * FROM base WHERE m_state AND "
	    "m_degree AND m_field AND m_delivery AND m_accreditation_status "
	    "AND m_control AND m_eligible_for)",
	[FRAG_I_HITS] = "), hits AS (SELECT * FROM base)",
	[FRAG_PAGE_OPEN] = ", page AS (SELECT h.id, h.dist_m, row_number() "
	    "OVER (ORDER BY ",
	[FRAG_ONLINE_LAST] = "h.dist_m IS NULL, ",
	[FRAG_O_RELEVANCE] = "h.rel DESC",
	[FRAG_O_RELEVANCE_DESC] = "h.rel",
	[FRAG_O_DISTANCE] = "h.dist_m",
	[FRAG_O_DISTANCE_DESC] = "h.dist_m DESC NULLS LAST",
	[FRAG_O_NAME] = "h.name_sort",
	[FRAG_O_NAME_DESC] = "h.name_sort DESC",
	[FRAG_O_TUITION] = "h.tuition_in_state",
	[FRAG_O_TUITION_DESC] = "h.tuition_in_state DESC NULLS LAST",
	[FRAG_O_STATE] = "h.state, h.name_sort",
	[FRAG_O_STATE_DESC] = "h.state DESC NULLS LAST, h.name_sort",
	[FRAG_PAGE_CLOSE] = ", h.id) AS rn FROM hits h ORDER BY rn "
	    "LIMIT {limit}::int8 OFFSET {offset}::int8) ",
	[FRAG_SELECT_TOTAL] = "SELECT (SELECT count(*) FROM hits) AS total",
	[FRAG_FACETS_OPEN] = ", (SELECT json_object_agg(c.facet, c.items) "
	    "FROM (SELECT v.facet, json_agg(json_build_object('value', "
	    "v.value, 'count', v.n) ORDER BY v.n DESC, v.value) AS items "
	    "FROM (SELECT f.facet, f.value, count(*) AS n FROM base b "
	    "CROSS JOIN LATERAL (",
	[FRAG_F_STATE] = "SELECT 'state'::text, b.state::text WHERE "
	    M_BUT_STATE,
	[FRAG_F_DEGREE] = "SELECT 'degree'::text, b.degree::text WHERE "
	    M_BUT_DEGREE,
	[FRAG_F_FIELD] = "SELECT 'field'::text, b.field::text WHERE "
	    M_BUT_FIELD,
	[FRAG_F_DELIVERY] = "SELECT 'delivery'::text, b.delivery::text "
	    "WHERE " M_BUT_DELIVERY,
	[FRAG_F_ACCREDITATION_STATUS] = "SELECT 'accreditation_status'::text, "
	    "b.accreditation_status::text WHERE " M_BUT_ACCSTATUS,
	[FRAG_F_CONTROL] = "SELECT 'control'::text, b.control::text WHERE "
	    M_BUT_CONTROL,
	[FRAG_F_ELIGIBLE_FOR] = "SELECT 'eligible_for'::text, e.code::text "
	    "FROM unnest(b.eligible_certifications) AS e(code) WHERE "
	    M_BUT_ELIGIBLE,
	[FRAG_UNION_ALL] = " UNION ALL ",
	[FRAG_FACETS_CLOSE] = ") AS f(facet, value) WHERE f.value IS NOT "
	    "NULL GROUP BY f.facet, f.value) AS v GROUP BY v.facet) AS c) "
	    "AS facets",
	[FRAG_NOFACETS] = ", NULL::json AS facets",
	[FRAG_QUERY_COLS] = ", qry.corrected AS q_corrected, "
	    "qry.did_you_mean AS q_did_you_mean",
	[FRAG_NOQUERY_COLS] = ", NULL::text AS q_corrected, "
	    "NULL::text AS q_did_you_mean",
	[FRAG_P_ITEM] = ", " SEARCH_PROGRAM_COLUMNS,
	[FRAG_I_ITEM] = ", p.id, p.name, array_to_json(p.aliases) AS "
	    "aliases, p.city, p.state, p.zip, p.control, p.url, p.lat, "
	    "p.lon, p.program_count, array_to_json(p.sources) AS sources",
	[FRAG_DISTANCE_MILES] = ", round((pg.dist_m / 1609.344)::numeric, 1) "
	    "AS distance_miles",
	[FRAG_FROM_ONE] = " FROM (SELECT 1) AS one",
	[FRAG_P_PAGE_JOIN] = " LEFT JOIN page pg ON true LEFT JOIN "
	    "hf.program_search p ON p.id = pg.id ORDER BY pg.rn",
	[FRAG_I_PAGE_JOIN] = " LEFT JOIN page pg ON true LEFT JOIN "
	    "hf.institution_search p ON p.id = pg.id ORDER BY pg.rn",
	[FRAG_COMMA] = ", ",
	[FRAG_K_PAGE_OPEN] = "page AS (SELECT h.id, h.dist_m, row_number() "
	    "OVER (ORDER BY ",
	[FRAG_K_PAGE_FROM] = ", h.id) AS rn FROM (SELECT h.* FROM (SELECT "
	    "s.id, s.state, s.tuition_in_state, s.name_sort, 0::real AS rel, "
	    "NULL::float8 AS dist_m FROM hf.program_search s",
	[FRAG_K_PAGE_ORDER] = ") AS h ORDER BY ",
	[FRAG_K_PAGE_CLOSE] = ", h.id LIMIT {limit}::int8 OFFSET "
	    "{offset}::int8) AS h) ",
	[FRAG_N_PAGE] = "page AS (SELECT o.id, NULL::float8 AS dist_m, "
	    "o.pos AS rn FROM hf.program_name_order o WHERE o.pos > "
	    "{offset}::int8 ORDER BY o.pos LIMIT {limit}::int8) ",
	[FRAG_C_TOTAL_ALL] = "SELECT (SELECT coalesce(max(o.pos), 0)::int8 "
	    "FROM hf.program_name_order o) AS total",
	[FRAG_C_TOTAL_OPEN] = "SELECT (SELECT coalesce(sum(s.n), 0)::int8 "
	    "FROM hf.program_facets s",
	[FRAG_C_TOTAL_CLOSE] = ") AS total",
	[FRAG_C_FACETS_OPEN] = ", (SELECT json_object_agg(c.facet, c.items) "
	    "FROM (SELECT v.facet, json_agg(json_build_object('value', "
	    "v.value, 'count', v.n) ORDER BY v.n DESC, v.value) AS items "
	    "FROM (",
	[FRAG_CF_STATE] = "SELECT 'state'::text, s.state::text, "
	    "sum(s.n)::int8 FROM hf.program_facets s",
	[FRAG_CF_DEGREE] = "SELECT 'degree'::text, s.degree::text, "
	    "sum(s.n)::int8 FROM hf.program_facets s",
	[FRAG_CF_FIELD] = "SELECT 'field'::text, s.field::text, "
	    "sum(s.n)::int8 FROM hf.program_facets s",
	[FRAG_CF_DELIVERY] = "SELECT 'delivery'::text, s.delivery::text, "
	    "sum(s.n)::int8 FROM hf.program_facets s",
	[FRAG_CF_ACCREDITATION_STATUS] = "SELECT 'accreditation_status'::text, "
	    "s.accreditation_status::text, sum(s.n)::int8 "
	    "FROM hf.program_facets s",
	[FRAG_CF_CONTROL] = "SELECT 'control'::text, s.control::text, "
	    "sum(s.n)::int8 FROM hf.program_facets s",
	[FRAG_CF_ELIGIBLE_FOR] = "SELECT 'eligible_for'::text, e.code::text, "
	    "sum(s.n)::int8 FROM hf.program_facets s CROSS JOIN LATERAL "
	    "unnest(s.eligible_certifications) AS e(code)",
	[FRAG_CF_GROUP] = " GROUP BY 1, 2",
	[FRAG_CM_STATE] = "SELECT m.facet, m.value, m.n FROM "
	    "hf.program_facet_counts m WHERE m.facet = 'state'",
	[FRAG_CM_DEGREE] = "SELECT m.facet, m.value, m.n FROM "
	    "hf.program_facet_counts m WHERE m.facet = 'degree'",
	[FRAG_CM_FIELD] = "SELECT m.facet, m.value, m.n FROM "
	    "hf.program_facet_counts m WHERE m.facet = 'field'",
	[FRAG_CM_DELIVERY] = "SELECT m.facet, m.value, m.n FROM "
	    "hf.program_facet_counts m WHERE m.facet = 'delivery'",
	[FRAG_CM_ACCREDITATION_STATUS] = "SELECT m.facet, m.value, m.n FROM "
	    "hf.program_facet_counts m WHERE m.facet = 'accreditation_status'",
	[FRAG_CM_CONTROL] = "SELECT m.facet, m.value, m.n FROM "
	    "hf.program_facet_counts m WHERE m.facet = 'control'",
	[FRAG_CM_ELIGIBLE_FOR] = "SELECT m.facet, m.value, m.n FROM "
	    "hf.program_facet_counts m WHERE m.facet = 'eligible_for'",
	[FRAG_C_FACETS_CLOSE] = ") AS v(facet, value, n) WHERE v.value IS NOT "
	    "NULL GROUP BY v.facet) AS c) AS facets",
	[FRAG_G_NEAR] = "near AS MATERIALIZED (SELECT x.id, x.program_count, "
	    "x.dist_m FROM (SELECT s.id, s.program_count, "
	    "public.earth_distance(" ORIGIN ", s.geo) AS dist_m "
	    "FROM hf.institution_search s WHERE public.earth_box(" ORIGIN ", "
	    RADIUS_M ") @> s.geo OFFSET 0) AS x WHERE x.dist_m <= " RADIUS_M,
	[FRAG_G_PICK] = "), ranked AS (SELECT h.id, h.dist_m, h.program_count, "
	    "sum(h.program_count) OVER (ORDER BY ",
	[FRAG_G_PICK_CLOSE] = ", h.id) - h.program_count AS before FROM near h "
	    "WHERE h.program_count > 0), pick AS (SELECT r.id, r.dist_m, "
	    "r.before FROM ranked r WHERE r.before < {offset}::int8 + "
	    "{limit}::int8 AND r.before + r.program_count > {offset}::int8), ",
	[FRAG_G_PAGE_FROM] = ", h.id) AS rn FROM (SELECT h.* FROM (SELECT "
	    "s.id, r.dist_m FROM pick r JOIN hf.program_search s "
	    "ON s.institution_id = r.id",
	[FRAG_G_TOTAL] = "SELECT (SELECT coalesce(sum(program_count), 0)::int8 "
	    "FROM near) AS total",
	[FRAG_PICK_CLOSE] = ", h.id LIMIT {limit}::int8 OFFSET "
	    "{offset}::int8 - (SELECT coalesce(min(p.before), 0) FROM pick p)) "
	    "AS h) ",
	[FRAG_D_DOCS] = "docs AS MATERIALIZED (SELECT s.doc, s.n, "
	    "ts_rank_cd(s.tsv, qry.tsq) AS rel FROM hf.program_docs s "
	    "CROSS JOIN qry",
	[FRAG_D_RANKED] = "), ranked AS (SELECT h.doc, h.n, sum(h.n) OVER "
	    "(ORDER BY ",
	[FRAG_D_RANKED_FROM] = ", h.doc) - h.n AS before, h.rel FROM "
	    "(SELECT h.* FROM docs h ORDER BY ",
	[FRAG_D_PICK] = ", h.doc LIMIT {offset}::int8 + {limit}::int8) AS h), "
	    "pick AS (SELECT r.doc, r.rel, r.before, d.ids FROM ranked r "
	    "JOIN hf.program_docs d ON d.doc = r.doc WHERE "
	    "r.before < {offset}::int8 + {limit}::int8 AND r.before + r.n > "
	    "{offset}::int8), ",
	[FRAG_D_PAGE_FROM] = ", h.id) AS rn FROM (SELECT h.* FROM (SELECT "
	    "x.id, NULL::float8 AS dist_m, r.rel FROM pick r CROSS JOIN "
	    "LATERAL unnest(r.ids) AS x(id)",
	[FRAG_D_TOTAL] = "SELECT (SELECT coalesce(sum(n), 0)::int8 FROM docs) "
	    "AS total",
};

/* Per list filter (indexed by enum facet): its value and fragments. */
static const struct {
	enum sarg	 arg;
	enum frag	 where;		/* AND-ed into base's WHERE */
	enum frag	 where1;	/* the same for one value, or FRAG__MAX */
	enum frag	 match;		/* base column m_<name>: the test */
	enum frag	 always;	/* base column m_<name>: true */
	enum frag	 facet;		/* the facet's LATERAL branch */
	enum frag	 cube;		/* its counts summed from the cube */
	enum frag	 counts;	/* its counts, no other filter */
} lists[FACET__MAX] = {
	[FACET_STATE] = { SARG_STATE, FRAG_W_STATE, FRAG_W1_STATE,
	    FRAG_M_STATE, FRAG_MT_STATE, FRAG_F_STATE, FRAG_CF_STATE,
	    FRAG_CM_STATE },
	[FACET_DEGREE] = { SARG_DEGREE, FRAG_W_DEGREE, FRAG_W1_DEGREE,
	    FRAG_M_DEGREE, FRAG_MT_DEGREE, FRAG_F_DEGREE, FRAG_CF_DEGREE,
	    FRAG_CM_DEGREE },
	[FACET_FIELD] = { SARG_FIELD, FRAG_W_FIELD, FRAG_W1_FIELD,
	    FRAG_M_FIELD, FRAG_MT_FIELD, FRAG_F_FIELD, FRAG_CF_FIELD,
	    FRAG_CM_FIELD },
	[FACET_DELIVERY] = { SARG_DELIVERY, FRAG_W_DELIVERY, FRAG_W1_DELIVERY,
	    FRAG_M_DELIVERY, FRAG_MT_DELIVERY, FRAG_F_DELIVERY,
	    FRAG_CF_DELIVERY, FRAG_CM_DELIVERY },
	[FACET_ACCREDITATION_STATUS] = { SARG_ACCREDITATION_STATUS,
	    FRAG_W_ACCREDITATION_STATUS, FRAG_W1_ACCREDITATION_STATUS,
	    FRAG_M_ACCREDITATION_STATUS, FRAG_MT_ACCREDITATION_STATUS,
	    FRAG_F_ACCREDITATION_STATUS, FRAG_CF_ACCREDITATION_STATUS,
	    FRAG_CM_ACCREDITATION_STATUS },
	[FACET_CONTROL] = { SARG_CONTROL, FRAG_W_CONTROL, FRAG_W1_CONTROL,
	    FRAG_M_CONTROL, FRAG_MT_CONTROL, FRAG_F_CONTROL, FRAG_CF_CONTROL,
	    FRAG_CM_CONTROL },
	[FACET_ELIGIBLE_FOR] = { SARG_ELIGIBLE_FOR, FRAG_W_ELIGIBLE_FOR,
	    FRAG__MAX, FRAG_M_ELIGIBLE_FOR, FRAG_MT_ELIGIBLE_FOR,
	    FRAG_F_ELIGIBLE_FOR, FRAG_CF_ELIGIBLE_FOR, FRAG_CM_ELIGIBLE_FOR },
};

/* ORDER BY fragments per sort: [0] as named, [1] reversed ('-'). */
static const enum frag orders[SORT__MAX][2] = {
	[SORT_RELEVANCE] = { FRAG_O_RELEVANCE, FRAG_O_RELEVANCE_DESC },
	[SORT_DISTANCE] = { FRAG_O_DISTANCE, FRAG_O_DISTANCE_DESC },
	[SORT_NAME] = { FRAG_O_NAME, FRAG_O_NAME_DESC },
	[SORT_TUITION] = { FRAG_O_TUITION, FRAG_O_TUITION_DESC },
	[SORT_STATE] = { FRAG_O_STATE, FRAG_O_STATE_DESC },
};

/* --- the builder ----------------------------------------------------- */

/*
 * Returns the PostgreSQL array literal of items[0..n): {"a","b"}, every
 * item double-quoted with '"' and '\' escaped by a backslash, so no
 * item can end the literal or pass for NULL.  The caller owns it.
 */
char *
search_array_literal(char *const *items, size_t n)
{
	struct buf	 b = { NULL, 0, 0 };
	const char	*s;
	size_t		 i;

	buf_putc(&b, '{');
	for (i = 0; i < n; i++) {
		if (i > 0)
			buf_putc(&b, ',');
		buf_putc(&b, '"');
		for (s = items[i]; *s != '\0'; s++) {
			if (*s == '"' || *s == '\\')
				buf_putc(&b, '\\');
			buf_putc(&b, *s);
		}
		buf_putc(&b, '"');
	}
	buf_putc(&b, '}');
	return buf_take(&b);
}

/* Sets the value of a (copied); a fragment may then name it. */
void
query_set(struct query *q, enum sarg a, const char *val)
{
	if (a >= SARG__MAX || q->num[a] != 0)
		abort();	/* unknown, or changed after use */
	free(q->vals[a]);
	q->vals[a] = xstrdup(val);
}

/* Sets the value of a to the array literal of items[0..n). */
void
query_set_list(struct query *q, enum sarg a, char *const *items, size_t n)
{
	char	*lit;

	lit = search_array_literal(items, n);
	query_set(q, a, lit);
	free(lit);
}

/*
 * Appends fragment f, each {name} in it replaced by $n: the value's
 * number, given the first time it is named.  A fragment naming a value
 * that is not set is a bug: abort().
 */
void
query_frag(struct query *q, enum frag f)
{
	const char	*s, *e;
	size_t		 i, n;

	if (f >= FRAG__MAX)
		abort();
	q->trace = xreallocarray(q->trace, q->ntrace + 1, sizeof(*q->trace));
	q->trace[q->ntrace++] = f;
	for (s = frags[f]; *s != '\0'; s = e) {
		if (*s != '{') {
			e = s + strcspn(s, "{");
			buf_add(&q->sql, s, (size_t)(e - s));
			continue;
		}
		if ((e = strchr(s, '}')) == NULL)
			abort();
		n = (size_t)(e - s - 1);
		for (i = 0; i < SARG__MAX; i++)
			if (strlen(sarg_names[i]) == n &&
			    memcmp(sarg_names[i], s + 1, n) == 0)
				break;
		if (i == SARG__MAX || q->vals[i] == NULL)
			abort();
		if (q->num[i] == 0) {
			q->params[q->nparams] = q->vals[i];
			q->num[i] = ++q->nparams;
		}
		buf_printf(&q->sql, "$%d", q->num[i]);
		e++;
	}
}

/* Frees everything q owns and zeroes it; q may be reused. */
void
query_free(struct query *q)
{
	size_t	 i;

	buf_free(&q->sql);
	for (i = 0; i < SARG__MAX; i++)
		free(q->vals[i]);
	free(q->trace);
	memset(q, 0, sizeof(*q));
}

/* --- from the request -------------------------------------------------- */

/* The canonical text of parameter name, or NULL if absent. */
static const char *
param_s(const struct req *r, const char *name)
{
	const struct pval	*v;

	return (v = req_get(r, name)) != NULL ? v->s : NULL;
}

/* 1 if name was given at all: valid, or already reported bad. */
static int
given(const struct req *r, const struct resp *rs, const char *name)
{
	size_t	 i;

	if (req_get(r, name) != NULL)
		return 1;
	for (i = 0; i < rs->nproblems; i++)
		if (rs->problems[i].param != NULL &&
		    strcmp(rs->problems[i].param, name) == 0)
			return 1;
	return 0;
}

/* The enum facet that facets= item name (canonical) stands for. */
static enum facet
facet_index(const char *name)
{
	size_t	 i;

	for (i = 0; i < FACET__MAX; i++)
		if (strcmp(facet_names[i], name) == 0)
			return (enum facet)i;
	abort();	/* valid_enum_list let through a name not in the table */
}

/* Records that the valid parameter name cannot be used as given. */
static void
conflict(const struct req *r, struct resp *rs, const char *name,
    const char *why)
{
	const char	*v = param_s(r, name);

	resp_problem(rs, ERR_INVALID_PARAMETER, name, v, v != NULL ?
	    strlen(v) : 0, "%s", why);
}

/*
 * min > max for a pair of bounds: a problem naming min.  Whole numbers
 * are in pval.i, decimals in pval.d (the other member is 0 in both).
 */
static void
check_bounds(const struct req *r, struct resp *rs, const char *min,
    const char *max)
{
	const struct pval	*a, *b;
	char			 why[128];

	if ((a = req_get(r, min)) == NULL || (b = req_get(r, max)) == NULL)
		return;
	if (a->i > b->i || a->d > b->d) {
		snprintf(why, sizeof(why), "%s must not be greater than %s",
		    min, max);
		conflict(r, rs, min, why);
	}
}

#define NEEDS_LOCATION	"needs a location: zip, or lat and lon"

/*
 * The checks that involve more than one parameter (API.md): lat and
 * lon go together (the missing one is named, with no value), zip
 * excludes them, radius, include_online and
 * sort=distance need a location, sort=relevance needs q, a min bound
 * may not exceed its max.  Each failure is a problem in rs.
 */
static void
search_check(const struct req *r, struct resp *rs, const struct search *s)
{
	int	 lat, lon, zip, located;

	lat = given(r, rs, "lat");
	lon = given(r, rs, "lon");
	zip = given(r, rs, "zip");
	located = zip || (lat && lon);
	if (req_get(r, "lat") != NULL && !lon)
		resp_problem(rs, ERR_INVALID_PARAMETER, "lon", NULL, 0,
		    "lon is required with lat");
	if (req_get(r, "lon") != NULL && !lat)
		resp_problem(rs, ERR_INVALID_PARAMETER, "lat", NULL, 0,
		    "lat is required with lon");
	if (req_get(r, "zip") != NULL && (lat || lon))
		conflict(r, rs, "zip", "give either zip or lat and lon, "
		    "not both");
	if (req_get(r, "radius") != NULL && !located)
		conflict(r, rs, "radius", "radius " NEEDS_LOCATION);
	if (req_get(r, "include_online") != NULL && !located)
		conflict(r, rs, "include_online",
		    "include_online " NEEDS_LOCATION);
	if (req_get(r, "sort") != NULL && s->sort == SORT_DISTANCE &&
	    !located)
		conflict(r, rs, "sort", "sort=distance " NEEDS_LOCATION);
	if (req_get(r, "sort") != NULL && s->sort == SORT_RELEVANCE &&
	    !given(r, rs, "q"))
		conflict(r, rs, "sort", "sort=relevance needs q");
	check_bounds(r, rs, "tuition_min", "tuition_max");
	check_bounds(r, rs, "credits_min", "credits_max");
}

/*
 * Fills s from the validated parameters of r for a search of kind and
 * checks what involves several parameters; r's paging goes into rs
 * (req_paging) and s->limit/offset.  s borrows from r.  Pure: the ZIP
 * is not looked up here (s->zip is set, s->located is not).  Returns 0,
 * or -1 with the problems recorded in rs.
 */
int
search_from_req(const struct req *r, struct resp *rs, enum search_kind kind,
    struct search *s)
{
	const struct pval	*v;
	size_t			 before = rs->nproblems, i;

	memset(s, 0, sizeof(*s));
	s->kind = kind;
	s->q = param_s(r, "q");
	s->city = param_s(r, "city");
	for (i = 0; i < FACET__MAX; i++)
		s->lists[i] = req_get(r, facet_names[i]);
	s->zip = param_s(r, "zip");
	if ((v = req_get(r, "lat")) != NULL && req_get(r, "lon") != NULL)
		search_set_origin(s, v->s, param_s(r, "lon"));
	s->radius = param_s(r, "radius");
	if (s->radius == NULL)
		s->radius = SEARCH_RADIUS_DEFAULT;
	s->include_online = req_int(r, "include_online", 0) != 0;
	s->accredited = (int)req_int(r, "accredited", -1);
	s->tuition_min = param_s(r, "tuition_min");
	s->tuition_max = param_s(r, "tuition_max");
	s->credits_min = param_s(r, "credits_min");
	s->credits_max = param_s(r, "credits_max");
	if ((v = req_get(r, "facets")) != NULL && !r->csv)	/* CSV: no meta */
		for (i = 0; i < v->nlist; i++)
			s->facets |= 1u << facet_index(v->list[i]);
	if ((v = req_get(r, "sort")) != NULL) {
		s->sort = (enum sort)v->i;
		s->desc = v->s[0] == '-';
	} else
		s->sort = s->q != NULL ? SORT_RELEVANCE :
		    s->zip != NULL || s->located ? SORT_DISTANCE : SORT_NAME;
	search_check(r, rs, s);
	req_paging(r, rs, s->limit, s->offset, sizeof(s->limit));
	return rs->nproblems > before ? -1 : 0;
}

/* Sets the origin of s to lat, lon (text, copied). */
void
search_set_origin(struct search *s, const char *lat, const char *lon)
{
	snprintf(s->lat, sizeof(s->lat), "%s", lat);
	snprintf(s->lon, sizeof(s->lon), "%s", lon);
	s->located = 1;
}

/* --- assembly ---------------------------------------------------------- */

/* 1 if list filter f is present and its facet requested (programs). */
static int
as_match(const struct search *s, enum facet f)
{
	return s->kind == SEARCH_PROGRAMS && s->lists[f] != NULL &&
	    (s->facets & (1u << f));
}

/* Sets every value s uses in q. */
static void
search_args(const struct search *s, struct query *q)
{
	size_t	 i;

	if (s->q != NULL)
		query_set(q, SARG_Q, s->q);
	if (s->city != NULL)
		query_set(q, SARG_CITY, s->city);
	if (s->located) {
		query_set(q, SARG_LAT, s->lat);
		query_set(q, SARG_LON, s->lon);
		query_set(q, SARG_RADIUS, s->radius);
	}
	for (i = 0; i < FACET__MAX; i++)
		if (s->lists[i] != NULL)
			query_set_list(q, lists[i].arg, s->lists[i]->list,
			    s->lists[i]->nlist);
	if (s->accredited >= 0)
		query_set(q, SARG_ACCREDITED, s->accredited ? "true" : "false");
	if (s->tuition_min != NULL)
		query_set(q, SARG_TUITION_MIN, s->tuition_min);
	if (s->tuition_max != NULL)
		query_set(q, SARG_TUITION_MAX, s->tuition_max);
	if (s->credits_min != NULL)
		query_set(q, SARG_CREDITS_MIN, s->credits_min);
	if (s->credits_max != NULL)
		query_set(q, SARG_CREDITS_MAX, s->credits_max);
	query_set(q, SARG_LIMIT, s->limit);
	query_set(q, SARG_OFFSET, s->offset);
}

/* search_where(): which list filters to leave out. */
#define WHERE_BASE	(-1)		/* the requested facets' own */
#define WHERE_ALL	FACET__MAX	/* none */

/*
 * The WHERE of every filter of s but, with skip WHERE_BASE, the lists
 * that are requested facets (base: they are its m_ booleans); with
 * skip a facet, that facet's own list (its counts); with WHERE_ALL,
 * none.  A list of one value is an equality, so that the planner can
 * walk an index in the requested order.
 */
static void
search_where(const struct search *s, struct query *q, int skip)
{
	size_t	 i;

	query_frag(q, FRAG_WHERE);
	if (s->q != NULL)
		query_frag(q, FRAG_W_Q);
	if (s->city != NULL)
		query_frag(q, FRAG_W_CITY);
	if (s->located) {
		query_frag(q, FRAG_W_LOCAL_OPEN);
		if (s->include_online && s->kind == SEARCH_PROGRAMS)
			query_frag(q, FRAG_W_ONLINE);
		query_frag(q, FRAG_CLOSE);
	}
	for (i = 0; i < FACET__MAX; i++) {
		if (s->lists[i] == NULL || (int)i == skip ||
		    (skip == WHERE_BASE && as_match(s, (enum facet)i)))
			continue;
		if (s->lists[i]->nlist == 1 && lists[i].where1 != FRAG__MAX)
			query_frag(q, lists[i].where1);
		else
			query_frag(q, lists[i].where);
	}
	if (s->accredited >= 0)
		query_frag(q, FRAG_W_ACCREDITED);
	if (s->tuition_min != NULL)
		query_frag(q, FRAG_W_TUITION_MIN);
	if (s->tuition_max != NULL)
		query_frag(q, FRAG_W_TUITION_MAX);
	if (s->credits_min != NULL)
		query_frag(q, FRAG_W_CREDITS_MIN);
	if (s->credits_max != NULL)
		query_frag(q, FRAG_W_CREDITS_MAX);
}

/* The page CTE: hits numbered in the requested order, id last. */
static void
search_page(const struct search *s, struct query *q)
{
	query_frag(q, FRAG_PAGE_OPEN);
	if (s->located && s->include_online && s->kind == SEARCH_PROGRAMS)
		query_frag(q, FRAG_ONLINE_LAST);
	query_frag(q, orders[s->sort][s->desc ? 1 : 0]);
	query_frag(q, FRAG_PAGE_CLOSE);
}

/* The facets column: one LATERAL branch per requested facet. */
static void
search_facets(const struct search *s, struct query *q)
{
	size_t	 i;
	int	 first = 1;

	if (s->kind != SEARCH_PROGRAMS || s->facets == 0) {
		query_frag(q, FRAG_NOFACETS);
		return;
	}
	query_frag(q, FRAG_FACETS_OPEN);
	for (i = 0; i < FACET__MAX; i++) {
		if (!(s->facets & (1u << i)))
			continue;
		if (!first)
			query_frag(q, FRAG_UNION_ALL);
		query_frag(q, lists[i].facet);
		first = 0;
	}
	query_frag(q, FRAG_FACETS_CLOSE);
}

/*
 * 1 if the total and the facets of s can be summed from the facet cube
 * hf.program_facets: a program search whose every filter is on one of
 * the cube's columns (no q, city, location, tuition or credits).
 */
static int
search_by_cube(const struct search *s)
{
	return s->kind == SEARCH_PROGRAMS && s->q == NULL &&
	    s->city == NULL && !s->located && s->tuition_min == NULL &&
	    s->tuition_max == NULL && s->credits_min == NULL &&
	    s->credits_max == NULL;
}

/*
 * 1 if no list filter but skip's (a facet, or WHERE_ALL: none) and no
 * accredited filter narrows s.
 */
static int
search_lists_but(const struct search *s, int skip)
{
	size_t	 i;

	for (i = 0; i < FACET__MAX; i++)
		if (s->lists[i] != NULL && (int)i != skip)
			return 0;
	return s->accredited < 0;
}

/* 1 if s (cube-summable) filters nothing out: every program matches. */
static int
search_unfiltered(const struct search *s)
{
	return search_lists_but(s, WHERE_ALL);
}

/*
 * The page of a cube-summable search: the matching programs in the
 * requested order, LIMIT/OFFSET on a plain (not materialized) query so
 * that the planner may read an index in that order and stop at the
 * page; then numbered.  Unfiltered in the default order: a range of
 * hf.program_name_order, whatever the page.
 */
static void
search_page_fast(const struct search *s, struct query *q)
{
	enum frag	 o = orders[s->sort][s->desc ? 1 : 0];

	if (search_unfiltered(s) && s->sort == SORT_NAME && !s->desc) {
		query_frag(q, FRAG_N_PAGE);
		return;
	}
	query_frag(q, FRAG_K_PAGE_OPEN);
	query_frag(q, o);
	query_frag(q, FRAG_K_PAGE_FROM);
	search_where(s, q, WHERE_ALL);
	query_frag(q, FRAG_K_PAGE_ORDER);
	query_frag(q, o);
	query_frag(q, FRAG_K_PAGE_CLOSE);
}

/*
 * The facets column of a cube-summable search: per requested facet, the
 * cube's n summed per value over the rows that every filter but the
 * facet's own keeps -- or, when no other filter applies, that facet's
 * precomputed counts (hf.program_facet_counts).
 */
static void
search_facets_cube(const struct search *s, struct query *q)
{
	size_t	 i;
	int	 first = 1;

	if (s->facets == 0) {
		query_frag(q, FRAG_NOFACETS);
		return;
	}
	query_frag(q, FRAG_C_FACETS_OPEN);
	for (i = 0; i < FACET__MAX; i++) {
		if (!(s->facets & (1u << i)))
			continue;
		if (!first)
			query_frag(q, FRAG_UNION_ALL);
		first = 0;
		if (search_lists_but(s, (int)i)) {
			query_frag(q, lists[i].counts);
			continue;
		}
		query_frag(q, lists[i].cube);
		search_where(s, q, (int)i);
		query_frag(q, FRAG_CF_GROUP);
	}
	query_frag(q, FRAG_C_FACETS_CLOSE);
}

/*
 * search_sql() of a cube-summable search: the page from
 * search_page_fast(), the total summed from the cube rows every filter
 * keeps (unfiltered: the count of hf.program_name_order), the facets
 * from search_facets_cube().  The answer is the one the general
 * statement gives.
 */
static void
search_sql_cube(const struct search *s, struct query *q)
{
	search_args(s, q);
	query_frag(q, FRAG_WITH);
	search_page_fast(s, q);
	if (search_unfiltered(s))
		query_frag(q, FRAG_C_TOTAL_ALL);
	else {
		query_frag(q, FRAG_C_TOTAL_OPEN);
		search_where(s, q, WHERE_ALL);
		query_frag(q, FRAG_C_TOTAL_CLOSE);
	}
	search_facets_cube(s, q);
	query_frag(q, FRAG_NOQUERY_COLS);
	query_frag(q, FRAG_P_ITEM);
	query_frag(q, FRAG_FROM_ONE);
	query_frag(q, FRAG_P_PAGE_JOIN);
}

/*
 * 1 if s is a program search near a location and nothing else (no
 * other filter, no facets, online programs not added, by distance).
 */
static int
search_near_only(const struct search *s)
{
	return s->kind == SEARCH_PROGRAMS && s->located &&
	    !s->include_online && s->q == NULL && s->city == NULL &&
	    s->tuition_min == NULL && s->tuition_max == NULL &&
	    s->credits_min == NULL && s->credits_max == NULL &&
	    s->facets == 0 && s->sort == SORT_DISTANCE &&
	    search_unfiltered(s);
}

/*
 * search_sql() of search_near_only().  A program's place is its
 * institution's, so the matches are the programs of the institutions
 * in the radius (near: the GiST of hf.institution_search, then the
 * distance computed once per institution in the box) and the total
 * the sum of their program_count.  In the order (distance, then id) the
 * programs of one institution are consecutive (an id starts with the
 * UNITID): ranked counts the programs before each institution, pick
 * keeps those the page overlaps, and the page reads their ids from the
 * index (institution_id, id), skipping what comes before.  The answer
 * is the one the general statement gives.
 */
static void
search_sql_near(const struct search *s, struct query *q)
{
	enum frag	 o = orders[s->sort][s->desc ? 1 : 0];

	search_args(s, q);
	query_frag(q, FRAG_WITH);
	query_frag(q, FRAG_G_NEAR);
	query_frag(q, FRAG_G_PICK);
	query_frag(q, o);
	query_frag(q, FRAG_G_PICK_CLOSE);
	query_frag(q, FRAG_K_PAGE_OPEN);
	query_frag(q, o);
	query_frag(q, FRAG_G_PAGE_FROM);
	query_frag(q, FRAG_K_PAGE_ORDER);
	query_frag(q, o);
	query_frag(q, FRAG_PICK_CLOSE);
	query_frag(q, FRAG_G_TOTAL);
	query_frag(q, FRAG_NOFACETS);
	query_frag(q, FRAG_NOQUERY_COLS);
	query_frag(q, FRAG_P_ITEM);
	query_frag(q, FRAG_DISTANCE_MILES);
	query_frag(q, FRAG_FROM_ONE);
	query_frag(q, FRAG_P_PAGE_JOIN);
}

/*
 * 1 if s is a program search for q, by relevance, without facets,
 * whose other filters are all columns of hf.program_docs (the
 * institution's state, control and city, the CIP code's field): it is
 * answered from the docs.
 */
static int
search_q_only(const struct search *s)
{
	return s->kind == SEARCH_PROGRAMS && s->q != NULL && !s->located &&
	    s->tuition_min == NULL && s->tuition_max == NULL &&
	    s->credits_min == NULL && s->credits_max == NULL &&
	    s->facets == 0 && s->sort == SORT_RELEVANCE &&
	    s->accredited < 0 && s->lists[FACET_DEGREE] == NULL &&
	    s->lists[FACET_DELIVERY] == NULL &&
	    s->lists[FACET_ACCREDITATION_STATUS] == NULL &&
	    s->lists[FACET_ELIGIBLE_FOR] == NULL;
}

/*
 * search_sql() of search_q_only().  A program's tsv depends only on its
 * title (one per CIP code) and its institution, so the programs whose
 * id / 100 is the same (same UNITID and CIP code) share tsv and rank:
 * one row of hf.program_docs (doc = id / 100, n programs, their ids).
 * docs ranks the matching docs; ranked takes the first offset + limit
 * of them in the order (rank, then doc: a doc's ids are the block
 * doc * 100 .. doc * 100 + 99) -- a doc has one program or more, so the
 * page is among them -- and counts the programs before each; pick keeps
 * the docs the page overlaps, and the page takes their ids, skipping
 * what comes before.  The answer is the one
 * the general statement gives.
 */
static void
search_sql_q(const struct search *s, struct query *q)
{
	enum frag	 o = orders[s->sort][s->desc ? 1 : 0];

	search_args(s, q);
	query_frag(q, FRAG_WITH);
	query_frag(q, FRAG_QRY_CTE);
	query_frag(q, FRAG_D_DOCS);
	search_where(s, q, WHERE_ALL);
	query_frag(q, FRAG_D_RANKED);
	query_frag(q, o);
	query_frag(q, FRAG_D_RANKED_FROM);
	query_frag(q, o);
	query_frag(q, FRAG_D_PICK);
	query_frag(q, FRAG_K_PAGE_OPEN);
	query_frag(q, o);
	query_frag(q, FRAG_D_PAGE_FROM);
	query_frag(q, FRAG_K_PAGE_ORDER);
	query_frag(q, o);
	query_frag(q, FRAG_PICK_CLOSE);
	query_frag(q, FRAG_D_TOTAL);
	query_frag(q, FRAG_NOFACETS);
	query_frag(q, FRAG_QUERY_COLS);
	query_frag(q, FRAG_P_ITEM);
	query_frag(q, FRAG_FROM_ONE);
	query_frag(q, FRAG_FROM_QRY);
	query_frag(q, FRAG_P_PAGE_JOIN);
}

/*
 * Assembles the search s into q (which must be zeroed): q->sql is the
 * statement, q->params[0..nparams) its $1..$n.  Only fragments of
 * frags[] go into the text.  The result has one row per item of the
 * page in order, or one row with NULL item columns when the page is
 * empty; every row carries total, facets (jsonb or NULL), q_corrected
 * and q_did_you_mean.  q owns everything: query_free().
 */
void
search_sql(const struct search *s, struct query *q)
{
	int	 prog = s->kind == SEARCH_PROGRAMS;
	size_t	 i;

	if (s->kind >= SEARCH__MAX || s->sort >= SORT__MAX)
		abort();
	if (search_by_cube(s)) {
		search_sql_cube(s, q);
		return;
	}
	if (search_near_only(s)) {
		search_sql_near(s, q);
		return;
	}
	if (search_q_only(s)) {
		search_sql_q(s, q);
		return;
	}
	search_args(s, q);
	query_frag(q, FRAG_WITH);
	if (s->q != NULL)
		query_frag(q, FRAG_QRY_CTE);
	query_frag(q, prog ? FRAG_P_BASE : FRAG_I_BASE);
	query_frag(q, s->q != NULL ? FRAG_REL : FRAG_NOREL);
	query_frag(q, s->located ? FRAG_DIST : FRAG_NODIST);
	for (i = 0; prog && i < FACET__MAX; i++)
		query_frag(q, as_match(s, (enum facet)i) ? lists[i].match :
		    lists[i].always);
	query_frag(q, prog ? FRAG_P_FROM : FRAG_I_FROM);
	if (s->q != NULL)
		query_frag(q, FRAG_FROM_QRY);
	search_where(s, q, WHERE_BASE);
	query_frag(q, prog ? FRAG_P_HITS : FRAG_I_HITS);
	search_page(s, q);
	query_frag(q, FRAG_SELECT_TOTAL);
	search_facets(s, q);
	query_frag(q, s->q != NULL ? FRAG_QUERY_COLS : FRAG_NOQUERY_COLS);
	query_frag(q, prog ? FRAG_P_ITEM : FRAG_I_ITEM);
	if (s->located)
		query_frag(q, FRAG_DISTANCE_MILES);
	query_frag(q, FRAG_FROM_ONE);
	if (s->q != NULL)
		query_frag(q, FRAG_FROM_QRY);
	query_frag(q, prog ? FRAG_P_PAGE_JOIN : FRAG_I_PAGE_JOIN);
}

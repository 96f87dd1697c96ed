/*
 * test-search.c -- the search query builder (search.c, R14): the SQL is
 * made only of frags[] with $n in place of {name}; no request value
 * ever appears in it; the values go out of line, array literals
 * escaped; facets turn their own filter into a per-row boolean; sorts
 * end with the id; and the cross-parameter checks, each with its bad-*
 * case (test_search_bad_radius_alone ...).
 */
#include <stdlib.h>
#include <string.h>

#include "handlers/handlers.h"
#include "request.h"
#include "resp.h"
#include "router.h"
#include "search.h"
#include "valid.h"

#include "t.h"

static struct req	 r;
static struct resp	 rs;
static struct search	 s;
static struct query	 q;

/*
 * Parses query for kind (programs or institutions) and builds the SQL
 * (lat, lon: the origin a ZIP lookup would give, or NULL).  Returns
 * what req_params() and search_from_req() returned, or-ed.
 */
static int
build(enum search_kind kind, const char *query, const char *lat,
    const char *lon)
{
	int	 rc;

	req_free(&r);
	resp_free(&rs);
	query_free(&q);
	req_init(&r, "GET", kind == SEARCH_PROGRAMS ? "/api/v1/programs" :
	    "/api/v1/institutions", NULL, query, NULL, NULL);
	r.route = kind == SEARCH_PROGRAMS ? ROUTE_PROGRAMS_LIST :
	    ROUTE_INSTITUTIONS_LIST;
	rc = req_params(&r, &rs, routes[r.route].params);
	rc |= search_from_req(&r, &rs, kind, &s);
	if (lat != NULL)
		search_set_origin(&s, lat, lon);
	if (rc == 0)
		search_sql(&s, &q);
	return rc;
}

static void
done(void)
{
	req_free(&r);
	resp_free(&rs);
	query_free(&q);
}

/* 1 if fragment f was appended to q. */
static int
used(enum frag f)
{
	size_t	 i;

	for (i = 0; i < q.ntrace; i++)
		if (q.trace[i] == f)
			return 1;
	return 0;
}

/* 1 if q sums its total from the cube (or, unfiltered, the order). */
static int
cube_used(void)
{
	return used(FRAG_C_TOTAL_OPEN) || used(FRAG_C_TOTAL_ALL);
}

/*
 * Renders q's trace again, independently of search.c: each fragment's
 * text with {name} -> $<q.num[name]>.  The result must be q.sql: the
 * statement is nothing but fixed fragments and parameter numbers.
 */
static char *
rerender(void)
{
	struct buf	 b = { NULL, 0, 0 };
	const char	*p, *e;
	size_t		 i, k, n;

	for (i = 0; i < q.ntrace; i++)
		for (p = frags[q.trace[i]]; *p != '\0'; p++) {
			if (*p != '{') {
				buf_putc(&b, *p);
				continue;
			}
			e = strchr(p, '}');
			n = (size_t)(e - p - 1);
			for (k = 0; k < SARG__MAX; k++)
				if (strlen(sarg_names[k]) == n &&
				    strncmp(sarg_names[k], p + 1, n) == 0)
					break;
			buf_printf(&b, "$%d", k < SARG__MAX ? q.num[k] : -1);
			p = e;
		}
	return buf_take(&b);
}

/* Every $n in the SQL is 1..nparams and every one of those is used. */
static int
numbers_ok(void)
{
	const char	*p;
	char		 seen[SARG__MAX + 1];
	long		 n;
	int		 i;

	memset(seen, 0, sizeof(seen));
	for (p = q.sql.p; (p = strchr(p, '$')) != NULL; p++) {
		n = strtol(p + 1, NULL, 10);
		if (n < 1 || n > q.nparams)
			return 0;
		seen[n] = 1;
	}
	for (i = 1; i <= q.nparams; i++)
		if (!seen[i])
			return 0;
	return 1;
}

/* The checks every built statement must pass. */
#define ASSERT_SQL_CLEAN() do {						\
	char *t_re_ = rerender();					\
	int t_same_ = strcmp(t_re_, q.sql.p) == 0;			\
	free(t_re_);							\
	ASSERT_TRUE(t_same_);						\
	ASSERT_TRUE(numbers_ok());					\
	ASSERT_TRUE(strchr(q.sql.p, '{') == NULL);			\
	ASSERT_TRUE(strchr(q.sql.p, '}') == NULL);			\
} while (0)

/* The value of parameter name in q, or NULL if q does not use it. */
static const char *
param(enum sarg a)
{
	return q.num[a] > 0 ? q.params[q.num[a] - 1] : NULL;
}

static void
test_search_array_literal(void)
{
	char *const	 plain[] = { "OH", "PA" };
	char *const	 hostile[] = { "a\"b", "c\\d", "e,f", "{x}", "NULL",
			    "", "'; DROP TABLE t; --" };
	char		*s;

	s = search_array_literal(plain, 2);
	ASSERT_STR(s, "{\"OH\",\"PA\"}");
	free(s);
	s = search_array_literal(hostile, 7);
	ASSERT_STR(s, "{\"a\\\"b\",\"c\\\\d\",\"e,f\",\"{x}\",\"NULL\",\"\","
	    "\"'; DROP TABLE t; --\"}");
	free(s);
	s = search_array_literal(NULL, 0);
	ASSERT_STR(s, "{}");
	free(s);
}

static void
test_search_plain(void)
{
	ASSERT_EQ(build(SEARCH_PROGRAMS, "", NULL, NULL), 0);
	ASSERT_SQL_CLEAN();
	ASSERT_EQ(q.nparams, 2);
	ASSERT_STR(param(SARG_LIMIT), "20");
	ASSERT_STR(param(SARG_OFFSET), "0");
	/* Unfiltered: total from the cube, the page from the order. */
	ASSERT_TRUE(used(FRAG_C_TOTAL_ALL) && used(FRAG_N_PAGE) &&
	    used(FRAG_NOFACETS));
	ASSERT_TRUE(!used(FRAG_QRY_CTE) && !used(FRAG_DISTANCE_MILES) &&
	    !used(FRAG_P_BASE));
	ASSERT_TRUE(strstr(q.sql.p, "hf.program_name_order") != NULL);
	ASSERT_TRUE(strstr(q.sql.p, "hf.program_search") != NULL);
	/* A filter outside the cube: the general statement. */
	ASSERT_EQ(build(SEARCH_PROGRAMS, "tuition_max=5000", NULL, NULL), 0);
	ASSERT_SQL_CLEAN();
	ASSERT_TRUE(used(FRAG_P_BASE) && used(FRAG_O_NAME) &&
	    used(FRAG_NOFACETS) && used(FRAG_NODIST) && used(FRAG_NOREL));
	ASSERT_TRUE(!cube_used() && !used(FRAG_N_PAGE));
	ASSERT_TRUE(strstr(q.sql.p, ", h.id) AS rn") != NULL);
	done();
}

/* Hostile values go out of line: none of them is in the SQL text. */
static void
test_search_values_out_of_line(void)
{
	static const char *const needles[] = {
		"DROP", "O'Hare", "evil", "\\", "12345", "67.5",
	};
	size_t	 i;

	ASSERT_EQ(build(SEARCH_PROGRAMS, "q=%27%3B%20DROP%20TABLE%20x%3B--"
	    "&city=O%27Hare%5C%22evil&state=oh,pa&tuition_min=12345"
	    "&credits_max=67.5&accredited=true&eligible_for=rhit,comptia-hit"
	    "&page=3&per_page=7", NULL, NULL), 0);
	ASSERT_SQL_CLEAN();
	for (i = 0; i < nitems(needles); i++)
		if (strstr(q.sql.p, needles[i]) != NULL) {
			fprintf(stderr, "SQL holds %s\n", needles[i]);
			ASSERT_TRUE(0);
		}
	ASSERT_STR(param(SARG_Q), "'; DROP TABLE x;--");
	ASSERT_STR(param(SARG_CITY), "O'Hare\\\"evil");
	ASSERT_STR(param(SARG_STATE), "{\"OH\",\"PA\"}");
	ASSERT_STR(param(SARG_ELIGIBLE_FOR), "{\"RHIT\",\"COMPTIA-HIT\"}");
	ASSERT_STR(param(SARG_TUITION_MIN), "12345");
	ASSERT_STR(param(SARG_CREDITS_MAX), "67.5");
	ASSERT_STR(param(SARG_ACCREDITED), "true");
	ASSERT_STR(param(SARG_LIMIT), "7");
	ASSERT_STR(param(SARG_OFFSET), "14");
	ASSERT_TRUE(used(FRAG_QRY_CTE) && used(FRAG_W_Q) &&
	    used(FRAG_O_RELEVANCE) && used(FRAG_QUERY_COLS));
	done();
}

/* A location: distance column, radius (default 50), online last. */
static void
test_search_location(void)
{
	ASSERT_EQ(build(SEARCH_PROGRAMS, "zip=60601&include_online=true",
	    "41.8858", "-87.6181"), 0);
	ASSERT_SQL_CLEAN();
	ASSERT_STR(param(SARG_LAT), "41.8858");
	ASSERT_STR(param(SARG_LON), "-87.6181");
	ASSERT_STR(param(SARG_RADIUS), "50");
	ASSERT_TRUE(used(FRAG_DIST) && used(FRAG_W_LOCAL_OPEN) &&
	    used(FRAG_W_ONLINE) && used(FRAG_ONLINE_LAST) &&
	    used(FRAG_O_DISTANCE) && used(FRAG_DISTANCE_MILES));
	ASSERT_TRUE(strstr(q.sql.p, "41.8858") == NULL);
	ASSERT_EQ(build(SEARCH_PROGRAMS, "lat=41.5&lon=-81.7&radius=12.5"
	    "&sort=-name", NULL, NULL), 0);
	ASSERT_SQL_CLEAN();
	ASSERT_STR(param(SARG_RADIUS), "12.5");
	ASSERT_STR(param(SARG_LAT), "41.5");
	ASSERT_TRUE(used(FRAG_O_NAME_DESC) && !used(FRAG_W_ONLINE) &&
	    !used(FRAG_ONLINE_LAST));
	done();
}

/*
 * Without facets every list filter is in WHERE; with its facet asked
 * for it becomes the m_ boolean instead, and the facet's branch is the
 * only one added per facet (one pass over base).
 */
static void
test_search_facets_disjunctive(void)
{
	ASSERT_EQ(build(SEARCH_PROGRAMS, "state=OH&degree=associate",
	    NULL, NULL), 0);
	ASSERT_SQL_CLEAN();
	ASSERT_TRUE(used(FRAG_W1_STATE) && used(FRAG_W1_DEGREE));
	ASSERT_TRUE(!used(FRAG_W_STATE) && !used(FRAG_W_DEGREE));
	ASSERT_TRUE(!used(FRAG_M_STATE) && used(FRAG_C_TOTAL_OPEN));
	ASSERT_TRUE(used(FRAG_NOFACETS) && !used(FRAG_C_FACETS_OPEN));

	/* Two values: ANY (and the same in the general statement). */
	ASSERT_EQ(build(SEARCH_PROGRAMS, "state=OH,PA&degree=associate",
	    NULL, NULL), 0);
	ASSERT_SQL_CLEAN();
	ASSERT_TRUE(used(FRAG_W_STATE) && used(FRAG_W1_DEGREE));
	ASSERT_EQ(build(SEARCH_PROGRAMS, "state=OH,PA&degree=associate"
	    "&q=health", NULL, NULL), 0);
	ASSERT_SQL_CLEAN();
	ASSERT_TRUE(used(FRAG_W_STATE) && used(FRAG_W1_DEGREE) &&
	    used(FRAG_P_BASE));

	/* The general statement (q): facets from base's m_ booleans. */
	ASSERT_EQ(build(SEARCH_PROGRAMS, "q=health&state=OH&degree=associate"
	    "&facets=state,eligible_for,control", NULL, NULL), 0);
	ASSERT_SQL_CLEAN();
	ASSERT_TRUE(used(FRAG_M_STATE) && !used(FRAG_W1_STATE) &&
	    !used(FRAG_W_STATE));
	ASSERT_TRUE(used(FRAG_W1_DEGREE) && used(FRAG_MT_DEGREE));
	ASSERT_TRUE(used(FRAG_FACETS_OPEN) && used(FRAG_F_STATE) &&
	    used(FRAG_F_ELIGIBLE_FOR) && used(FRAG_F_CONTROL) &&
	    !used(FRAG_F_DEGREE) && used(FRAG_FACETS_CLOSE));
	/* The table is scanned once (base); the page's rows are then
	 * read by primary key. */
	ASSERT_TRUE(strstr(strstr(q.sql.p, "hf.program_search s") + 1,
	    "hf.program_search s") == NULL);
	ASSERT_TRUE(used(FRAG_P_PAGE_JOIN) && !used(FRAG_I_PAGE_JOIN));

	/* The cube: each facet sums the rows every other filter keeps. */
	ASSERT_EQ(build(SEARCH_PROGRAMS, "state=OH&degree=associate"
	    "&facets=state,eligible_for,control", NULL, NULL), 0);
	ASSERT_SQL_CLEAN();
	ASSERT_TRUE(used(FRAG_C_FACETS_OPEN) && used(FRAG_CF_STATE) &&
	    used(FRAG_CF_ELIGIBLE_FOR) && used(FRAG_CF_CONTROL) &&
	    !used(FRAG_CF_DEGREE) && used(FRAG_C_FACETS_CLOSE) &&
	    !used(FRAG_FACETS_OPEN) && !used(FRAG_M_STATE) &&
	    !used(FRAG_CM_STATE));
	/* The state facet leaves the state filter out, not degree's. */
	{
		const char	*f = strstr(q.sql.p, "SELECT 'state'::text");
		const char	*e = strstr(f, " GROUP BY");
		const char	*st = strstr(f, "s.state = ($");
		const char	*dg = strstr(f, "s.degree = ($");

		ASSERT_TRUE(e != NULL && (st == NULL || st > e) &&
		    dg != NULL && dg < e);
	}
	/* The programs are read once (the page); its rows are then read
	 * by primary key. */
	ASSERT_TRUE(strstr(strstr(q.sql.p, "hf.program_search s") + 1,
	    "hf.program_search s") == NULL);
	ASSERT_TRUE(used(FRAG_P_PAGE_JOIN) && !used(FRAG_I_PAGE_JOIN));

	/* No filter but the facet's own: its precomputed counts. */
	ASSERT_EQ(build(SEARCH_PROGRAMS, "state=OH&facets=state,degree",
	    NULL, NULL), 0);
	ASSERT_SQL_CLEAN();
	ASSERT_TRUE(used(FRAG_CM_STATE) && !used(FRAG_CF_STATE) &&
	    used(FRAG_CF_DEGREE) && !used(FRAG_CM_DEGREE));
	ASSERT_EQ(build(SEARCH_PROGRAMS, "facets=delivery,eligible_for",
	    NULL, NULL), 0);
	ASSERT_SQL_CLEAN();
	ASSERT_TRUE(used(FRAG_CM_DELIVERY) && used(FRAG_CM_ELIGIBLE_FOR) &&
	    !used(FRAG_CF_GROUP));
	ASSERT_EQ(build(SEARCH_PROGRAMS, "accredited=true&facets=state",
	    NULL, NULL), 0);
	ASSERT_TRUE(used(FRAG_CF_STATE) && !used(FRAG_CM_STATE));
	ASSERT_EQ(build(SEARCH_PROGRAMS, "state=OH&degree=associate"
	    "&facets=state,eligible_for,control", NULL, NULL), 0);
	ASSERT_STR(param(SARG_STATE), "{\"OH\"}");
	done();
}

static void
test_search_sorts(void)
{
	static const struct {
		const char	*query;
		enum frag	 order;
	} cases[] = {
		{ "sort=name", FRAG_N_PAGE },
		{ "sort=name&state=OH", FRAG_O_NAME },
		{ "sort=-name", FRAG_O_NAME_DESC },
		{ "sort=tuition", FRAG_O_TUITION },
		{ "sort=-tuition", FRAG_O_TUITION_DESC },
		{ "sort=state", FRAG_O_STATE },
		{ "sort=-STATE", FRAG_O_STATE_DESC },
		{ "q=coding&sort=-relevance", FRAG_O_RELEVANCE_DESC },
		{ "q=coding", FRAG_O_RELEVANCE },
		{ "q=coding&lat=1&lon=2", FRAG_O_RELEVANCE },
		{ "lat=1&lon=2", FRAG_O_DISTANCE },
		{ "lat=1&lon=2&sort=-distance", FRAG_O_DISTANCE_DESC },
		{ "", FRAG_N_PAGE },
		{ "page=9000", FRAG_N_PAGE },
		{ "state=OH&page=9000", FRAG_O_NAME },
		{ "q=coding&page=9000", FRAG_O_RELEVANCE },
	};
	size_t	 i;

	for (i = 0; i < nitems(cases); i++) {
		ASSERT_EQ(build(SEARCH_PROGRAMS, cases[i].query, NULL, NULL), 0);
		ASSERT_SQL_CLEAN();
		if (!used(cases[i].order)) {
			fprintf(stderr, "%s: not ordered by %s\n",
			    cases[i].query, frags[cases[i].order]);
			ASSERT_TRUE(0);
		}
		ASSERT_TRUE(used(FRAG_PAGE_CLOSE) || used(FRAG_K_PAGE_CLOSE) ||
		    used(FRAG_PICK_CLOSE) || used(FRAG_N_PAGE));
	}
	done();
}

/*
 * Which searches sum their total and facets from the cube: those whose
 * every filter is a cube column (lists, accredited); q, city, a
 * location, tuition or credits bounds take the general statement.  The
 * unfiltered default order alone reads hf.program_name_order.
 */
static void
test_search_cube(void)
{
	static const struct {
		const char	*query;
		int		 cube;
		int		 order;	/* hf.program_name_order */
	} cases[] = {
		{ "", 1, 1 },
		{ "page=45000", 1, 1 },
		{ "sort=name&page=3", 1, 1 },
		{ "sort=-name", 1, 0 },
		{ "sort=state", 1, 0 },
		{ "accredited=false", 1, 0 },
		{ "facets=state,degree", 1, 1 },
		{ "state=OH&facets=state,degree,field,control", 1, 0 },
		{ "degree=master,doctorate&eligible_for=RHIA&control=public"
		    "&delivery=online&accreditation_status=none"
		    "&field=medical_coding&sort=-tuition", 1, 0 },
		{ "q=health&degree=associate", 0, 0 },
		{ "city=Chicago", 0, 0 },
		{ "lat=41&lon=-87&degree=associate", 0, 0 },
		{ "tuition_min=1", 0, 0 },
		{ "tuition_max=1", 0, 0 },
		{ "credits_min=1", 0, 0 },
		{ "credits_max=1", 0, 0 },
	};
	size_t	 i;

	for (i = 0; i < nitems(cases); i++) {
		ASSERT_EQ(build(SEARCH_PROGRAMS, cases[i].query, NULL, NULL), 0);
		ASSERT_SQL_CLEAN();
		if (cube_used() != cases[i].cube ||
		    used(FRAG_P_BASE) == cases[i].cube ||
		    used(FRAG_N_PAGE) != cases[i].order ||
		    used(FRAG_K_PAGE_OPEN) != (cases[i].cube &&
		    !cases[i].order)) {
			fprintf(stderr, "%s: wrong shape\n%s\n",
			    cases[i].query, q.sql.p);
			ASSERT_TRUE(0);
		}
	}
	/* The order's page starts after the offset, whatever the page. */
	ASSERT_EQ(build(SEARCH_PROGRAMS, "page=45000", NULL, NULL), 0);
	ASSERT_STR(param(SARG_OFFSET), "899980");
	ASSERT_TRUE(strstr(q.sql.p, "o.pos > $") != NULL);
	done();
}

/*
 * A location and nothing else, by distance: the institutions in the
 * radius (near), their programs' ids by index; any other filter,
 * facets, online programs or another order: the general statement.
 */
static void
test_search_near(void)
{
	static const struct {
		const char	*query;
		int		 near;
	} cases[] = {
		{ "lat=41&lon=-87", 1 },
		{ "lat=41&lon=-87&radius=5&page=3&sort=-distance", 1 },
		{ "lat=41&lon=-87&sort=name", 0 },
		{ "lat=41&lon=-87&include_online=true", 0 },
		{ "lat=41&lon=-87&facets=degree", 0 },
		{ "lat=41&lon=-87&state=OH", 0 },
		{ "lat=41&lon=-87&accredited=true", 0 },
		{ "lat=41&lon=-87&tuition_max=9000", 0 },
		{ "lat=41&lon=-87&q=health", 0 },
		{ "lat=41&lon=-87&city=Chicago", 0 },
	};
	size_t	 i;

	for (i = 0; i < nitems(cases); i++) {
		ASSERT_EQ(build(SEARCH_PROGRAMS, cases[i].query, NULL, NULL), 0);
		ASSERT_SQL_CLEAN();
		if (used(FRAG_G_NEAR) != cases[i].near ||
		    used(FRAG_P_BASE) == cases[i].near ||
		    !used(FRAG_DISTANCE_MILES)) {
			fprintf(stderr, "%s: wrong shape\n%s\n",
			    cases[i].query, q.sql.p);
			ASSERT_TRUE(0);
		}
	}
	ASSERT_EQ(build(SEARCH_PROGRAMS, "lat=41&lon=-87", NULL, NULL), 0);
	ASSERT_TRUE(used(FRAG_G_TOTAL) && used(FRAG_O_DISTANCE) &&
	    used(FRAG_NOFACETS) && !cube_used());
	ASSERT_TRUE(strstr(q.sql.p, "hf.institution_search s") != NULL);
	ASSERT_EQ(build(SEARCH_INSTITUTIONS, "lat=41&lon=-87", NULL, NULL), 0);
	ASSERT_TRUE(!used(FRAG_G_NEAR) && used(FRAG_I_BASE));
	done();
}

/*
 * q by relevance, alone or with filters on columns of the docs (state,
 * city, control, field): hf.program_docs; anything more: general.
 */
static void
test_search_q_docs(void)
{
	static const struct {
		const char	*query;
		int		 docs;
	} cases[] = {
		{ "q=health", 1 },
		{ "q=health&sort=-relevance&page=7", 1 },
		{ "q=health&sort=name", 0 },
		{ "q=health&state=OH", 1 },
		{ "q=health&state=OH,PA&field=medical_coding&control=public", 1 },
		{ "q=health&degree=associate", 0 },
		{ "q=health&delivery=online", 0 },
		{ "q=health&eligible_for=RHIT", 0 },
		{ "q=health&accreditation_status=none", 0 },
		{ "q=health&facets=degree", 0 },
		{ "q=health&accredited=false", 0 },
		{ "q=health&credits_min=3", 0 },
		{ "q=health&lat=41&lon=-87", 0 },
		{ "q=health&city=Chicago", 1 },
	};
	size_t	 i;

	for (i = 0; i < nitems(cases); i++) {
		ASSERT_EQ(build(SEARCH_PROGRAMS, cases[i].query, NULL, NULL), 0);
		ASSERT_SQL_CLEAN();
		if (used(FRAG_D_DOCS) != cases[i].docs ||
		    used(FRAG_P_BASE) == cases[i].docs ||
		    !used(FRAG_QRY_CTE) || !used(FRAG_QUERY_COLS)) {
			fprintf(stderr, "%s: wrong shape\n%s\n",
			    cases[i].query, q.sql.p);
			ASSERT_TRUE(0);
		}
	}
	ASSERT_EQ(build(SEARCH_PROGRAMS, "q=health", NULL, NULL), 0);
	ASSERT_TRUE(used(FRAG_D_TOTAL) && used(FRAG_O_RELEVANCE) &&
	    used(FRAG_NOFACETS) && !used(FRAG_DISTANCE_MILES));
	ASSERT_TRUE(strstr(q.sql.p, "hf.program_docs s") != NULL);
	ASSERT_EQ(build(SEARCH_INSTITUTIONS, "q=health", NULL, NULL), 0);
	ASSERT_TRUE(!used(FRAG_D_DOCS) && used(FRAG_I_BASE));
	done();
}

static void
test_search_csv_takes_all(void)
{
	ASSERT_EQ(build(SEARCH_PROGRAMS, "format=csv&page=5&per_page=3",
	    NULL, NULL), 0);
	ASSERT_STR(param(SARG_LIMIT), "10000");
	ASSERT_STR(param(SARG_OFFSET), "0");
	done();
}

static void
test_search_institutions(void)
{
	ASSERT_EQ(build(SEARCH_INSTITUTIONS, "q=aamu&state=AL&control=public"
	    "&sort=-state", NULL, NULL), 0);
	ASSERT_SQL_CLEAN();
	ASSERT_TRUE(used(FRAG_I_BASE) && used(FRAG_I_FROM) &&
	    used(FRAG_I_HITS) && used(FRAG_I_ITEM) && used(FRAG_W1_STATE) &&
	    used(FRAG_I_PAGE_JOIN) &&
	    used(FRAG_W1_CONTROL) && used(FRAG_O_STATE_DESC));
	ASSERT_TRUE(!cube_used() && !used(FRAG_N_PAGE));
	ASSERT_TRUE(!used(FRAG_P_BASE) && !used(FRAG_MT_STATE) &&
	    !used(FRAG_FACETS_OPEN));
	ASSERT_TRUE(strstr(q.sql.p, "hf.institution_search") != NULL);
	ASSERT_TRUE(strstr(q.sql.p, "program_search") == NULL);
	/* Institutions have no tuition order and no facets. */
	ASSERT_EQ(build(SEARCH_INSTITUTIONS, "sort=tuition", NULL, NULL), -1);
	ASSERT_EQ(build(SEARCH_INSTITUTIONS, "facets=state", NULL, NULL), -1);
	done();
}

/* Every fragment renders with every value set: names all known. */
static void
test_search_fragments_render(void)
{
	size_t	 i;

	memset(&q, 0, sizeof(q));
	for (i = 0; i < SARG__MAX; i++)
		query_set(&q, (enum sarg)i, "v");
	for (i = 0; i < FRAG__MAX; i++) {
		ASSERT_TRUE(frags[i] != NULL && frags[i][0] != '\0');
		query_frag(&q, (enum frag)i);
	}
	ASSERT_SQL_CLEAN();
	ASSERT_EQ(q.nparams, SARG__MAX);
	query_free(&q);
}

/* Expects query to fail with one problem (or more) naming name. */
#define BAD(kind, query, name, msg) do {				\
	size_t t_i_;							\
	ASSERT_EQ(build((kind), (query), NULL, NULL), -1);		\
	for (t_i_ = 0; t_i_ < rs.nproblems; t_i_++)			\
		if (strcmp(rs.problems[t_i_].param, (name)) == 0)	\
			break;						\
	ASSERT_TRUE(t_i_ < rs.nproblems);				\
	ASSERT_EQ(rs.problems[t_i_].code, ERR_INVALID_PARAMETER);	\
	ASSERT_STR(rs.problems[t_i_].message, (msg));			\
} while (0)

/*
 * Parses query on /api/v1/pathways and builds its program search as
 * h_pathways() does: the request's search, eligible_for = certs,
 * accredited only.  Returns what req_params() and search_from_req()
 * returned, or-ed.
 */
static int
build_pathway(const char *query, struct pval *certs, const char *lat,
    const char *lon)
{
	int	 rc;

	req_free(&r);
	resp_free(&rs);
	query_free(&q);
	req_init(&r, "GET", "/api/v1/pathways", NULL, query, NULL, NULL);
	r.route = ROUTE_PATHWAYS;
	rc = req_params(&r, &rs, routes[r.route].params);
	rc |= search_from_req(&r, &rs, SEARCH_PROGRAMS, &s);
	if (lat != NULL)
		search_set_origin(&s, lat, lon);
	s.lists[FACET_ELIGIBLE_FOR] = certs;
	s.accredited = 1;
	if (rc == 0)
		search_sql(&s, &q);
	return rc;
}

static void
test_search_pathway_state(void)
{
	char		*codes[] = { "CCA", "RHIT", NULL };
	struct pval	 certs = { NULL, 0, 0, codes, 2 };

	ASSERT_EQ(build_pathway("career=29-2072&state=oh", &certs, NULL,
	    NULL), 0);
	ASSERT_SQL_CLEAN();
	ASSERT_TRUE(used(FRAG_W1_STATE) && used(FRAG_W_ELIGIBLE_FOR) &&
	    used(FRAG_W_ACCREDITED) && used(FRAG_O_NAME));
	ASSERT_TRUE(!used(FRAG_W_LOCAL_OPEN) && !used(FRAG_QRY_CTE));
	ASSERT_STR(param(SARG_STATE), "{\"OH\"}");
	ASSERT_STR(param(SARG_ELIGIBLE_FOR), "{\"CCA\",\"RHIT\"}");
	ASSERT_STR(param(SARG_ACCREDITED), "true");
	ASSERT_TRUE(strstr(q.sql.p, "29-2072") == NULL);
	done();
}

static void
test_search_pathway_near(void)
{
	char		*codes[] = { "RHIT", NULL };
	struct pval	 certs = { NULL, 0, 0, codes, 1 };

	ASSERT_EQ(build_pathway("career=29-2072&zip=44101&radius=25&"
	    "include_online=true&per_page=5&page=2", &certs, "41.5234",
	    "-81.5996"), 0);
	ASSERT_SQL_CLEAN();
	ASSERT_TRUE(used(FRAG_W_LOCAL_OPEN) && used(FRAG_W_ONLINE) &&
	    used(FRAG_ONLINE_LAST) && used(FRAG_O_DISTANCE) &&
	    used(FRAG_DISTANCE_MILES) && used(FRAG_W_ELIGIBLE_FOR));
	ASSERT_STR(param(SARG_RADIUS), "25");
	ASSERT_STR(param(SARG_LIMIT), "5");
	ASSERT_STR(param(SARG_OFFSET), "5");
	done();
}

static void
test_search_pathway_no_certs(void)
{
	struct pval	 certs;

	memset(&certs, 0, sizeof(certs));
	ASSERT_EQ(build_pathway("career=15-1212", &certs, NULL, NULL), 0);
	ASSERT_SQL_CLEAN();
	ASSERT_STR(param(SARG_ELIGIBLE_FOR), "{}");
	done();
}

static void
test_search_bad_pathway(void)
{
	struct pval	 certs;

	memset(&certs, 0, sizeof(certs));
	ASSERT_EQ(build_pathway("career=29-2072&radius=5", &certs, NULL,
	    NULL), -1);
	ASSERT_STR(rs.problems[0].param, "radius");
	ASSERT_EQ(build_pathway("include_online=true", &certs, NULL, NULL),
	    -1);
	ASSERT_EQ(rs.nproblems, 2);
	ASSERT_STR(rs.problems[0].message, "career is required");
	ASSERT_STR(rs.problems[1].param, "include_online");
	ASSERT_EQ(build_pathway("career=29-2072&q=x&sort=name", &certs, NULL,
	    NULL), -1);
	ASSERT_EQ(rs.problems[0].code, ERR_UNKNOWN_PARAMETER);
	ASSERT_EQ(rs.problems[1].code, ERR_UNKNOWN_PARAMETER);
	done();
}

static void
test_search_bad_radius_alone(void)
{
	BAD(SEARCH_PROGRAMS, "radius=10", "radius",
	    "radius needs a location: zip, or lat and lon");
	BAD(SEARCH_INSTITUTIONS, "radius=10", "radius",
	    "radius needs a location: zip, or lat and lon");
	ASSERT_EQ(build(SEARCH_PROGRAMS, "radius=10&zip=60601", NULL, NULL), 0);
	done();
}

static void
test_search_bad_lat_lon_alone(void)
{
	/* The missing one is named, without a value. */
	BAD(SEARCH_PROGRAMS, "lat=41", "lon", "lon is required with lat");
	ASSERT_NULL(rs.problems[0].value);
	BAD(SEARCH_PROGRAMS, "lon=-87", "lat", "lat is required with lon");
	BAD(SEARCH_INSTITUTIONS, "lat=41&radius=3", "lon",
	    "lon is required with lat");
	/* A bad lat is reported once, not again as "lat is required". */
	ASSERT_EQ(build(SEARCH_PROGRAMS, "lat=91&lon=-87", NULL, NULL), -1);
	ASSERT_EQ(rs.nproblems, 1);
	ASSERT_STR(rs.problems[0].param, "lat");
	done();
}

static void
test_search_bad_zip_and_point(void)
{
	BAD(SEARCH_PROGRAMS, "zip=60601&lat=41&lon=-87", "zip",
	    "give either zip or lat and lon, not both");
	BAD(SEARCH_INSTITUTIONS, "zip=60601&lat=41", "zip",
	    "give either zip or lat and lon, not both");
	done();
}

static void
test_search_bad_include_online_alone(void)
{
	BAD(SEARCH_PROGRAMS, "include_online=true", "include_online",
	    "include_online needs a location: zip, or lat and lon");
	BAD(SEARCH_PROGRAMS, "include_online=false", "include_online",
	    "include_online needs a location: zip, or lat and lon");
	done();
}

static void
test_search_bad_sort_needs(void)
{
	BAD(SEARCH_PROGRAMS, "sort=relevance", "sort",
	    "sort=relevance needs q");
	BAD(SEARCH_PROGRAMS, "sort=-relevance&state=OH", "sort",
	    "sort=relevance needs q");
	BAD(SEARCH_PROGRAMS, "sort=distance", "sort",
	    "sort=distance needs a location: zip, or lat and lon");
	BAD(SEARCH_INSTITUTIONS, "sort=-distance&q=x", "sort",
	    "sort=distance needs a location: zip, or lat and lon");
	done();
}

static void
test_search_bad_min_over_max(void)
{
	BAD(SEARCH_PROGRAMS, "tuition_min=5000&tuition_max=4999",
	    "tuition_min", "tuition_min must not be greater than tuition_max");
	BAD(SEARCH_PROGRAMS, "credits_min=60.5&credits_max=60",
	    "credits_min", "credits_min must not be greater than credits_max");
	ASSERT_EQ(build(SEARCH_PROGRAMS, "tuition_min=5000&tuition_max=5000"
	    "&credits_min=60&credits_max=60", NULL, NULL), 0);
	ASSERT_SQL_CLEAN();
	done();
}

/* Every problem at once: validators' and the cross checks'. */
static void
test_search_bad_many(void)
{
	static const char *const want[] = {
		"degree", "lat", "radius", "sort", "tuition_min",
	};
	size_t	 i, k;

	ASSERT_EQ(build(SEARCH_PROGRAMS, "degree=phd&radius=5&sort=distance"
	    "&tuition_min=9&tuition_max=1&lat=100", NULL, NULL), -1);
	ASSERT_EQ(rs.nproblems, nitems(want));
	for (i = 0; i < nitems(want); i++) {
		for (k = 0; k < rs.nproblems; k++)
			if (strcmp(rs.problems[k].param, want[i]) == 0)
				break;
		ASSERT_TRUE(k < rs.nproblems);
	}
	done();
}

int
main(void)
{
	T_RUN(test_search_array_literal);
	T_RUN(test_search_plain);
	T_RUN(test_search_values_out_of_line);
	T_RUN(test_search_location);
	T_RUN(test_search_facets_disjunctive);
	T_RUN(test_search_sorts);
	T_RUN(test_search_cube);
	T_RUN(test_search_near);
	T_RUN(test_search_q_docs);
	T_RUN(test_search_csv_takes_all);
	T_RUN(test_search_institutions);
	T_RUN(test_search_fragments_render);
	T_RUN(test_search_pathway_state);
	T_RUN(test_search_pathway_near);
	T_RUN(test_search_pathway_no_certs);
	T_RUN(test_search_bad_pathway);
	T_RUN(test_search_bad_radius_alone);
	T_RUN(test_search_bad_lat_lon_alone);
	T_RUN(test_search_bad_zip_and_point);
	T_RUN(test_search_bad_include_online_alone);
	T_RUN(test_search_bad_sort_needs);
	T_RUN(test_search_bad_min_over_max);
	T_RUN(test_search_bad_many);
	done();
	return T_EXIT;
}

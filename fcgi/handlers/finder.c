/*
 * handlers/finder.c -- the list half of the school finder, shared by
 * GET /api/v1/programs and GET /api/v1/institutions (see finder.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "db.h"
#include "handlers/finder.h"
#include "json.h"
#include "log.h"
#include "request.h"
#include "resp.h"
#include "search.h"
#include "util.h"

/* Names the assembled statements carry in the log. */
static const char *const search_names[SEARCH__MAX] = {
	[SEARCH_PROGRAMS] = "programs_search",
	[SEARCH_INSTITUTIONS] = "institutions_search",
};

/*
 * Looks s->zip up in hf.zip_codes and makes its centroid the origin of
 * s; the centroid's dataset and the ZIP's state go into o ("" if none).
 * An unknown ZIP is an invalid_parameter problem naming zip in rs.
 * Returns HTTP_200 to go on (problems or not), or the status of a
 * database failure -- 400 instead when rs already holds problems, which
 * the client must fix first.
 */
enum http
finder_origin(struct req *r, struct resp *rs, struct search *s,
    struct finder_zip *o)
{
	const char	*args[1] = { s->zip };
	PGresult	*res = NULL;
	enum dbrc	 rc;
	enum http	 code = HTTP_200;
	int		 c;

	o->src[0] = o->state[0] = '\0';
	if (s->zip == NULL)
		return HTTP_200;
	if ((rc = db_exec(r->db, STMT_ZIP_GET, args, &res)) != DB_OK)
		code = rs->nproblems > 0 ? HTTP_400 : resp_db_error(rs, rc);
	else if (PQntuples(res) == 0)
		resp_problem(rs, ERR_INVALID_PARAMETER, "zip", s->zip,
		    strlen(s->zip), "zip %s is not a known ZIP code", s->zip);
	else {
		search_set_origin(s, PQgetvalue(res, 0, json_pg_col(res, "lat")),
		    PQgetvalue(res, 0, json_pg_col(res, "lon")));
		c = json_pg_col(res, "source");
		if (!PQgetisnull(res, 0, c))
			snprintf(o->src, sizeof(o->src), "%s",
			    PQgetvalue(res, 0, c));
		c = json_pg_col(res, "state");
		if (!PQgetisnull(res, 0, c))
			snprintf(o->state, sizeof(o->state), "%s",
			    PQgetvalue(res, 0, c));
	}
	PQclear(res);
	return code;
}

/* A growing list of borrowed strings. */
struct strs {
	const char	**v;
	size_t		  n;
};

static void
strs_add(struct strs *l, const char *s)
{
	l->v = xreallocarray(l->v, l->n + 1, sizeof(*l->v));
	l->v[l->n++] = s;
}

static int
strs_cmp(const void *a, const void *b)
{
	const char *const *sa = a, *const *sb = b;

	return strcmp(*sa, *sb);
}

/*
 * Returns meta.sources: the distinct dataset ids, sorted, of column col
 * of every row of res[0..nres) (a JSON array of ids, or one id; a
 * result without col adds nothing), and extra (NULL or "" for none).
 * Caller owns it.
 */
struct json_object *
finder_sources_n(const PGresult *const *res, size_t nres, const char *col,
    const char *extra)
{
	struct json_object	*a, **parsed = NULL;
	struct strs		 l = { NULL, 0 };
	const char		*v;
	size_t			 k, np = 0, j;
	int			 c, i, n;

	if (extra != NULL && *extra != '\0')
		strs_add(&l, extra);
	for (j = 0; j < nres; j++) {
		n = res[j] != NULL ? PQntuples(res[j]) : 0;
		c = res[j] != NULL ? PQfnumber(res[j], col) : -1;
		for (i = 0; c >= 0 && i < n; i++) {
			if (PQgetisnull(res[j], i, c))
				continue;
			v = PQgetvalue(res[j], i, c);
			if (*v != '[') {
				strs_add(&l, v);
				continue;
			}
			parsed = xreallocarray(parsed, np + 1, sizeof(*parsed));
			parsed[np] = json_parse(v);
			for (k = 0; parsed[np] != NULL &&
			    json_object_is_type(parsed[np], json_type_array) &&
			    k < json_object_array_length(parsed[np]); k++)
				if ((v = json_object_get_string(
				    json_object_array_get_idx(parsed[np], k))) !=
				    NULL)
					strs_add(&l, v);
			np++;
		}
	}
	if (l.n > 0)
		qsort(l.v, l.n, sizeof(*l.v), strs_cmp);
	a = json_object_new_array();
	for (k = 0; k < l.n; k++)
		if (k == 0 || strcmp(l.v[k - 1], l.v[k]) != 0)
			json_object_array_add(a, json_object_new_string(l.v[k]));
	for (k = 0; k < np; k++)
		json_object_put(parsed[k]);
	free(parsed);
	free(l.v);
	return a;
}

/*
 * Returns the sorted union of the id arrays a and b (each borrowed);
 * caller owns it.
 */
struct json_object *
finder_sources_merge(struct json_object *a, struct json_object *b)
{
	struct json_object	*out, *src[2] = { a, b };
	struct strs		 l = { NULL, 0 };
	const char		*v;
	size_t			 i, k;

	for (k = 0; k < 2; k++)
		for (i = 0; src[k] != NULL &&
		    json_object_is_type(src[k], json_type_array) &&
		    i < json_object_array_length(src[k]); i++)
			if ((v = json_object_get_string(
			    json_object_array_get_idx(src[k], i))) != NULL)
				strs_add(&l, v);
	if (l.n > 0)
		qsort(l.v, l.n, sizeof(*l.v), strs_cmp);
	out = json_object_new_array();
	for (i = 0; i < l.n; i++)
		if (i == 0 || strcmp(l.v[i - 1], l.v[i]) != 0)
			json_object_array_add(out, json_object_new_string(l.v[i]));
	free(l.v);
	return out;
}

/* finder_sources_n() of one result. */
struct json_object *
finder_sources(const PGresult *res, const char *col, const char *extra)
{
	return finder_sources_n(&res, 1, col, extra);
}

/*
 * Returns the members search s adds to meta from row 0 of res: "query"
 * {q, corrected, did_you_mean} when hf.program_query corrected q, and
 * "facets" {name: [{value, count}]} for every requested facet ([] when
 * nothing counts).  NULL when neither applies; caller owns it.
 */
static struct json_object *
finder_meta(const struct search *s, const PGresult *res)
{
	struct json_object	*meta, *o, *facets, *got = NULL, *a;
	int			 cc, cf;
	size_t			 i;

	meta = json_object_new_object();
	cc = json_pg_col(res, "q_corrected");
	if (s->q != NULL && PQntuples(res) > 0 && !PQgetisnull(res, 0, cc)) {
		o = json_object_new_object();
		json_object_object_add(o, "q", json_object_new_string(s->q));
		json_object_object_add(o, "corrected", json_pg_str(res, 0, cc));
		json_object_object_add(o, "did_you_mean", json_pg_str(res, 0,
		    json_pg_col(res, "q_did_you_mean")));
		json_object_object_add(meta, "query", o);
	}
	if (s->facets != 0) {
		cf = json_pg_col(res, "facets");
		if (PQntuples(res) > 0)
			got = json_pg_json(res, 0, cf);
		facets = json_object_new_object();
		for (i = 0; i < FACET__MAX; i++) {
			if (!(s->facets & (1u << i)))
				continue;
			a = NULL;
			if (got != NULL &&
			    json_object_object_get_ex(got, facet_names[i], &a))
				json_object_get(a);
			json_object_object_add(facets, facet_names[i],
			    a != NULL ? a : json_object_new_array());
		}
		json_object_put(got);
		json_object_object_add(meta, "facets", facets);
	}
	if (json_object_object_length(meta) == 0) {
		json_object_put(meta);
		return NULL;
	}
	return meta;
}

/*
 * Runs the search s (its parameters checked, its origin set) as one
 * assembled statement and fills pg: the page's items (items()), the
 * exact total, the sources (plus extra, the ZIP centroid's dataset) and
 * meta (query, facets).  Returns 200, or 503/500 with the error in rs.
 * On 200 the caller owns what pg points to.
 */
enum http
finder_search(struct req *r, struct resp *rs, const struct search *s,
    const char *extra, finder_items_fn items, struct finder_page *pg)
{
	struct query	 q;
	PGresult	*res = NULL;
	enum dbrc	 rc;
	enum http	 code = HTTP_200;

	memset(pg, 0, sizeof(*pg));
	memset(&q, 0, sizeof(q));
	search_sql(s, &q);
	LOG_DEBUG("search", "%s: %s", search_names[s->kind], q.sql.p);
	if ((rc = db_query(r->db, search_names[s->kind], q.sql.p, q.nparams,
	    q.params, &res)) != DB_OK)
		code = resp_db_error(rs, rc);
	else {
		if (PQntuples(res) > 0)
			pg->total = strtoll(PQgetvalue(res, 0,
			    json_pg_col(res, "total")), NULL, 10);
		pg->items = items(res, s->located);
		pg->sources = finder_sources(res, "sources", extra);
		pg->meta = finder_meta(s, res);
	}
	PQclear(res);
	query_free(&q);
	return code;
}

/*
 * The list endpoints of the school finder.  Reads params (every
 * problem, the cross-parameter ones and an unknown ZIP included), runs
 * the one assembled statement and fills rs: the page (items()), exact
 * total, meta.sources, meta.query, meta.facets.  Returns 200, 400 (rs
 * holds every problem), or 503/500 when the database fails.  On return
 * rs owns everything it points to.
 */
enum http
finder_list(struct req *r, struct resp *rs, const struct param *params,
    enum search_kind kind, finder_items_fn items)
{
	struct search		 s;
	struct finder_zip	 zip;
	struct finder_page	 pg;
	enum http		 code;

	(void)req_params(r, rs, params);
	(void)search_from_req(r, rs, kind, &s);
	if ((code = finder_origin(r, rs, &s, &zip)) != HTTP_200)
		return code;
	if (rs->nproblems > 0)
		return HTTP_400;

	if ((code = finder_search(r, rs, &s, zip.src, items, &pg)) ==
	    HTTP_200) {
		rs->total = pg.total;
		rs->data = pg.items;
		rs->rows = (long long)json_object_array_length(rs->data);
		rs->sources = pg.sources;
		rs->meta = pg.meta;
	}
	return code;
}

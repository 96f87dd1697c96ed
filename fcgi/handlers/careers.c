/*
 * handlers/careers.c -- GET /api/v1/careers (search by title, alternate
 * and lay titles, typo tolerant; or the field's careers ranked in a
 * state) and GET /api/v1/careers/{soc} (the profile).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "db.h"
#include "handlers/career.h"
#include "handlers/finder.h"
#include "handlers/handlers.h"
#include "json.h"
#include "request.h"
#include "resp.h"
#include "valid.h"

/* Query parameters GET /api/v1/careers accepts; any other is a 400. */
const struct param careers_list_params[] = {
	{ "q", valid_text, 0, 0, 0, NULL },
	{ "state", valid_state, 0, 0, 0, NULL },
	{ "sort", valid_career_sort, 0, 0, 0, career_sort_names },
	{ "basis", valid_basis, 0, 0, 0, NULL },
	{ "page", valid_page, 0, 0, 0, NULL },
	{ "per_page", valid_per_page, 0, 0, 0, NULL },
	{ "fields", valid_fields, 0, 0, 0, NULL },
	{ "format", valid_format, 0, 0, 0, NULL },
	PARAM_END
};

/* Top-level fields of a career of the list, in the order answered. */
const char *const career_list_fields[] = {
	"soc", "title", "typical_education", "employment", "mean", "median",
	"growth_pct", "annual_openings", "flags", NULL
};

/* Query parameters GET /api/v1/careers/{soc} accepts. */
const struct param career_get_params[] = {
	{ "basis", valid_basis, 0, 0, 0, NULL },
	{ "fields", valid_fields, 0, 0, 0, NULL },
	PARAM_END
};

/* Top-level fields of a career profile, in the order answered. */
const char *const career_fields[] = {
	"soc", "title", "description", "alternate_titles",
	"typical_education", "work_experience", "on_the_job_training",
	"certifications", "wages", "outlook", "related", "program_count",
	NULL
};

/* The figures of a career of the list. */
static const enum fig figs_list[] = {
	FIG_EMPLOYMENT, FIG_MEAN, FIG_MEDIAN, FIG_GROWTH_PCT,
	FIG_ANNUAL_OPENINGS,
};

/*
 * Returns the items of a page of careers (rows whose soc is NULL are the
 * empty page's placeholder).  Caller owns the array.
 */
static struct json_object *
json_careers_array(const PGresult *res)
{
	struct json_object	*a, *o;
	struct figcols		 fc;
	int			 cs, ct, ce, i;

	a = json_object_new_array();
	if (PQntuples(res) == 0)
		return a;
	figcols_find(res, &fc);
	cs = json_pg_col(res, "soc");
	ct = json_pg_col(res, "title");
	ce = json_pg_col(res, "typical_education");
	for (i = 0; i < PQntuples(res); i++) {
		if (PQgetisnull(res, i, cs))
			continue;
		o = json_object_new_object();
		json_add_const(o, "soc", json_pg_str(res, i, cs));
		json_add_const(o, "title", json_pg_str(res, i, ct));
		json_add_const(o, "typical_education",
		    json_pg_str(res, i, ce));
		json_add_const(o, "flags", career_figures(o, res, i,
		    &fc, figs_list, nitems(figs_list)));
		json_object_array_add(a, o);
	}
	return a;
}

/*
 * Returns {"query": {q, corrected, did_you_mean}} when hf.career_query
 * corrected q (row 0 of res), else NULL.  Caller owns it.
 */
static struct json_object *
json_careers_meta(const char *q, const PGresult *res)
{
	struct json_object	*meta, *o;
	int			 cc;

	cc = json_pg_col(res, "q_corrected");
	if (q == NULL || PQntuples(res) == 0 || PQgetisnull(res, 0, cc))
		return NULL;
	o = json_object_new_object();
	json_add_const(o, "q", json_object_new_string(q));
	json_add_const(o, "corrected", json_pg_str(res, 0, cc));
	json_add_const(o, "did_you_mean", json_pg_str(res, 0,
	    json_pg_col(res, "q_did_you_mean")));
	meta = json_object_new_object();
	json_add_const(meta, "query", o);
	return meta;
}

/*
 * The checks across parameters of /careers: sort=relevance needs q.
 * Fills args (the $n of STMT_CAREERS_LIST but limit and offset, borrowed
 * from r) and returns 0, or -1 with the problem in rs.
 */
static int
careers_args(const struct req *r, struct resp *rs, const char *args[5])
{
	const struct pval	*q, *st, *so;
	enum career_sort	 sort;

	q = req_get(r, "q");
	st = req_get(r, "state");
	so = req_get(r, "sort");
	sort = so != NULL ? (enum career_sort)so->i :
	    req_given(r, rs, "q") ? CSORT_RELEVANCE : CSORT_TITLE;
	if (sort == CSORT_RELEVANCE && !req_given(r, rs, "q")) {
		resp_problem(rs, ERR_INVALID_PARAMETER, "sort", so->s,
		    strlen(so->s), "sort=relevance needs q");
		return -1;
	}
	args[0] = q != NULL ? q->s : NULL;
	args[1] = st != NULL ? st->s : "US";
	args[2] = career_basis(r);
	args[3] = career_sort_names[sort];
	args[4] = so != NULL && so->s[0] == '-' ? "true" : "false";
	return 0;
}

/*
 * GET /api/v1/careers
 * The careers of the field: matching q (relevance first; meta.query when
 * a word was corrected), with the figures of state (else national),
 * sorted by sort ('-' reverses, nulls last, soc breaks ties).  Returns
 * 200 with a page (or every row as CSV), 400 if a parameter is bad (rs
 * holds every problem), 503 if the database is away.  On return rs owns
 * everything it points to.
 */
enum http
h_careers_list(struct req *r, struct resp *rs)
{
	char		 limit[24], offset[24];
	const char	*args[7];
	PGresult	*res = NULL;
	enum dbrc	 rc;
	enum http	 code = HTTP_200;

	(void)req_params(r, rs, careers_list_params);
	if (careers_args(r, rs, args) == -1 || rs->nproblems > 0)
		return HTTP_400;

	req_paging(r, rs, limit, offset, sizeof(limit));
	args[5] = limit;
	args[6] = offset;
	if ((rc = db_exec(r->db, STMT_CAREERS_LIST, args, &res)) != DB_OK)
		code = resp_db_error(rs, rc);
	else {
		if (PQntuples(res) > 0)
			rs->total = strtoll(PQgetvalue(res, 0,
			    json_pg_col(res, "total")), NULL, 10);
		rs->data = json_careers_array(res);
		rs->rows = (long long)json_object_array_length(rs->data);
		rs->sources = finder_sources(res, "sources", NULL);
		rs->meta = json_careers_meta(args[0], res);
	}
	PQclear(res);
	return code;
}

/*
 * Returns the national wages of row 0: {year, employment, jobs_per_1000,
 * mean, median, p10..p90, flags}.  Caller owns it.
 */
static struct json_object *
json_career_wages(const PGresult *res, const struct figcols *fc)
{
	struct json_object	*o, *flags;

	o = json_object_new_object();
	json_add_const(o, "year",
	    json_pg_int(res, 0, fc->fig[FIG_WAGE_YEAR]));
	flags = career_figures(o, res, 0, fc, figs_wages, nfigs_wages);
	json_add_const(o, "flags", flags);
	return o;
}

/*
 * Returns the national outlook of row 0: {base_year, projected_year,
 * base_employment, projected_employment, numeric_change, growth_pct,
 * annual_openings, category, flags}.  Caller owns it.
 */
static struct json_object *
json_career_outlook(const PGresult *res, const struct figcols *fc)
{
	struct json_object	*o, *flags;

	o = json_object_new_object();
	flags = career_figures(o, res, 0, fc, figs_outlook, nfigs_outlook);
	json_add_const(o, "category",
	    json_pg_str(res, 0, json_pg_col(res, "outlook_category")));
	json_add_const(o, "flags", flags);
	return o;
}

/* Returns the JSON value of column name in row 0, or dflt; caller owns. */
static struct json_object *
json_col(const PGresult *res, const char *name, const char *dflt)
{
	struct json_object	*v;

	if ((v = json_pg_json(res, 0, json_pg_col(res, name))) == NULL &&
	    dflt != NULL)
		v = json_tokener_parse(dflt);
	return v;
}

/* Returns the career profile of row 0 (API.md's shape); caller owns it. */
static struct json_object *
json_career_obj(const PGresult *res)
{
	static const char *const plain[] = {
		"soc", "title", "description"
	};
	static const char *const education[] = {
		"typical_education", "work_experience", "on_the_job_training"
	};
	struct json_object	*o;
	struct figcols		 fc;
	size_t			 i;

	figcols_find(res, &fc);
	o = json_object_new_object();
	for (i = 0; i < nitems(plain); i++)
		json_object_object_add(o, plain[i],
		    json_pg_str(res, 0, json_pg_col(res, plain[i])));
	json_add_const(o, "alternate_titles",
	    json_col(res, "alternate_titles", "[]"));
	for (i = 0; i < nitems(education); i++)
		json_object_object_add(o, education[i],
		    json_pg_str(res, 0, json_pg_col(res, education[i])));
	json_add_const(o, "certifications",
	    json_col(res, "certifications", "[]"));
	json_add_const(o, "wages", json_career_wages(res, &fc));
	json_add_const(o, "outlook", json_career_outlook(res, &fc));
	json_add_const(o, "related", json_col(res, "related", "[]"));
	json_add_const(o, "program_count",
	    json_pg_int(res, 0, json_pg_col(res, "program_count")));
	return o;
}

/*
 * GET /api/v1/careers/{soc}
 * The router has canonicalised {soc} (29-2072).  Returns 200 with the
 * profile (national wages and outlook in the basis asked for), 400 if a
 * query parameter is bad, 404 if the code is not a career of the field
 * (a retired one names its successors, also in error.successors), 503
 * if the database is away.  On return rs owns everything it points to.
 */
enum http
h_career_get(struct req *r, struct resp *rs)
{
	const char	*args[2] = { r->path[0], NULL };
	PGresult	*res = NULL;
	enum dbrc	 rc;
	enum http	 code = HTTP_200;

	if (req_params(r, rs, career_get_params) == -1)
		return HTTP_400;

	args[1] = career_basis(r);
	if ((rc = db_exec(r->db, STMT_CAREER_GET, args, &res)) != DB_OK)
		code = resp_db_error(rs, rc);
	else if (PQntuples(res) == 0)
		code = career_missing(r, rs, &r->path[0], 1, NULL);
	else {
		rs->data = json_career_obj(res);
		rs->sources = finder_sources(res, "sources", NULL);
		rs->rows = 1;
	}
	PQclear(res);
	return code;
}

/*
 * handlers/career.c -- the pieces the career lookup's handlers share
 * (see career.h).  Figures come from the read model under their API
 * names whatever the basis (stmts.c switches the columns); a figure is
 * a number or null, and an item's flags keep only the reasons of the
 * figures it shows.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "db.h"
#include "handlers/career.h"
#include "json.h"
#include "request.h"
#include "resp.h"
#include "search.h"
#include "util.h"
#include "valid.h"

const char *const fig_names[FIG__MAX] = {
	[FIG_WAGE_YEAR] = "wage_year",
	[FIG_EMPLOYMENT] = "employment",
	[FIG_JOBS_PER_1000] = "jobs_per_1000",
	[FIG_LOCATION_QUOTIENT] = "location_quotient",
	[FIG_MEAN] = "mean",
	[FIG_MEDIAN] = "median",
	[FIG_P10] = "p10",
	[FIG_P25] = "p25",
	[FIG_P75] = "p75",
	[FIG_P90] = "p90",
	[FIG_BASE_YEAR] = "base_year",
	[FIG_PROJECTED_YEAR] = "projected_year",
	[FIG_BASE_EMPLOYMENT] = "base_employment",
	[FIG_PROJECTED_EMPLOYMENT] = "projected_employment",
	[FIG_NUMERIC_CHANGE] = "numeric_change",
	[FIG_GROWTH_PCT] = "growth_pct",
	[FIG_ANNUAL_OPENINGS] = "annual_openings",
};

/* Figures answered as JSON integers (the others keep PostgreSQL's text). */
static const int fig_is_int[FIG__MAX] = {
	[FIG_WAGE_YEAR] = 1,
	[FIG_EMPLOYMENT] = 1,
	[FIG_BASE_YEAR] = 1,
	[FIG_PROJECTED_YEAR] = 1,
};

/* The figure a metric= is about. */
static const enum fig metric_figs[METRIC__MAX] = {
	[METRIC_MEDIAN] = FIG_MEDIAN,
	[METRIC_MEAN] = FIG_MEAN,
	[METRIC_GROWTH_PCT] = FIG_GROWTH_PCT,
	[METRIC_LOCATION_QUOTIENT] = FIG_LOCATION_QUOTIENT,
};

const enum fig figs_state[] = {
	FIG_EMPLOYMENT, FIG_JOBS_PER_1000, FIG_LOCATION_QUOTIENT, FIG_MEAN,
	FIG_MEDIAN, FIG_P10, FIG_P25, FIG_P75, FIG_P90, FIG_GROWTH_PCT,
	FIG_ANNUAL_OPENINGS, FIG_WAGE_YEAR, FIG_BASE_YEAR, FIG_PROJECTED_YEAR,
};
const size_t nfigs_state = nitems(figs_state);

const enum fig figs_wages[] = {
	FIG_EMPLOYMENT, FIG_JOBS_PER_1000, FIG_MEAN,
	FIG_MEDIAN, FIG_P10, FIG_P25, FIG_P75, FIG_P90,
};
const size_t nfigs_wages = nitems(figs_wages);

const enum fig figs_outlook[] = {
	FIG_BASE_YEAR, FIG_PROJECTED_YEAR, FIG_BASE_EMPLOYMENT,
	FIG_PROJECTED_EMPLOYMENT, FIG_NUMERIC_CHANGE, FIG_GROWTH_PCT,
	FIG_ANNUAL_OPENINGS,
};
const size_t nfigs_outlook = nitems(figs_outlook);

const enum fig figs_compare[] = {
	FIG_MEDIAN, FIG_MEAN, FIG_EMPLOYMENT, FIG_GROWTH_PCT,
	FIG_ANNUAL_OPENINGS, FIG_WAGE_YEAR,
};
const size_t nfigs_compare = nitems(figs_compare);

const enum fig figs_state_page[] = {
	FIG_MEAN, FIG_MEDIAN, FIG_GROWTH_PCT, FIG_ANNUAL_OPENINGS,
	FIG_WAGE_YEAR,
};
const size_t nfigs_state_page = nitems(figs_state_page);

/* Finds the figure columns of res (once per result, R15); -1: absent. */
void
figcols_find(const PGresult *res, struct figcols *fc)
{
	char	 name[64];
	size_t	 i;

	for (i = 0; i < FIG__MAX; i++)
		fc->fig[i] = PQfnumber(res, fig_names[i]);
	fc->flags = PQfnumber(res, "flags");
	for (i = 0; i < METRIC__MAX; i++) {
		snprintf(name, sizeof(name), "category_%s", metric_names[i]);
		fc->category[i] = PQfnumber(res, name);
	}
	fc->category_flags = PQfnumber(res, "category_flags");
}

/*
 * Adds figures figs[0..n) of row to o, in that order (null where the
 * source has none), and returns their flags: the row's reasons for
 * those figures only, {} when none.  A figure the result lacks is a bug
 * in stmts[]: abort().  Caller owns the flags object.
 */
struct json_object *
career_figures(struct json_object *o, const PGresult *res, int row,
    const struct figcols *fc, const enum fig *figs, size_t n)
{
	struct json_object	*all = NULL, *flags, *v;
	struct json_flat	 m[FIG__MAX + 8];
	size_t			 i;
	int			 c, k, nm = 0;

	/* The flags of the read model are flat: scanned, not parsed. */
	if (fc->flags >= 0 && !PQgetisnull(res, row, fc->flags) &&
	    (nm = json_flat_scan(PQgetvalue(res, row, fc->flags), m,
	    (int)nitems(m))) < 0) {
		nm = 0;
		all = json_pg_json(res, row, fc->flags);
	}
	flags = json_object_new_object();
	for (i = 0; i < n; i++) {
		if ((c = fc->fig[figs[i]]) < 0)
			abort();
		json_add_static(o, fig_names[figs[i]],
		    fig_is_int[figs[i]] ? json_pg_int(res, row, c) :
		    json_pg_num(res, row, c));
		if (nm > 0 && (k = json_flat_find(m, nm,
		    fig_names[figs[i]])) >= 0)
			json_add_static(flags, fig_names[figs[i]],
			    json_flat_value(&m[k]));
		else if (all != NULL && json_object_object_get_ex(all,
		    fig_names[figs[i]], &v))
			json_add_static(flags, fig_names[figs[i]],
			    json_object_get(v));
	}
	json_object_put(all);
	return flags;
}

/*
 * Returns the category of row's figure m against the national one
 * (above, near, below), or null; then flags (the item's, borrowed) gets
 * "category": why -- the read model's category_flags reason
 * (no_national_same_year), else the figure's own reason (not_loaded...),
 * else not_comparable.  Caller owns the result.
 */
struct json_object *
career_category(const PGresult *res, int row, const struct figcols *fc,
    enum metric m, struct json_object *flags)
{
	struct json_object	*cf = NULL, *why = NULL, *v;
	struct json_flat	 cm[METRIC__MAX + 8];
	const char		*key = metric_names[m];
	int			 nm, k, found = 0;

	if (fc->category[m] < 0)
		abort();
	if (!PQgetisnull(res, row, fc->category[m]))
		return json_pg_str(res, row, fc->category[m]);
	if (fc->category_flags >= 0 && !PQgetisnull(res, row,
	    fc->category_flags)) {
		if ((nm = json_flat_scan(PQgetvalue(res, row,
		    fc->category_flags), cm, (int)nitems(cm))) >= 0) {
			if ((k = json_flat_find(cm, nm, key)) >= 0) {
				why = json_flat_value(&cm[k]);
				found = 1;
			}
		} else if ((cf = json_pg_json(res, row,
		    fc->category_flags)) != NULL &&
		    json_object_object_get_ex(cf, key, &v)) {
			why = json_object_get(v);
			found = 1;
		}
	}
	if (!found && json_object_object_get_ex(flags,
	    fig_names[metric_figs[m]], &v))
		why = json_object_get(v);
	else if (!found)
		why = json_object_new_string("not_comparable");
	json_add_static(flags, "category", why);
	json_object_put(cf);
	return NULL;
}

/*
 * Returns the object of row as an area of the map: {key: area, name,
 * the figures of figs_state, category (metric m; none when m is
 * METRIC__MAX), flags}; key NULL leaves area and name out (the national
 * figures).  The result has columns area and name when key is set.
 * Caller owns it.
 */
struct json_object *
career_area_obj(const PGresult *res, int row, const struct figcols *fc,
    const char *key, enum metric m)
{
	struct json_object	*o, *flags, *cat = NULL;

	o = json_object_new_object();
	if (key != NULL) {
		json_add_static(o, key,
		    json_pg_str(res, row, json_pg_col(res, "area")));
		json_add_static(o, "name",
		    json_pg_str(res, row, json_pg_col(res, "name")));
	}
	flags = career_figures(o, res, row, fc, figs_state, nfigs_state);
	if (m < METRIC__MAX) {
		cat = career_category(res, row, fc, m, flags);
		json_add_static(o, "category", cat);
	}
	json_add_static(o, "flags", flags);
	return o;
}

/* The basis= of r as the statements take it: "annual" or "hourly". */
const char *
career_basis(const struct req *r)
{
	const struct pval	*v;

	v = req_get(r, "basis");
	return v != NULL ? v->s : basis_names[BASIS_ANNUAL];
}

/* The metric= of r, median by default. */
enum metric
career_metric(const struct req *r)
{
	return (enum metric)req_int(r, "metric", METRIC_MEDIAN);
}

/* Writes "a, b and c" (the n successors) into dst of size sz. */
static void
and_list(char *dst, size_t sz, const char *const *v, size_t n)
{
	size_t	 i, o = 0;
	int	 k;

	dst[0] = '\0';
	for (i = 0; i < n && o < sz; i++) {
		k = snprintf(dst + o, sz - o, "%s%s", i == 0 ? "" :
		    i + 1 == n ? " and " : ", ", v[i]);
		if (k < 0)
			break;
		o += (size_t)k;
	}
}

/*
 * Records why soc is not a career of the field, from its rows of res
 * (hf.soc_successors): a 404 naming the successors (and error.successors)
 * when param is NULL (soc came in the path), else an invalid_parameter
 * problem naming param.
 */
static void
missing_one(struct resp *rs, const PGresult *res, const char *soc,
    const char *param)
{
	const char		**succ = NULL, *title = "", *in = "SOC 2018";
	struct json_object	*a;
	enum errcode		 code;
	char			 names[256], who[64];
	size_t			 n = 0, i;
	int			 cr, ct, ci, cs, row;

	cr = json_pg_col(res, "retired");
	ct = json_pg_col(res, "retired_title");
	ci = json_pg_col(res, "retired_in");
	cs = json_pg_col(res, "successor");
	for (row = 0; row < PQntuples(res); row++) {
		if (PQgetisnull(res, row, cr) || PQgetisnull(res, row, cs) ||
		    strcmp(PQgetvalue(res, row, cr), soc) != 0)
			continue;
		succ = xreallocarray(succ, n + 1, sizeof(*succ));
		succ[n++] = PQgetvalue(res, row, cs);
		if (!PQgetisnull(res, row, ct))
			title = PQgetvalue(res, row, ct);
		if (!PQgetisnull(res, row, ci))
			in = PQgetvalue(res, row, ci);
	}
	and_list(names, sizeof(names), succ, n);
	snprintf(who, sizeof(who), "%s%s%s", param != NULL ? param : "",
	    param != NULL ? ": " : "", soc);
	code = param != NULL ? ERR_INVALID_PARAMETER : ERR_NOT_FOUND;
	if (n > 0)
		resp_problem(rs, code, param, soc, strlen(soc), "%s (%s) is "
		    "no longer a SOC code: %s moved its work to %s", who, title,
		    in, names);
	else
		resp_problem(rs, code, param, soc, strlen(soc), "%s is not a "
		    "career of the field", who);
	if (param == NULL && n > 0 && rs->error_extra == NULL) {
		a = json_object_new_array();
		for (i = 0; i < n; i++)
			json_object_array_add(a, json_object_new_string(succ[i]));
		rs->error_extra = json_object_new_object();
		json_object_object_add(rs->error_extra, "successors", a);
	}
	free(succ);
}

/*
 * The answer for SOC codes socs[0..n) that are not careers of the field
 * (hf.career_search has no row): each a problem in rs; a retired code
 * (hf.soc_successors) names the codes that took over its work.  param
 * NULL: the code came in the path, 404 not_found (error.successors
 * lists the successors); else 400 invalid_parameter naming param.
 * Returns that status, or 503/500 if the database fails.
 */
enum http
career_missing(struct req *r, struct resp *rs, char *const *socs, size_t n,
    const char *param)
{
	const char	*args[1];
	char		*lit;
	PGresult	*res = NULL;
	enum dbrc	 rc;
	enum http	 code;
	size_t		 i;

	lit = search_array_literal(socs, n);
	args[0] = lit;
	if ((rc = db_exec(r->db, STMT_SOC_SUCCESSORS, args, &res)) != DB_OK)
		code = resp_db_error(rs, rc);
	else {
		for (i = 0; i < n; i++)
			missing_one(rs, res, socs[i], param);
		code = param != NULL ? HTTP_400 : HTTP_404;
	}
	PQclear(res);
	free(lit);
	return code;
}

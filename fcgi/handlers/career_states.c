/*
 * handlers/career_states.c -- the map of a career:
 * GET /api/v1/careers/{soc}/states (every state in one answer, the
 * national figures, ranges and quantile breaks in meta) and
 * GET /api/v1/careers/{soc}/states/{state} (one state beside the nation).
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
#include "search.h"
#include "valid.h"

/* Query parameters GET /api/v1/careers/{soc}/states accepts. */
const struct param career_states_params[] = {
	{ "metric", valid_metric, 0, 0, 0, NULL },
	{ "basis", valid_basis, 0, 0, 0, NULL },
	{ "bins", valid_bins, 0, 0, 0, NULL },
	{ "fields", valid_fields, 0, 0, 0, NULL },
	{ "format", valid_format, 0, 0, 0, NULL },
	PARAM_END
};

/* Top-level fields of a state of the map, in the order answered. */
const char *const career_state_fields[] = {
	"state", "name", "employment", "jobs_per_1000", "location_quotient",
	"mean", "median", "p10", "p25", "p75", "p90", "growth_pct",
	"annual_openings", "wage_year", "base_year", "projected_year",
	"category", "flags", NULL
};

/* Query parameters GET /api/v1/careers/{soc}/states/{state} accepts. */
const struct param career_state_get_params[] = {
	{ "metric", valid_metric, 0, 0, 0, NULL },
	{ "basis", valid_basis, 0, 0, 0, NULL },
	{ "fields", valid_fields, 0, 0, 0, NULL },
	PARAM_END
};

/* The same for one state, the national figures beside it. */
const char *const career_state_get_fields[] = {
	"state", "name", "employment", "jobs_per_1000", "location_quotient",
	"mean", "median", "p10", "p25", "p75", "p90", "growth_pct",
	"annual_openings", "wage_year", "base_year", "projected_year",
	"category", "flags", "national", NULL
};

/* The figures meta.range spans. */
static const enum fig figs_range[] = {
	FIG_EMPLOYMENT, FIG_JOBS_PER_1000, FIG_LOCATION_QUOTIENT, FIG_MEAN,
	FIG_MEDIAN, FIG_P10, FIG_P25, FIG_P75, FIG_P90, FIG_GROWTH_PCT,
	FIG_ANNUAL_OPENINGS,
};

/* The read-model column hf.career_state_bins() reads per metric. */
static const char *const bins_columns[METRIC__MAX][BASIS__MAX] = {
	[METRIC_MEDIAN] = { "median", "hourly_median" },
	[METRIC_MEAN] = { "mean", "hourly_mean" },
	[METRIC_GROWTH_PCT] = { "growth_pct", "growth_pct" },
	[METRIC_LOCATION_QUOTIENT] = { "location_quotient",
	    "location_quotient" },
};

/*
 * Returns meta.range: {figure: {min, max}} over the rows of res but
 * skip (the national one), each min and max the state's exact value, or
 * null when no state has the figure.  Caller owns it.
 */
static struct json_object *
json_map_range(const PGresult *res, int skip, const struct figcols *fc)
{
	struct json_object	*range, *o;
	size_t			 k;
	int			 c, i, lo, hi;
	double			 v, vlo = 0, vhi = 0;

	range = json_object_new_object();
	for (k = 0; k < nitems(figs_range); k++) {
		c = fc->fig[figs_range[k]];
		lo = hi = -1;
		for (i = 0; i < PQntuples(res); i++) {
			if (i == skip || PQgetisnull(res, i, c))
				continue;
			v = strtod(PQgetvalue(res, i, c), NULL);
			if (lo < 0 || v < vlo) {
				lo = i;
				vlo = v;
			}
			if (hi < 0 || v > vhi) {
				hi = i;
				vhi = v;
			}
		}
		o = json_object_new_object();
		json_add_const(o, "min",
		    lo >= 0 ? json_pg_num(res, lo, c) : NULL);
		json_add_const(o, "max",
		    hi >= 0 ? json_pg_num(res, hi, c) : NULL);
		json_object_object_add(range, fig_names[figs_range[k]], o);
	}
	return range;
}

/*
 * Adds meta.bins to meta: the bins - 1 inner quantile breaks of the
 * metric over the states (hf.career_state_bins), ascending, or null when
 * no state has the figure.  Returns 0, or -1 with the database error
 * recorded in rs (*code set).
 */
static int
map_bins(struct req *r, struct resp *rs, struct json_object *meta,
    enum http *code)
{
	const struct pval	*b;
	const char		*args[4];
	enum metric		 m = career_metric(r);
	enum basis		 basis;
	PGresult		*res = NULL;
	enum dbrc		 rc;

	if ((b = req_get(r, "bins")) == NULL)
		return 0;
	basis = (enum basis)req_int(r, "basis", BASIS_ANNUAL);
	args[0] = r->path[0];
	args[1] = bins_columns[m][basis];
	args[2] = b->s;
	args[3] = basis == BASIS_ANNUAL && (m == METRIC_MEDIAN ||
	    m == METRIC_MEAN) ? "0" : "2";
	if ((rc = db_exec(r->db, STMT_CAREER_BINS, args, &res)) != DB_OK) {
		*code = resp_db_error(rs, rc);
		return -1;
	}
	json_add_const(meta, "bins", PQntuples(res) > 0 ?
	    json_pg_json(res, 0, json_pg_col(res, "breaks")) : NULL);
	PQclear(res);
	return 0;
}

/*
 * Fills rs from the rows of the map (national row first): data = the
 * states, meta.national, meta.range, meta.metric, meta.basis; one page
 * holding every state.
 */
static void
map_fill(const struct req *r, struct resp *rs, const PGresult *res)
{
	struct figcols	 fc;
	enum metric	 m = career_metric(r);
	int		 i, nat = -1;

	figcols_find(res, &fc);
	rs->data = json_object_new_array();
	for (i = 0; i < PQntuples(res); i++)
		if (strcmp(PQgetvalue(res, i, json_pg_col(res, "area")),
		    "US") == 0)
			nat = i;
		else
			json_object_array_add(rs->data,
			    career_area_obj(res, i, &fc, "state", m));
	rs->meta = json_object_new_object();
	json_add_const(rs->meta, "metric",
	    json_object_new_string(metric_names[m]));
	json_add_const(rs->meta, "basis",
	    json_object_new_string(career_basis(r)));
	json_add_const(rs->meta, "national", nat >= 0 ?
	    career_area_obj(res, nat, &fc, NULL, METRIC__MAX) : NULL);
	json_add_const(rs->meta, "range",
	    json_map_range(res, nat, &fc));
	rs->list = 1;
	rs->total = (int64_t)json_object_array_length(rs->data);
	rs->page = 1;
	rs->per_page = rs->total > 0 ? rs->total : 1;
	rs->rows = rs->total;
	rs->sources = finder_sources(res, "sources", NULL);
}

/*
 * GET /api/v1/careers/{soc}/states
 * The router has canonicalised {soc}.  Every state of the map (50 + DC
 * always, a territory when it has data), nulls and flags where a figure
 * is not published, each with its category against the national figure
 * for metric=; not paginated.  Returns 200 (or CSV), 400 if a parameter
 * is bad, 404 if the code is not a career of the field (a retired one
 * names its successors), 503 if the database is away.  On return rs
 * owns everything it points to.
 */
enum http
h_career_states(struct req *r, struct resp *rs)
{
	const char	*args[2] = { r->path[0], NULL };
	PGresult	*res = NULL;
	enum dbrc	 rc;
	enum http	 code = HTTP_200;

	if (req_params(r, rs, career_states_params) == -1)
		return HTTP_400;

	args[1] = career_basis(r);
	if ((rc = db_exec(r->db, STMT_CAREER_MAP, args, &res)) != DB_OK)
		code = resp_db_error(rs, rc);
	else if (PQntuples(res) == 0)
		code = career_missing(r, rs, &r->path[0], 1, NULL);
	else {
		map_fill(r, rs, res);
		(void)map_bins(r, rs, rs->meta, &code);
	}
	PQclear(res);
	return code;
}

/*
 * GET /api/v1/careers/{soc}/states/{state}
 * The router has canonicalised {soc} and {state}.  Returns 200 with the
 * state as an item of the map and its national figures in
 * data.national (a territory without data: nulls and flags), 400 if a
 * query parameter is bad, 404 if the code is not a career of the field,
 * 503 if the database is away.  On return rs owns everything it points
 * to.
 */
enum http
h_career_state_get(struct req *r, struct resp *rs)
{
	char		*areas[2] = { r->path[1], "US" }, *socs, *where;
	const char	*args[3];
	struct figcols	 fc;
	PGresult	*res = NULL;
	enum dbrc	 rc;
	enum http	 code = HTTP_200;

	if (req_params(r, rs, career_state_get_params) == -1)
		return HTTP_400;

	args[0] = socs = search_array_literal(&r->path[0], 1);
	args[1] = where = search_array_literal(areas, 2);
	args[2] = career_basis(r);
	if ((rc = db_exec(r->db, STMT_CAREER_GRID, args, &res)) != DB_OK)
		code = resp_db_error(rs, rc);
	else if (PQntuples(res) != 2)
		code = career_missing(r, rs, &r->path[0], 1, NULL);
	else {
		figcols_find(res, &fc);
		rs->data = career_area_obj(res, 0, &fc, "state",
		    career_metric(r));
		json_add_const(rs->data, "national",
		    career_area_obj(res, 1, &fc, NULL, METRIC__MAX));
		rs->sources = finder_sources(res, "sources", NULL);
		rs->rows = 1;
	}
	PQclear(res);
	free(socs);
	free(where);
	return code;
}

/*
 * handlers/compare.c -- GET /api/v1/compare: wages and outlook of 1..5
 * careers in 1..6 areas (US or states), as a matrix.
 */
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

/* Query parameters GET /api/v1/compare accepts; careers is required. */
const struct param compare_params[] = {
	{ "careers", valid_careers, PARAM_REQUIRED, 0, 0, NULL },
	{ "areas", valid_areas, 0, 0, 0, NULL },
	{ "basis", valid_basis, 0, 0, 0, NULL },
	{ "fields", valid_fields, 0, 0, 0, NULL },
	PARAM_END
};

/* Top-level fields of a career of the matrix. */
const char *const compare_fields[] = {
	"soc", "title", "areas", NULL
};

/*
 * Returns the matrix from the rows of res (career by career in the order
 * asked, each area in the order asked): [{soc, title, areas: [{area,
 * name, median, mean, employment, growth_pct, annual_openings,
 * wage_year, flags}]}].  Caller owns it.
 */
static struct json_object *
json_compare_array(const PGresult *res)
{
	struct json_object	*a, *career = NULL, *areas = NULL, *o;
	struct figcols		 fc;
	const char		*soc, *last = "";
	int			 cs, ct, ca, cn, i;

	figcols_find(res, &fc);
	cs = json_pg_col(res, "soc");
	ct = json_pg_col(res, "title");
	ca = json_pg_col(res, "area");
	cn = json_pg_col(res, "name");
	a = json_object_new_array();
	for (i = 0; i < PQntuples(res); i++) {
		soc = PQgetvalue(res, i, cs);
		if (career == NULL || strcmp(soc, last) != 0) {
			career = json_object_new_object();
			json_add_const(career, "soc",
			    json_pg_str(res, i, cs));
			json_add_const(career, "title",
			    json_pg_str(res, i, ct));
			areas = json_object_new_array();
			json_add_const(career, "areas", areas);
			json_object_array_add(a, career);
			last = soc;
		}
		o = json_object_new_object();
		json_add_const(o, "area", json_pg_str(res, i, ca));
		json_add_const(o, "name", json_pg_str(res, i, cn));
		json_add_const(o, "flags", career_figures(o, res, i,
		    &fc, figs_compare, nfigs_compare));
		json_object_array_add(areas, o);
	}
	return a;
}

/*
 * The careers of the request that res has no row for (not careers of the
 * field), as a list of the request's strings (borrowed) in *out; returns
 * how many.  The caller frees *out.
 */
static size_t
compare_missing(const struct pval *careers, const PGresult *res, char ***out)
{
	size_t	 i, n = 0;
	int	 cs, row;

	cs = json_pg_col(res, "soc");
	*out = xcalloc(careers->nlist + 1, sizeof(char *));
	for (i = 0; i < careers->nlist; i++) {
		for (row = 0; row < PQntuples(res); row++)
			if (strcmp(PQgetvalue(res, row, cs),
			    careers->list[i]) == 0)
				break;
		if (row == PQntuples(res))
			(*out)[n++] = careers->list[i];
	}
	return n;
}

/*
 * GET /api/v1/compare?careers=29-2072,29-9021&areas=US,OH
 * areas defaults to US.  Returns 200 with the matrix (a null figure has
 * its reason in the area's flags, a territory without data included),
 * 400 if a parameter is bad or careers names a code that is not a
 * career of the field (a retired one names its successors; reported
 * with every other problem), 503 if the database is away.  On return rs
 * owns everything it points to.
 */
enum http
h_compare(struct req *r, struct resp *rs)
{
	static char		*us[] = { "US" };
	const struct pval	*careers, *areas;
	char			*socs, *where, **missing = NULL;
	const char		*args[3];
	PGresult		*res = NULL;
	enum dbrc		 rc;
	enum http		 code = HTTP_200;
	size_t			 n;

	(void)req_params(r, rs, compare_params);
	if ((careers = req_get(r, "careers")) == NULL)
		return HTTP_400;

	areas = req_get(r, "areas");
	args[0] = socs = search_array_literal(careers->list, careers->nlist);
	args[1] = where = areas != NULL ? search_array_literal(areas->list,
	    areas->nlist) : search_array_literal(us, 1);
	args[2] = career_basis(r);
	if ((rc = db_exec(r->db, STMT_CAREER_GRID, args, &res)) != DB_OK)
		code = rs->nproblems > 0 ? HTTP_400 : resp_db_error(rs, rc);
	else if ((n = compare_missing(careers, res, &missing)) > 0)
		code = career_missing(r, rs, missing, n, "careers");
	else if (rs->nproblems > 0)
		code = HTTP_400;
	else {
		rs->data = json_compare_array(res);
		rs->sources = finder_sources(res, "sources", NULL);
		rs->rows = (long long)json_object_array_length(rs->data);
	}
	free(missing);
	PQclear(res);
	free(socs);
	free(where);
	return code;
}

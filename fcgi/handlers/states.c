/*
 * handlers/states.c -- GET /api/v1/states/{state}: a state's page, every
 * career of the field there and its programs by degree level.
 */
#include <json-c/json.h>

#include "db.h"
#include "handlers/career.h"
#include "handlers/finder.h"
#include "handlers/handlers.h"
#include "json.h"
#include "request.h"
#include "resp.h"
#include "valid.h"

/* Query parameters GET /api/v1/states/{state} accepts. */
const struct param state_get_params[] = {
	{ "basis", valid_basis, 0, 0, 0, NULL },
	{ "fields", valid_fields, 0, 0, 0, NULL },
	PARAM_END
};

/* Top-level fields of a state's page, in the order answered. */
const char *const state_fields[] = {
	"code", "name", "careers", "programs_by_degree", NULL
};

/*
 * Returns the careers of the state: [{soc, title, mean, median,
 * growth_pct, annual_openings, wage_year, flags}] by title.  Caller owns
 * it.
 */
static struct json_object *
json_state_careers(const PGresult *res)
{
	struct json_object	*a, *o;
	struct figcols		 fc;
	int			 cs, ct, i;

	figcols_find(res, &fc);
	cs = json_pg_col(res, "soc");
	ct = json_pg_col(res, "title");
	a = json_object_new_array();
	for (i = 0; i < PQntuples(res); i++) {
		o = json_object_new_object();
		json_add_const(o, "soc", json_pg_str(res, i, cs));
		json_add_const(o, "title", json_pg_str(res, i, ct));
		json_add_const(o, "flags", career_figures(o, res, i,
		    &fc, figs_state_page, nfigs_state_page));
		json_object_array_add(a, o);
	}
	return a;
}

/*
 * Returns the page of row 0 of st with the careers of cr; caller owns it.
 */
static struct json_object *
json_state_obj(const PGresult *st, const PGresult *cr)
{
	struct json_object	*o, *pbd;

	o = json_object_new_object();
	json_add_const(o, "code",
	    json_pg_str(st, 0, json_pg_col(st, "code")));
	json_add_const(o, "name",
	    json_pg_str(st, 0, json_pg_col(st, "name")));
	json_add_const(o, "careers", json_state_careers(cr));
	pbd = json_pg_json(st, 0, json_pg_col(st, "programs_by_degree"));
	json_add_const(o, "programs_by_degree", pbd != NULL ? pbd :
	    json_object_new_array());
	return o;
}

/*
 * GET /api/v1/states/{state}
 * The router has canonicalised {state}.  Returns 200 with the state's
 * careers (figures of that state, nulls and flags where unpublished) and
 * its programs counted by degree level, 400 if a query parameter is
 * bad, 503 if the database is away.  On return rs owns everything it
 * points to.
 */
enum http
h_state_get(struct req *r, struct resp *rs)
{
	const char	*args[2] = { r->path[0], NULL };
	PGresult	*st = NULL, *cr = NULL;
	const PGresult	*both[2];
	enum dbrc	 rc;
	enum http	 code = HTTP_200;

	if (req_params(r, rs, state_get_params) == -1)
		return HTTP_400;

	args[1] = career_basis(r);
	if ((rc = db_exec(r->db, STMT_STATE_GET, args, &st)) != DB_OK ||
	    (rc = db_exec(r->db, STMT_STATE_CAREERS, args, &cr)) != DB_OK)
		code = resp_db_error(rs, rc);
	else if (PQntuples(st) == 0)
		code = resp_not_found(rs, "no state with that code");
	else {
		both[0] = st;
		both[1] = cr;
		rs->data = json_state_obj(st, cr);
		rs->sources = finder_sources_n(both, 2, "sources", NULL);
		rs->rows = 1;
	}
	PQclear(st);
	PQclear(cr);
	return code;
}

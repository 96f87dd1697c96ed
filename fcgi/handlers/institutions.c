/*
 * handlers/institutions.c -- GET /api/v1/institutions/{id}
 */
#include <json-c/json.h>

#include "db.h"
#include "handlers/handlers.h"
#include "json.h"
#include "request.h"
#include "resp.h"
#include "valid.h"

/* Query parameters GET /api/v1/institutions/{id} accepts. */
const struct param institution_get_params[] = {
	{ "fields", valid_fields, 0, 0, 0, NULL },
	PARAM_END
};

/* Top-level fields of an institution, in the order they are answered. */
const char *const institution_fields[] = {
	"id", "name", "aliases", "city", "state", "zip", "control", "url",
	"location", "programs", NULL
};

/* Returns [{id, title, degree, cip_code}, ...] for res; caller owns it. */
static struct json_object *
json_programs_array(const PGresult *res)
{
	struct json_object	*a, *o;
	int			 cid, ctitle, cdeg, ccip, i, n;

	cid = json_pg_col(res, "id");
	ctitle = json_pg_col(res, "title");
	cdeg = json_pg_col(res, "degree");
	ccip = json_pg_col(res, "cip_code");
	a = json_object_new_array();
	n = PQntuples(res);
	for (i = 0; i < n; i++) {
		o = json_object_new_object();
		json_object_object_add(o, "id", json_pg_int(res, i, cid));
		json_object_object_add(o, "title", json_pg_str(res, i, ctitle));
		json_object_object_add(o, "degree", json_pg_str(res, i, cdeg));
		json_object_object_add(o, "cip_code", json_pg_str(res, i, ccip));
		json_object_array_add(a, o);
	}
	return a;
}

/*
 * Returns the institution in row 0 of inst with its programs (progs);
 * location is {lat, lon} with null members when unknown.  Caller owns it.
 */
static struct json_object *
json_institution_obj(const PGresult *inst, const PGresult *progs)
{
	static const char *const plain[] = {
		"name", "city", "state", "zip", "control", "url", NULL
	};
	struct json_object	*o, *loc, *aliases;
	size_t			 i;

	o = json_object_new_object();
	json_object_object_add(o, "id",
	    json_pg_int(inst, 0, json_pg_col(inst, "id")));
	json_object_object_add(o, "name",
	    json_pg_str(inst, 0, json_pg_col(inst, "name")));
	aliases = json_pg_json(inst, 0, json_pg_col(inst, "aliases"));
	json_object_object_add(o, "aliases", aliases != NULL ? aliases :
	    json_object_new_array());
	for (i = 1; plain[i] != NULL; i++)
		json_object_object_add(o, plain[i],
		    json_pg_str(inst, 0, json_pg_col(inst, plain[i])));
	loc = json_object_new_object();
	json_object_object_add(loc, "lat",
	    json_pg_num(inst, 0, json_pg_col(inst, "lat")));
	json_object_object_add(loc, "lon",
	    json_pg_num(inst, 0, json_pg_col(inst, "lon")));
	json_object_object_add(o, "location", loc);
	json_object_object_add(o, "programs", json_programs_array(progs));
	return o;
}

/* Returns meta.sources: [dataset_id] or []; caller owns it. */
static struct json_object *
json_institution_sources(const PGresult *inst)
{
	struct json_object	*a;
	int			 c;

	a = json_object_new_array();
	c = json_pg_col(inst, "dataset_id");
	if (!PQgetisnull(inst, 0, c))
		json_object_array_add(a, json_pg_str(inst, 0, c));
	return a;
}

/*
 * GET /api/v1/institutions/{id}
 * The router has checked that {id} is a positive 64-bit integer.
 * Returns 200 with the institution and its programs in rs->data, 400 if
 * a query parameter is bad (rs holds every problem), 404 if there is no
 * such institution, 503 if the database is away.  On return rs owns
 * everything it points to.
 */
enum http
h_institution_get(struct req *r, struct resp *rs)
{
	const char	*args[1] = { r->path[0] };
	PGresult	*inst = NULL, *progs = NULL;
	enum dbrc	 rc;
	enum http	 code;

	if (req_params(r, rs, institution_get_params) == -1)
		return HTTP_400;

	if ((rc = db_exec(r->db, STMT_INSTITUTION_GET, args, &inst)) != DB_OK)
		code = resp_db_error(rs, rc);
	else if (PQntuples(inst) == 0)
		code = resp_not_found(rs, "no institution with that id");
	else if ((rc = db_exec(r->db, STMT_INSTITUTION_PROGRAMS, args,
	    &progs)) != DB_OK)
		code = resp_db_error(rs, rc);
	else {
		rs->data = json_institution_obj(inst, progs);
		rs->sources = json_institution_sources(inst);
		rs->rows = 1;
		code = HTTP_200;
	}

	PQclear(inst);
	PQclear(progs);
	return code;
}

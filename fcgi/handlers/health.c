/*
 * handlers/health.c -- GET /api/v1/health
 */
#include <json-c/json.h>

#include "db.h"
#include "handlers/handlers.h"
#include "json.h"
#include "request.h"
#include "resp.h"
#include "valid.h"

/* Query parameters GET /api/v1/health accepts; any other is a 400. */
const struct param health_params[] = {
	{ "fields", valid_fields, 0, 0, 0, NULL },
	PARAM_END
};

/* Fields of the health answer. */
const char *const health_fields[] = {
	"status", "database", "data_version", NULL
};

/*
 * Returns {"status", "database", "data_version"}: from the ping result
 * res, or, when res is NULL, what rc says went wrong.  Caller owns it.
 */
static struct json_object *
json_health(const PGresult *res, enum dbrc rc)
{
	struct json_object	*o;
	const char		*state;

	state = res != NULL ? "ok" : rc == DB_ERROR ? "error" : "unavailable";
	o = json_object_new_object();
	json_add_const(o, "status", json_object_new_string(state));
	json_add_const(o, "database", json_object_new_string(state));
	json_add_const(o, "data_version",
	    res != NULL && PQntuples(res) == 1 ?
	    json_pg_int(res, 0, json_pg_col(res, "version")) : NULL);
	return o;
}

/*
 * GET /api/v1/health
 * Pings the database on every call (the answer is never cached).
 * Returns 200 with {"status":"ok","database":"ok","data_version":N} in
 * rs->body, 400 if a query parameter is bad, 503 (500 for an unexpected
 * error) with the same keys saying "unavailable" plus the error object
 * if the database is away.  On return rs owns everything it points to.
 */
enum http
h_health(struct req *r, struct resp *rs)
{
	PGresult	*res = NULL;
	enum dbrc	 rc;

	if (req_params(r, rs, health_params) == -1)
		return HTTP_400;

	if ((rc = db_exec(r->db, STMT_HEALTH_PING, NULL, &res)) != DB_OK) {
		rs->body = json_health(NULL, rc);
		return resp_db_error(rs, rc);
	}

	rs->body = json_health(res, rc);
	rs->rows = PQntuples(res);
	PQclear(res);
	return HTTP_200;
}

/*
 * handlers/suggest.c -- GET /api/v1/suggest?q=: type-ahead over career
 * titles (alternate and lay titles too), certifications, program titles
 * and institution names (and aliases), by word prefix.
 */
#include <string.h>

#include <json-c/json.h>

#include "db.h"
#include "handlers/finder.h"
#include "handlers/handlers.h"
#include "json.h"
#include "request.h"
#include "resp.h"
#include "valid.h"

/* Query parameters GET /api/v1/suggest accepts; q is required. */
const struct param suggest_params[] = {
	{ "q", valid_text, PARAM_REQUIRED, 0, 0, NULL },
	{ "fields", valid_fields, 0, 0, 0, NULL },
	PARAM_END
};

/* Top-level fields of a hit, in the order answered. */
const char *const suggest_fields[] = {
	"type", "id", "label", "matched", NULL
};

/*
 * Returns the hits of res: [{type, id, label, matched}], id the
 * resource's own (an integer for programs and institutions, a string
 * for careers and certifications), matched the title the prefix was
 * found in.  Caller owns it.
 */
static struct json_object *
json_suggest_array(const PGresult *res)
{
	struct json_object	*a, *o;
	const char		*type;
	int			 ct, ci, cl, cm, i;

	ct = json_pg_col(res, "type");
	ci = json_pg_col(res, "id");
	cl = json_pg_col(res, "label");
	cm = json_pg_col(res, "matched");
	a = json_object_new_array();
	for (i = 0; i < PQntuples(res); i++) {
		if (PQgetisnull(res, i, ct))
			continue;
		type = PQgetvalue(res, i, ct);
		o = json_object_new_object();
		json_add_const(o, "type", json_pg_str(res, i, ct));
		json_add_const(o, "id", strcmp(type, "program") == 0 ||
		    strcmp(type, "institution") == 0 ? json_pg_int(res, i, ci) :
		    json_pg_str(res, i, ci));
		json_add_const(o, "label", json_pg_str(res, i, cl));
		json_add_const(o, "matched", json_pg_str(res, i, cm));
		json_object_array_add(a, o);
	}
	return a;
}

/*
 * GET /api/v1/suggest?q=
 * Returns 200 with up to 10 hits, the types taking turns (career,
 * certification, program, institution), 400 if q is missing or bad, 503
 * if the database is away.  On return rs owns everything it points to.
 */
enum http
h_suggest(struct req *r, struct resp *rs)
{
	const char	*args[1];
	PGresult	*res = NULL;
	enum dbrc	 rc;
	enum http	 code = HTTP_200;

	if (req_params(r, rs, suggest_params) == -1)
		return HTTP_400;

	args[0] = req_get(r, "q")->s;
	if ((rc = db_exec(r->db, STMT_SUGGEST, args, &res)) != DB_OK)
		code = resp_db_error(rs, rc);
	else {
		rs->data = json_suggest_array(res);
		rs->sources = finder_sources(res, "sources", NULL);
		rs->rows = PQntuples(res);
	}
	PQclear(res);
	return code;
}

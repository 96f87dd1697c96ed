/*
 * handlers/degrees.c -- GET /api/v1/degrees: the degree levels in rank
 * order, each with the median wage of the field's careers that
 * typically need it.
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
#include "valid.h"

/* Query parameters GET /api/v1/degrees accepts. */
const struct param degrees_list_params[] = {
	{ "basis", valid_basis, 0, 0, 0, NULL },
	{ "page", valid_page, 0, 0, 0, NULL },
	{ "per_page", valid_per_page, 0, 0, 0, NULL },
	{ "fields", valid_fields, 0, 0, 0, NULL },
	{ "format", valid_format, 0, 0, 0, NULL },
	PARAM_END
};

/* Top-level fields of a degree level, in the order answered. */
const char *const degree_fields[] = {
	"code", "rank", "label", "median_wage", "career_count", "flags",
	NULL
};

/*
 * Returns the degree level of row: {code, rank, label, median_wage,
 * career_count, flags}; median_wage is null with flags.median_wage =
 * no_careers (no career of the field typically needs that level) or
 * not_published (none of them has a national median).  Caller owns it.
 */
static struct json_object *
json_degree_obj(const PGresult *res, int row)
{
	struct json_object	*o, *flags;
	const char		*why = NULL;
	int			 cm, cc, cn;

	cm = json_pg_col(res, "median_wage");
	cc = json_pg_col(res, "career_count");
	cn = json_pg_col(res, "n_medians");
	o = json_object_new_object();
	json_add_const(o, "code",
	    json_pg_str(res, row, json_pg_col(res, "code")));
	json_add_const(o, "rank",
	    json_pg_int(res, row, json_pg_col(res, "rank")));
	json_add_const(o, "label",
	    json_pg_str(res, row, json_pg_col(res, "label")));
	json_add_const(o, "median_wage", json_pg_num(res, row, cm));
	json_add_const(o, "career_count", json_pg_int(res, row, cc));
	flags = json_object_new_object();
	if (PQgetisnull(res, row, cm))
		why = PQgetisnull(res, row, cc) ||
		    strcmp(PQgetvalue(res, row, cc), "0") == 0 ? "no_careers" :
		    !PQgetisnull(res, row, cn) &&
		    strcmp(PQgetvalue(res, row, cn), "0") == 0 ?
		    "not_published" : "not_comparable";
	if (why != NULL)
		json_add_const(flags, "median_wage",
		    json_object_new_string(why));
	json_add_const(o, "flags", flags);
	return o;
}

/*
 * GET /api/v1/degrees
 * The degree levels by rank (a page; all as CSV), with the median of the
 * national medians of the careers of the field whose typical education
 * is that level, in the basis asked for.  Returns 200, 400 if a
 * parameter is bad, 503 if the database is away.  On return rs owns
 * everything it points to.
 */
enum http
h_degrees_list(struct req *r, struct resp *rs)
{
	char		 limit[24], offset[24];
	const char	*args[3] = { NULL, limit, offset };
	PGresult	*count = NULL, *page = NULL;
	enum dbrc	 rc;
	enum http	 code = HTTP_200;
	int		 i;

	if (req_params(r, rs, degrees_list_params) == -1)
		return HTTP_400;

	req_paging(r, rs, limit, offset, sizeof(limit));
	args[0] = career_basis(r);
	if ((rc = db_exec(r->db, STMT_DEGREES_COUNT, NULL, &count)) != DB_OK ||
	    (rc = db_exec(r->db, STMT_DEGREES_PAGE, args, &page)) != DB_OK)
		code = resp_db_error(rs, rc);
	else {
		rs->total = strtoll(PQgetvalue(count, 0,
		    json_pg_col(count, "total")), NULL, 10);
		rs->data = json_object_new_array();
		for (i = 0; i < PQntuples(page); i++)
			json_object_array_add(rs->data,
			    json_degree_obj(page, i));
		rs->sources = finder_sources(page, "sources", NULL);
		rs->rows = PQntuples(page);
	}
	PQclear(count);
	PQclear(page);
	return code;
}

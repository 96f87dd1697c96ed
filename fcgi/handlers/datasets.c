/*
 * handlers/datasets.c -- GET /api/v1/datasets
 */
#include <stdlib.h>

#include <json-c/json.h>

#include "db.h"
#include "handlers/handlers.h"
#include "json.h"
#include "request.h"
#include "resp.h"
#include "valid.h"

/* Query parameters GET /api/v1/datasets accepts; any other is a 400. */
const struct param datasets_list_params[] = {
	{ "page", valid_page, 0, 0, 0, NULL },
	{ "per_page", valid_per_page, 0, 0, 0, NULL },
	{ "fields", valid_fields, 0, 0, 0, NULL },
	{ "format", valid_format, 0, 0, 0, NULL },
	PARAM_END
};

/* Fields of one dataset item, in the order they are answered. */
const char *const dataset_fields[] = {
	"id", "source", "title", "source_url", "vintage", "file",
	"loaded_at", "row_count", "license", "citation", NULL
};

/* Returns the array of dataset items in res; caller owns it. */
static struct json_object *
json_datasets_array(const PGresult *res)
{
	struct json_object	*a, *o;
	int			 c[10], i, k, n;

	for (k = 0; k < 10; k++)
		c[k] = json_pg_col(res, dataset_fields[k]);
	a = json_object_new_array();
	n = PQntuples(res);
	for (i = 0; i < n; i++) {
		o = json_object_new_object();
		for (k = 0; k < 10; k++)
			json_object_object_add(o, dataset_fields[k],
			    k == 7 ? json_pg_int(res, i, c[k]) :
			    json_pg_str(res, i, c[k]));
		json_object_array_add(a, o);
	}
	return a;
}

/*
 * GET /api/v1/datasets
 * Every loaded dataset, by id, a page at a time (all of them, up to
 * 10,000, as CSV).  Returns 200 with the page in rs->data, 400 if a
 * query parameter is bad (rs holds every problem), 503 if the database
 * is away.  On return rs owns everything it points to.
 */
enum http
h_datasets_list(struct req *r, struct resp *rs)
{
	char		 limit[24], offset[24];
	const char	*args[2] = { limit, offset };
	PGresult	*count = NULL, *page = NULL;
	enum dbrc	 rc;
	enum http	 code = HTTP_200;

	if (req_params(r, rs, datasets_list_params) == -1)
		return HTTP_400;

	req_paging(r, rs, limit, offset, sizeof(limit));
	if ((rc = db_exec(r->db, STMT_DATASETS_COUNT, NULL, &count)) != DB_OK ||
	    (rc = db_exec(r->db, STMT_DATASETS_PAGE, args, &page)) != DB_OK) {
		code = resp_db_error(rs, rc);
		goto out;
	}

	rs->total = strtoll(PQgetvalue(count, 0, json_pg_col(count, "total")),
	    NULL, 10);
	rs->data = json_datasets_array(page);
	rs->sources = json_object_new_array();
	rs->rows = PQntuples(page);
out:
	PQclear(count);
	PQclear(page);
	return code;
}

/*
 * handlers/certifications.c -- GET /api/v1/certifications and
 * GET /api/v1/certifications/{code}: issuer, prerequisites, exam facts
 * (null where unknown), the careers each serves and the programs that
 * make one eligible.
 */
#include <stdlib.h>

#include <json-c/json.h>

#include "db.h"
#include "handlers/finder.h"
#include "handlers/handlers.h"
#include "json.h"
#include "request.h"
#include "resp.h"
#include "valid.h"

/* Query parameters GET /api/v1/certifications accepts. */
const struct param certifications_list_params[] = {
	{ "page", valid_page, 0, 0, 0, NULL },
	{ "per_page", valid_per_page, 0, 0, 0, NULL },
	{ "fields", valid_fields, 0, 0, 0, NULL },
	{ "format", valid_format, 0, 0, 0, NULL },
	PARAM_END
};

/* Query parameters GET /api/v1/certifications/{code} accepts. */
const struct param certification_get_params[] = {
	{ "fields", valid_fields, 0, 0, 0, NULL },
	PARAM_END
};

/* Top-level fields of a certification, in the order answered. */
const char *const certification_fields[] = {
	"code", "name", "issuer", "prerequisite_degree",
	"prerequisite_notes", "requires_cahiim", "active", "exam", "url",
	"notes", "facts_checked", "careers", "program_count", NULL
};

/* The exam facts: API name, column, integer or not. */
static const struct {
	const char	*name;
	const char	*col;
	int		 integer;
} exam_facts[] = {
	{ "fee", "exam_fee_usd", 0 },
	{ "member_fee", "exam_fee_member_usd", 0 },
	{ "questions", "questions", 1 },
	{ "duration_minutes", "duration_minutes", 1 },
	{ "passing_score", "passing_score", -1 },
	{ "renewal", "renewal", -1 },
};

/*
 * Returns the exam facts of row: {fee, member_fee, questions,
 * duration_minutes, passing_score, renewal, pass_rate, flags}; a fact
 * nobody could confirm is null with flags.<fact> = not_collected (the
 * pass rate is not collected at all).  Caller owns it.
 */
static struct json_object *
json_cert_exam(const PGresult *res, int row)
{
	struct json_object	*o, *flags, *v;
	size_t			 i;
	int			 c;

	o = json_object_new_object();
	flags = json_object_new_object();
	for (i = 0; i < nitems(exam_facts); i++) {
		c = json_pg_col(res, exam_facts[i].col);
		v = exam_facts[i].integer > 0 ? json_pg_int(res, row, c) :
		    exam_facts[i].integer == 0 ? json_pg_num(res, row, c) :
		    json_pg_str(res, row, c);
		if (v == NULL)
			json_object_object_add(flags, exam_facts[i].name,
			    json_object_new_string("not_collected"));
		json_object_object_add(o, exam_facts[i].name, v);
	}
	json_add_const(o, "pass_rate", NULL);
	json_add_const(flags, "pass_rate",
	    json_object_new_string("not_collected"));
	json_add_const(o, "flags", flags);
	return o;
}

/* Returns the certification of row (API.md's shape); caller owns it. */
static struct json_object *
json_cert_obj(const PGresult *res, int row)
{
	static const char *const head[] = {
		"code", "name", "issuer", "prerequisite_degree",
		"prerequisite_notes"
	};
	static const char *const tail[] = { "url", "notes", "facts_checked" };
	struct json_object	*o, *v;
	size_t			 i;

	o = json_object_new_object();
	for (i = 0; i < nitems(head); i++)
		json_object_object_add(o, head[i],
		    json_pg_str(res, row, json_pg_col(res, head[i])));
	json_add_const(o, "requires_cahiim",
	    json_pg_bool(res, row, json_pg_col(res, "requires_cahiim")));
	json_add_const(o, "active",
	    json_pg_bool(res, row, json_pg_col(res, "active")));
	json_add_const(o, "exam", json_cert_exam(res, row));
	for (i = 0; i < nitems(tail); i++)
		json_object_object_add(o, tail[i],
		    json_pg_str(res, row, json_pg_col(res, tail[i])));
	v = json_pg_json(res, row, json_pg_col(res, "careers"));
	json_add_const(o, "careers", v != NULL ? v :
	    json_object_new_array());
	json_add_const(o, "program_count",
	    json_pg_int(res, row, json_pg_col(res, "program_count")));
	return o;
}

/*
 * GET /api/v1/certifications
 * Every certification, by code, a page at a time (all, as CSV).  Returns
 * 200, 400 if a parameter is bad, 503 if the database is away.  On
 * return rs owns everything it points to.
 */
enum http
h_certifications_list(struct req *r, struct resp *rs)
{
	char		 limit[24], offset[24];
	const char	*args[2] = { limit, offset };
	PGresult	*count = NULL, *page = NULL;
	enum dbrc	 rc;
	enum http	 code = HTTP_200;
	int		 i;

	if (req_params(r, rs, certifications_list_params) == -1)
		return HTTP_400;

	req_paging(r, rs, limit, offset, sizeof(limit));
	if ((rc = db_exec(r->db, STMT_CERTIFICATIONS_COUNT, NULL,
	    &count)) != DB_OK || (rc = db_exec(r->db,
	    STMT_CERTIFICATIONS_PAGE, args, &page)) != DB_OK)
		code = resp_db_error(rs, rc);
	else {
		rs->total = strtoll(PQgetvalue(count, 0,
		    json_pg_col(count, "total")), NULL, 10);
		rs->data = json_object_new_array();
		for (i = 0; i < PQntuples(page); i++)
			json_object_array_add(rs->data, json_cert_obj(page, i));
		rs->sources = finder_sources(page, "sources", NULL);
		rs->rows = PQntuples(page);
	}
	PQclear(count);
	PQclear(page);
	return code;
}

/*
 * GET /api/v1/certifications/{code}
 * The router has upper-cased {code}.  Returns 200 with the
 * certification, 400 if a query parameter is bad, 404 if there is no
 * such certification, 503 if the database is away.  On return rs owns
 * everything it points to.
 */
enum http
h_certification_get(struct req *r, struct resp *rs)
{
	const char	*args[1] = { r->path[0] };
	PGresult	*res = NULL;
	enum dbrc	 rc;
	enum http	 code = HTTP_200;

	if (req_params(r, rs, certification_get_params) == -1)
		return HTTP_400;

	if ((rc = db_exec(r->db, STMT_CERTIFICATION_GET, args, &res)) != DB_OK)
		code = resp_db_error(rs, rc);
	else if (PQntuples(res) == 0)
		code = resp_not_found(rs, "no certification with that code");
	else {
		rs->data = json_cert_obj(res, 0);
		rs->sources = finder_sources(res, "sources", NULL);
		rs->rows = 1;
	}
	PQclear(res);
	return code;
}

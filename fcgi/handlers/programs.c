/*
 * handlers/programs.c -- GET /api/v1/programs (the school finder's
 * search: SQL from search.c, run by finder.c) and
 * GET /api/v1/programs/{id}.
 */
#include <json-c/json.h>

#include "db.h"
#include "handlers/finder.h"
#include "handlers/handlers.h"
#include "json.h"
#include "request.h"
#include "resp.h"
#include "search.h"
#include "valid.h"

/* The orders the program search offers. */
static const char *const program_sorts[] = {
	"relevance", "distance", "name", "tuition", "state", NULL
};

/* Query parameters GET /api/v1/programs accepts; any other is a 400. */
const struct param programs_list_params[] = {
	{ "q", valid_text, 0, 0, 0, NULL },
	{ "state", valid_state_list, 0, 0, 0, NULL },
	{ "city", valid_text, 0, 0, 0, NULL },
	{ "zip", valid_zip, 0, 0, 0, NULL },
	{ "lat", valid_lat, 0, 0, 0, NULL },
	{ "lon", valid_lon, 0, 0, 0, NULL },
	{ "radius", valid_radius, 0, 0, 0, NULL },
	{ "include_online", valid_bool, 0, 0, 0, NULL },
	{ "degree", valid_enum_list, 0, 0, 0, degree_names },
	{ "field", valid_enum_list, 0, 0, 0, field_names },
	{ "delivery", valid_enum_list, 0, 0, 0, delivery_names },
	{ "accredited", valid_bool, 0, 0, 0, NULL },
	{ "accreditation_status", valid_enum_list, 0, 0, 0, accstatus_names },
	{ "eligible_for", valid_cert_list, 0, 0, 0, NULL },
	{ "control", valid_enum_list, 0, 0, 0, control_names },
	{ "tuition_min", valid_tuition, 0, 0, 0, NULL },
	{ "tuition_max", valid_tuition, 0, 0, 0, NULL },
	{ "credits_min", valid_credits, 0, 0, 0, NULL },
	{ "credits_max", valid_credits, 0, 0, 0, NULL },
	{ "sort", valid_sort, 0, 0, 0, program_sorts },
	{ "facets", valid_enum_list, 0, 0, 0, facet_names },
	{ "page", valid_page, 0, 0, 0, NULL },
	{ "per_page", valid_per_page, 0, 0, 0, NULL },
	{ "fields", valid_fields, 0, 0, 0, NULL },
	{ "format", valid_format, 0, 0, 0, NULL },
	PARAM_END
};

/* Query parameters GET /api/v1/programs/{id} accepts. */
const struct param program_get_params[] = {
	{ "fields", valid_fields, 0, 0, 0, NULL },
	PARAM_END
};

/* Top-level fields of a program item, in the order they are answered. */
const char *const program_fields[] = {
	"id", "title", "field", "cip_code", "degree", "award_level",
	"delivery", "credits", "institution", "accreditation", "tuition",
	"outcomes", "eligible_certifications", "url", "flags",
	"distance_miles", NULL
};

/* The same for one program: no distance, history and careers added. */
const char *const program_get_fields[] = {
	"id", "title", "field", "cip_code", "degree", "award_level",
	"delivery", "credits", "institution", "accreditation", "tuition",
	"outcomes", "eligible_certifications", "url", "flags",
	"accreditation_history", "careers", NULL
};

/* The columns of SEARCH_PROGRAM_COLUMNS a program item is made of. */
enum pcol {
	PC_ID, PC_TITLE, PC_FIELD, PC_CIP, PC_DEGREE, PC_AWARD, PC_DELIVERY,
	PC_CREDITS, PC_INST_ID, PC_INST_NAME, PC_CITY, PC_STATE, PC_ZIP,
	PC_CONTROL, PC_INST_URL, PC_LAT, PC_LON, PC_ACCREDITATION,
	PC_TUITION_IN, PC_TUITION_OUT, PC_GRADUATION, PC_EMPLOYMENT,
	PC_EXAM_PASS, PC_OUTCOMES_AS_OF, PC_ELIGIBLE, PC_URL, PC_FLAGS,
	PC__MAX
};

static const char *const pcol_names[PC__MAX] = {
	[PC_ID] = "id", [PC_TITLE] = "title", [PC_FIELD] = "field",
	[PC_CIP] = "cip_code", [PC_DEGREE] = "degree",
	[PC_AWARD] = "award_level", [PC_DELIVERY] = "delivery",
	[PC_CREDITS] = "credits", [PC_INST_ID] = "institution_id",
	[PC_INST_NAME] = "institution_name", [PC_CITY] = "city",
	[PC_STATE] = "state", [PC_ZIP] = "zip", [PC_CONTROL] = "control",
	[PC_INST_URL] = "institution_url", [PC_LAT] = "lat",
	[PC_LON] = "lon", [PC_ACCREDITATION] = "accreditation",
	[PC_TUITION_IN] = "tuition_in_state",
	[PC_TUITION_OUT] = "tuition_out_of_state",
	[PC_GRADUATION] = "graduation_rate", [PC_EMPLOYMENT] = "employment_rate",
	[PC_EXAM_PASS] = "exam_pass_rate", [PC_OUTCOMES_AS_OF] = "outcomes_as_of",
	[PC_ELIGIBLE] = "eligible_certifications", [PC_URL] = "url",
	[PC_FLAGS] = "flags",
};

/* Finds every column of enum pcol in res (once per result: R15). */
static void
pcols_find(const PGresult *res, int c[PC__MAX])
{
	size_t	 i;

	for (i = 0; i < PC__MAX; i++)
		c[i] = json_pg_col(res, pcol_names[i]);
}

/* Returns institution {id, name, city, state, zip, control, url,
 * location {lat, lon}} of row; caller owns it. */
static struct json_object *
json_program_institution(const PGresult *res, int row, const int c[PC__MAX])
{
	struct json_object	*o, *loc;

	o = json_object_new_object();
	json_add_static(o, "id", json_pg_int(res, row, c[PC_INST_ID]));
	json_add_static(o, "name",
	    json_pg_str(res, row, c[PC_INST_NAME]));
	json_add_static(o, "city", json_pg_str(res, row, c[PC_CITY]));
	json_add_static(o, "state", json_pg_str(res, row, c[PC_STATE]));
	json_add_static(o, "zip", json_pg_str(res, row, c[PC_ZIP]));
	json_add_static(o, "control",
	    json_pg_str(res, row, c[PC_CONTROL]));
	json_add_static(o, "url", json_pg_str(res, row, c[PC_INST_URL]));
	loc = json_object_new_object();
	json_add_static(loc, "lat", json_pg_num(res, row, c[PC_LAT]));
	json_add_static(loc, "lon", json_pg_num(res, row, c[PC_LON]));
	json_add_static(o, "location", loc);
	return o;
}

/*
 * Returns accreditation {body, status, since, next_review} from the
 * jsonb in row (keys in API.md's order, nothing else), or null.  Caller
 * owns it.
 */
static struct json_object *
json_program_accreditation(const PGresult *res, int row, int col)
{
	static const char *const keys[] = {
		"body", "status", "since", "next_review"
	};
	struct json_object	*src, *o, *v;
	struct json_flat	 m[16];
	size_t			 i;
	int			 n, k;

	if (PQgetisnull(res, row, col))
		return NULL;
	/* Flat (strings and nulls): scanned, not parsed. */
	if ((n = json_flat_scan(PQgetvalue(res, row, col), m,
	    (int)nitems(m))) >= 0) {
		o = json_object_new_object();
		for (i = 0; i < nitems(keys); i++)
			json_add_static(o, keys[i],
			    (k = json_flat_find(m, n, keys[i])) >= 0 ?
			    json_flat_value(&m[k]) : NULL);
		return o;
	}
	if ((src = json_pg_json(res, row, col)) == NULL)
		return NULL;
	o = NULL;
	if (json_object_is_type(src, json_type_object)) {
		o = json_object_new_object();
		for (i = 0; i < nitems(keys); i++) {
			v = NULL;
			if (json_object_object_get_ex(src, keys[i], &v))
				json_object_get(v);
			json_add_static(o, keys[i], v);
		}
	}
	json_object_put(src);
	return o;
}

/*
 * Returns outcomes {graduation_rate, employment_rate, exam_pass_rate,
 * as_of} of row, or null when no rate is known (flags.outcomes says
 * why).  Caller owns it.
 */
static struct json_object *
json_program_outcomes(const PGresult *res, int row, const int c[PC__MAX])
{
	struct json_object	*o;

	if (PQgetisnull(res, row, c[PC_GRADUATION]) &&
	    PQgetisnull(res, row, c[PC_EMPLOYMENT]) &&
	    PQgetisnull(res, row, c[PC_EXAM_PASS]))
		return NULL;
	o = json_object_new_object();
	json_add_static(o, "graduation_rate",
	    json_pg_num(res, row, c[PC_GRADUATION]));
	json_add_static(o, "employment_rate",
	    json_pg_num(res, row, c[PC_EMPLOYMENT]));
	json_add_static(o, "exam_pass_rate",
	    json_pg_num(res, row, c[PC_EXAM_PASS]));
	json_add_static(o, "as_of",
	    json_pg_str(res, row, c[PC_OUTCOMES_AS_OF]));
	return o;
}

/*
 * The JSON array of strings in row (eligible_certifications), [] when
 * null: scanned when flat, else parsed.  Caller owns it.
 */
static struct json_object *
json_program_strings(const PGresult *res, int row, int col)
{
	struct json_flat	 m[16];
	struct json_object	*t;
	int			 n;

	if (PQgetisnull(res, row, col))
		return json_object_new_array();
	if ((n = json_flat_strings(PQgetvalue(res, row, col), m,
	    (int)nitems(m))) >= 0)
		return json_flat_array(m, n);
	t = json_pg_json(res, row, col);
	return t != NULL ? t : json_object_new_array();
}

/*
 * The flags object in row, {} when null: scanned when flat, else
 * parsed.  Caller owns it.
 */
static struct json_object *
json_program_flags(const PGresult *res, int row, int col)
{
	struct json_flat	 m[32];
	struct json_object	*t;
	int			 n;

	if (PQgetisnull(res, row, col))
		return json_object_new_object();
	if ((n = json_flat_scan(PQgetvalue(res, row, col), m,
	    (int)nitems(m))) >= 0)
		return json_flat_object(m, n);
	t = json_pg_json(res, row, col);
	return t != NULL ? t : json_object_new_object();
}

/* Returns the program item of row (API.md's shape); caller owns it. */
static struct json_object *
json_program_obj(const PGresult *res, int row, const int c[PC__MAX])
{
	static const enum pcol	 plain[] = {
		PC_TITLE, PC_FIELD, PC_CIP, PC_DEGREE, PC_AWARD, PC_DELIVERY
	};
	struct json_object	*o, *t;
	size_t			 i;

	o = json_object_new_object();
	json_add_static(o, "id", json_pg_int(res, row, c[PC_ID]));
	for (i = 0; i < nitems(plain); i++)
		json_add_static(o, pcol_names[plain[i]],
		    json_pg_str(res, row, c[plain[i]]));
	json_add_static(o, "credits",
	    json_pg_num(res, row, c[PC_CREDITS]));
	json_add_static(o, "institution",
	    json_program_institution(res, row, c));
	json_add_static(o, "accreditation",
	    json_program_accreditation(res, row, c[PC_ACCREDITATION]));
	t = json_object_new_object();
	json_add_static(t, "in_state",
	    json_pg_num(res, row, c[PC_TUITION_IN]));
	json_add_static(t, "out_of_state",
	    json_pg_num(res, row, c[PC_TUITION_OUT]));
	json_add_static(o, "tuition", t);
	json_add_static(o, "outcomes",
	    json_program_outcomes(res, row, c));
	json_add_static(o, "eligible_certifications",
	    json_program_strings(res, row, c[PC_ELIGIBLE]));
	json_add_static(o, "url", json_pg_str(res, row, c[PC_URL]));
	json_add_static(o, "flags", json_program_flags(res, row, c[PC_FLAGS]));
	return o;
}

/*
 * finder_items_fn for programs (also /pathways): one item per row with
 * an id, plus distance_miles (null for an online program outside the
 * radius) when located.  Caller owns the array.
 */
struct json_object *
program_items(const PGresult *res, int located)
{
	struct json_object	*a, *o;
	int			 c[PC__MAX], cd = -1, i, n;

	a = json_object_new_array();
	if ((n = PQntuples(res)) == 0)
		return a;
	pcols_find(res, c);
	if (located)
		cd = json_pg_col(res, "distance_miles");
	for (i = 0; i < n; i++) {
		if (PQgetisnull(res, i, c[PC_ID]))
			continue;
		o = json_program_obj(res, i, c);
		if (located)
			json_add_static(o, "distance_miles",
			    json_pg_num(res, i, cd));
		json_object_array_add(a, o);
	}
	return a;
}

/*
 * GET /api/v1/programs
 * Returns 200 with a page of programs (or every match up to 10,000 as
 * CSV), 400 if a parameter is bad, alone or with another (rs holds every
 * problem, an unknown ZIP included), 503 if the database is away.  On
 * return rs owns everything it points to.
 */
enum http
h_programs_list(struct req *r, struct resp *rs)
{
	return finder_list(r, rs, programs_list_params, SEARCH_PROGRAMS,
	    program_items);
}

/*
 * GET /api/v1/programs/{id}
 * The router has checked that {id} is a positive 64-bit integer.
 * Returns 200 with the program, its accreditation history and careers
 * in rs->data, 400 if a query parameter is bad, 404 if there is no such
 * program, 503 if the database is away.  On return rs owns everything
 * it points to.
 */
enum http
h_program_get(struct req *r, struct resp *rs)
{
	const char	*args[1] = { r->path[0] };
	PGresult	*res = NULL;
	int		 c[PC__MAX];
	enum dbrc	 rc;
	enum http	 code;

	if (req_params(r, rs, program_get_params) == -1)
		return HTTP_400;

	if ((rc = db_exec(r->db, STMT_PROGRAM_GET, args, &res)) != DB_OK)
		code = resp_db_error(rs, rc);
	else if (PQntuples(res) == 0)
		code = resp_not_found(rs, "no program with that id");
	else {
		pcols_find(res, c);
		rs->data = json_program_obj(res, 0, c);
		json_object_object_add(rs->data, "accreditation_history",
		    json_pg_json(res, 0, json_pg_col(res,
		    "accreditation_history")));
		json_object_object_add(rs->data, "careers", json_pg_json(res,
		    0, json_pg_col(res, "careers")));
		rs->sources = finder_sources(res, "sources", NULL);
		rs->rows = 1;
		code = HTTP_200;
	}

	PQclear(res);
	return code;
}

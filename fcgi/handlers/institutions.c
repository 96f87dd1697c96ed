/*
 * handlers/institutions.c -- GET /api/v1/institutions (search: SQL from
 * search.c, run by finder.c) and GET /api/v1/institutions/{id} with its
 * programs.
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

/* The orders the institution search offers. */
static const char *const institution_sorts[] = {
	"relevance", "distance", "name", "state", NULL
};

/* Query parameters GET /api/v1/institutions accepts. */
const struct param institutions_list_params[] = {
	{ "q", valid_text, 0, 0, 0, NULL },
	{ "state", valid_state_list, 0, 0, 0, NULL },
	{ "city", valid_text, 0, 0, 0, NULL },
	{ "zip", valid_zip, 0, 0, 0, NULL },
	{ "lat", valid_lat, 0, 0, 0, NULL },
	{ "lon", valid_lon, 0, 0, 0, NULL },
	{ "radius", valid_radius, 0, 0, 0, NULL },
	{ "control", valid_enum_list, 0, 0, 0, control_names },
	{ "sort", valid_sort, 0, 0, 0, institution_sorts },
	{ "page", valid_page, 0, 0, 0, NULL },
	{ "per_page", valid_per_page, 0, 0, 0, NULL },
	{ "fields", valid_fields, 0, 0, 0, NULL },
	{ "format", valid_format, 0, 0, 0, NULL },
	PARAM_END
};

/* Top-level fields of an institution item of the search. */
const char *const institution_list_fields[] = {
	"id", "name", "aliases", "city", "state", "zip", "control", "url",
	"location", "program_count", "distance_miles", NULL
};

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

/*
 * Returns [{id, title, field, degree, award_level, cip_code,
 * accreditation_status, eligible_certifications}, ...] for res (cip_code
 * kept from the first release: v1 is additive); caller owns it.
 */
static struct json_object *
json_programs_array(const PGresult *res)
{
	static const char *const plain[] = {
		"title", "field", "degree", "award_level", "cip_code",
		"accreditation_status"
	};
	struct json_object	*a, *o, *e;
	int			 cid, celig, c[nitems(plain)], i, n;
	size_t			 k;

	cid = json_pg_col(res, "id");
	celig = json_pg_col(res, "eligible_certifications");
	for (k = 0; k < nitems(plain); k++)
		c[k] = json_pg_col(res, plain[k]);
	a = json_object_new_array();
	n = PQntuples(res);
	for (i = 0; i < n; i++) {
		o = json_object_new_object();
		json_object_object_add(o, "id", json_pg_int(res, i, cid));
		for (k = 0; k < nitems(plain); k++)
			json_object_object_add(o, plain[k],
			    json_pg_str(res, i, c[k]));
		e = json_pg_json(res, i, celig);
		json_object_object_add(o, "eligible_certifications",
		    e != NULL ? e : json_object_new_array());
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

/*
 * finder_items_fn for institutions: {id, name, aliases, city, state,
 * zip, control, url, location {lat, lon}, program_count} per row with
 * an id, and distance_miles when located.  Caller owns the array.
 */
static struct json_object *
json_institutions_array(const PGresult *res, int located)
{
	static const char *const plain[] = {
		"name", "city", "state", "zip", "control", "url"
	};
	struct json_object	*a, *o, *loc, *al;
	int			 cid, cal, clat, clon, cpc, cd = -1, i, n;
	int			 c[nitems(plain)];
	size_t			 k;

	a = json_object_new_array();
	if ((n = PQntuples(res)) == 0)
		return a;
	cid = json_pg_col(res, "id");
	cal = json_pg_col(res, "aliases");
	clat = json_pg_col(res, "lat");
	clon = json_pg_col(res, "lon");
	cpc = json_pg_col(res, "program_count");
	if (located)
		cd = json_pg_col(res, "distance_miles");
	for (k = 0; k < nitems(plain); k++)
		c[k] = json_pg_col(res, plain[k]);
	for (i = 0; i < n; i++) {
		if (PQgetisnull(res, i, cid))
			continue;
		o = json_object_new_object();
		json_object_object_add(o, "id", json_pg_int(res, i, cid));
		json_object_object_add(o, "name", json_pg_str(res, i, c[0]));
		al = json_pg_json(res, i, cal);
		json_object_object_add(o, "aliases", al != NULL ? al :
		    json_object_new_array());
		for (k = 1; k < nitems(plain); k++)
			json_object_object_add(o, plain[k],
			    json_pg_str(res, i, c[k]));
		loc = json_object_new_object();
		json_object_object_add(loc, "lat", json_pg_num(res, i, clat));
		json_object_object_add(loc, "lon", json_pg_num(res, i, clon));
		json_object_object_add(o, "location", loc);
		json_object_object_add(o, "program_count",
		    json_pg_int(res, i, cpc));
		if (located)
			json_object_object_add(o, "distance_miles",
			    json_pg_num(res, i, cd));
		json_object_array_add(a, o);
	}
	return a;
}

/*
 * GET /api/v1/institutions
 * Returns 200 with a page of institutions (or every match up to 10,000
 * as CSV), 400 if a parameter is bad (rs holds every problem, an
 * unknown ZIP included), 503 if the database is away.  On return rs
 * owns everything it points to.
 */
enum http
h_institutions_list(struct req *r, struct resp *rs)
{
	return finder_list(r, rs, institutions_list_params,
	    SEARCH_INSTITUTIONS, json_institutions_array);
}

/*
 * handlers/pathways.c -- GET /api/v1/pathways?career=&zip=&radius= (or
 * state=): what it takes to enter a career from here.  The career's
 * certifications and their prerequisites, the accredited programs near
 * you that make you eligible for one of them (the school finder's own
 * search: eligible_for = those certifications, nearest first, online
 * ones after with include_online=true), and the career's figures in
 * your state beside the national ones.
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
#include "util.h"
#include "valid.h"

/* Query parameters GET /api/v1/pathways accepts; career is required. */
const struct param pathways_params[] = {
	{ "career", valid_soc, PARAM_REQUIRED, 0, 0, NULL },
	{ "zip", valid_zip, 0, 0, 0, NULL },
	{ "state", valid_state, 0, 0, 0, NULL },
	{ "radius", valid_radius, 0, 0, 0, NULL },
	{ "include_online", valid_bool, 0, 0, 0, NULL },
	{ "basis", valid_basis, 0, 0, 0, NULL },
	{ "page", valid_page, 0, 0, 0, NULL },
	{ "per_page", valid_per_page, 0, 0, 0, NULL },
	{ "fields", valid_fields, 0, 0, 0, NULL },
	PARAM_END
};

/* Top-level fields of a pathway, in the order answered. */
const char *const pathway_fields[] = {
	"career", "certifications", "programs", "state", "national", NULL
};

/* What a pathway is made of; every pointer owned, pathway_free(). */
struct pathway {
	PGresult		*career;	/* STMT_PATHWAY_CAREER */
	PGresult		*grid;		/* STMT_CAREER_GRID: state?, US */
	struct pval		 certs;		/* the career's certifications */
	struct finder_page	 programs;
	char			 state[3];	/* whose figures, or "" */
};

static void
pathway_free(struct pathway *pw)
{
	PQclear(pw->career);
	PQclear(pw->grid);
	pval_free(&pw->certs);
	json_object_put(pw->programs.items);
	json_object_put(pw->programs.sources);
	json_object_put(pw->programs.meta);
	memset(pw, 0, sizeof(*pw));
}

/*
 * Reads the career (STMT_PATHWAY_CAREER) into pw and its certification
 * codes into pw->certs.  Returns 200, 400 if career= is not a career of
 * the field (a retired code names its successors; recorded with the
 * problems rs may already hold), or 503/500 -- 400 instead when rs
 * already holds problems, which the client must fix first.
 */
static enum http
pathway_career(struct req *r, struct resp *rs, struct pathway *pw)
{
	const struct pval	*career = req_get(r, "career");
	const char		*args[1];
	struct json_object	*codes;
	enum dbrc		 rc;
	size_t			 i, n;

	if (career == NULL)
		return HTTP_400;	/* reported by req_params() */
	args[0] = career->s;
	if ((rc = db_exec(r->db, STMT_PATHWAY_CAREER, args, &pw->career)) !=
	    DB_OK)
		return rs->nproblems > 0 ? HTTP_400 : resp_db_error(rs, rc);
	if (PQntuples(pw->career) == 0)
		return career_missing(r, rs, &career->s, 1, "career");
	codes = json_pg_json(pw->career, 0,
	    json_pg_col(pw->career, "certification_codes"));
	n = codes != NULL && json_object_is_type(codes, json_type_array) ?
	    json_object_array_length(codes) : 0;
	pw->certs.list = xcalloc(n + 1, sizeof(char *));
	for (i = 0; i < n; i++)
		pw->certs.list[pw->certs.nlist++] = xstrdup(
		    json_object_get_string(json_object_array_get_idx(codes, i)));
	json_object_put(codes);
	return HTTP_200;
}

/*
 * Reads the career's figures in pw->state (if any) and the nation into
 * pw->grid.  Returns 200, or 503/500.
 */
static enum http
pathway_figures(struct req *r, struct resp *rs, struct pathway *pw)
{
	char		*areas[2] = { pw->state, "US" }, *socs, *where;
	const char	*args[3];
	enum dbrc	 rc;

	args[0] = socs = search_array_literal(&req_get(r, "career")->s, 1);
	args[1] = where = pw->state[0] != '\0' ?
	    search_array_literal(areas, 2) : search_array_literal(areas + 1, 1);
	args[2] = career_basis(r);
	rc = db_exec(r->db, STMT_CAREER_GRID, args, &pw->grid);
	free(socs);
	free(where);
	return rc == DB_OK ? HTTP_200 : resp_db_error(rs, rc);
}

/* Returns the answer's data from pw (its items moved); caller owns it. */
static struct json_object *
json_pathway_obj(struct pathway *pw)
{
	static const char *const career[] = {
		"soc", "title", "typical_education"
	};
	struct json_object	*o, *c, *v;
	struct figcols		 fc;
	size_t			 i;
	int			 n = PQntuples(pw->grid);

	o = json_object_new_object();
	c = json_object_new_object();
	for (i = 0; i < nitems(career); i++)
		json_object_object_add(c, career[i], json_pg_str(pw->career, 0,
		    json_pg_col(pw->career, career[i])));
	json_object_object_add(o, "career", c);
	v = json_pg_json(pw->career, 0,
	    json_pg_col(pw->career, "certifications"));
	json_object_object_add(o, "certifications", v != NULL ? v :
	    json_object_new_array());
	json_object_object_add(o, "programs", pw->programs.items);
	pw->programs.items = NULL;
	figcols_find(pw->grid, &fc);
	json_object_object_add(o, "state", n == 2 ?
	    career_area_obj(pw->grid, 0, &fc, "state", METRIC__MAX) : NULL);
	json_object_object_add(o, "national", n > 0 ? career_area_obj(pw->grid,
	    n - 1, &fc, NULL, METRIC__MAX) : NULL);
	return o;
}

/*
 * Checks the parameters (those of a program search among them), looks
 * the ZIP and the career up: s is the search of the programs, its
 * origin set, pw->state the state whose figures to show (state=, else
 * the ZIP's).  Returns 200 to go on, 400 with every problem in rs (an
 * unknown ZIP or career among them), or 503/500.
 */
static enum http
pathway_request(struct req *r, struct resp *rs, struct search *s,
    struct finder_zip *zip, struct pathway *pw)
{
	const struct pval	*st;
	enum http		 code;

	(void)req_params(r, rs, pathways_params);
	(void)search_from_req(r, rs, SEARCH_PROGRAMS, s);
	if ((code = finder_origin(r, rs, s, zip)) != HTTP_200)
		return code;
	if ((code = pathway_career(r, rs, pw)) != HTTP_200 &&
	    code != HTTP_400)
		return code;
	if (rs->nproblems > 0)
		return HTTP_400;
	st = req_get(r, "state");
	memcpy(pw->state, st != NULL ? st->s : zip->state, 3);
	return HTTP_200;
}

/*
 * GET /api/v1/pathways?career={soc}&zip=&radius= (or state=)
 * Returns 200 with {career, certifications, programs (a page of the
 * accredited programs that make one eligible for one of the career's
 * certifications; meta and links page them), state (the figures of the
 * state, or null without one), national}, 400 if a parameter is bad
 * (career missing or not a career of the field, unknown zip ...: rs
 * holds every problem), 503 if the database is away.  On return rs
 * owns everything it points to.
 */
enum http
h_pathways(struct req *r, struct resp *rs)
{
	struct pathway		 pw;
	struct search		 s;
	struct finder_zip	 zip;
	const PGresult		*both[2];
	struct json_object	*src;
	enum http		 code;

	memset(&pw, 0, sizeof(pw));
	if ((code = pathway_request(r, rs, &s, &zip, &pw)) != HTTP_200)
		goto out;
	s.lists[FACET_ELIGIBLE_FOR] = &pw.certs;
	s.accredited = 1;
	if ((code = finder_search(r, rs, &s, zip.src, program_items,
	    &pw.programs)) != HTTP_200 ||
	    (code = pathway_figures(r, rs, &pw)) != HTTP_200)
		goto out;
	rs->total = pw.programs.total;
	rs->data = json_pathway_obj(&pw);
	both[0] = pw.career;
	both[1] = pw.grid;
	src = finder_sources_n(both, 2, "sources", NULL);
	rs->sources = finder_sources_merge(src, pw.programs.sources);
	json_object_put(src);
	rs->rows = 1;
out:
	pathway_free(&pw);
	return code;
}

/*
 * fuzz-query.c -- libFuzzer target for the query-string parser, the
 * validators, Accept, If-None-Match and the router (R22).
 *
 * Input: one byte choosing the route (and method), then the text used
 * as QUERY_STRING, as the Accept and If-None-Match headers, and as a
 * path for the router.  The byte: (byte >> 4) % 4 picks the method;
 * bit 7 clear: byte % 5 picks one of the first five paths; bit 7 set:
 * byte % 3 picks a school finder path (128 institutions, 129 programs,
 * 130 programs/42 for GET).  On the searches the parameters also go
 * through search_from_req() and search_sql() (search.c), with an origin
 * as a ZIP lookup would set it.  Every error answer must serialise to
 * strict, valid-UTF-8 JSON; everything allocated is freed
 * (ASan/valgrind).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "json.h"
#include "request.h"
#include "resp.h"
#include "router.h"
#include "search.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static const char *const paths[] = {
	"/api/v1/health", "/api/v1/datasets", "/api/v1/institutions/42",
	"/api/v1/openapi.json", "/api/v1/nope",
	"/api/v1/programs", "/api/v1/programs/42", "/api/v1/institutions",
};
static const char *const methods[] = { "GET", "HEAD", "OPTIONS", "POST" };

/*
 * What the school finder's list handlers do before the database: the
 * search from the parameters, then its SQL when nothing is wrong.
 */
static void
search_run(struct req *r, struct resp *rs)
{
	struct search	 s;
	struct query	 q;
	enum search_kind kind;

	kind = r->route == ROUTE_PROGRAMS_LIST ? SEARCH_PROGRAMS :
	    SEARCH_INSTITUTIONS;
	if (search_from_req(r, rs, kind, &s) == -1 || rs->nproblems > 0)
		return;
	if (s.zip != NULL)
		search_set_origin(&s, "41.8858", "-87.6181");
	memset(&q, 0, sizeof(q));
	search_sql(&s, &q);
	if (q.nparams < 2 || strchr(q.sql.p, '{') != NULL)
		abort();
	query_free(&q);
}

/* Aborts unless text is strict JSON with valid UTF-8. */
static void
check_json(const char *text)
{
	struct json_tokener	*tok;
	struct json_object	*o;

	tok = json_tokener_new();
	json_tokener_set_flags(tok, JSON_TOKENER_STRICT |
	    JSON_TOKENER_VALIDATE_UTF8);
	o = json_tokener_parse_ex(tok, text, (int)strlen(text));
	if (o == NULL)
		abort();
	json_object_put(o);
	json_tokener_free(tok);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct req	 r;
	struct resp	 rs;
	struct buf	 out = { NULL, 0, 0 };
	enum http	 st;
	char		*text, *caps[ROUTE_MAXCAPS], *s;
	size_t		 i;
	unsigned	 sel;

	if (size == 0)
		return 0;
	sel = data[0];
	text = xstrndup((const char *)data + 1, size - 1);
	if (route_match(text, caps) != ROUTE__MAX)
		for (i = 0; i < ROUTE_MAXCAPS; i++)
			free(caps[i]);
	(void)req_etag_match(text, "\"1-0123456789abcdef\"");

	req_init(&r, methods[(sel >> 4) % 4], paths[(sel & 0x80) ?
	    5 + sel % 3 : sel % 5], NULL, text, text, text);
	memset(&rs, 0, sizeof(rs));
	if (route_decide(&r, &rs, &st) == 0 && req_accept(&r, &rs) == 0) {
		(void)req_params(&r, &rs, routes[r.route].params);
		if (r.route == ROUTE_PROGRAMS_LIST ||
		    r.route == ROUTE_INSTITUTIONS_LIST)
			search_run(&r, &rs);
		if (rs.nproblems > 0)
			st = HTTP_400;
		else {
			st = HTTP_200;
			s = req_canonical(&r);
			free(s);
			s = req_link(&r, 2);
			free(s);
		}
	} else if (rs.nproblems == 0)
		st = HTTP_204;
	else
		st = err_status(rs.problems[0].code);
	if (st != HTTP_200 && json_render(&r, &rs, st, 1, &out) != NULL)
		check_json(out.p);
	buf_free(&out);
	req_free(&r);
	resp_free(&rs);
	free(text);
	return 0;
}

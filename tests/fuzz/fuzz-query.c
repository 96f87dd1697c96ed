/*
 * fuzz-query.c -- libFuzzer target for the query-string parser, the
 * validators, Accept, If-None-Match and the router (R22).
 *
 * Input: one byte choosing the route (and method), then the text used
 * as QUERY_STRING, as the Accept and If-None-Match headers, and as a
 * path for the router.  The byte: (byte >> 4) % 4 picks the method;
 * bit 7 clear: byte % 5 picks one of the first five paths; bit 7 set:
 * byte % 3 picks a school finder path (128 institutions, 129 programs,
 * 130 programs/42 for GET); bits 7 and 6 set: byte & 15 picks any route
 * of routes[] (modulo their number), its {name} segments filled with the
 * first sample value its matcher accepts, so every endpoint -- also one
 * added later -- is reached.  On the searches the parameters also go
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
#include "util.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static const char *const paths[] = {
	"/api/v1/health", "/api/v1/datasets", "/api/v1/institutions/42",
	"/api/v1/openapi.json", "/api/v1/nope",
	"/api/v1/programs", "/api/v1/programs/42", "/api/v1/institutions",
};
static const char *const methods[] = { "GET", "HEAD", "OPTIONS", "POST" };

/* 1 if capture c accepts seg (matchers canonicalise since ROUTE_SEGMAX). */
static int
cap_ok(const struct capture *c, const char *seg)
{
#ifdef ROUTE_SEGMAX
	char	 out[ROUTE_SEGMAX];

	return c->match(seg, out, sizeof(out));
#else
	return c->match(seg);
#endif
}

/* Path segments tried, in order, for a route's {name} captures. */
static const char *const samples[] = {
	"42", "100654", "29-2072", "292072", "OH", "RHIT", "health", "a",
};

/*
 * Returns the path of route rt with each {name} replaced by the first
 * sample its matcher accepts (or "x"); the caller owns it.
 */
static char *
route_path(enum route rt)
{
	struct buf	 b = { NULL, 0, 0 };
	const char	*p = routes[rt].pattern, *open, *close, *v;
	size_t		 k = 0, i;

	while ((open = strchr(p, '{')) != NULL &&
	    (close = strchr(open, '}')) != NULL) {
		buf_add(&b, p, (size_t)(open - p));
		v = "x";
		for (i = 0; k < ROUTE_MAXCAPS && routes[rt].caps[k].match &&
		    i < nitems(samples); i++)
			if (cap_ok(&routes[rt].caps[k], samples[i])) {
				v = samples[i];
				break;
			}
		buf_puts(&b, v);
		k++;
		p = close + 1;
	}
	buf_puts(&b, p);
	return buf_take(&b);
}

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
	char		*text, *caps[ROUTE_MAXCAPS], *s, *path;
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

	if ((sel & 0xc0) == 0xc0)
		path = route_path((enum route)((sel & 0x0f) % ROUTE__MAX));
	else
		path = xstrdup(paths[(sel & 0x80) ? 5 + sel % 3 : sel % 5]);
	req_init(&r, methods[(sel >> 4) % 4], path, NULL, text, text, text);
	free(path);
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

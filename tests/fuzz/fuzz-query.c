/*
 * fuzz-query.c -- libFuzzer target for the query-string parser, the
 * validators, Accept, If-None-Match and the router (R22).
 *
 * Input: one byte choosing the route (and method), then the text used
 * as QUERY_STRING, as the Accept and If-None-Match headers, and as a
 * path for the router.  Every error answer must serialise to strict,
 * valid-UTF-8 JSON; everything allocated is freed (ASan/valgrind).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "json.h"
#include "request.h"
#include "resp.h"
#include "router.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static const char *const paths[] = {
	"/api/v1/health", "/api/v1/datasets", "/api/v1/institutions/42",
	"/api/v1/openapi.json", "/api/v1/nope",
};
static const char *const methods[] = { "GET", "HEAD", "OPTIONS", "POST" };

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

	req_init(&r, methods[(sel >> 4) % 4], paths[sel % 5], NULL, text,
	    text, text);
	memset(&rs, 0, sizeof(rs));
	if (route_decide(&r, &rs, &st) == 0 && req_accept(&r, &rs) == 0) {
		if (req_params(&r, &rs, routes[r.route].params) == -1)
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

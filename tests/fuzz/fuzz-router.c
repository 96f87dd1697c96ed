/*
 * fuzz-router.c -- libFuzzer target for the router (R8, R22):
 * route_match(), route_decide(), route_allow(), route_match_id() and
 * route_method() on any path and method.
 *
 * Input: one byte choosing the method (one of a list of real, odd and
 * hostile method names), then the decoded path (up to the first NUL).
 * Properties checked, each an abort() when broken:
 *   - a match is exact: the path's segments are the pattern's, byte for
 *     byte, except at its {name}s, where the matcher accepts the path's
 *     segment and the capture is the canonical form it gave; the
 *     canonical form is a fixed point of the matcher (no '/', not empty,
 *     at most ROUTE_SEGMAX bytes);
 *   - no match leaves every capture NULL, and the 404 names not_found;
 *   - route_decide() lets a handler run only for GET and HEAD on a
 *     route that allows them; OPTIONS is a 204, anything else a 405
 *     with a non-empty Allow and a method_not_allowed problem;
 *   - route_match_id() agrees with a reference: canonical decimal,
 *     1..9223372036854775807;
 *   - route_method() is exact and case-sensitive.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "request.h"
#include "resp.h"
#include "router.h"
#include "util.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/*
 * A capture's matcher on seg: 1 with the canonical form in out, or 0.
 * (Before matchers canonicalised -- no ROUTE_SEGMAX -- they took the
 * segment alone and the canonical form was the segment.)
 */
#ifdef ROUTE_SEGMAX
#define SEGMAX	ROUTE_SEGMAX
static int
cap_match(const struct capture *c, const char *seg, char *out, size_t sz)
{
	return c->match(seg, out, sz);
}
#else
#define SEGMAX	4096
static int
cap_match(const struct capture *c, const char *seg, char *out, size_t sz)
{
	if (!c->match(seg) || strlen(seg) + 1 > sz)
		return 0;
	memcpy(out, seg, strlen(seg) + 1);
	return 1;
}
#endif

static const char *const methods[] = {
	"GET", "HEAD", "OPTIONS", "POST", "PUT", "DELETE", "PATCH", "TRACE",
	"CONNECT", "PROPFIND", "get", "Get", "GET ", " GET", "", "G", "GETX",
	"HEAD\r\n", "OPTIONS*", "\xff\xfe",
};

/* Reference for {id}: canonical decimal of a positive int64. */
static int
ref_id(const char *s)
{
	static const char	 max[] = "9223372036854775807";
	size_t			 n = strlen(s), i;

	if (n == 0 || n > sizeof(max) - 1 || s[0] == '0')
		return 0;
	for (i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return n < sizeof(max) - 1 || strcmp(s, max) <= 0;
}

/*
 * Aborts unless path matches the pattern of rt segment by segment, each
 * {name} segment accepted by its matcher with the canonical form in
 * caps[] (itself a fixed point of the matcher).
 */
static void
check_match(const struct routedef *rt, char *caps[ROUTE_MAXCAPS],
    const char *path)
{
	const char	*p = rt->pattern, *s = path, *pe, *se;
	char		 seg[8192], out[SEGMAX], again[SEGMAX];
	size_t		 k = 0, pl, sl;

	while (*p != '\0') {
		if (*p != '/' || *s != '/')
			abort();
		p++;
		s++;
		pe = p + strcspn(p, "/");
		se = s + strcspn(s, "/");
		pl = (size_t)(pe - p);
		sl = (size_t)(se - s);
		if (*p == '{') {
			if (k == ROUTE_MAXCAPS || caps[k] == NULL ||
			    sl >= sizeof(seg))
				abort();
			memcpy(seg, s, sl);
			seg[sl] = '\0';
			if (!cap_match(&rt->caps[k], seg, out, sizeof(out)) ||
			    strcmp(out, caps[k]) != 0)
				abort();
			if (caps[k][0] == '\0' || strchr(caps[k], '/') != NULL ||
			    strlen(caps[k]) >= SEGMAX)
				abort();
			if (!cap_match(&rt->caps[k], caps[k], again,
			    sizeof(again)) || strcmp(again, caps[k]) != 0)
				abort();	/* canonical is a fixed point */
			k++;
		} else if (pl != sl || memcmp(p, s, pl) != 0)
			abort();
		p = pe;
		s = se;
	}
	if (*s != '\0')
		abort();
	for (; k < ROUTE_MAXCAPS; k++)
		if (caps[k] != NULL)
			abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct req	 r;
	struct resp	 rs;
	enum route	 rt;
	enum method	 m;
	enum http	 st;
	char		*path, *caps[ROUTE_MAXCAPS], allow[64];
	const char	*mname;
	size_t		 i;
	int		 rc;

	if (size < 1)
		return 0;
	mname = methods[data[0] % nitems(methods)];
	path = xstrndup((const char *)data + 1, size - 1);

	/* route_method: exact, case-sensitive. */
	m = route_method(mname);
	if ((m == METHOD_GET) != (strcmp(mname, "GET") == 0) ||
	    (m == METHOD_HEAD) != (strcmp(mname, "HEAD") == 0) ||
	    (m == METHOD_OPTIONS) != (strcmp(mname, "OPTIONS") == 0))
		abort();
	if (strcmp(route_method_name(m), m == METHOD_OTHER ? "OTHER" : mname))
		abort();

	/* route_match_id against the reference; also the path as an id. */
	{
		struct capture	 idcap = { "id", route_match_id };
		char		 out[SEGMAX];

		if (cap_match(&idcap, path, out, sizeof(out)) != ref_id(path))
			abort();
		if (ref_id(path) && strcmp(out, path) != 0)
			abort();	/* an id is its own canonical form */
	}

	/* route_match: exact match or nothing captured. */
	rt = route_match(path, caps);
	if (rt > ROUTE__MAX)
		abort();
	if (rt < ROUTE__MAX)
		check_match(&routes[rt], caps, path);
	for (i = 0; i < ROUTE_MAXCAPS; i++) {
		if (rt == ROUTE__MAX && caps[i] != NULL)
			abort();
		free(caps[i]);
	}

	/* route_decide: what may reach a handler. */
	req_init(&r, mname, path, NULL, "", NULL, NULL);
	memset(&rs, 0, sizeof(rs));
	rc = route_decide(&r, &rs, &st);
	if (r.route != rt)
		abort();
	if (rc == 0) {
		if ((r.method != METHOD_GET && r.method != METHOD_HEAD) ||
		    !(routes[rt].methods & METHOD_BIT(r.method)) ||
		    rs.nproblems != 0)
			abort();
	} else if (rt == ROUTE__MAX) {
		if (st != HTTP_404 || rs.nproblems != 1 ||
		    rs.problems[0].code != ERR_NOT_FOUND)
			abort();
	} else if (st == HTTP_204) {
		if (r.method != METHOD_OPTIONS || rs.nproblems != 0)
			abort();
	} else if (st == HTTP_405) {
		if (r.method == METHOD_GET || r.method == METHOD_HEAD ||
		    r.method == METHOD_OPTIONS)
			abort();	/* every route takes the read methods */
		if (rs.nproblems != 1 ||
		    rs.problems[0].code != ERR_METHOD_NOT_ALLOWED)
			abort();
		route_allow(rt, allow, sizeof(allow));
		if (allow[0] == '\0' || strstr(allow, "GET") == NULL)
			abort();
	} else
		abort();
	for (i = 0; i < rs.nproblems; i++)
		if (!utf8_valid(rs.problems[i].message,
		    strlen(rs.problems[i].message)))
			abort();
	req_free(&r);
	resp_free(&rs);
	free(path);
	return 0;
}

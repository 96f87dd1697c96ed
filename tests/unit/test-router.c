/*
 * test-router.c -- path matching, {id} segments (404 for bad ids),
 * {soc} segments in three spellings answered canonical (404 for any
 * other), {state} and {code} segments in any case, 405 with Allow,
 * OPTIONS preflight, the route table itself, and the embedded
 * openapi.json agreeing with the route table.
 */
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "handlers/handlers.h"
#include "request.h"
#include "resp.h"
#include "router.h"
#include "valid.h"

#include "t.h"

/* Returns the route path matches (caps freed). */
static enum route
match(const char *path, char *cap0, size_t sz)
{
	char		*caps[ROUTE_MAXCAPS];
	enum route	 rt;
	size_t		 i;

	rt = route_match(path, caps);
	if (cap0 != NULL)
		snprintf(cap0, sz, "%s", caps[0] != NULL ? caps[0] : "");
	for (i = 0; i < ROUTE_MAXCAPS; i++)
		free(caps[i]);
	return rt;
}

static void
test_router_match(void)
{
	char	 id[32];

	ASSERT_EQ(match("/api/v1/health", NULL, 0), ROUTE_HEALTH);
	ASSERT_EQ(match("/api/v1/datasets", NULL, 0), ROUTE_DATASETS_LIST);
	ASSERT_EQ(match("/api/v1/openapi.json", NULL, 0), ROUTE_OPENAPI);
	ASSERT_EQ(match("/api/v1/institutions/110635", id, sizeof(id)),
	    ROUTE_INSTITUTION_GET);
	ASSERT_STR(id, "110635");
	ASSERT_EQ(match("/api/v1/institutions/9223372036854775807", id,
	    sizeof(id)), ROUTE_INSTITUTION_GET);
	ASSERT_STR(id, "9223372036854775807");
	ASSERT_EQ(match("/api/v1/institutions", NULL, 0),
	    ROUTE_INSTITUTIONS_LIST);
	ASSERT_EQ(match("/api/v1/programs", NULL, 0), ROUTE_PROGRAMS_LIST);
	ASSERT_EQ(match("/api/v1/programs/1006632706006", id, sizeof(id)),
	    ROUTE_PROGRAM_GET);
	ASSERT_STR(id, "1006632706006");
}

static void
test_router_bad_path(void)
{
	static const char *const bad[] = {
		"", "/", "/api", "/api/v1", "/api/v1/", "/api/v1/health/",
		"/api/v1/healthz", "/api/v1/Health", "/api/v2/health",
		"//api/v1/health", "/api/v1//health", "/api/v1/datasets/",
		"/api/v1/institutions/",
		"/api/v1/institutions/12/", "/api/v1/institutions/12/x",
		"/api/v1/programs/", "/api/v1/Programs", "/api/v1/programs/1/",
		"/api/v1/programs/1/careers",
		"/api/v1/careers/", "/api/v1/careers/29-2072/",
		"/api/v1/careers/29-2072/states/", "/api/v1/careers/29-2072/state",
		"/api/v1/careers/29-2072/states/OH/x", "/api/v1/states",
		"/api/v1/states/", "/api/v1/certifications/", "/api/v1/degrees/",
		"/api/v1/pathways/", "/api/v1/suggest/", "/api/v1/Careers",
		"/api/v1/compare/", "/api/v1/careers//states",
		"/api/v1/openapi.json/", "api/v1/health", NULL
	};
	size_t	 i;

	for (i = 0; bad[i] != NULL; i++)
		if (match(bad[i], NULL, 0) != ROUTE__MAX) {
			fprintf(stderr, "matched: \"%s\"\n", bad[i]);
			ASSERT_TRUE(0);
		}
}

static void
test_router_bad_id(void)
{
	static const char *const bad[] = {
		"abc", "0", "-1", "+1", "012", "1a", "1.0", " 1", "1 ",
		"9223372036854775808", "99999999999999999999999", "0x10",
		"%31", NULL
	};
	char	 path[128], out[ROUTE_SEGMAX];
	size_t	 i;

	for (i = 0; bad[i] != NULL; i++) {
		snprintf(path, sizeof(path), "/api/v1/institutions/%s", bad[i]);
		ASSERT_EQ(match(path, NULL, 0), ROUTE__MAX);
		snprintf(path, sizeof(path), "/api/v1/programs/%s", bad[i]);
		ASSERT_EQ(match(path, NULL, 0), ROUTE__MAX);
		ASSERT_EQ(route_match_id(bad[i], out, sizeof(out)), 0);
	}
	ASSERT_EQ(route_match_id("1", out, sizeof(out)), 1);
	ASSERT_STR(out, "1");
	ASSERT_EQ(route_match_id("10", out, sizeof(out)), 1);
	ASSERT_STR(out, "10");
	/* The canonical form must fit the caller's buffer. */
	ASSERT_EQ(route_match_id("12345", out, 5), 0);
}

static void
test_router_match_careers(void)
{
	static const char *const socs[] = {
		"29-2072", "292072", "29-2072.00", "292072.00", NULL
	};
	char	 path[128], seg[32];
	size_t	 i;

	ASSERT_EQ(match("/api/v1/careers", NULL, 0), ROUTE_CAREERS_LIST);
	for (i = 0; socs[i] != NULL; i++) {
		snprintf(path, sizeof(path), "/api/v1/careers/%s", socs[i]);
		ASSERT_EQ(match(path, seg, sizeof(seg)), ROUTE_CAREER_GET);
		ASSERT_STR(seg, "29-2072");
		snprintf(path, sizeof(path), "/api/v1/careers/%s/states",
		    socs[i]);
		ASSERT_EQ(match(path, seg, sizeof(seg)), ROUTE_CAREER_STATES);
		ASSERT_STR(seg, "29-2072");
	}
	/* A retired code is well-formed: the handler answers its 404. */
	ASSERT_EQ(match("/api/v1/careers/29-2071", seg, sizeof(seg)),
	    ROUTE_CAREER_GET);
	ASSERT_EQ(match("/api/v1/careers/292072/states/oh", seg, sizeof(seg)),
	    ROUTE_CAREER_STATE_GET);
	ASSERT_EQ(match("/api/v1/compare", NULL, 0), ROUTE_COMPARE);
	ASSERT_EQ(match("/api/v1/states/Pr", seg, sizeof(seg)),
	    ROUTE_STATE_GET);
	ASSERT_STR(seg, "PR");
	ASSERT_EQ(match("/api/v1/certifications", NULL, 0),
	    ROUTE_CERTIFICATIONS_LIST);
	ASSERT_EQ(match("/api/v1/certifications/comptia-hit", seg,
	    sizeof(seg)), ROUTE_CERTIFICATION_GET);
	ASSERT_STR(seg, "COMPTIA-HIT");
	ASSERT_EQ(match("/api/v1/degrees", NULL, 0), ROUTE_DEGREES_LIST);
	ASSERT_EQ(match("/api/v1/pathways", NULL, 0), ROUTE_PATHWAYS);
	ASSERT_EQ(match("/api/v1/suggest", NULL, 0), ROUTE_SUGGEST);
}

/* Both captures of /api/v1/careers/{soc}/states/{state}. */
static void
test_router_match_two_caps(void)
{
	char		*caps[ROUTE_MAXCAPS];
	size_t		 i;

	ASSERT_EQ(route_match("/api/v1/careers/299021.00/states/dc", caps),
	    ROUTE_CAREER_STATE_GET);
	ASSERT_STR(caps[0], "29-9021");
	ASSERT_STR(caps[1], "DC");
	for (i = 0; i < ROUTE_MAXCAPS; i++)
		free(caps[i]);
}

static void
test_router_bad_soc(void)
{
	static const char *const bad[] = {
		"29-207", "2920721", "29_2072", "29-2072.01", "29-2072.0",
		"292-072", "29-20a2", "29--2072", "-29-2072", ".00", "29 2072",
		"29-2072 ", "nurse", "29-2072.00.00", "２９-2072", NULL
	};
	char	 path[128], out[ROUTE_SEGMAX];
	size_t	 i;

	for (i = 0; bad[i] != NULL; i++) {
		snprintf(path, sizeof(path), "/api/v1/careers/%s", bad[i]);
		ASSERT_EQ(match(path, NULL, 0), ROUTE__MAX);
		snprintf(path, sizeof(path), "/api/v1/careers/%s/states",
		    bad[i]);
		ASSERT_EQ(match(path, NULL, 0), ROUTE__MAX);
		ASSERT_EQ(valid_soc_segment(bad[i], out, sizeof(out)), 0);
	}
}

static void
test_router_bad_state(void)
{
	static const char *const bad[] = {
		"US", "XX", "Ohio", "O", "OHI", "OH,PA", "0H", "", NULL
	};
	char	 path[128], out[ROUTE_SEGMAX];
	size_t	 i;

	for (i = 0; bad[i] != NULL; i++) {
		snprintf(path, sizeof(path), "/api/v1/states/%s", bad[i]);
		ASSERT_EQ(match(path, NULL, 0), ROUTE__MAX);
		snprintf(path, sizeof(path),
		    "/api/v1/careers/29-2072/states/%s", bad[i]);
		ASSERT_EQ(match(path, NULL, 0), ROUTE__MAX);
		ASSERT_EQ(valid_state_segment(bad[i], out, sizeof(out)), 0);
	}
	ASSERT_EQ(valid_state_segment("mp", out, sizeof(out)), 1);
	ASSERT_STR(out, "MP");
	ASSERT_EQ(valid_state_segment("wy", out, 2), 0);
}

static void
test_router_bad_cert_code(void)
{
	static const char *const bad[] = {
		"-RHIT", "RH IT", "RHIT!", "RHIT'--", "R_HIT", "RHIT.",
		"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "", NULL
	};
	char	 path[128], out[ROUTE_SEGMAX];
	size_t	 i;

	for (i = 0; bad[i] != NULL; i++) {
		snprintf(path, sizeof(path), "/api/v1/certifications/%s",
		    bad[i]);
		ASSERT_EQ(match(path, NULL, 0), ROUTE__MAX);
		ASSERT_EQ(valid_cert_segment(bad[i], out, sizeof(out)), 0);
	}
	ASSERT_EQ(valid_cert_segment("Rhia", out, sizeof(out)), 1);
	ASSERT_STR(out, "RHIA");
	ASSERT_EQ(valid_cert_segment("RHIA", out, 4), 0);
}

/* route_decide() for method on path; *st and rs filled. */
static int
decide(const char *method, const char *path, enum http *st, struct resp *rs)
{
	struct req	 r;
	int		 rc;

	req_init(&r, method, path, NULL, NULL, NULL, NULL);
	*st = HTTP__MAX;
	rc = route_decide(&r, rs, st);
	req_free(&r);
	return rc;
}

static void
test_router_decide_get(void)
{
	struct resp	 rs;
	enum http	 st;

	memset(&rs, 0, sizeof(rs));
	ASSERT_EQ(decide("GET", "/api/v1/datasets", &st, &rs), 0);
	ASSERT_EQ(decide("HEAD", "/api/v1/institutions/5", &st, &rs), 0);
	ASSERT_EQ(rs.nproblems, 0);
	resp_free(&rs);
}

static void
test_router_decide_404(void)
{
	struct resp	 rs;
	enum http	 st;

	memset(&rs, 0, sizeof(rs));
	ASSERT_EQ(decide("GET", "/api/v1/institutions/abc", &st, &rs), -1);
	ASSERT_EQ(st, HTTP_404);
	ASSERT_EQ(rs.problems[0].code, ERR_NOT_FOUND);
	ASSERT_NULL(rs.problems[0].param);
	resp_free(&rs);
	/* Unknown path beats a bad method, and OPTIONS too. */
	ASSERT_EQ(decide("POST", "/nope", &st, &rs), -1);
	ASSERT_EQ(st, HTTP_404);
	resp_free(&rs);
	ASSERT_EQ(decide("OPTIONS", "/api/v1/health/", &st, &rs), -1);
	ASSERT_EQ(st, HTTP_404);
	resp_free(&rs);
}

static void
test_router_decide_405(void)
{
	static const char *const methods[] = {
		"POST", "PUT", "DELETE", "PATCH", "TRACE", "CONNECT", "get",
		"", NULL
	};
	struct resp	 rs;
	enum http	 st;
	char		 allow[64];
	size_t		 i;

	memset(&rs, 0, sizeof(rs));
	for (i = 0; methods[i] != NULL; i++) {
		ASSERT_EQ(decide(methods[i], "/api/v1/datasets", &st, &rs), -1);
		ASSERT_EQ(st, HTTP_405);
		ASSERT_EQ(rs.problems[0].code, ERR_METHOD_NOT_ALLOWED);
		ASSERT_EQ(err_status(rs.problems[0].code), HTTP_405);
		resp_free(&rs);
	}
	route_allow(ROUTE_DATASETS_LIST, allow, sizeof(allow));
	ASSERT_STR(allow, "GET, HEAD, OPTIONS");
}

static void
test_router_decide_options(void)
{
	struct resp	 rs;
	enum http	 st;

	memset(&rs, 0, sizeof(rs));
	ASSERT_EQ(decide("OPTIONS", "/api/v1/institutions/7", &st, &rs), -1);
	ASSERT_EQ(st, HTTP_204);
	ASSERT_EQ(rs.nproblems, 0);
	resp_free(&rs);
}

static void
test_router_methods(void)
{
	ASSERT_EQ(route_method("GET"), METHOD_GET);
	ASSERT_EQ(route_method("HEAD"), METHOD_HEAD);
	ASSERT_EQ(route_method("OPTIONS"), METHOD_OPTIONS);
	ASSERT_EQ(route_method("POST"), METHOD_OTHER);
	ASSERT_EQ(route_method("Get"), METHOD_OTHER);
	ASSERT_STR(route_method_name(METHOD_HEAD), "HEAD");
}

static void
test_router_table(void)
{
	const struct param	*p;
	size_t			 i, k;

	for (i = 0; i < ROUTE__MAX; i++) {
		ASSERT_TRUE(routes[i].name != NULL);
		ASSERT_TRUE(routes[i].pattern != NULL);
		ASSERT_TRUE(routes[i].handler != NULL);
		ASSERT_TRUE(routes[i].params != NULL);
		for (p = routes[i].params; p->name != NULL; p++)
			ASSERT_TRUE(p->valid != NULL);
		for (k = 0; k < i; k++)
			ASSERT_TRUE(strcmp(routes[i].name, routes[k].name) != 0);
		/* Only lists take format=; every route with fields takes fields=. */
		for (p = routes[i].params; p->name != NULL; p++)
			if (strcmp(p->name, "format") == 0)
				ASSERT_TRUE(routes[i].list);
			else if (strcmp(p->name, "fields") == 0)
				ASSERT_TRUE(routes[i].fields != NULL);
	}
}

/* The set of query parameter names of op (its parameters, "in": "query"). */
static int
op_has_query(struct json_object *op, const char *name)
{
	struct json_object	*ps, *p, *n, *in;
	size_t			 i;

	if (!json_object_object_get_ex(op, "parameters", &ps))
		return 0;
	for (i = 0; i < json_object_array_length(ps); i++) {
		p = json_object_array_get_idx(ps, i);
		if (json_object_object_get_ex(p, "name", &n) &&
		    json_object_object_get_ex(p, "in", &in) &&
		    strcmp(json_object_get_string(in), "query") == 0 &&
		    strcmp(json_object_get_string(n), name) == 0)
			return 1;
	}
	return 0;
}

/* Query parameters op documents. */
static size_t
op_nquery(struct json_object *op)
{
	struct json_object	*ps, *in;
	size_t			 i, n = 0;

	if (!json_object_object_get_ex(op, "parameters", &ps))
		return 0;
	for (i = 0; i < json_object_array_length(ps); i++)
		if (json_object_object_get_ex(json_object_array_get_idx(ps, i),
		    "in", &in) && strcmp(json_object_get_string(in), "query") == 0)
			n++;
	return n;
}

static void
test_router_openapi_sync(void)
{
	struct json_object	*doc, *paths, *item, *op;
	const struct param	*p;
	char			*text;
	size_t			 i, n;

	text = strndup((const char *)openapi_json, openapi_json_len);
	doc = json_tokener_parse(text);
	free(text);
	ASSERT_TRUE(doc != NULL);
	ASSERT_TRUE(json_object_object_get_ex(doc, "paths", &paths));
	for (i = 0; i < ROUTE__MAX; i++) {
		if (!json_object_object_get_ex(paths, routes[i].pattern, &item) ||
		    !json_object_object_get_ex(item, "get", &op)) {
			fprintf(stderr, "openapi.json lacks GET %s\n",
			    routes[i].pattern);
			json_object_put(doc);
			ASSERT_TRUE(0);
		}
		for (n = 0, p = routes[i].params; p->name != NULL; p++, n++)
			if (!op_has_query(op, p->name)) {
				fprintf(stderr, "openapi.json: %s lacks %s\n",
				    routes[i].pattern, p->name);
				json_object_put(doc);
				ASSERT_TRUE(0);
			}
		if (op_nquery(op) != n) {
			fprintf(stderr, "openapi.json: %s documents other "
			    "parameters than the route takes\n",
			    routes[i].pattern);
			json_object_put(doc);
			ASSERT_TRUE(0);
		}
	}
	json_object_put(doc);
}

int
main(void)
{
	T_RUN(test_router_match);
	T_RUN(test_router_bad_path);
	T_RUN(test_router_bad_id);
	T_RUN(test_router_match_careers);
	T_RUN(test_router_match_two_caps);
	T_RUN(test_router_bad_soc);
	T_RUN(test_router_bad_state);
	T_RUN(test_router_bad_cert_code);
	T_RUN(test_router_decide_get);
	T_RUN(test_router_decide_404);
	T_RUN(test_router_decide_405);
	T_RUN(test_router_decide_options);
	T_RUN(test_router_methods);
	T_RUN(test_router_table);
	T_RUN(test_router_openapi_sync);
	return T_EXIT;
}

/*
 * test-json.c -- envelopes (list, one, error with details), fields
 * projection, CSV flattening and quoting, NaN -> null, no slash
 * escaping, and json_render() choosing the shape.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "json.h"
#include "request.h"
#include "resp.h"
#include "router.h"
#include "valid.h"

#include "t.h"

/* Serialises o, compares with want, releases o. */
#define ASSERT_JSON(o, want) do {					\
	struct json_object *t_o_ = (o);					\
	char *t_s_ = strdup(json_text(t_o_, NULL));			\
	json_object_put(t_o_);						\
	if (strcmp(t_s_, (want)) != 0) {				\
		fprintf(stderr, "got:  %s\nwant: %s\n", t_s_, (want));	\
		free(t_s_);						\
		ASSERT_TRUE(0);						\
	}								\
	free(t_s_);							\
} while (0)

static struct json_object *
parse(const char *s)
{
	return json_tokener_parse(s);
}

static void
test_json_numbers(void)
{
	ASSERT_JSON(json_number("0.1"), "0.1");
	ASSERT_JSON(json_number("41.499320"), "41.499320");
	ASSERT_JSON(json_number("-81.6944"), "-81.6944");
	ASSERT_JSON(json_number("12"), "12");
	ASSERT_NULL(json_number("NaN"));
	ASSERT_NULL(json_number("Infinity"));
	ASSERT_NULL(json_number("-Infinity"));
	ASSERT_NULL(json_number("1e400"));
	ASSERT_NULL(json_number(""));
	/* strtod takes these, JSON does not: the text is rewritten (fuzz-json found 0x10). */
	ASSERT_JSON(json_number("0x10"), "16.0");
	ASSERT_JSON(json_number("+1"), "1.0");
	ASSERT_JSON(json_number("1."), "1.0");
	ASSERT_JSON(json_number("007"), "7.0");
	ASSERT_JSON(json_number("1e5"), "1e5");
	ASSERT_NULL(json_number("12abc"));
	ASSERT_NULL(json_double(NAN));
	ASSERT_NULL(json_double(INFINITY));
	ASSERT_JSON(json_double(0.5), "0.5");
}

static void
test_json_no_slash_escape(void)
{
	struct json_object	*o;

	o = json_object_new_object();
	json_object_object_add(o, "url",
	    json_object_new_string("https://nces.ed.gov/ipeds/a\"b"));
	ASSERT_JSON(o, "{\"url\":\"https://nces.ed.gov/ipeds/a\\\"b\"}");
}

static void
test_json_error_envelope(void)
{
	struct resp	 rs;

	memset(&rs, 0, sizeof(rs));
	resp_problem(&rs, ERR_INVALID_PARAMETER, "degree", "phd", 3,
	    "degree must be one of: %s", "certificate, associate");
	resp_problem(&rs, ERR_UNKNOWN_PARAMETER, "pgae", "1", 1,
	    "unknown parameter pgae");
	ASSERT_JSON(json_error_envelope(&rs, HTTP_400),
	    "{\"error\":{\"status\":400,\"code\":\"invalid_parameter\","
	    "\"parameter\":\"degree\",\"message\":\"degree must be one of: "
	    "certificate, associate\",\"details\":[{\"code\":"
	    "\"invalid_parameter\",\"parameter\":\"degree\",\"value\":\"phd\","
	    "\"message\":\"degree must be one of: certificate, associate\"},"
	    "{\"code\":\"unknown_parameter\",\"parameter\":\"pgae\",\"value\":"
	    "\"1\",\"message\":\"unknown parameter pgae\"}]}}");
	resp_free(&rs);
}

static void
test_json_error_not_about_param(void)
{
	struct resp	 rs;

	memset(&rs, 0, sizeof(rs));
	ASSERT_EQ(resp_not_found(&rs, "no institution with that id"), HTTP_404);
	ASSERT_JSON(json_error_envelope(&rs, HTTP_404),
	    "{\"error\":{\"status\":404,\"code\":\"not_found\",\"parameter\":"
	    "null,\"message\":\"no institution with that id\",\"details\":[{"
	    "\"code\":\"not_found\",\"parameter\":null,\"value\":null,"
	    "\"message\":\"no institution with that id\"}]}}");
	resp_free(&rs);
	ASSERT_EQ(resp_db_error(&rs, DB_UNAVAILABLE), HTTP_503);
	ASSERT_EQ(rs.retry_after, 1);
	ASSERT_EQ(rs.problems[0].code, ERR_SERVICE_UNAVAILABLE);
	resp_free(&rs);
	ASSERT_EQ(resp_db_error(&rs, DB_TIMEOUT), HTTP_503);
	resp_free(&rs);
	ASSERT_EQ(resp_db_error(&rs, DB_ERROR), HTTP_500);
	ASSERT_EQ(rs.retry_after, 0);
	ASSERT_STR(err_name(rs.problems[0].code), "internal_error");
	ASSERT_TRUE(strstr(rs.problems[0].message, "SELECT") == NULL);
	resp_free(&rs);
	/* No problem recorded (a bug): still the one shape. */
	ASSERT_JSON(json_error_envelope(&rs, HTTP_500),
	    "{\"error\":{\"status\":500,\"code\":\"internal_error\","
	    "\"parameter\":null,\"message\":\"internal error\",\"details\":[{"
	    "\"code\":\"internal_error\",\"parameter\":null,\"value\":null,"
	    "\"message\":\"internal error\"}]}}");
}

static void
test_json_list_envelope(void)
{
	struct resp	 rs;

	memset(&rs, 0, sizeof(rs));
	rs.data = parse("[{\"id\":\"a\"}]");
	rs.sources = parse("[\"ipeds-hd-2024\"]");
	rs.list = 1;
	rs.total = 41;
	rs.page = 2;
	rs.per_page = 20;
	ASSERT_JSON(json_list_envelope(&rs, 7, "/x?page=2", "/x?page=3", "/x"),
	    "{\"data\":[{\"id\":\"a\"}],\"meta\":{\"total\":41,\"page\":2,"
	    "\"per_page\":20,\"pages\":3,\"data_version\":7,\"sources\":["
	    "\"ipeds-hd-2024\"]},\"links\":{\"self\":\"/x?page=2\",\"next\":"
	    "\"/x?page=3\",\"prev\":\"/x\"}}");
	resp_free(&rs);
	rs.per_page = 20;
	ASSERT_JSON(json_list_envelope(&rs, -1, "/x", NULL, NULL),
	    "{\"data\":[],\"meta\":{\"total\":0,\"page\":0,\"per_page\":20,"
	    "\"pages\":0,\"data_version\":null,\"sources\":[]},\"links\":{"
	    "\"self\":\"/x\",\"next\":null,\"prev\":null}}");
}

/* rs->meta (query, facets) lands in meta after the common members. */
static void
test_json_list_envelope_meta(void)
{
	struct resp	 rs;

	memset(&rs, 0, sizeof(rs));
	rs.list = 1;
	rs.total = 1;
	rs.page = 1;
	rs.per_page = 20;
	rs.meta = parse("{\"query\":{\"q\":\"infomatics\",\"corrected\":"
	    "\"informatics\",\"did_you_mean\":\"informatics\"},\"facets\":"
	    "{\"state\":[{\"value\":\"OH\",\"count\":1}]}}");
	ASSERT_JSON(json_list_envelope(&rs, 2, "/p", NULL, NULL),
	    "{\"data\":[],\"meta\":{\"total\":1,\"page\":1,\"per_page\":20,"
	    "\"pages\":1,\"data_version\":2,\"sources\":[],\"query\":{\"q\":"
	    "\"infomatics\",\"corrected\":\"informatics\",\"did_you_mean\":"
	    "\"informatics\"},\"facets\":{\"state\":[{\"value\":\"OH\","
	    "\"count\":1}]}},\"links\":{\"self\":\"/p\",\"next\":null,"
	    "\"prev\":null}}");
	resp_free(&rs);
	ASSERT_NULL(rs.meta);
}

static void
test_json_one_envelope(void)
{
	struct resp	 rs;

	memset(&rs, 0, sizeof(rs));
	rs.data = parse("{\"id\":1,\"name\":\"A\"}");
	rs.sources = parse("[\"ipeds-hd-2024\"]");
	ASSERT_JSON(json_one_envelope(&rs, 3),
	    "{\"data\":{\"id\":1,\"name\":\"A\"},\"meta\":{\"data_version\":3,"
	    "\"sources\":[\"ipeds-hd-2024\"]}}");
	resp_free(&rs);
}

static void
test_json_one_envelope_meta(void)
{
	struct resp	 rs;

	memset(&rs, 0, sizeof(rs));
	rs.data = parse("[{\"soc\":\"29-2072\"}]");
	rs.meta = parse("{\"basis\":\"hourly\"}");
	ASSERT_JSON(json_one_envelope(&rs, 3),
	    "{\"data\":[{\"soc\":\"29-2072\"}],\"meta\":{\"data_version\":3,"
	    "\"sources\":[],\"basis\":\"hourly\"}}");
	resp_free(&rs);
}

static void
test_json_error_extra(void)
{
	struct resp	 rs;

	memset(&rs, 0, sizeof(rs));
	resp_problem(&rs, ERR_NOT_FOUND, NULL, "29-2071", 7, "retired");
	rs.error_extra = parse("{\"successors\":[\"29-2072\",\"29-9021\"]}");
	ASSERT_JSON(json_error_envelope(&rs, HTTP_404),
	    "{\"error\":{\"status\":404,\"code\":\"not_found\",\"parameter\":"
	    "null,\"message\":\"retired\",\"details\":[{\"code\":\"not_found\","
	    "\"parameter\":null,\"value\":\"29-2071\",\"message\":\"retired\"}],"
	    "\"successors\":[\"29-2072\",\"29-9021\"]}}");
	resp_free(&rs);
	ASSERT_NULL(rs.error_extra);
}

static void
test_json_project(void)
{
	static const char *const f[] = { "name", "location", "nope", NULL };
	struct json_object	*o;

	o = parse("{\"id\":1,\"name\":\"A\",\"location\":{\"lat\":1,\"lon\":2},"
	    "\"url\":null}");
	json_project(o, f, 3);
	ASSERT_JSON(o, "{\"name\":\"A\",\"location\":{\"lat\":1,\"lon\":2}}");
	o = parse("[{\"id\":1,\"name\":\"A\"},{\"id\":2,\"name\":\"B\"}]");
	json_project(o, f, 1);
	ASSERT_JSON(o, "[{\"name\":\"A\"},{\"name\":\"B\"}]");
	o = parse("{\"id\":1}");
	json_project(o, f, 0);			/* no fields=: keep all */
	ASSERT_JSON(o, "{\"id\":1}");
}

/* CSV of the JSON array text a (fallback columns fb); compared to want. */
static void
csv_is(const char *a, const char *const *fb, const char *want)
{
	struct json_object	*o = parse(a);
	struct buf		 b = { NULL, 0, 0 };

	json_csv(o, fb, &b);
	json_object_put(o);
	if (b.p == NULL || strcmp(b.p, want) != 0) {
		fprintf(stderr, "csv got:\n%s\nwant:\n%s\n", b.p, want);
		t_failed++;
	}
	buf_free(&b);
}

static void
test_json_csv_flatten(void)
{
	csv_is("[{\"id\":1,\"name\":\"A\",\"aliases\":[\"x\",\"y\"],"
	    "\"location\":{\"lat\":41.5,\"lon\":null},\"ok\":true,"
	    "\"programs\":[{\"id\":9}]}]", NULL,
	    "id,name,aliases,location.lat,location.lon,ok,programs\r\n"
	    "1,A,x;y,41.5,,true,\"{\"\"id\"\":9}\"\r\n");
}

static void
test_json_csv_quoting(void)
{
	csv_is("[{\"t\":\"a,b\",\"q\":\"say \\\"hi\\\"\",\"n\":\"l1\\nl2\","
	    "\"r\":\"x\\r\",\"s\":\" sp \",\"u\":\"caf\\u00e9\"}]", NULL,
	    "t,q,n,r,s,u\r\n"
	    "\"a,b\",\"say \"\"hi\"\"\",\"l1\nl2\",\"x\r\", sp ,caf\xc3\xa9\r\n");
}

static void
test_json_csv_columns(void)
{
	static const char *const fb[] = { "id", "title", NULL };

	/* Union of keys in order of first appearance; missing = empty. */
	csv_is("[{\"a\":1,\"loc\":null},{\"a\":2,\"loc\":{\"lat\":3}}]", NULL,
	    "a,loc,loc.lat\r\n1,,\r\n2,,3\r\n");
	csv_is("[]", fb, "id,title\r\n");
	csv_is("[{\"x,y\":1}]", NULL, "\"x,y\"\r\n1\r\n");
}

static void
test_json_render_error_with_body(void)
{
	struct req	 r;
	struct resp	 rs;
	struct buf	 out = { NULL, 0, 0 };
	const char	*ct;

	req_init(&r, "GET", "/api/v1/health", NULL, "", NULL, NULL);
	r.route = ROUTE_HEALTH;
	memset(&rs, 0, sizeof(rs));
	rs.body = parse("{\"status\":\"unavailable\",\"database\":"
	    "\"unavailable\",\"data_version\":null}");
	ct = json_render(&r, &rs, resp_db_error(&rs, DB_UNAVAILABLE), 5, &out);
	ASSERT_STR(ct, "application/json; charset=utf-8");
	ASSERT_STR(out.p, "{\"status\":\"unavailable\",\"database\":"
	    "\"unavailable\",\"data_version\":null,\"error\":{\"status\":503,"
	    "\"code\":\"service_unavailable\",\"parameter\":null,\"message\":"
	    "\"the database is unavailable; try again shortly\",\"details\":[{"
	    "\"code\":\"service_unavailable\",\"parameter\":null,\"value\":null,"
	    "\"message\":\"the database is unavailable; try again shortly\"}]}}");
	buf_free(&out);
	ASSERT_NULL(json_render(&r, &rs, HTTP_304, 5, &out));
	ASSERT_NULL(json_render(&r, &rs, HTTP_204, 5, &out));
	ASSERT_EQ(out.len, 0);
	req_free(&r);
	resp_free(&rs);
}

static const struct param list_params[] = {
	{ "page", valid_page, 0, 0, 0, NULL },
	{ "per_page", valid_per_page, 0, 0, 0, NULL },
	{ "fields", valid_fields, 0, 0, 0, NULL },
	{ "format", valid_format, 0, 0, 0, NULL },
	PARAM_END
};

/* Renders a 200 datasets page for query (two items, total 5). */
static char *
render_list(const char *query, const char **ct)
{
	struct req	 r;
	struct resp	 rs;
	struct buf	 out = { NULL, 0, 0 };
	char		 lim[24], off[24];

	req_init(&r, "GET", "/api/v1/datasets", NULL, query, NULL, NULL);
	r.route = ROUTE_DATASETS_LIST;
	memset(&rs, 0, sizeof(rs));
	if (req_params(&r, &rs, list_params) == -1)
		abort();
	req_paging(&r, &rs, lim, off, sizeof(lim));
	rs.total = 5;
	rs.data = parse("[{\"id\":\"a\",\"title\":\"A, B\",\"row_count\":3},"
	    "{\"id\":\"b\",\"title\":\"C\",\"row_count\":null}]");
	*ct = json_render(&r, &rs, HTTP_200, 9, &out);
	req_free(&r);
	resp_free(&rs);
	return buf_take(&out);
}

static void
test_json_render_list(void)
{
	const char	*ct;
	char		*s;

	s = render_list("per_page=2&page=2&fields=id,title", &ct);
	ASSERT_STR(ct, "application/json; charset=utf-8");
	if (strcmp(s, "{\"data\":[{\"id\":\"a\",\"title\":\"A, B\"},{\"id\":"
	    "\"b\",\"title\":\"C\"}],\"meta\":{\"total\":5,\"page\":2,"
	    "\"per_page\":2,\"pages\":3,\"data_version\":9,\"sources\":[]},"
	    "\"links\":{\"self\":\"/api/v1/datasets?per_page=2&fields=id,title"
	    "&page=2\",\"next\":\"/api/v1/datasets?per_page=2&fields=id,title"
	    "&page=3\",\"prev\":\"/api/v1/datasets?per_page=2&fields=id,title"
	    "\"}}") != 0) {
		fprintf(stderr, "got %s\n", s);
		free(s);
		ASSERT_TRUE(0);
	}
	free(s);
	/* Past the end: 200, prev points at the last page. */
	s = render_list("per_page=2&page=9", &ct);
	ASSERT_TRUE(strstr(s, "\"next\":null,\"prev\":\"/api/v1/datasets?"
	    "per_page=2&page=3\"") != NULL);
	free(s);
	s = render_list("", &ct);
	ASSERT_TRUE(strstr(s, "\"self\":\"/api/v1/datasets\",\"next\":null,"
	    "\"prev\":null") != NULL);
	free(s);
}

static void
test_json_render_csv(void)
{
	const char	*ct;
	char		*s;

	s = render_list("format=csv&fields=title,id", &ct);
	ASSERT_STR(ct, "text/csv; charset=utf-8");
	ASSERT_STR(s, "id,title\r\na,\"A, B\"\r\nb,C\r\n");
	free(s);
}

/* The flat scanner agrees with json-c on flat objects and refuses the rest. */
static void
test_json_flat_scan(void)
{
	struct json_flat	 m[4];
	struct json_object	*v;
	static const char *const refused[] = {
		"", "[]", "{", "{\"a\"}", "{\"a\": 1}", "{\"a\": nulls}",
		"{\"a\": \"x\",}", "{\"a\": \"x\"} x", "{\"a\\\"\": \"x\"}",
		"{\"a\": \"x\\u0041\"}", "{\"a\": \"x\" \"b\": \"y\"}",
		"{\"a\": {\"b\": \"c\"}}",
		"{\"a\": \"1\", \"b\": \"2\", \"c\": \"3\", \"d\": \"4\", \"e\": \"5\"}",
		NULL
	};
	size_t			 i;

	ASSERT_EQ(json_flat_scan("{}", m, 4), 0);
	ASSERT_EQ(json_flat_scan(" { } ", m, 4), 0);
	ASSERT_EQ(json_flat_scan("{\"median\": \"not_loaded\", "
	    "\"hourly_median\": \"annual_only\"}", m, 4), 2);
	v = json_flat_get(m, 2, "median");
	ASSERT_JSON(v, "\"not_loaded\"");
	v = json_flat_get(m, 2, "hourly_median");
	ASSERT_JSON(v, "\"annual_only\"");
	ASSERT_NULL(json_flat_get(m, 2, "mean"));
	ASSERT_NULL(json_flat_get(m, 2, "hourly"));
	ASSERT_EQ(json_flat_scan("{\"a\":\"\",\n\"b\" : \"\u00e9t\u00e9\"}", m, 4), 2);
	v = json_flat_get(m, 2, "a");
	ASSERT_JSON(v, "\"\"");
	ASSERT_EQ(json_flat_scan("{\"a\": \"1\", \"b\": \"2\", \"c\": \"3\", "
	    "\"d\": \"4\"}", m, 4), 4);
	for (i = 0; refused[i] != NULL; i++)
		if (json_flat_scan(refused[i], m, 4) != -1)
			T_FAIL("json_flat_scan accepted %s", refused[i]);
	/* null values (accreditation.since); objects and arrays rebuilt. */
	ASSERT_EQ(json_flat_scan("{\"body\": \"CAHIIM\", \"since\": null}", m, 4), 2);
	ASSERT_NULL(m[1].val);
	ASSERT_EQ(json_flat_find(m, 2, "since"), 1);
	ASSERT_EQ(json_flat_find(m, 2, "status"), -1);
	ASSERT_NULL(json_flat_get(m, 2, "since"));
	ASSERT_JSON(json_flat_object(m, 2), "{\"body\":\"CAHIIM\",\"since\":null}");
	ASSERT_EQ(json_flat_scan("{\"a\": nul}", m, 4), -1);
	ASSERT_EQ(json_flat_strings("[\"RHIT\", \"CCA\"]", m, 4), 2);
	ASSERT_JSON(json_flat_array(m, 2), "[\"RHIT\",\"CCA\"]");
	ASSERT_EQ(json_flat_strings(" [ ] ", m, 4), 0);
	ASSERT_JSON(json_flat_array(m, 0), "[]");
	ASSERT_EQ(json_flat_strings("[\"a\", null]", m, 4), -1);
	ASSERT_EQ(json_flat_strings("[\"a\",]", m, 4), -1);
	ASSERT_EQ(json_flat_strings("[1]", m, 4), -1);
	ASSERT_EQ(json_flat_strings("[\"a\"] x", m, 4), -1);
	ASSERT_EQ(json_flat_strings("[\"a\",\"b\",\"c\",\"d\",\"e\"]", m, 4), -1);
}

int
main(void)
{
	T_RUN(test_json_flat_scan);
	T_RUN(test_json_numbers);
	T_RUN(test_json_no_slash_escape);
	T_RUN(test_json_error_envelope);
	T_RUN(test_json_list_envelope_meta);
	T_RUN(test_json_error_not_about_param);
	T_RUN(test_json_list_envelope);
	T_RUN(test_json_one_envelope);
	T_RUN(test_json_one_envelope_meta);
	T_RUN(test_json_error_extra);
	T_RUN(test_json_project);
	T_RUN(test_json_csv_flatten);
	T_RUN(test_json_csv_quoting);
	T_RUN(test_json_csv_columns);
	T_RUN(test_json_render_error_with_body);
	T_RUN(test_json_render_list);
	T_RUN(test_json_render_csv);
	return T_EXIT;
}

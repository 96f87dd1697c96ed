/*
 * test-request.c -- query string parsing (percent-decoding, '+', %00,
 * %zz, truncated %, empty values, duplicates, unknown names, several
 * problems at once), Accept negotiation, paging, links, canonical
 * request and If-None-Match.
 */
#include <stdlib.h>
#include <string.h>

#include "request.h"
#include "resp.h"
#include "router.h"
#include "valid.h"

#include "t.h"

/* A table like an endpoint's, with a free-text and a list parameter. */
static const struct param params[] = {
	{ "q", valid_text, 0, 0, 0, NULL },
	{ "page", valid_page, 0, 0, 0, NULL },
	{ "per_page", valid_per_page, 0, 0, 0, NULL },
	{ "state", valid_state_list, 0, 0, 0, NULL },
	{ "fields", valid_fields, 0, 0, 0, NULL },
	{ "format", valid_format, 0, 0, 0, NULL },
	PARAM_END
};

static struct req	 r;
static struct resp	 rs;

/* Parses query against params on the datasets route; returns req_params(). */
static int
parse(const char *query)
{
	req_free(&r);
	resp_free(&rs);
	req_init(&r, "GET", "/api/v1/datasets", NULL, query, NULL, NULL);
	r.route = ROUTE_DATASETS_LIST;
	return req_params(&r, &rs, params);
}

static void
done(void)
{
	req_free(&r);
	resp_free(&rs);
}

static void
test_request_good(void)
{
	ASSERT_EQ(parse("page=2&per_page=50"), 0);
	ASSERT_EQ(r.npairs, 2);
	ASSERT_EQ(req_int(&r, "page", 1), 2);
	ASSERT_EQ(req_int(&r, "per_page", 20), 50);
	ASSERT_EQ(req_int(&r, "absent", 7), 7);
	ASSERT_NULL(req_get(&r, "q"));
	ASSERT_EQ(rs.nproblems, 0);
}

static void
test_request_empty_query(void)
{
	ASSERT_EQ(parse(""), 0);
	ASSERT_EQ(r.npairs, 0);
	ASSERT_EQ(parse("&&page=3&"), 0);
	ASSERT_EQ(r.npairs, 1);
	ASSERT_EQ(req_int(&r, "page", 1), 3);
}

static void
test_request_decoding(void)
{
	ASSERT_EQ(parse("q=medical+coding"), 0);
	ASSERT_STR(req_get(&r, "q")->s, "medical coding");
	ASSERT_EQ(parse("q=caf%C3%A9%2Fbar"), 0);
	ASSERT_STR(req_get(&r, "q")->s, "caf\xc3\xa9/bar");
	ASSERT_EQ(parse("q=%2B1%26x%3Dy"), 0);
	ASSERT_STR(req_get(&r, "q")->s, "+1&x=y");
	ASSERT_EQ(parse("%70age=4"), 0);	/* names are decoded too */
	ASSERT_EQ(req_int(&r, "page", 1), 4);
}

static void
test_request_trimmed(void)
{
	ASSERT_EQ(parse("page=+%202%09&q=++heart+"), 0);
	ASSERT_EQ(req_int(&r, "page", 1), 2);
	ASSERT_STR(req_get(&r, "q")->s, "heart");
	ASSERT_EQ(parse("state=oh,+pa"), 0);
	ASSERT_STR(req_get(&r, "state")->s, "OH,PA");
	ASSERT_EQ(req_get(&r, "state")->nlist, 2);
}

static void
test_request_bad_nul(void)
{
	ASSERT_EQ(parse("q=ab%00c"), -1);
	ASSERT_EQ(rs.nproblems, 1);
	ASSERT_EQ(rs.problems[0].code, ERR_INVALID_PARAMETER);
	ASSERT_STR(rs.problems[0].param, "q");
	ASSERT_TRUE(strstr(rs.problems[0].message, "NUL") != NULL);
}

static void
test_request_bad_escape(void)
{
	static const char *const bad[] = {
		"q=%zz", "q=abc%2", "q=abc%", "q=%g0", "q=%", NULL
	};
	size_t	 i;

	for (i = 0; bad[i] != NULL; i++) {
		ASSERT_EQ(parse(bad[i]), -1);
		ASSERT_EQ(rs.nproblems, 1);
		ASSERT_EQ(rs.problems[0].code, ERR_INVALID_PARAMETER);
		ASSERT_STR(rs.problems[0].param, "q");
		ASSERT_TRUE(strstr(rs.problems[0].message, "percent") != NULL);
	}
	ASSERT_EQ(parse("pa%zzge=1"), -1);	/* in the name */
	ASSERT_EQ(rs.problems[0].code, ERR_INVALID_PARAMETER);
	ASSERT_NULL(rs.problems[0].param);
	ASSERT_STR(rs.problems[0].value, "pa%zzge=1");
}

static void
test_request_bad_empty(void)
{
	ASSERT_EQ(parse("page="), -1);
	ASSERT_EQ(rs.problems[0].code, ERR_INVALID_PARAMETER);
	ASSERT_STR(rs.problems[0].param, "page");
	ASSERT_STR(rs.problems[0].value, "");
	ASSERT_STR(rs.problems[0].message,
	    "page must be a whole number from 1 to 1000000");
	ASSERT_EQ(parse("q"), -1);		/* no '=' at all */
	ASSERT_STR(rs.problems[0].param, "q");
	ASSERT_EQ(parse("q=+++"), -1);		/* blank once trimmed */
}

static void
test_request_bad_duplicate(void)
{
	ASSERT_EQ(parse("page=1&page=2"), -1);
	ASSERT_EQ(rs.nproblems, 1);
	ASSERT_EQ(rs.problems[0].code, ERR_DUPLICATE_PARAMETER);
	ASSERT_STR(rs.problems[0].param, "page");
	ASSERT_STR(rs.problems[0].value, "2");
}

static void
test_request_bad_unknown(void)
{
	ASSERT_EQ(parse("pgae=1"), -1);
	ASSERT_EQ(rs.problems[0].code, ERR_UNKNOWN_PARAMETER);
	ASSERT_STR(rs.problems[0].param, "pgae");
	ASSERT_STR(rs.problems[0].value, "1");
	ASSERT_TRUE(strstr(rs.problems[0].message, "page, per_page") != NULL);
	ASSERT_EQ(parse("PAGE=1"), -1);		/* names are case-sensitive */
	ASSERT_EQ(rs.problems[0].code, ERR_UNKNOWN_PARAMETER);
}

static void
test_request_bad_many(void)
{
	ASSERT_EQ(parse("pgae=1&page=0&page=2&q=%zz&per_page=101&state=OH,XX"),
	    -1);
	ASSERT_EQ(rs.nproblems, 6);
	ASSERT_EQ(rs.problems[0].code, ERR_UNKNOWN_PARAMETER);
	ASSERT_EQ(rs.problems[1].code, ERR_INVALID_PARAMETER);
	ASSERT_STR(rs.problems[1].param, "page");
	ASSERT_STR(rs.problems[1].value, "0");
	ASSERT_EQ(rs.problems[2].code, ERR_DUPLICATE_PARAMETER);
	ASSERT_EQ(rs.problems[3].code, ERR_INVALID_PARAMETER);
	ASSERT_STR(rs.problems[3].param, "q");
	ASSERT_STR(rs.problems[4].message,
	    "per_page must be a whole number from 1 to 100");
	ASSERT_STR(rs.problems[5].param, "state");
	ASSERT_EQ(r.npairs, 0);
}

static void
test_request_bad_value_echo(void)
{
	/* Ill-formed UTF-8 is echoed as U+FFFD so the JSON stays valid. */
	ASSERT_EQ(parse("page=%FF1"), -1);
	ASSERT_STR(rs.problems[0].value, "\xef\xbf\xbd" "1");
}

/* A table with a required parameter, like /suggest's. */
static const struct param required[] = {
	{ "q", valid_text, PARAM_REQUIRED, 0, 0, NULL },
	{ "fields", valid_fields, 0, 0, 0, NULL },
	PARAM_END
};

/* Parses query against the table required; returns req_params(). */
static int
parse_required(const char *query)
{
	req_free(&r);
	resp_free(&rs);
	req_init(&r, "GET", "/api/v1/datasets", NULL, query, NULL, NULL);
	r.route = ROUTE_DATASETS_LIST;
	return req_params(&r, &rs, required);
}

static void
test_request_required(void)
{
	ASSERT_EQ(parse_required("q=coder"), 0);
	ASSERT_EQ(rs.nproblems, 0);
	ASSERT_EQ(req_given(&r, &rs, "q"), 1);
	ASSERT_EQ(req_given(&r, &rs, "fields"), 0);
}

static void
test_request_bad_required_missing(void)
{
	ASSERT_EQ(parse_required(""), -1);
	ASSERT_EQ(rs.nproblems, 1);
	ASSERT_EQ(rs.problems[0].code, ERR_INVALID_PARAMETER);
	ASSERT_STR(rs.problems[0].param, "q");
	ASSERT_NULL(rs.problems[0].value);
	ASSERT_STR(rs.problems[0].message, "q is required");
	ASSERT_EQ(req_given(&r, &rs, "q"), 1);	/* reported: given */
	/* Reported with the other problems, after them. */
	ASSERT_EQ(parse_required("qq=1&fields=nope"), -1);
	ASSERT_EQ(rs.nproblems, 3);
	ASSERT_EQ(rs.problems[0].code, ERR_UNKNOWN_PARAMETER);
	ASSERT_STR(rs.problems[1].param, "fields");
	ASSERT_STR(rs.problems[2].message, "q is required");
}

static void
test_request_bad_required_invalid(void)
{
	/* Present but bad: its own problem, not "required" as well. */
	ASSERT_EQ(parse_required("q="), -1);
	ASSERT_EQ(rs.nproblems, 1);
	ASSERT_STR(rs.problems[0].message, "q must be 1 to 200 bytes of "
	    "UTF-8 text without control characters");
	ASSERT_EQ(req_given(&r, &rs, "q"), 1);
	ASSERT_EQ(parse_required("q=a&q=b"), -1);
	ASSERT_EQ(rs.nproblems, 1);
	ASSERT_EQ(rs.problems[0].code, ERR_DUPLICATE_PARAMETER);
	ASSERT_EQ(parse_required("q=%zz"), -1);
	ASSERT_EQ(rs.nproblems, 1);
}

static void
test_request_format(void)
{
	ASSERT_EQ(parse("format=CSV"), 0);
	ASSERT_EQ(r.csv, 1);
	ASSERT_EQ(parse("format=json"), 0);
	ASSERT_EQ(r.csv, 0);
	ASSERT_EQ(parse("format=xml"), -1);
	ASSERT_STR(rs.problems[0].message, "format must be one of: json, csv");
}

static void
test_request_fields(void)
{
	ASSERT_EQ(parse("fields=id,title"), 0);
	ASSERT_EQ(req_get(&r, "fields")->nlist, 2);
	ASSERT_EQ(parse("fields=id,nope"), -1);
	ASSERT_STR(rs.problems[0].param, "fields");
	ASSERT_TRUE(strstr(rs.problems[0].message, "id, source, title") != NULL);
}

static void
test_request_uri_too_long(void)
{
	char	 q[600];

	memset(q, 'a', sizeof(q) - 1);
	q[sizeof(q) - 1] = '\0';
	parse(q);
	resp_free(&rs);
	ASSERT_EQ(req_uri_ok(&r, &rs, 599), 0);
	ASSERT_EQ(req_uri_ok(&r, &rs, 598), -1);
	ASSERT_EQ(rs.problems[0].code, ERR_URI_TOO_LONG);
	ASSERT_EQ(err_status(rs.problems[0].code), HTTP_414);
}

/* Negotiates accept on route rt; returns req_accept(), r.csv in *csv. */
static int
nego(enum route rt, const char *accept, int *csv)
{
	int	 rc;

	req_free(&r);
	resp_free(&rs);
	req_init(&r, "GET", "/x", NULL, NULL, accept, NULL);
	r.route = rt;
	rc = req_accept(&r, &rs);
	*csv = r.csv;
	return rc;
}

static void
test_request_accept(void)
{
	int	 csv;

	ASSERT_EQ(nego(ROUTE_DATASETS_LIST, NULL, &csv), 0);
	ASSERT_EQ(csv, 0);
	ASSERT_EQ(nego(ROUTE_DATASETS_LIST, "*/*", &csv), 0);
	ASSERT_EQ(csv, 0);
	ASSERT_EQ(nego(ROUTE_DATASETS_LIST, "application/*", &csv), 0);
	ASSERT_EQ(nego(ROUTE_DATASETS_LIST, "application/json; charset=utf-8",
	    &csv), 0);
	ASSERT_EQ(nego(ROUTE_DATASETS_LIST, "text/csv", &csv), 0);
	ASSERT_EQ(csv, 1);
	ASSERT_EQ(nego(ROUTE_DATASETS_LIST, "text/csv;q=0.5, application/json",
	    &csv), 0);
	ASSERT_EQ(csv, 0);
	ASSERT_EQ(nego(ROUTE_DATASETS_LIST, "application/json;q=0, */*;q=0.1",
	    &csv), 0);
	ASSERT_EQ(csv, 1);
	ASSERT_EQ(nego(ROUTE_DATASETS_LIST, "text/html,application/xhtml+xml,"
	    "application/xml;q=0.9,*/*;q=0.8", &csv), 0);
	ASSERT_EQ(csv, 0);
}

static void
test_request_accept_bad(void)
{
	int	 csv;

	ASSERT_EQ(nego(ROUTE_DATASETS_LIST, "application/xml", &csv), -1);
	ASSERT_EQ(rs.problems[0].code, ERR_NOT_ACCEPTABLE);
	ASSERT_EQ(nego(ROUTE_INSTITUTION_GET, "text/csv", &csv), -1);
	ASSERT_EQ(nego(ROUTE_HEALTH, "text/html", &csv), -1);
	ASSERT_EQ(nego(ROUTE_HEALTH, "application/json;q=0", &csv), -1);
	ASSERT_EQ(nego(ROUTE_HEALTH, "text/*", &csv), -1);
}

static void
test_request_paging(void)
{
	char	 lim[24], off[24];

	parse("page=3&per_page=10");
	req_paging(&r, &rs, lim, off, sizeof(lim));
	ASSERT_STR(lim, "10");
	ASSERT_STR(off, "20");
	ASSERT_EQ(rs.page, 3);
	ASSERT_EQ(rs.per_page, 10);
	ASSERT_EQ(rs.list, 1);
	parse("");
	req_paging(&r, &rs, lim, off, sizeof(lim));
	ASSERT_STR(lim, "20");
	ASSERT_STR(off, "0");
	parse("format=csv&page=5");
	req_paging(&r, &rs, lim, off, sizeof(lim));
	ASSERT_STR(lim, "10000");
	ASSERT_STR(off, "0");
}

static void
test_request_links(void)
{
	char	*s;

	parse("per_page=10&q=a+b%2Fc&page=2");
	s = req_link(&r, 3);
	ASSERT_STR(s, "/api/v1/datasets?per_page=10&q=a%20b%2Fc&page=3");
	free(s);
	s = req_link(&r, 1);
	ASSERT_STR(s, "/api/v1/datasets?per_page=10&q=a%20b%2Fc");
	free(s);
	parse("");
	s = req_link(&r, 2);
	ASSERT_STR(s, "/api/v1/datasets?page=2");
	free(s);
}

static void
test_request_canonical(void)
{
	char	*a, *b;

	parse("per_page=10&page=2&state=pa,OH");
	a = req_canonical(&r);
	parse("state=PA,oh&page=2&per_page=10");
	b = req_canonical(&r);
	ASSERT_STR(a, b);
	ASSERT_STR(a, "datasets_list\n\npage=2\nper_page=10\nstate=PA,OH\njson\n");
	free(b);
	r.csv = 1;
	b = req_canonical(&r);
	ASSERT_TRUE(strcmp(a, b) != 0);
	free(a);
	free(b);
}

static void
test_request_etag_match(void)
{
	const char	*tag = "\"7-00ff\"";

	ASSERT_TRUE(req_etag_match("\"7-00ff\"", tag));
	ASSERT_TRUE(req_etag_match("W/\"7-00ff\"", tag));
	ASSERT_TRUE(req_etag_match("\"x\", W/\"7-00ff\"", tag));
	ASSERT_TRUE(req_etag_match("*", tag));
	ASSERT_TRUE(!req_etag_match("\"6-00ff\"", tag));
	ASSERT_TRUE(!req_etag_match("7-00ff", tag));
	ASSERT_TRUE(!req_etag_match("\"7-00ff", tag));
	ASSERT_TRUE(!req_etag_match("", tag));
}

int
main(void)
{
	T_RUN(test_request_good);
	T_RUN(test_request_empty_query);
	T_RUN(test_request_decoding);
	T_RUN(test_request_trimmed);
	T_RUN(test_request_bad_nul);
	T_RUN(test_request_bad_escape);
	T_RUN(test_request_bad_empty);
	T_RUN(test_request_bad_duplicate);
	T_RUN(test_request_bad_unknown);
	T_RUN(test_request_bad_many);
	T_RUN(test_request_bad_value_echo);
	T_RUN(test_request_required);
	T_RUN(test_request_bad_required_missing);
	T_RUN(test_request_bad_required_invalid);
	T_RUN(test_request_format);
	T_RUN(test_request_fields);
	T_RUN(test_request_uri_too_long);
	T_RUN(test_request_accept);
	T_RUN(test_request_accept_bad);
	T_RUN(test_request_paging);
	T_RUN(test_request_links);
	T_RUN(test_request_canonical);
	T_RUN(test_request_etag_match);
	done();
	return T_EXIT;
}

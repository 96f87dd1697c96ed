/*
 * resp.c -- HTTP statuses and API error codes (enum + table, R3), the
 * problem list every error answer is rendered from, and the helpers
 * handlers use to record an error and get its status back (R11).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "resp.h"
#include "util.h"

#define ECHO_MAX	200	/* bytes of a value echoed in details */

static const struct {
	int		 code;
	const char	*reason;
} https[HTTP__MAX] = {
	[HTTP_200] = { 200, "OK" },
	[HTTP_204] = { 204, "No Content" },
	[HTTP_304] = { 304, "Not Modified" },
	[HTTP_400] = { 400, "Bad Request" },
	[HTTP_404] = { 404, "Not Found" },
	[HTTP_405] = { 405, "Method Not Allowed" },
	[HTTP_406] = { 406, "Not Acceptable" },
	[HTTP_414] = { 414, "URI Too Long" },
	[HTTP_429] = { 429, "Too Many Requests" },
	[HTTP_500] = { 500, "Internal Server Error" },
	[HTTP_503] = { 503, "Service Unavailable" },
};

static const struct {
	const char	*name;
	enum http	 status;
} errs[ERR__MAX] = {
	[ERR_INVALID_PARAMETER] = { "invalid_parameter", HTTP_400 },
	[ERR_UNKNOWN_PARAMETER] = { "unknown_parameter", HTTP_400 },
	[ERR_DUPLICATE_PARAMETER] = { "duplicate_parameter", HTTP_400 },
	[ERR_NOT_FOUND] = { "not_found", HTTP_404 },
	[ERR_METHOD_NOT_ALLOWED] = { "method_not_allowed", HTTP_405 },
	[ERR_NOT_ACCEPTABLE] = { "not_acceptable", HTTP_406 },
	[ERR_URI_TOO_LONG] = { "uri_too_long", HTTP_414 },
	[ERR_RATE_LIMITED] = { "rate_limited", HTTP_429 },
	[ERR_SERVICE_UNAVAILABLE] = { "service_unavailable", HTTP_503 },
	[ERR_INTERNAL_ERROR] = { "internal_error", HTTP_500 },
};

/* The numeric status (404). */
int
http_code(enum http h)
{
	if (h >= HTTP__MAX)
		abort();
	return https[h].code;
}

/* The reason phrase ("Not Found"); static storage. */
const char *
http_reason(enum http h)
{
	if (h >= HTTP__MAX)
		abort();
	return https[h].reason;
}

/* The API's name of an error code ("invalid_parameter"); static. */
const char *
err_name(enum errcode e)
{
	if (e >= ERR__MAX)
		abort();
	return errs[e].name;
}

/* The HTTP status an error code answers with. */
enum http
err_status(enum errcode e)
{
	if (e >= ERR__MAX)
		abort();
	return errs[e].status;
}

/*
 * Records one problem in rs.  param (NULL if not about a parameter) and
 * the message are copied; value (vlen bytes, NULL for none) is copied
 * as valid UTF-8, cut at 200 bytes, so it can be echoed safely.
 */
void
resp_problem(struct resp *rs, enum errcode code, const char *param,
    const char *value, size_t vlen, const char *fmt, ...)
{
	struct problem	*p;
	char		 msg[512];
	va_list		 ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	rs->problems = xreallocarray(rs->problems, rs->nproblems + 1,
	    sizeof(*rs->problems));
	p = &rs->problems[rs->nproblems++];
	p->code = code;
	p->param = param != NULL ? utf8_sanitize(param, strlen(param),
	    ECHO_MAX) : NULL;
	p->value = value != NULL ? utf8_sanitize(value, vlen, ECHO_MAX) : NULL;
	p->message = utf8_sanitize(msg, strlen(msg), sizeof(msg));
}

/* Records an error not about a parameter; returns its status. */
enum http
resp_error(struct resp *rs, enum errcode code, const char *message)
{
	resp_problem(rs, code, NULL, NULL, 0, "%s", message);
	return err_status(code);
}

/* Records not_found with message; returns HTTP_404. */
enum http
resp_not_found(struct resp *rs, const char *message)
{
	return resp_error(rs, ERR_NOT_FOUND, message);
}

/*
 * Records the API error for a failed db_exec() (its detail is already
 * in the log, never in the answer); returns 503 (with Retry-After) for
 * an unavailable or timed-out database, else 500.
 */
enum http
resp_db_error(struct resp *rs, enum dbrc rc)
{
	switch (rc) {
	case DB_UNAVAILABLE:
		rs->retry_after = 1;
		return resp_error(rs, ERR_SERVICE_UNAVAILABLE,
		    "the database is unavailable; try again shortly");
	case DB_TIMEOUT:
		rs->retry_after = 1;
		return resp_error(rs, ERR_SERVICE_UNAVAILABLE,
		    "the query took too long; try again shortly");
	case DB_ERROR:
		return resp_error(rs, ERR_INTERNAL_ERROR,
		    "internal error; it has been logged");
	case DB_OK:
		break;
	}
	abort();
}

/* Frees everything rs owns (not rs); rs may be reused. */
void
resp_free(struct resp *rs)
{
	size_t	 i;

	json_object_put(rs->data);
	json_object_put(rs->sources);
	json_object_put(rs->meta);
	json_object_put(rs->body);
	json_object_put(rs->error_extra);
	for (i = 0; i < rs->nproblems; i++) {
		free(rs->problems[i].param);
		free(rs->problems[i].value);
		free(rs->problems[i].message);
	}
	free(rs->problems);
	memset(rs, 0, sizeof(*rs));
}

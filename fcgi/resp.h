/*
 * resp.h -- what a handler answers (R7): HTTP statuses and API error
 * codes as enums with tables (R3), the problem list, and the
 * ...OrError helpers that record an error and return its status (R11).
 */
#ifndef HF_RESP_H
#define HF_RESP_H

#include <stddef.h>
#include <stdint.h>

#include "db.h"
#include "util.h"

struct json_object;

enum http {
	HTTP_200,
	HTTP_204,
	HTTP_304,
	HTTP_400,
	HTTP_404,
	HTTP_405,
	HTTP_406,
	HTTP_414,
	HTTP_429,
	HTTP_500,
	HTTP_503,
	HTTP__MAX
};

enum errcode {
	ERR_INVALID_PARAMETER,
	ERR_UNKNOWN_PARAMETER,
	ERR_DUPLICATE_PARAMETER,
	ERR_NOT_FOUND,
	ERR_METHOD_NOT_ALLOWED,
	ERR_NOT_ACCEPTABLE,
	ERR_URI_TOO_LONG,
	ERR_RATE_LIMITED,
	ERR_SERVICE_UNAVAILABLE,
	ERR_INTERNAL_ERROR,
	ERR__MAX
};

/* One entry of error.details; every string owned by the problem. */
struct problem {
	enum errcode	 code;
	char		*param;		/* NULL: not about a parameter */
	char		*value;		/* NULL: no value to echo */
	char		*message;
};

/*
 * The answer a handler builds; server.c renders it once.  Every pointer
 * except raw is owned by the resp and released by resp_free().
 */
struct resp {
	struct json_object	*data;	/* the list array or the one object */
	struct json_object	*sources; /* meta.sources, an array */
	struct json_object	*meta;	/* more members of a list's meta
					   (query, facets), or NULL */
	struct json_object	*body;	/* a whole body instead (health) */
	struct json_object	*error_extra; /* more members of the error
					   object (successors), or NULL */
	const unsigned char	*raw;	/* a static body (openapi); borrowed */
	size_t			 rawlen;
	int			 list;	/* data is a page of a list */
	int64_t			 total;
	int64_t			 page;
	int64_t			 per_page;
	struct problem		*problems;
	size_t			 nproblems;
	int			 retry_after; /* send Retry-After */
	long long		 rows;	/* for the log */
};

int		 http_code(enum http);
const char	*http_reason(enum http);
const char	*err_name(enum errcode);
enum http	 err_status(enum errcode);

void		 resp_problem(struct resp *, enum errcode, const char *,
		    const char *, size_t, const char *, ...) HF_PRINTF(6, 7);
enum http	 resp_error(struct resp *, enum errcode, const char *);
enum http	 resp_not_found(struct resp *, const char *);
enum http	 resp_db_error(struct resp *, enum dbrc);
void		 resp_free(struct resp *);

#endif /* HF_RESP_H */

/*
 * handlers/openapi.c -- GET /api/v1/openapi.json
 */
#include "handlers/handlers.h"
#include "request.h"
#include "resp.h"

/* Query parameters GET /api/v1/openapi.json accepts: none. */
const struct param openapi_params[] = {
	PARAM_END
};

/*
 * GET /api/v1/openapi.json
 * The OpenAPI document, embedded at build time from fcgi/openapi.json
 * (fcgi/openapi.gen.c).  Returns 200 with it in rs->raw, 400 for any
 * query parameter.  rs->raw is static storage, borrowed.
 */
enum http
h_openapi(struct req *r, struct resp *rs)
{
	if (req_params(r, rs, openapi_params) == -1)
		return HTTP_400;

	rs->raw = openapi_json;
	rs->rawlen = openapi_json_len;
	return HTTP_200;
}

/*
 * router.h -- enum route + routes[] (R3): methods, path pattern with
 * {name} segments and their matchers, handler, parameters and item
 * fields.  Method, route, 404/405/OPTIONS are decided here, before any
 * handler runs (R8).
 */
#ifndef HF_ROUTER_H
#define HF_ROUTER_H

#include <stddef.h>
#include <stdio.h>

#include "resp.h"

struct param;
struct req;

enum route {
	ROUTE_HEALTH,
	ROUTE_DATASETS_LIST,
	ROUTE_INSTITUTIONS_LIST,
	ROUTE_INSTITUTION_GET,
	ROUTE_PROGRAMS_LIST,
	ROUTE_PROGRAM_GET,
	ROUTE_CAREERS_LIST,
	ROUTE_CAREER_GET,
	ROUTE_CAREER_STATES,
	ROUTE_CAREER_STATE_GET,
	ROUTE_COMPARE,
	ROUTE_STATE_GET,
	ROUTE_CERTIFICATIONS_LIST,
	ROUTE_CERTIFICATION_GET,
	ROUTE_DEGREES_LIST,
	ROUTE_PATHWAYS,
	ROUTE_SUGGEST,
	ROUTE_OPENAPI,
	ROUTE__MAX
};

enum method {
	METHOD_GET,
	METHOD_HEAD,
	METHOD_OPTIONS,
	METHOD_OTHER,
	METHOD__MAX
};

#define METHOD_BIT(m)	(1u << (m))
#define METHODS_READ	(METHOD_BIT(METHOD_GET) | METHOD_BIT(METHOD_HEAD) | \
			 METHOD_BIT(METHOD_OPTIONS))

#define ROUTE_MAXCAPS	2
#define ROUTE_SEGMAX	64	/* bytes of a canonical {name} segment */

/* How a 200 may be cached. */
enum cache {
	CACHE_DATA,	/* ETag from data version + request, Last-Modified */
	CACHE_STATIC,	/* ETag from the body itself (openapi.json) */
	CACHE_NONE	/* Cache-Control: no-store (health) */
};

/*
 * A {name} path segment and the pure function that accepts it: match
 * returns 1 with the segment's canonical form in out (size sz, at most
 * ROUTE_SEGMAX), which the handler then sees in r->path; 0 is a 404.
 */
struct capture {
	const char	*name;
	int		(*match)(const char *seg, char *out, size_t sz);
};

struct routedef {
	const char		*name;		/* for the log, --dump-routes */
	unsigned		 methods;	/* METHOD_BIT mask */
	const char		*pattern;	/* "/api/v1/institutions/{id}" */
	struct capture		 caps[ROUTE_MAXCAPS];
	enum http		(*handler)(struct req *, struct resp *);
	const struct param	*params;	/* ends with PARAM_END */
	const char *const	*fields;	/* item fields, NULL-terminated */
	int			 list;		/* answers a list (CSV allowed) */
	enum cache		 cache;
};

extern const struct routedef routes[ROUTE__MAX];

enum method	 route_method(const char *);
const char	*route_method_name(enum method);
enum route	 route_match(const char *, char *[ROUTE_MAXCAPS]);
int		 route_decide(struct req *, struct resp *, enum http *);
int		 route_match_id(const char *, char *, size_t);
void		 route_allow(enum route, char *, size_t);
void		 route_dump(FILE *);

#endif /* HF_ROUTER_H */

/*
 * router.c -- the routes[] table and the decisions taken before any
 * handler runs (R8, kcgi sample.c): unknown path -> 404, OPTIONS -> 204
 * (CORS preflight), a method other than GET/HEAD/OPTIONS -> 405.
 *
 * Paths are matched segment by segment against the decoded path
 * (DOCUMENT_URI).  A trailing slash is NOT normalised:
 * /api/v1/health/ is a 404 like any other unknown path, so every
 * resource has exactly one URL (and one cache key).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "handlers/handlers.h"
#include "request.h"
#include "router.h"
#include "util.h"
#include "valid.h"

const struct routedef routes[ROUTE__MAX] = {
	[ROUTE_HEALTH] = {
		.name = "health",
		.methods = METHODS_READ,
		.pattern = "/api/v1/health",
		.handler = h_health,
		.params = health_params,
		.fields = health_fields,
		.list = 0,
		.cache = CACHE_NONE,
	},
	[ROUTE_DATASETS_LIST] = {
		.name = "datasets_list",
		.methods = METHODS_READ,
		.pattern = "/api/v1/datasets",
		.handler = h_datasets_list,
		.params = datasets_list_params,
		.fields = dataset_fields,
		.list = 1,
		.cache = CACHE_DATA,
	},
	[ROUTE_INSTITUTIONS_LIST] = {
		.name = "institutions_list",
		.methods = METHODS_READ,
		.pattern = "/api/v1/institutions",
		.handler = h_institutions_list,
		.params = institutions_list_params,
		.fields = institution_list_fields,
		.list = 1,
		.cache = CACHE_DATA,
	},
	[ROUTE_INSTITUTION_GET] = {
		.name = "institution_get",
		.methods = METHODS_READ,
		.pattern = "/api/v1/institutions/{id}",
		.caps = { { "id", route_match_id } },
		.handler = h_institution_get,
		.params = institution_get_params,
		.fields = institution_fields,
		.list = 0,
		.cache = CACHE_DATA,
	},
	[ROUTE_PROGRAMS_LIST] = {
		.name = "programs_list",
		.methods = METHODS_READ,
		.pattern = "/api/v1/programs",
		.handler = h_programs_list,
		.params = programs_list_params,
		.fields = program_fields,
		.list = 1,
		.cache = CACHE_DATA,
	},
	[ROUTE_PROGRAM_GET] = {
		.name = "program_get",
		.methods = METHODS_READ,
		.pattern = "/api/v1/programs/{id}",
		.caps = { { "id", route_match_id } },
		.handler = h_program_get,
		.params = program_get_params,
		.fields = program_get_fields,
		.list = 0,
		.cache = CACHE_DATA,
	},
	[ROUTE_CAREERS_LIST] = {
		.name = "careers_list",
		.methods = METHODS_READ,
		.pattern = "/api/v1/careers",
		.handler = h_careers_list,
		.params = careers_list_params,
		.fields = career_list_fields,
		.list = 1,
		.cache = CACHE_DATA,
	},
	[ROUTE_CAREER_GET] = {
		.name = "career_get",
		.methods = METHODS_READ,
		.pattern = "/api/v1/careers/{soc}",
		.caps = { { "soc", valid_soc_segment } },
		.handler = h_career_get,
		.params = career_get_params,
		.fields = career_fields,
		.list = 0,
		.cache = CACHE_DATA,
	},
	[ROUTE_CAREER_STATES] = {
		.name = "career_states",
		.methods = METHODS_READ,
		.pattern = "/api/v1/careers/{soc}/states",
		.caps = { { "soc", valid_soc_segment } },
		.handler = h_career_states,
		.params = career_states_params,
		.fields = career_state_fields,
		.list = 1,
		.cache = CACHE_DATA,
	},
	[ROUTE_CAREER_STATE_GET] = {
		.name = "career_state_get",
		.methods = METHODS_READ,
		.pattern = "/api/v1/careers/{soc}/states/{state}",
		.caps = { { "soc", valid_soc_segment },
		    { "state", valid_state_segment } },
		.handler = h_career_state_get,
		.params = career_state_get_params,
		.fields = career_state_get_fields,
		.list = 0,
		.cache = CACHE_DATA,
	},
	[ROUTE_COMPARE] = {
		.name = "compare",
		.methods = METHODS_READ,
		.pattern = "/api/v1/compare",
		.handler = h_compare,
		.params = compare_params,
		.fields = compare_fields,
		.list = 0,
		.cache = CACHE_DATA,
	},
	[ROUTE_STATE_GET] = {
		.name = "state_get",
		.methods = METHODS_READ,
		.pattern = "/api/v1/states/{state}",
		.caps = { { "state", valid_state_segment } },
		.handler = h_state_get,
		.params = state_get_params,
		.fields = state_fields,
		.list = 0,
		.cache = CACHE_DATA,
	},
	[ROUTE_CERTIFICATIONS_LIST] = {
		.name = "certifications_list",
		.methods = METHODS_READ,
		.pattern = "/api/v1/certifications",
		.handler = h_certifications_list,
		.params = certifications_list_params,
		.fields = certification_fields,
		.list = 1,
		.cache = CACHE_DATA,
	},
	[ROUTE_CERTIFICATION_GET] = {
		.name = "certification_get",
		.methods = METHODS_READ,
		.pattern = "/api/v1/certifications/{code}",
		.caps = { { "code", valid_cert_segment } },
		.handler = h_certification_get,
		.params = certification_get_params,
		.fields = certification_fields,
		.list = 0,
		.cache = CACHE_DATA,
	},
	[ROUTE_DEGREES_LIST] = {
		.name = "degrees_list",
		.methods = METHODS_READ,
		.pattern = "/api/v1/degrees",
		.handler = h_degrees_list,
		.params = degrees_list_params,
		.fields = degree_fields,
		.list = 1,
		.cache = CACHE_DATA,
	},
	[ROUTE_PATHWAYS] = {
		.name = "pathways",
		.methods = METHODS_READ,
		.pattern = "/api/v1/pathways",
		.handler = h_pathways,
		.params = pathways_params,
		.fields = pathway_fields,
		.list = 0,
		.cache = CACHE_DATA,
	},
	[ROUTE_SUGGEST] = {
		.name = "suggest",
		.methods = METHODS_READ,
		.pattern = "/api/v1/suggest",
		.handler = h_suggest,
		.params = suggest_params,
		.fields = suggest_fields,
		.list = 0,
		.cache = CACHE_DATA,
	},
	[ROUTE_OPENAPI] = {
		.name = "openapi",
		.methods = METHODS_READ,
		.pattern = "/api/v1/openapi.json",
		.handler = h_openapi,
		.params = openapi_params,
		.fields = NULL,
		.list = 0,
		.cache = CACHE_STATIC,
	},
};

static const char *const methods[METHOD__MAX] = {
	[METHOD_GET] = "GET",
	[METHOD_HEAD] = "HEAD",
	[METHOD_OPTIONS] = "OPTIONS",
	[METHOD_OTHER] = NULL,
};

/* The method REQUEST_METHOD names (case-sensitive, RFC 7231 4.1). */
enum method
route_method(const char *s)
{
	size_t	 i;

	for (i = 0; i < METHOD_OTHER; i++)
		if (strcmp(s, methods[i]) == 0)
			return (enum method)i;
	return METHOD_OTHER;
}

/* "GET", "HEAD", "OPTIONS", or "OTHER"; static storage. */
const char *
route_method_name(enum method m)
{
	return m < METHOD_OTHER ? methods[m] : "OTHER";
}

/*
 * Matcher for {id}: a positive int64 in canonical decimal (digits only,
 * no sign, no leading zero).  Returns 1 with seg copied to out (size sz)
 * if it is one, else 0.
 */
int
route_match_id(const char *seg, char *out, size_t sz)
{
	const char	*s;
	long long	 v;
	char		*end;

	if (*seg < '1' || *seg > '9' || strlen(seg) + 1 > sz)
		return 0;
	for (s = seg; *s != '\0'; s++)
		if (*s < '0' || *s > '9')
			return 0;
	errno = 0;
	v = strtoll(seg, &end, 10);
	if (errno == ERANGE || *end != '\0' || v <= 0)
		return 0;
	memcpy(out, seg, strlen(seg) + 1);
	return 1;
}

/* Frees the captured segments and NULLs them. */
static void
caps_free(char *caps[ROUTE_MAXCAPS])
{
	size_t	 i;

	for (i = 0; i < ROUTE_MAXCAPS; i++) {
		free(caps[i]);
		caps[i] = NULL;
	}
}

/*
 * Returns 1 and fills caps (owned by the caller; each the canonical
 * form its matcher gave) if path matches rt.
 */
static int
route_try(const struct routedef *rt, const char *path, char *caps[ROUTE_MAXCAPS])
{
	const char	*p = rt->pattern, *s = path, *pe, *se;
	char		 canon[ROUTE_SEGMAX];
	size_t		 ncap = 0, pl, sl;

	while (*p != '\0' && *s != '\0') {
		if (*p != '/' || *s != '/')
			goto fail;
		p++;
		s++;
		pe = p + strcspn(p, "/");
		se = s + strcspn(s, "/");
		pl = (size_t)(pe - p);
		sl = (size_t)(se - s);
		if (*p == '{') {
			if (sl == 0 || ncap == ROUTE_MAXCAPS ||
			    rt->caps[ncap].match == NULL)
				goto fail;
			caps[ncap] = xstrndup(s, sl);
			if (!rt->caps[ncap].match(caps[ncap], canon,
			    sizeof(canon)))
				goto fail;
			free(caps[ncap]);
			caps[ncap++] = xstrdup(canon);
		} else if (pl != sl || memcmp(p, s, pl) != 0)
			goto fail;
		p = pe;
		s = se;
	}
	if (*p == '\0' && *s == '\0')
		return 1;
fail:
	caps_free(caps);
	return 0;
}

/*
 * Returns the route whose pattern matches path, or ROUTE__MAX.  On a
 * match caps[] holds the {name} segments (caller owns and frees them).
 */
enum route
route_match(const char *path, char *caps[ROUTE_MAXCAPS])
{
	size_t	 i;

	for (i = 0; i < ROUTE_MAXCAPS; i++)
		caps[i] = NULL;
	for (i = 0; i < ROUTE__MAX; i++)
		if (route_try(&routes[i], path, caps))
			return (enum route)i;
	return ROUTE__MAX;
}

/*
 * Writes the Allow header value of route rt ("GET, HEAD, OPTIONS")
 * into dst of size sz.
 */
void
route_allow(enum route rt, char *dst, size_t sz)
{
	size_t	 i, o = 0;

	dst[0] = '\0';
	for (i = 0; i < METHOD_OTHER && rt < ROUTE__MAX; i++)
		if (routes[rt].methods & METHOD_BIT(i) && o + 12 < sz)
			o += (size_t)snprintf(dst + o, sz - o, "%s%s",
			    o ? ", " : "", methods[i]);
}

/*
 * Routes r (sets r->route and r->path) and decides what needs no
 * handler.  Returns 0 if the handler may run, or -1 with *st set: 404
 * (no such path, rs holds not_found), 204 (OPTIONS preflight) or 405
 * (rs holds method_not_allowed; the caller adds Allow).
 */
int
route_decide(struct req *r, struct resp *rs, enum http *st)
{
	r->route = route_match(r->docuri, r->path);
	if (r->route == ROUTE__MAX) {
		*st = resp_not_found(rs, "no such resource");
		return -1;
	}
	if (r->method == METHOD_OPTIONS &&
	    (routes[r->route].methods & METHOD_BIT(METHOD_OPTIONS))) {
		*st = HTTP_204;
		return -1;
	}
	if (r->method == METHOD_OTHER ||
	    !(routes[r->route].methods & METHOD_BIT(r->method))) {
		resp_problem(rs, ERR_METHOD_NOT_ALLOWED, NULL, NULL, 0,
		    "method %.16s is not allowed here; use GET, HEAD or OPTIONS",
		    r->method_name);
		*st = HTTP_405;
		return -1;
	}
	return 0;
}

/* Returns a new JSON array of the strings (NULL-terminated) or null. */
static struct json_object *
strings_array(const char *const *s)
{
	struct json_object	*a;

	if (s == NULL)
		return NULL;
	a = json_object_new_array();
	for (; *s != NULL; s++)
		json_object_array_add(a, json_object_new_string(*s));
	return a;
}

/*
 * Prints every route as JSON on f (--dump-routes): name, path pattern,
 * methods, path parameters, query parameters and item fields, so a test
 * can compare them with openapi.json.
 */
void
route_dump(FILE *f)
{
	struct json_object	*root, *arr, *o, *a;
	const struct param	*p;
	size_t			 i, k;

	root = json_object_new_object();
	arr = json_object_new_array();
	for (i = 0; i < ROUTE__MAX; i++) {
		o = json_object_new_object();
		json_object_object_add(o, "name",
		    json_object_new_string(routes[i].name));
		json_object_object_add(o, "path",
		    json_object_new_string(routes[i].pattern));
		a = json_object_new_array();
		for (k = 0; k < METHOD_OTHER; k++)
			if (routes[i].methods & METHOD_BIT(k))
				json_object_array_add(a,
				    json_object_new_string(methods[k]));
		json_object_object_add(o, "methods", a);
		a = json_object_new_array();
		for (k = 0; k < ROUTE_MAXCAPS && routes[i].caps[k].name; k++)
			json_object_array_add(a,
			    json_object_new_string(routes[i].caps[k].name));
		json_object_object_add(o, "path_params", a);
		a = json_object_new_array();
		for (p = routes[i].params; p->name != NULL; p++)
			json_object_array_add(a, json_object_new_string(p->name));
		json_object_object_add(o, "params", a);
		json_object_object_add(o, "fields",
		    strings_array(routes[i].fields));
		json_object_object_add(o, "list",
		    json_object_new_boolean(routes[i].list));
		json_object_array_add(arr, o);
	}
	json_object_object_add(root, "routes", arr);
	fprintf(f, "%s\n", json_object_to_json_string_ext(root,
	    JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(root);
}

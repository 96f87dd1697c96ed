/*
 * json.c -- answers shaped in one place (R17, kcgijson).
 *
 * Lists:  {"data": [...], "meta": {"total", "page", "per_page", "pages",
 *          "data_version", "sources", [rs->meta: "query", "facets"]},
 *          "links": {"self", "next", "prev"}}
 * One:    {"data": {...}, "meta": {"data_version", "sources"}}
 * Errors: {"error": {"status", "code", "parameter", "message",
 *          "details": [{"code", "parameter", "value", "message"}, ...],
 *          [rs->error_extra: "successors"]}}
 *         (the top level repeats the first detail)
 *
 * CSV (format=csv or Accept: text/csv on a list route): RFC 4180, CRLF
 * line ends, a header row; nested objects are flattened with dots
 * (location.lat), arrays are joined with ';', null is an empty field;
 * a field holding , " CR or LF is quoted and its quotes doubled.  The
 * columns are the union of the items' flattened keys in order of first
 * appearance; an empty list gets the (projected) top-level field names.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "json.h"
#include "log.h"
#include "router.h"
#include "util.h"

#define JSON_FLAGS	(JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE)

/* Serialises o; the text (length in *len if non-NULL) dies with o. */
const char *
json_text(struct json_object *o, size_t *len)
{
	size_t	 n = 0;
	const char	*s;

	s = json_object_to_json_string_length(o, JSON_FLAGS, &n);
	if (len != NULL)
		*len = n;
	return s;
}

/*
 * Returns 1 if s is a number in JSON's grammar (RFC 8259 section 6):
 * -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?, else 0.
 */
static int
json_number_text(const char *s)
{
	if (*s == '-')
		s++;
	if (*s == '0')
		s++;
	else if (*s >= '1' && *s <= '9')
		while (*s >= '0' && *s <= '9')
			s++;
	else
		return 0;
	if (*s == '.') {
		if (*++s < '0' || *s > '9')
			return 0;
		while (*s >= '0' && *s <= '9')
			s++;
	}
	if (*s == 'e' || *s == 'E') {
		if (*++s == '+' || *s == '-')
			s++;
		if (*s < '0' || *s > '9')
			return 0;
		while (*s >= '0' && *s <= '9')
			s++;
	}
	return *s == '\0';
}

/*
 * Returns a JSON number keeping PostgreSQL's exact text v (so 0.1 is
 * printed 0.1), or null for NaN/Infinity/junk.  Caller owns the result.
 */
struct json_object *
json_number(const char *v)
{
	char	*end;
	double	 d;

	d = strtod(v, &end);
	if (end == v || *end != '\0' || !isfinite(d))
		return NULL;
	/* strtod also takes "0x10", " 1", "+1", "1.": keep the text only if it is JSON. */
	if (!json_number_text(v))
		return json_object_new_double(d);
	return json_object_new_double_s(d, v);
}

/* Returns a JSON number for d, or null if d is not finite. */
struct json_object *
json_double(double d)
{
	return isfinite(d) ? json_object_new_double(d) : NULL;
}

/*
 * Column number of name in res (PQfnumber, once per result: R15).  A
 * missing column is a bug in stmts[]: logged, then abort().
 */
int
json_pg_col(const PGresult *res, const char *name)
{
	int	 c;

	if ((c = PQfnumber(res, name)) < 0) {
		LOG_ERROR("json", "result has no column %s", name);
		abort();
	}
	return c;
}

/* Text value, or null (NULL).  Caller owns the result. */
struct json_object *
json_pg_str(const PGresult *res, int row, int col)
{
	if (PQgetisnull(res, row, col))
		return NULL;
	return json_object_new_string(PQgetvalue(res, row, col));
}

/* int8/int4 value, or null.  Caller owns the result. */
struct json_object *
json_pg_int(const PGresult *res, int row, int col)
{
	if (PQgetisnull(res, row, col))
		return NULL;
	return json_object_new_int64(strtoll(PQgetvalue(res, row, col),
	    NULL, 10));
}

/* float8/numeric value as PG wrote it, or null.  Caller owns it. */
struct json_object *
json_pg_num(const PGresult *res, int row, int col)
{
	if (PQgetisnull(res, row, col))
		return NULL;
	return json_number(PQgetvalue(res, row, col));
}

/* boolean value (t/f), or null.  Caller owns the result. */
struct json_object *
json_pg_bool(const PGresult *res, int row, int col)
{
	if (PQgetisnull(res, row, col))
		return NULL;
	return json_object_new_boolean(*PQgetvalue(res, row, col) == 't');
}

/*
 * The child's one tokener, reset for each value: json_tokener_parse()
 * would allocate and free a tokener (its state stack and buffer) for
 * every json column of every row.  Workers are single-threaded.
 */
static struct json_tokener	*tokener;

/* text (JSON from the database) parsed, or NULL.  Caller owns it. */
struct json_object *
json_parse(const char *text)
{
	if (tokener == NULL && (tokener = json_tokener_new()) == NULL) {
		LOG_ERROR("json", "out of memory");
		abort();
	}
	json_tokener_reset(tokener);
	return json_tokener_parse_ex(tokener, text, -1);
}

/* A json/jsonb value parsed, or null.  Caller owns the result. */
struct json_object *
json_pg_json(const PGresult *res, int row, int col)
{
	if (PQgetisnull(res, row, col))
		return NULL;
	return json_parse(PQgetvalue(res, row, col));
}

/* Skips JSON white space. */
static const char *
flat_ws(const char *s)
{
	while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
		s++;
	return s;
}

/*
 * A JSON string at s without escapes or control characters: its
 * content in *p and *n; returns the byte after the closing quote, or
 * NULL (anything else: the caller falls back to json-c).
 */
static const char *
flat_str(const char *s, const char **p, size_t *n)
{
	const char	*e;

	if (*s != '"')
		return NULL;
	for (e = s + 1; *e != '"'; e++)
		if (*e == '\\' || (unsigned char)*e < 0x20)
			return NULL;
	*p = s + 1;
	*n = (size_t)(e - s - 1);
	return e + 1;
}

/*
 * Scans s, the text of a flat JSON object whose members are all
 * strings without escapes or null -- what the read model's flag and
 * accreditation objects are ({"median": "not_loaded", "since": null})
 * -- into m[0..max) without allocating: keys and values point into s (a
 * null value: val NULL).  Returns the number of members, or -1 if s is
 * anything else or has more than max members (then parse it with
 * json-c).
 */
int
json_flat_scan(const char *s, struct json_flat *m, int max)
{
	int	 n = 0;

	s = flat_ws(s);
	if (*s++ != '{')
		return -1;
	s = flat_ws(s);
	if (*s == '}')
		return *flat_ws(s + 1) == '\0' ? 0 : -1;
	for (;;) {
		if (n == max)
			return -1;
		if ((s = flat_str(s, &m[n].key, &m[n].klen)) == NULL)
			return -1;
		s = flat_ws(s);
		if (*s++ != ':')
			return -1;
		s = flat_ws(s);
		if (strncmp(s, "null", 4) == 0) {
			m[n].val = NULL;
			m[n].vlen = 0;
			s += 4;
		} else if ((s = flat_str(s, &m[n].val, &m[n].vlen)) == NULL)
			return -1;
		n++;
		s = flat_ws(s);
		if (*s == '}')
			return *flat_ws(s + 1) == '\0' ? n : -1;
		if (*s++ != ',')
			return -1;
		s = flat_ws(s);
	}
}

/*
 * Scans s, the text of a JSON array of strings without escapes (["RHIT",
 * "CCA"]), into the val/vlen of m[0..max) like json_flat_scan().
 * Returns the number of strings, or -1.
 */
int
json_flat_strings(const char *s, struct json_flat *m, int max)
{
	int	 n = 0;

	s = flat_ws(s);
	if (*s++ != '[')
		return -1;
	s = flat_ws(s);
	if (*s == ']')
		return *flat_ws(s + 1) == '\0' ? 0 : -1;
	for (;;) {
		if (n == max)
			return -1;
		m[n].key = NULL;
		m[n].klen = 0;
		if ((s = flat_str(s, &m[n].val, &m[n].vlen)) == NULL)
			return -1;
		n++;
		s = flat_ws(s);
		if (*s == ']')
			return *flat_ws(s + 1) == '\0' ? n : -1;
		if (*s++ != ',')
			return -1;
		s = flat_ws(s);
	}
}

/* The value of member f as a new JSON string, or NULL (null). */
struct json_object *
json_flat_value(const struct json_flat *f)
{
	return f->val != NULL ? json_object_new_string_len(f->val,
	    (int)f->vlen) : NULL;
}

/* The index of key among m[0..n), or -1. */
int
json_flat_find(const struct json_flat *m, int n, const char *key)
{
	size_t	 len = strlen(key);
	int	 i;

	for (i = 0; i < n; i++)
		if (m[i].klen == len && memcmp(m[i].key, key, len) == 0)
			return i;
	return -1;
}

/* The value of key among m[0..n) as a new JSON string, or NULL. */
struct json_object *
json_flat_get(const struct json_flat *m, int n, const char *key)
{
	int	 i;

	return (i = json_flat_find(m, n, key)) >= 0 ?
	    json_flat_value(&m[i]) : NULL;
}

/* m[0..n) of json_flat_scan() as a new object, in their order. */
struct json_object *
json_flat_object(const struct json_flat *m, int n)
{
	struct json_object	*o = json_object_new_object();
	char			*key;
	int			 i;

	for (i = 0; i < n; i++) {
		key = xstrndup(m[i].key, m[i].klen);
		json_object_object_add(o, key, json_flat_value(&m[i]));
		free(key);
	}
	return o;
}

/* m[0..n) of json_flat_strings() as a new array. */
struct json_object *
json_flat_array(const struct json_flat *m, int n)
{
	struct json_object	*a = json_object_new_array_ext(n);
	int			 i;

	for (i = 0; i < n; i++)
		json_object_array_add(a, json_flat_value(&m[i]));
	return a;
}

/* Frees what json.c keeps between requests (at the child's exit). */
void
json_cleanup(void)
{
	if (tokener != NULL)
		json_tokener_free(tokener);
	tokener = NULL;
}

/* Returns a string or null for s (caller owns it). */
static struct json_object *
str_or_null(const char *s)
{
	return s != NULL ? json_object_new_string(s) : NULL;
}

/*
 * Returns {"error": {...}} for the problems in rs answered with status
 * st (an internal_error if rs holds none), with the members of
 * rs->error_extra (shared) after details.  Caller owns the result.
 */
struct json_object *
json_error_envelope(const struct resp *rs, enum http st)
{
	struct json_object	*root, *err, *details, *d;
	const struct problem	*p;
	struct problem		 fallback = { ERR_INTERNAL_ERROR, NULL, NULL,
				    "internal error" };
	size_t			 i, n = rs->nproblems;

	p = n > 0 ? &rs->problems[0] : &fallback;
	err = json_object_new_object();
	json_add_const(err, "status",
	    json_object_new_int(http_code(st)));
	json_add_const(err, "code",
	    json_object_new_string(err_name(p->code)));
	json_add_const(err, "parameter", str_or_null(p->param));
	json_add_const(err, "message",
	    json_object_new_string(p->message));
	details = json_object_new_array();
	for (i = 0; i < (n > 0 ? n : 1); i++) {
		p = n > 0 ? &rs->problems[i] : &fallback;
		d = json_object_new_object();
		json_add_const(d, "code",
		    json_object_new_string(err_name(p->code)));
		json_add_const(d, "parameter", str_or_null(p->param));
		json_add_const(d, "value", str_or_null(p->value));
		json_add_const(d, "message",
		    json_object_new_string(p->message));
		json_object_array_add(details, d);
	}
	json_add_const(err, "details", details);
	if (rs->error_extra != NULL) {
		json_object_object_foreach(rs->error_extra, key, val)
			json_object_object_add(err, key, json_object_get(val));
	}
	root = json_object_new_object();
	json_add_const(root, "error", err);
	return root;
}

/* meta.data_version (null if unknown, version < 0) and meta.sources. */
static void
meta_common(struct json_object *meta, const struct resp *rs, int64_t version)
{
	json_add_const(meta, "data_version",
	    version >= 0 ? json_object_new_int64(version) : NULL);
	json_add_const(meta, "sources", rs->sources != NULL ?
	    json_object_get(rs->sources) : json_object_new_array());
}

/*
 * Returns the list envelope around rs->data (shared, not moved) with
 * rs->total/page/per_page, the data version (< 0: null), the members of
 * rs->meta (shared) after them, and the links (NULL: null).  Caller
 * owns the result.
 */
struct json_object *
json_list_envelope(const struct resp *rs, int64_t version, const char *self,
    const char *next, const char *prev)
{
	struct json_object	*root, *meta, *links;
	int64_t			 pages;

	pages = rs->per_page > 0 ?
	    (rs->total + rs->per_page - 1) / rs->per_page : 0;
	root = json_object_new_object();
	json_add_const(root, "data", rs->data != NULL ?
	    json_object_get(rs->data) : json_object_new_array());
	meta = json_object_new_object();
	json_add_const(meta, "total", json_object_new_int64(rs->total));
	json_add_const(meta, "page", json_object_new_int64(rs->page));
	json_add_const(meta, "per_page",
	    json_object_new_int64(rs->per_page));
	json_add_const(meta, "pages", json_object_new_int64(pages));
	meta_common(meta, rs, version);
	if (rs->meta != NULL) {
		json_object_object_foreach(rs->meta, key, val)
			json_object_object_add(meta, key, json_object_get(val));
	}
	json_add_const(root, "meta", meta);
	links = json_object_new_object();
	json_add_const(links, "self", str_or_null(self));
	json_add_const(links, "next", str_or_null(next));
	json_add_const(links, "prev", str_or_null(prev));
	json_add_const(root, "links", links);
	return root;
}

/*
 * Returns {"data": rs->data (shared), "meta": {data_version, sources,
 * the members of rs->meta (shared)}}; caller owns it.
 */
struct json_object *
json_one_envelope(const struct resp *rs, int64_t version)
{
	struct json_object	*root, *meta;

	root = json_object_new_object();
	json_add_const(root, "data", json_object_get(rs->data));
	meta = json_object_new_object();
	meta_common(meta, rs, version);
	if (rs->meta != NULL) {
		json_object_object_foreach(rs->meta, key, val)
			json_object_object_add(meta, key, json_object_get(val));
	}
	json_add_const(root, "meta", meta);
	return root;
}

/* Keeps only the top-level keys of obj named in fields[0..n). */
static void
project_one(struct json_object *obj, const char *const *fields, size_t n)
{
	const char	**drop;
	size_t		 ndrop = 0, i;

	if (!json_object_is_type(obj, json_type_object))
		return;
	drop = xcalloc((size_t)json_object_object_length(obj) + 1,
	    sizeof(*drop));
	json_object_object_foreach(obj, key, val) {
		(void)val;
		for (i = 0; i < n; i++)
			if (strcmp(key, fields[i]) == 0)
				break;
		if (i == n)
			drop[ndrop++] = key;
	}
	for (i = 0; i < ndrop; i++)
		json_object_object_del(obj, drop[i]);
	free(drop);
}

/*
 * fields= projection: keeps only the named top-level fields of obj, or
 * of each item if obj is an array.  n == 0 keeps everything.
 */
void
json_project(struct json_object *obj, const char *const *fields, size_t n)
{
	size_t	 i, len;

	if (obj == NULL || n == 0)
		return;
	if (!json_object_is_type(obj, json_type_array)) {
		project_one(obj, fields, n);
		return;
	}
	len = json_object_array_length(obj);
	for (i = 0; i < len; i++)
		project_one(json_object_array_get_idx(obj, i), fields, n);
}

/* One flattened item: keys[i] = vals[i], all owned. */
struct flat {
	char	**keys;
	char	**vals;
	size_t	  n;
};

/* The CSV text of a scalar (or, inside an array, of anything). */
static void
csv_scalar(struct buf *b, struct json_object *v)
{
	size_t	 i, len;

	switch (json_object_get_type(v)) {
	case json_type_null:
		break;
	case json_type_string:
		buf_add(b, json_object_get_string(v),
		    (size_t)json_object_get_string_len(v));
		break;
	case json_type_array:
		len = json_object_array_length(v);
		for (i = 0; i < len; i++) {
			if (i > 0)
				buf_putc(b, ';');
			csv_scalar(b, json_object_array_get_idx(v, i));
		}
		break;
	default:
		buf_puts(b, json_text(v, NULL));
		break;
	}
}

/* Flattens v under key prefix into f (objects recurse with dots). */
static void
flatten(struct flat *f, const char *prefix, struct json_object *v)
{
	struct buf	 b = { NULL, 0, 0 };
	char		*k;

	if (json_object_is_type(v, json_type_object)) {
		json_object_object_foreach(v, key, val) {
			k = *prefix != '\0' ? xasprintf("%s.%s", prefix, key) :
			    xstrdup(key);
			flatten(f, k, val);
			free(k);
		}
		return;
	}
	csv_scalar(&b, v);
	f->keys = xreallocarray(f->keys, f->n + 1, sizeof(char *));
	f->vals = xreallocarray(f->vals, f->n + 1, sizeof(char *));
	f->keys[f->n] = xstrdup(prefix);
	f->vals[f->n] = buf_take(&b);
	f->n++;
}

/* Appends one CSV field, quoted when it holds , " CR or LF. */
static void
csv_field(struct buf *b, const char *s)
{
	if (strpbrk(s, ",\"\r\n") == NULL) {
		buf_puts(b, s);
		return;
	}
	buf_putc(b, '"');
	for (; *s != '\0'; s++) {
		if (*s == '"')
			buf_putc(b, '"');
		buf_putc(b, *s);
	}
	buf_putc(b, '"');
}

/*
 * Appends array (of objects) as CSV to out, as described at the top.
 * fallback (NULL-terminated, may be NULL) names the columns of an empty
 * array.
 */
void
json_csv(struct json_object *array, const char *const *fallback,
    struct buf *out)
{
	struct flat	*rows;
	const char	**cols = NULL;
	size_t		 nrows, ncols = 0, i, j, k;

	nrows = array != NULL ? json_object_array_length(array) : 0;
	rows = xcalloc(nrows + 1, sizeof(*rows));
	for (i = 0; i < nrows; i++) {
		flatten(&rows[i], "", json_object_array_get_idx(array, i));
		for (j = 0; j < rows[i].n; j++) {
			for (k = 0; k < ncols; k++)
				if (strcmp(cols[k], rows[i].keys[j]) == 0)
					break;
			if (k == ncols) {
				cols = xreallocarray(cols, ncols + 1,
				    sizeof(*cols));
				cols[ncols++] = rows[i].keys[j];
			}
		}
	}
	for (k = 0; nrows == 0 && fallback != NULL && fallback[k]; k++) {
		cols = xreallocarray(cols, ncols + 1, sizeof(*cols));
		cols[ncols++] = fallback[k];
	}
	for (k = 0; k < ncols; k++) {
		if (k > 0)
			buf_putc(out, ',');
		csv_field(out, cols[k]);
	}
	buf_puts(out, "\r\n");
	for (i = 0; i < nrows; i++) {
		for (k = 0; k < ncols; k++) {
			if (k > 0)
				buf_putc(out, ',');
			for (j = 0; j < rows[i].n; j++)
				if (strcmp(cols[k], rows[i].keys[j]) == 0) {
					csv_field(out, rows[i].vals[j]);
					break;
				}
		}
		buf_puts(out, "\r\n");
	}
	for (i = 0; i < nrows; i++) {
		for (j = 0; j < rows[i].n; j++) {
			free(rows[i].keys[j]);
			free(rows[i].vals[j]);
		}
		free(rows[i].keys);
		free(rows[i].vals);
	}
	free(rows);
	free(cols);
}

/* Appends the serialisation of root to out, then releases root. */
static void
emit(struct buf *out, struct json_object *root)
{
	size_t		 len;
	const char	*s;

	s = json_text(root, &len);
	buf_add(out, s, len);
	json_object_put(root);
}

/*
 * Renders the body of the answer (status st, data version version or
 * < 0 if unknown) into out and returns its Content-Type, or NULL when
 * there is no body (204, 304).  fields= is applied here, to rs->data.
 */
const char *
json_render(const struct req *r, struct resp *rs, enum http st,
    int64_t version, struct buf *out)
{
	static const char	*json = "application/json; charset=utf-8";
	const struct pval	*fv;
	struct json_object	*root, *env;
	const char *const	*fields = NULL;
	char			*self, *next = NULL, *prev = NULL;
	size_t			 nf = 0;
	int64_t			 pages;

	if (st == HTTP_204 || st == HTTP_304)
		return NULL;
	if (st != HTTP_200) {
		root = rs->body != NULL ? json_object_get(rs->body) :
		    json_object_new_object();
		env = json_error_envelope(rs, st);
		json_add_const(root, "error",
		    json_object_get(json_object_object_get(env, "error")));
		json_object_put(env);
		emit(out, root);
		return json;
	}
	if (rs->raw != NULL) {
		buf_add(out, rs->raw, rs->rawlen);
		return json;
	}
	if ((fv = req_get(r, "fields")) != NULL) {
		fields = (const char *const *)fv->list;
		nf = fv->nlist;
	}
	if (rs->body != NULL) {
		json_project(rs->body, fields, nf);
		emit(out, json_object_get(rs->body));
		return json;
	}
	json_project(rs->data, fields, nf);
	if (!rs->list) {
		emit(out, json_one_envelope(rs, version));
		return json;
	}
	if (r->csv) {
		json_csv(rs->data, nf > 0 ? fields :
		    r->route < ROUTE__MAX ? routes[r->route].fields : NULL, out);
		return "text/csv; charset=utf-8";
	}
	pages = rs->per_page > 0 ?
	    (rs->total + rs->per_page - 1) / rs->per_page : 0;
	self = req_link(r, rs->page);
	if (rs->page < pages)
		next = req_link(r, rs->page + 1);
	if (rs->page > 1 && pages > 0)
		prev = req_link(r, rs->page - 1 < pages ? rs->page - 1 : pages);
	emit(out, json_list_envelope(rs, version, self, next, prev));
	free(self);
	free(next);
	free(prev);
	return json;
}

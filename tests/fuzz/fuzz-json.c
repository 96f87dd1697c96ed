/*
 * fuzz-json.c -- libFuzzer target for the JSON renderer (R17, R22):
 * json_render() with the list, one-resource, body and error envelopes,
 * fields= projection, CSV, links; resp_problem()'s echo of bad bytes;
 * json_number() and the PGresult helpers on any text PostgreSQL could
 * send.
 *
 * Input: a flags byte, a route byte, then segments separated by NUL
 * bytes: [0] the data (JSON text), [1] the query string (fields=,
 * format=, page=...), [2] a number as PostgreSQL would write it, [3..]
 * pairs of (parameter, value) bytes recorded as problems.  Flags: bits
 * 0-3 the status (0-5: 200, else an error status), bit 4 a list, bit 5
 * CSV, bit 6 a whole body (health), bit 7 a data version.
 * Properties checked, each an abort() when broken:
 *   - every JSON answer is strict JSON in well-formed UTF-8 with the
 *     envelope of its kind (data/meta/links; error with status, code,
 *     parameter, message, details[] whose first entry is the top level;
 *     a value echoed at most 200 bytes of input long);
 *   - fields= keeps only the named fields of each item;
 *   - a CSV answer is RFC 4180: every record has the header's number of
 *     fields, CRLF line ends, quotes balanced;
 *   - json_number() returns null or a number that serialises to strict
 *     JSON (never NaN/Infinity, hex, "+1", ".5"...), keeping PostgreSQL's
 *     text whenever that text is a JSON number.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>
#include <libpq-fe.h>

#include "json.h"
#include "request.h"
#include "resp.h"
#include "router.h"
#include "util.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

#define SEGS_MAX	16

static const enum http errstatus[] = {
	HTTP_400, HTTP_404, HTTP_405, HTTP_406, HTTP_414, HTTP_429,
	HTTP_500, HTTP_503, HTTP_400, HTTP_503,
};

/* Parses text strictly (valid UTF-8 too); NULL if it is not JSON. */
static struct json_object *
parse_strict(const char *text, size_t len)
{
	struct json_tokener	*tok;
	struct json_object	*o;

	tok = json_tokener_new();
	json_tokener_set_flags(tok, JSON_TOKENER_STRICT |
	    JSON_TOKENER_VALIDATE_UTF8);
	o = json_tokener_parse_ex(tok, text, (int)len);
	if (o == NULL || json_tokener_get_error(tok) != json_tokener_success ||
	    json_tokener_get_parse_end(tok) != len) {
		json_object_put(o);
		o = NULL;
	}
	json_tokener_free(tok);
	return o;
}

/*
 * The data of an answer from fuzz text: strict JSON, as PostgreSQL's json
 * output and json_pg_*() build it (json-c keeps a parsed number's text,
 * so a lenient parse would plant non-JSON numbers no answer can hold), or
 * an item holding the text as a string.
 */
static struct json_object *
make_data(const char *s, size_t n, int list)
{
	struct json_object	*o, *a;

	o = parse_strict(s, n);
	if (o == NULL && utf8_valid(s, n)) {
		o = json_object_new_object();
		json_object_object_add(o, "name",
		    json_object_new_string_len(s, (int)n));
		json_object_object_add(o, "n", json_number("1.50"));
	}
	if (!list)
		return o;
	if (json_object_is_type(o, json_type_array))
		return o;
	a = json_object_new_array();
	if (o != NULL)
		json_object_array_add(a, o);
	return a;
}

/* Aborts unless key k of object o is a string or null. */
static void
need_str_or_null(struct json_object *o, const char *k)
{
	struct json_object	*v;

	if (!json_object_object_get_ex(o, k, &v))
		abort();
	if (v != NULL && !json_object_is_type(v, json_type_string))
		abort();
}

/* Aborts unless root is a well-formed error envelope for status st. */
static void
check_error(struct json_object *root, enum http st, const struct resp *rs)
{
	struct json_object	*err, *det, *d0, *v, *a, *b;
	size_t			 i, n;
	static const char *const keys[] = { "code", "parameter", "message" };

	if (!json_object_object_get_ex(root, "error", &err) ||
	    !json_object_is_type(err, json_type_object))
		abort();
	if (!json_object_object_get_ex(err, "status", &v) ||
	    json_object_get_int(v) != http_code(st))
		abort();
	need_str_or_null(err, "parameter");
	if (!json_object_object_get_ex(err, "code", &v) ||
	    !json_object_is_type(v, json_type_string) ||
	    !json_object_object_get_ex(err, "message", &v) ||
	    !json_object_is_type(v, json_type_string) ||
	    json_object_get_string_len(v) == 0)
		abort();
	if (!json_object_object_get_ex(err, "details", &det) ||
	    !json_object_is_type(det, json_type_array))
		abort();
	n = json_object_array_length(det);
	if (n != (rs->nproblems > 0 ? rs->nproblems : 1))
		abort();
	for (i = 0; i < n; i++) {
		d0 = json_object_array_get_idx(det, i);
		need_str_or_null(d0, "parameter");
		need_str_or_null(d0, "value");
		json_object_object_get_ex(d0, "value", &v);
		if (v != NULL && json_object_get_string_len(v) > 3 * 200 + 3)
			abort();	/* echo cut at 200 bytes of input */
	}
	d0 = json_object_array_get_idx(det, 0);
	for (i = 0; i < nitems(keys); i++) {
		json_object_object_get_ex(err, keys[i], &a);
		json_object_object_get_ex(d0, keys[i], &b);
		if (!json_object_equal(a, b))
			abort();	/* the top level repeats details[0] */
	}
}

/* Aborts unless every object item of data has only fields[0..n). */
static void
check_projected(struct json_object *data, char **fields, size_t n)
{
	struct json_object	*it;
	size_t			 i, k, len;

	if (n == 0 || data == NULL)
		return;
	len = json_object_is_type(data, json_type_array) ?
	    json_object_array_length(data) : 1;
	for (i = 0; i < len; i++) {
		it = json_object_is_type(data, json_type_array) ?
		    json_object_array_get_idx(data, i) : data;
		if (!json_object_is_type(it, json_type_object))
			continue;
		json_object_object_foreach(it, key, val) {
			(void)val;
			for (k = 0; k < n; k++)
				if (strcmp(key, fields[k]) == 0)
					break;
			if (k == n)
				abort();
		}
	}
}

/*
 * Aborts unless s (n bytes) is RFC 4180 CSV with CRLF line ends and the
 * same number of fields in every record.
 */
static void
check_csv(const char *s, size_t n)
{
	size_t	 i = 0, fields = 1, want = 0, records = 0;

	if (n < 2 || s[n - 2] != '\r' || s[n - 1] != '\n')
		abort();
	while (i < n) {
		if (s[i] == '"') {
			for (i++;; i++) {
				if (i >= n)
					abort();	/* unbalanced quote */
				if (s[i] == '"') {
					if (i + 1 < n && s[i + 1] == '"')
						i++;
					else
						break;
				}
			}
			i++;
			if (i < n && s[i] != ',' && s[i] != '\r')
				abort();	/* junk after a quoted field */
			continue;
		}
		if (s[i] == ',') {
			fields++;
			i++;
		} else if (s[i] == '\r') {
			if (i + 1 >= n || s[i + 1] != '\n')
				abort();
			if (records++ == 0)
				want = fields;
			else if (fields != want)
				abort();
			fields = 1;
			i += 2;
		} else if (s[i] == '\n')
			abort();	/* bare LF outside quotes */
		else
			i++;
	}
}

/* 1 if s is a number in JSON's grammar (RFC 8259 6), written independently of json.c. */
static int
is_json_number(const char *s)
{
	size_t	 n;

	if (*s == '-')
		s++;
	if ((n = strspn(s, "0123456789")) == 0 || (s[0] == '0' && n > 1))
		return 0;
	s += n;
	if (*s == '.') {
		if ((n = strspn(++s, "0123456789")) == 0)
			return 0;
		s += n;
	}
	if (*s == 'e' || *s == 'E') {
		s++;
		if (*s == '+' || *s == '-')
			s++;
		if ((n = strspn(s, "0123456789")) == 0)
			return 0;
		s += n;
	}
	return *s == '\0';
}

/* Aborts unless t is one JSON number (json-c needs it inside [...]). */
static void
check_number_text(const char *t)
{
	struct json_object	*back;
	char			*arr;

	arr = xasprintf("[%s]", t);
	back = parse_strict(arr, strlen(arr));
	if (back == NULL || json_object_array_length(back) != 1 ||
	    !(json_object_is_type(json_object_array_get_idx(back, 0),
	    json_type_double) || json_object_is_type(
	    json_object_array_get_idx(back, 0), json_type_int)))
		abort();
	json_object_put(back);
	free(arr);
}

/* json_number() and the PGresult helpers on the text v. */
static void
check_number(const char *v)
{
	struct json_object	*o;
	PGresult		*res;
	PGresAttDesc		 att[1];
	const char		*t;
	size_t			 len;

	if ((o = json_number(v)) != NULL) {
		t = json_text(o, &len);
		if (is_json_number(v) && strcmp(t, v) != 0)
			abort();	/* PostgreSQL's exact text */
		if (!isfinite(json_object_get_double(o)))
			abort();
		check_number_text(t);	/* a JSON number, nothing else */
		json_object_put(o);
	}
	if ((o = json_double(strtod(v, NULL))) != NULL) {
		check_number_text(json_text(o, &len));
		json_object_put(o);
	}

	memset(att, 0, sizeof(att));
	att[0].name = (char *)"v";
	att[0].typid = 25;
	att[0].typlen = -1;
	att[0].atttypmod = -1;
	res = PQmakeEmptyPGresult(NULL, PGRES_TUPLES_OK);
	if (res == NULL || !PQsetResultAttrs(res, 1, att) ||
	    !PQsetvalue(res, 0, 0, (char *)v, (int)strlen(v)) ||
	    !PQsetvalue(res, 1, 0, NULL, -1))
		abort();
	if (json_pg_col(res, "v") != 0)
		abort();
	json_object_put(json_pg_str(res, 0, 0));
	json_object_put(json_pg_int(res, 0, 0));
	json_object_put(json_pg_num(res, 0, 0));
	json_object_put(json_pg_json(res, 0, 0));
	if (json_pg_str(res, 1, 0) != NULL || json_pg_int(res, 1, 0) != NULL ||
	    json_pg_num(res, 1, 0) != NULL || json_pg_json(res, 1, 0) != NULL)
		abort();	/* SQL NULL is JSON null */
	PQclear(res);
}

/*
 * json_flat_scan() property: what it accepts, json-c parses as an
 * object of as many members (keys distinct), each the same string or
 * null; json_flat_strings(): an array of the same strings.
 */
static void
check_flat(const char *p, size_t n)
{
	struct json_flat	 m[8];
	struct json_object	*o, *v, *w;
	char			*s = xstrndup(p, n), *k;
	int			 nm, i, j;

	if ((nm = json_flat_scan(s, m, (int)nitems(m))) >= 0) {
		o = json_tokener_parse(s);
		if (!json_object_is_type(o, json_type_object))
			abort();
		for (i = 0; i < nm; i++)
			for (j = 0; j < i; j++)
				if (m[i].klen == m[j].klen && memcmp(m[i].key,
				    m[j].key, m[i].klen) == 0)
					goto dup;
		if (json_object_object_length(o) != nm)
			abort();
		for (i = 0; i < nm; i++) {
			k = xstrndup(m[i].key, m[i].klen);
			v = json_flat_get(m, nm, k);
			if (!json_object_object_get_ex(o, k, &w))
				abort();
			if (m[i].val == NULL) {
				if (w != NULL || v != NULL)
					abort();
			} else if (!json_object_is_type(w, json_type_string) ||
			    (size_t)json_object_get_string_len(w) != m[i].vlen ||
			    memcmp(json_object_get_string(w), m[i].val,
			    m[i].vlen) != 0 || v == NULL ||
			    strcmp(json_object_get_string(v),
			    json_object_get_string(w)) != 0)
				abort();
			json_object_put(v);
			free(k);
		}
dup:
		json_object_put(o);
	}
	if ((nm = json_flat_strings(s, m, (int)nitems(m))) >= 0) {
		o = json_tokener_parse(s);
		if (!json_object_is_type(o, json_type_array) ||
		    (int)json_object_array_length(o) != nm)
			abort();
		for (i = 0; i < nm; i++) {
			w = json_object_array_get_idx(o, (size_t)i);
			if (!json_object_is_type(w, json_type_string) ||
			    (size_t)json_object_get_string_len(w) != m[i].vlen ||
			    memcmp(json_object_get_string(w), m[i].val,
			    m[i].vlen) != 0)
				abort();
		}
		json_object_put(o);
	}
	free(s);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct req		 r;
	struct resp		 rs, scratch;
	struct buf		 out = { NULL, 0, 0 };
	struct json_object	*root, *v;
	const struct pval	*fv;
	const char		*seg[SEGS_MAX], *ctype, *end;
	size_t			 seglen[SEGS_MAX], nseg = 0, i;
	unsigned		 flags;
	enum route		 rt;
	enum http		 st;
	char			*q, *num;

	if (size < 2)
		return 0;
	flags = data[0];
	rt = (enum route)(data[1] % (ROUTE__MAX + 1));
	data += 2;
	size -= 2;
	end = (const char *)data + size;
	for (seg[0] = (const char *)data; nseg < SEGS_MAX; nseg++) {
		const char *z = memchr(seg[nseg], '\0',
		    (size_t)(end - seg[nseg]));
		seglen[nseg] = (size_t)((z != NULL ? z : end) - seg[nseg]);
		if (z == NULL) {
			nseg++;
			break;
		}
		if (nseg + 1 < SEGS_MAX)
			seg[nseg + 1] = z + 1;
	}

	check_flat(seg[0], seglen[0]);
	st = (flags & 0xf) < 6 ? HTTP_200 :
	    errstatus[((flags & 0xf) - 6) % nitems(errstatus)];
	q = nseg > 1 ? xstrndup(seg[1], seglen[1]) : xstrdup("");
	req_init(&r, "GET", rt < ROUTE__MAX ? routes[rt].pattern : "/x",
	    NULL, q, NULL, NULL);
	r.route = rt;
	memset(&rs, 0, sizeof(rs));
	memset(&scratch, 0, sizeof(scratch));
	if (rt < ROUTE__MAX)
		(void)req_params(&r, &scratch, routes[rt].params);
	resp_free(&scratch);
	if (rt < ROUTE__MAX && routes[rt].list && (flags & 0x20))
		r.csv = 1;

	if (st == HTTP_200) {
		rs.list = rt < ROUTE__MAX && routes[rt].list && (flags & 0x10);
		if (flags & 0x40) {
			rs.body = make_data(seg[0], seglen[0], 0);
			if (!json_object_is_type(rs.body, json_type_object)) {
				json_object_put(rs.body);
				rs.body = json_object_new_object();
			}
		} else
			rs.data = make_data(seg[0], seglen[0], rs.list);
		rs.page = 1 + (int64_t)(seglen[0] % 7);
		rs.per_page = 1 + (int64_t)(q[0] != '\0' ? (unsigned char)q[0] % 100 : 19);
		rs.total = (int64_t)seglen[0] * 3;
	} else {
		if (flags & 0x40) {
			rs.body = json_object_new_object();
			json_object_object_add(rs.body, "database",
			    json_object_new_string("unavailable"));
		}
		for (i = 3; i + 1 < nseg; i += 2)
			resp_problem(&rs, (enum errcode)(seglen[i] % ERR__MAX),
			    seglen[i] % 3 == 0 ? NULL : seg[i], seg[i + 1],
			    seglen[i + 1], "%.*s must be %s", (int)seglen[i],
			    seg[i], "ok");
	}

	ctype = json_render(&r, &rs, st, (flags & 0x80) ? 42 : -1, &out);
	if (ctype == NULL)
		abort();	/* only 204 and 304 have no body */
	if (strncmp(ctype, "text/csv", 8) == 0) {
		if (st != HTTP_200 || !r.csv || !rs.list)
			abort();
		check_csv(out.p, out.len);
	} else {
		if (out.p == NULL || (root = parse_strict(out.p, out.len)) == NULL)
			abort();
		if (st != HTTP_200)
			check_error(root, st, &rs);
		else if (rs.body == NULL) {
			if (!json_object_object_get_ex(root, "data", NULL) ||
			    !json_object_object_get_ex(root, "meta", &v) ||
			    !json_object_object_get_ex(v, "data_version", NULL) ||
			    !json_object_object_get_ex(v, "sources", NULL))
				abort();
			if (rs.list != json_object_object_get_ex(root, "links",
			    &v))
				abort();
			if (rs.list) {
				v = json_object_object_get(v, "self");
				if (v == NULL || strncmp(json_object_get_string(v),
				    r.docuri, strlen(r.docuri)) != 0)
					abort();
			}
			if ((fv = req_get(&r, "fields")) != NULL)
				check_projected(json_object_object_get(root,
				    "data"), fv->list, fv->nlist);
		}
		json_object_put(root);
	}

	if (nseg > 2) {
		num = xstrndup(seg[2], seglen[2]);
		check_number(num);
		free(num);
	}
	buf_free(&out);
	req_free(&r);
	resp_free(&rs);
	free(q);
	return 0;
}

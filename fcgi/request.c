/*
 * request.c -- struct req: copies of the FastCGI params, the query
 * string walked once into declared, validated parameters (R5), Accept
 * negotiation, paging, links and the canonical form behind the ETag.
 */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "request.h"
#include "util.h"

#define CSV_ROWS_MAX	10000	/* API.md: CSV answers every row up to this */
#define PER_PAGE_DEFAULT 20

/* Copies s, or returns NULL for NULL; the caller owns the copy. */
static char *
dupnull(const char *s)
{
	return s != NULL ? xstrdup(s) : NULL;
}

/*
 * Fills r from the request's FastCGI params (all borrowed for the call
 * only; r keeps copies).  NULL means absent.  r->db is left NULL.
 */
void
req_init(struct req *r, const char *method, const char *docuri,
    const char *uri, const char *query, const char *accept, const char *inm)
{
	memset(r, 0, sizeof(*r));
	r->method_name = xstrdup(method != NULL ? method : "");
	r->method = route_method(r->method_name);
	r->route = ROUTE__MAX;
	r->docuri = xstrdup(docuri != NULL ? docuri : "");
	r->query = xstrdup(query != NULL ? query : "");
	if (uri != NULL)
		r->uri = xstrdup(uri);
	else if (*r->query != '\0')
		r->uri = xasprintf("%s?%s", r->docuri, r->query);
	else
		r->uri = xstrdup(r->docuri);
	r->accept = dupnull(accept);
	r->inm = dupnull(inm);
}

/* Frees a typed value's contents and zeroes it. */
void
pval_free(struct pval *v)
{
	size_t	 i;

	free(v->s);
	for (i = 0; i < v->nlist; i++)
		free(v->list[i]);
	free(v->list);
	memset(v, 0, sizeof(*v));
}

/* Frees everything r owns (not r itself, not r->db). */
void
req_free(struct req *r)
{
	size_t	 i;

	free(r->method_name);
	free(r->docuri);
	free(r->uri);
	free(r->query);
	free(r->accept);
	free(r->inm);
	for (i = 0; i < ROUTE_MAXCAPS; i++)
		free(r->path[i]);
	for (i = 0; i < r->npairs; i++) {
		free(r->pairs[i].name);
		free(r->pairs[i].value);
		pval_free(&r->pairs[i].v);
	}
	free(r->pairs);
	pval_free(&r->v);
	memset(r, 0, sizeof(*r));
}

/*
 * Forgets the parameters req_params() recorded (and r->v), so that a
 * second req_params() starts afresh.
 */
void
req_clear_params(struct req *r)
{
	size_t	 i;

	for (i = 0; i < r->npairs; i++) {
		free(r->pairs[i].name);
		free(r->pairs[i].value);
		pval_free(&r->pairs[i].v);
	}
	free(r->pairs);
	r->pairs = NULL;
	r->npairs = 0;
	pval_free(&r->v);
}

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

#define DEC_OK		0
#define DEC_BADESC	(-1)	/* %zz or a % without two hex digits */
#define DEC_NUL		(-2)	/* %00 */

/*
 * Percent-decodes the n bytes at s ('+' is a space).  On DEC_OK *out is
 * a NUL-terminated string the caller owns; otherwise *out is untouched.
 */
static int
pct_decode(const char *s, size_t n, char **out)
{
	char	*d;
	size_t	 i, o = 0;
	int	 hi, lo;

	d = xmalloc(n + 1);
	for (i = 0; i < n; i++) {
		if (s[i] == '+')
			d[o++] = ' ';
		else if (s[i] != '%')
			d[o++] = s[i];
		else {
			if (i + 2 >= n) {
				free(d);
				return DEC_BADESC;
			}
			if ((hi = hexval((unsigned char)s[i + 1])) < 0 ||
			    (lo = hexval((unsigned char)s[i + 2])) < 0) {
				free(d);
				return DEC_BADESC;
			}
			if (hi == 0 && lo == 0) {
				free(d);
				return DEC_NUL;
			}
			d[o++] = (char)(hi * 16 + lo);
			i += 2;
		}
	}
	d[o] = '\0';
	*out = d;
	return DEC_OK;
}

/* The declared param called name, or NULL. */
static const struct param *
param_find(const struct param *params, const char *name)
{
	for (; params->name != NULL; params++)
		if (strcmp(params->name, name) == 0)
			return params;
	return NULL;
}

/* Writes "a, b, c" (the table's names) into dst, or "no parameters". */
static void
param_names(const struct param *params, char *dst, size_t sz)
{
	size_t	 o = 0;
	int	 k;

	snprintf(dst, sz, "no parameters");
	for (; params->name != NULL && o < sz; params++) {
		k = snprintf(dst + o, sz - o, "%s%s", o ? ", " : "",
		    params->name);
		if (k < 0)
			break;
		o += (size_t)k;
	}
}

/*
 * Handles one "name=value" of the query string (n bytes at s): decodes,
 * looks the name up, validates, and either records a pair in r or a
 * problem in rs.  mark[i] notes that params[i] was given.
 */
static void
req_pair(struct req *r, struct resp *rs, const struct param *params,
    unsigned char *mark, const char *s, size_t n)
{
	const struct param	*p;
	const char		*eq, *rawv, *tv;
	char			*name = NULL, *value = NULL, *tval = NULL;
	char			 all[256];
	size_t			 nlen, vlen, tlen;
	int			 rc;
	struct pair		*pr;

	eq = memchr(s, '=', n);
	nlen = eq != NULL ? (size_t)(eq - s) : n;
	rawv = eq != NULL ? eq + 1 : s + n;
	vlen = eq != NULL ? n - nlen - 1 : 0;

	if ((rc = pct_decode(s, nlen, &name)) != DEC_OK) {
		resp_problem(rs, ERR_INVALID_PARAMETER, NULL, s, n,
		    "a parameter name %s", rc == DEC_NUL ?
		    "contains a NUL byte (%00)" :
		    "has a malformed percent-escape (write % as %25)");
		goto out;
	}
	rc = pct_decode(rawv, vlen, &value);
	if ((p = param_find(params, name)) == NULL) {
		param_names(params, all, sizeof(all));
		resp_problem(rs, ERR_UNKNOWN_PARAMETER, name,
		    rc == DEC_OK ? value : rawv,
		    rc == DEC_OK ? strlen(value) : vlen,
		    "unknown parameter %s; this endpoint takes %s", name, all);
		goto out;
	}
	if (mark[p - params]) {
		resp_problem(rs, ERR_DUPLICATE_PARAMETER, name,
		    rc == DEC_OK ? value : rawv,
		    rc == DEC_OK ? strlen(value) : vlen,
		    "%s is given more than once", name);
		goto out;
	}
	mark[p - params] = 1;
	if (rc != DEC_OK) {
		resp_problem(rs, ERR_INVALID_PARAMETER, name, rawv, vlen,
		    "%s %s", name, rc == DEC_NUL ?
		    "must not contain a NUL byte (%00)" :
		    "has a malformed percent-escape (write % as %25)");
		goto out;
	}
	tv = str_trim(value, &tlen);
	tval = xstrndup(tv, tlen);
	if (p->valid(r, p, tval) == -1) {
		resp_problem(rs, ERR_INVALID_PARAMETER, name, tval, tlen,
		    "%s", r->verr);
		goto out;
	}
	r->pairs = xreallocarray(r->pairs, r->npairs + 1, sizeof(*r->pairs));
	pr = &r->pairs[r->npairs++];
	pr->param = p;
	pr->name = name;
	pr->value = tval;
	pr->v = r->v;
	memset(&r->v, 0, sizeof(r->v));
	name = tval = NULL;
out:
	free(name);
	free(value);
	free(tval);
}

/*
 * Walks r->query once against params (a PARAM_END-terminated table),
 * recording every valid parameter in r->pairs and every problem in rs
 * (R5); a PARAM_REQUIRED parameter that is not there at all is one
 * more problem (value null).  An explicit format= decides r->csv.
 * Returns 0, or -1 if rs holds problems (the handler then returns
 * HTTP_400).
 */
int
req_params(struct req *r, struct resp *rs, const struct param *params)
{
	const struct pval	*fmt;
	const char		*q = r->query, *amp;
	unsigned char		*mark;
	size_t			 before = rs->nproblems, n, np = 0;

	while (params[np].name != NULL)
		np++;
	mark = xcalloc(np + 1, 1);
	while (*q != '\0') {
		amp = strchr(q, '&');
		n = amp != NULL ? (size_t)(amp - q) : strlen(q);
		if (n > 0)
			req_pair(r, rs, params, mark, q, n);
		q += n;
		if (*q == '&')
			q++;
	}
	for (n = 0; n < np; n++)
		if ((params[n].flags & PARAM_REQUIRED) && !mark[n])
			resp_problem(rs, ERR_INVALID_PARAMETER, params[n].name,
			    NULL, 0, "%s is required", params[n].name);
	free(mark);
	if ((fmt = req_get(r, "format")) != NULL)
		r->csv = strcmp(fmt->s, "csv") == 0;
	return rs->nproblems > before ? -1 : 0;
}

/*
 * Checks the length of the query string against max bytes (--max-uri).
 * Returns 0, or -1 with uri_too_long recorded in rs (414).
 */
int
req_uri_ok(const struct req *r, struct resp *rs, int max)
{
	if (strlen(r->query) <= (size_t)max)
		return 0;
	resp_problem(rs, ERR_URI_TOO_LONG, NULL, NULL, 0,
	    "the query string is longer than %d bytes", max);
	return -1;
}

/*
 * 1 if the parameter called name was given at all: valid (in r), or
 * already reported bad (a problem in rs naming it).
 */
int
req_given(const struct req *r, const struct resp *rs, const char *name)
{
	size_t	 i;

	if (req_get(r, name) != NULL)
		return 1;
	for (i = 0; i < rs->nproblems; i++)
		if (rs->problems[i].param != NULL &&
		    strcmp(rs->problems[i].param, name) == 0)
			return 1;
	return 0;
}

/* The value of the parameter called name, or NULL if absent; borrowed. */
const struct pval *
req_get(const struct req *r, const char *name)
{
	size_t	 i;

	for (i = 0; i < r->npairs; i++)
		if (strcmp(r->pairs[i].name, name) == 0)
			return &r->pairs[i].v;
	return NULL;
}

/* The integer value of name, or def if absent. */
int64_t
req_int(const struct req *r, const char *name, int64_t def)
{
	const struct pval	*v;

	return (v = req_get(r, name)) != NULL ? v->i : def;
}

/*
 * Quality (0..1000) the Accept header gives type/subtype: that of the
 * most specific media range that matches (RFC 7231 5.3.2), 0 if none.
 */
static int
accept_q(const char *accept, const char *type, const char *sub)
{
	const char	*s = accept, *e, *semi, *qp, *end;
	char		 range[64], *rsub;
	double		 d;
	int		 best = 0, bestq = 0, q, spec;
	size_t		 n, tl;

	while (*s != '\0') {
		e = strchr(s, ',');
		n = e != NULL ? (size_t)(e - s) : strlen(s);
		end = s + n;
		while (s < end && isspace((unsigned char)*s))
			s++;
		semi = memchr(s, ';', (size_t)(end - s));
		tl = (size_t)((semi != NULL ? semi : end) - s);
		while (tl > 0 && isspace((unsigned char)s[tl - 1]))
			tl--;
		q = 1000;
		for (qp = semi; qp != NULL; qp = memchr(qp, ';', (size_t)(end - qp))) {
			qp++;
			while (qp < end && isspace((unsigned char)*qp))
				qp++;
			if (end - qp >= 2 && (qp[0] == 'q' || qp[0] == 'Q') &&
			    qp[1] == '=') {
				/* 0..1 (RFC 7231 5.3.1); out of range or NaN
				 * is clamped before the cast (UB otherwise). */
				d = strtod(qp + 2, NULL);
				q = d > 1.0 ? 1000 : d >= 0.0 ?
				    (int)(d * 1000.0 + 0.5) : 0;
			}
		}
		spec = 0;
		if (tl < sizeof(range)) {
			memcpy(range, s, tl);
			range[tl] = '\0';
			if ((rsub = strchr(range, '/')) != NULL) {
				*rsub++ = '\0';
				if (strcmp(range, "*") == 0 && strcmp(rsub, "*") == 0)
					spec = 1;
				else if (strcasecmp(range, type) == 0 &&
				    strcmp(rsub, "*") == 0)
					spec = 2;
				else if (strcasecmp(range, type) == 0 &&
				    strcasecmp(rsub, sub) == 0)
					spec = 3;
			}
		}
		if (spec > best) {
			best = spec;
			bestq = q;
		}
		s = end;
		if (*s == ',')
			s++;
	}
	return bestq;
}

/*
 * Negotiates the answer's type from r->accept: application/json always,
 * text/csv on list routes (r->csv set when the client prefers it).  An
 * absent or empty header accepts anything.  Returns 0, or -1 with a
 * not_acceptable problem in rs (406).
 */
int
req_accept(struct req *r, struct resp *rs)
{
	int	 list, qj, qc;

	list = r->route < ROUTE__MAX && routes[r->route].list;
	r->csv = 0;
	if (r->accept == NULL || *r->accept == '\0')
		return 0;
	qj = accept_q(r->accept, "application", "json");
	qc = list ? accept_q(r->accept, "text", "csv") : 0;
	if (qj <= 0 && qc <= 0) {
		resp_problem(rs, ERR_NOT_ACCEPTABLE, NULL, NULL, 0,
		    "this endpoint answers %s", list ?
		    "application/json or text/csv" : "application/json");
		return -1;
	}
	r->csv = qc > qj;
	return 0;
}

/*
 * Sets rs up for a page of a list from page= (default 1) and per_page=
 * (default 20), and writes the SQL LIMIT and OFFSET as text (size sz).
 * A CSV answer takes every row up to 10,000 from the first.
 */
void
req_paging(const struct req *r, struct resp *rs, char *limit, char *offset,
    size_t sz)
{
	rs->list = 1;
	rs->page = req_int(r, "page", 1);
	rs->per_page = req_int(r, "per_page", PER_PAGE_DEFAULT);
	if (r->csv) {
		snprintf(limit, sz, "%d", CSV_ROWS_MAX);
		snprintf(offset, sz, "0");
	} else {
		snprintf(limit, sz, "%lld", (long long)rs->per_page);
		snprintf(offset, sz, "%lld",
		    (long long)((rs->page - 1) * rs->per_page));
	}
}

/* Appends s percent-encoded (RFC 3986 unreserved bytes kept, and ','). */
static void
pct_encode(struct buf *b, const char *s)
{
	static const char	 hex[] = "0123456789ABCDEF";
	unsigned char		 c;

	for (; *s != '\0'; s++) {
		c = (unsigned char)*s;
		if (isalnum(c) || c == '-' || c == '.' || c == '_' ||
		    c == '~' || c == ',')
			buf_putc(b, (char)c);
		else {
			buf_putc(b, '%');
			buf_putc(b, hex[c >> 4]);
			buf_putc(b, hex[c & 0xf]);
		}
	}
}

/*
 * Returns the relative URL of page n of this list: the path, the
 * request's parameters in their order but page, then page=n unless n is
 * 1.  The caller owns the string.
 */
char *
req_link(const struct req *r, int64_t n)
{
	struct buf	 b = { NULL, 0, 0 };
	size_t		 i;
	char		 sep = '?';

	buf_puts(&b, r->docuri);
	for (i = 0; i < r->npairs; i++) {
		if (strcmp(r->pairs[i].name, "page") == 0)
			continue;
		buf_putc(&b, sep);
		pct_encode(&b, r->pairs[i].name);
		buf_putc(&b, '=');
		pct_encode(&b, r->pairs[i].value);
		sep = '&';
	}
	if (n != 1)
		buf_printf(&b, "%cpage=%lld", sep, (long long)n);
	return buf_take(&b);
}

static int
paircmp(const void *a, const void *b)
{
	const struct pair *const *pa = a, *const *pb = b;

	return strcmp((*pa)->name, (*pb)->name);
}

/*
 * Returns the canonical request the ETag hashes: route name, path
 * segments, parameters sorted by name as name=canonical value, and the
 * representation (json or csv), one per line.  The caller owns it.
 */
char *
req_canonical(const struct req *r)
{
	struct buf		 b = { NULL, 0, 0 };
	const struct pair	**sorted;
	size_t			 i;

	buf_puts(&b, r->route < ROUTE__MAX ? routes[r->route].name : "-");
	buf_putc(&b, '\n');
	for (i = 0; i < ROUTE_MAXCAPS && r->path[i] != NULL; i++)
		buf_printf(&b, "/%s", r->path[i]);
	buf_putc(&b, '\n');
	sorted = xcalloc(r->npairs + 1, sizeof(*sorted));
	for (i = 0; i < r->npairs; i++)
		sorted[i] = &r->pairs[i];
	qsort(sorted, r->npairs, sizeof(*sorted), paircmp);
	for (i = 0; i < r->npairs; i++)
		buf_printf(&b, "%s=%s\n", sorted[i]->name,
		    sorted[i]->v.s != NULL ? sorted[i]->v.s : sorted[i]->value);
	free(sorted);
	buf_puts(&b, r->csv ? "csv\n" : "json\n");
	return buf_take(&b);
}

/*
 * Returns 1 if the If-None-Match header value inm matches etag (a quoted
 * strong tag): "*", or any listed tag compared weakly (a W/ prefix is
 * ignored, RFC 7232 3.2).  0 otherwise.
 */
int
req_etag_match(const char *inm, const char *etag)
{
	const char	*s = inm, *e;
	size_t		 elen = strlen(etag);

	while (*s != '\0') {
		while (*s == ' ' || *s == '\t' || *s == ',')
			s++;
		if (*s == '*')
			return 1;
		if (strncmp(s, "W/", 2) == 0)
			s += 2;
		if (*s != '"')
			break;
		if ((e = strchr(s + 1, '"')) == NULL)
			break;
		if ((size_t)(e - s + 1) == elen && memcmp(s, etag, elen) == 0)
			return 1;
		s = e + 1;
	}
	return 0;
}

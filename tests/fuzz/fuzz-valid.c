/*
 * fuzz-valid.c -- libFuzzer target for every query-parameter validator
 * (R6, R22).
 *
 * Input (up to the first NUL: a FastCGI param is a C string):
 *     [PATH " "] NAME "=" VALUE
 * PATH (starting with '/') picks the route by route_match(); NAME the
 * declared parameter of that route, or without PATH of the first route
 * that declares it -- so every parameter of every route of routes[] is
 * reachable, and an endpoint added later is fuzzed without touching
 * this file.  NAME "@int", "@uint", "@dec", "@enum" or "@list" picks a
 * building block of valid.h; the first two bytes of VALUE then give its
 * range or table.  Any other NAME picks a declared parameter by a hash
 * of the name, so mutations keep reaching validators.  The seeds in
 * corpus/valid/ are readable: "/api/v1/programs sort=-tuition".
 * Properties checked, each an abort() when broken:
 *   - a validator returns 0 or -1;
 *   - -1 leaves r->v empty and r->verr a message that names the
 *     parameter, in well-formed UTF-8;
 *   - 0 stores a canonical text (if any) that is well-formed UTF-8 and
 *     a fixed point: validating it again succeeds with the same text and
 *     the same integer/decimal (the ETag and links rely on it);
 *   - the answer does not depend on blanks around the value (trimmed);
 *   - the same input gives the same answer twice (pure, no state);
 *   - numbers lie in the range of the building block they came from.
 * Everything allocated is freed (ASan's leak check; valgrind on replay).
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "request.h"
#include "router.h"
#include "util.h"
#include "valid.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* One fuzzable validator: a declared parameter of a route, or a block. */
struct vcase {
	enum route		 route;
	const struct param	*param;
};

#define VCASES_MAX	512
static struct vcase	 vcases[VCASES_MAX];
static size_t		 nvcases;

/* The building blocks with an argument (range or table) from the input. */
enum block {
	BLOCK_INT_IN,
	BLOCK_UINT_IN,
	BLOCK_DEC_IN,
	BLOCK_ENUM_IN,
	BLOCK_ENUM_LIST_IN,
	BLOCK__MAX
};

static const char *const *const tables[] = {
	degree_names, field_names, delivery_names, control_names,
	accstatus_names, format_names, cert_codes, sort_names, facet_names,
};

/* Fills vcases[] from routes[] once. */
static void
vcases_init(void)
{
	const struct param	*p;
	size_t			 i;

	if (nvcases > 0)
		return;
	for (i = 0; i < ROUTE__MAX; i++)
		for (p = routes[i].params; p->name != NULL; p++) {
			if (nvcases == VCASES_MAX)
				abort();	/* grow VCASES_MAX */
			vcases[nvcases].route = (enum route)i;
			vcases[nvcases].param = p;
			nvcases++;
		}
}

/* A request as the router leaves it for route rt (valid_fields reads it). */
static void
req_for(struct req *r, enum route rt)
{
	req_init(r, "GET", rt < ROUTE__MAX ? routes[rt].pattern : "/",
	    NULL, "", NULL, NULL);
	r->route = rt;
}

/* Runs one validator (a declared one, or block b with its argument). */
static int
run(struct req *r, const struct param *p, int b, int64_t lo, int64_t hi,
    const char *const *tab, const char *val)
{
	switch (b) {
	case BLOCK_INT_IN:
		return valid_int_in(r, p, val, lo, hi);
	case BLOCK_UINT_IN:
		return valid_uint_in(r, p, val, lo, hi);
	case BLOCK_DEC_IN:
		return valid_dec_in(r, p, val, (double)lo / 100.0,
		    (double)hi / 100.0);
	case BLOCK_ENUM_IN:
		return valid_enum_in(r, p, val, tab);
	case BLOCK_ENUM_LIST_IN:
		return valid_enum_list_in(r, p, val, tab);
	default:
		return p->valid(r, p, val);
	}
}

/* Aborts unless the outcome rc/r of a validator is well formed. */
static void
check_outcome(const struct req *r, const struct param *p, int rc)
{
	size_t	 i;

	if (rc != 0 && rc != -1)
		abort();
	if (rc == -1) {
		if (r->v.s != NULL || r->v.list != NULL || r->v.nlist != 0)
			abort();	/* a failed validator leaves no value */
		if (r->verr[0] == '\0' || strstr(r->verr, p->name) == NULL)
			abort();	/* the message names the parameter */
		if (!utf8_valid(r->verr, strlen(r->verr)))
			abort();
		return;
	}
	if (r->v.s != NULL && !utf8_valid(r->v.s, strlen(r->v.s)))
		abort();
	if ((r->v.list == NULL) != (r->v.nlist == 0))
		abort();
	for (i = 0; i < r->v.nlist; i++)
		if (r->v.list[i] == NULL || !utf8_valid(r->v.list[i],
		    strlen(r->v.list[i])))
			abort();
	if (r->v.list != NULL && r->v.list[r->v.nlist] != NULL)
		abort();	/* NULL-terminated */
}

/* Aborts unless a and b hold the same typed value. */
static void
check_same(const struct pval *a, const struct pval *b)
{
	size_t	 i;

	if ((a->s == NULL) != (b->s == NULL) ||
	    (a->s != NULL && strcmp(a->s, b->s) != 0))
		abort();
	if (a->i != b->i || a->nlist != b->nlist)
		abort();
	if (!(a->d == b->d || (isnan(a->d) && isnan(b->d))))
		abort();
	for (i = 0; i < a->nlist; i++)
		if (strcmp(a->list[i], b->list[i]) != 0)
			abort();
}

/* Copies v into dst (deep). */
static void
pval_copy(struct pval *dst, const struct pval *v)
{
	size_t	 i;

	memset(dst, 0, sizeof(*dst));
	dst->s = v->s != NULL ? xstrdup(v->s) : NULL;
	dst->i = v->i;
	dst->d = v->d;
	dst->nlist = v->nlist;
	if (v->list != NULL) {
		dst->list = xcalloc(v->nlist + 1, sizeof(char *));
		for (i = 0; i < v->nlist; i++)
			dst->list[i] = xstrdup(v->list[i]);
	}
}

/* The declared parameter called name: of route *rt, or of the first route. */
static const struct param *
find_param(enum route *rt, const char *name)
{
	const struct param	*p;
	size_t			 i;

	for (i = 0; i < ROUTE__MAX; i++) {
		if (*rt < ROUTE__MAX && i != (size_t)*rt)
			continue;
		for (p = routes[i].params; p->name != NULL; p++)
			if (strcmp(p->name, name) == 0) {
				*rt = (enum route)i;
				return p;
			}
	}
	return NULL;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const blocks[BLOCK__MAX] = {
		[BLOCK_INT_IN] = "@int", [BLOCK_UINT_IN] = "@uint",
		[BLOCK_DEC_IN] = "@dec", [BLOCK_ENUM_IN] = "@enum",
		[BLOCK_ENUM_LIST_IN] = "@list",
	};
	struct req		 r, r2;
	struct param		 blockp;
	const struct param	*p = NULL;
	const char *const	*tab = NULL;
	struct pval		 first;
	enum route		 rt = ROUTE__MAX;
	int64_t			 lo = 0, hi = 0;
	char			*in, *name, *val, *sp, *eq, *padded, *canon;
	char			*caps[ROUTE_MAXCAPS];
	int			 rc, rc2, b = -1, k;
	size_t			 i;
	uint32_t		 h = 2166136261u;

	vcases_init();
	in = xstrndup((const char *)data, size);	/* stops at a NUL */
	name = in;
	if (*in == '/' && (sp = strchr(in, ' ')) != NULL) {
		*sp = '\0';
		rt = route_match(in, caps);
		for (i = 0; i < ROUTE_MAXCAPS && rt < ROUTE__MAX; i++)
			free(caps[i]);
		name = sp + 1;
	}
	if ((eq = strchr(name, '=')) != NULL) {
		*eq = '\0';
		val = eq + 1;
	} else {
		val = name;
		name = (char *)"";
	}
	for (k = 0; k < BLOCK__MAX; k++)
		if (strcmp(name, blocks[k]) == 0)
			b = k;
	if (b >= 0) {
		/* Building block: 2 bytes of range and table choice first. */
		if (strlen(val) < 2) {
			free(in);
			return 0;
		}
		lo = (int64_t)(int8_t)val[0] * 1000 - 5;
		hi = lo + (int64_t)(unsigned char)val[1] * 997;
		tab = tables[(unsigned char)val[1] % nitems(tables)];
		val += 2;
		memset(&blockp, 0, sizeof(blockp));
		blockp.name = "x";
		blockp.min = lo;
		blockp.max = hi;
		blockp.values = tab;
		p = &blockp;
		rt = ROUTE__MAX;
	} else if ((p = find_param(&rt, name)) == NULL) {
		for (i = 0; name[i] != '\0'; i++)
			h = (h ^ (unsigned char)name[i]) * 16777619u;
		rt = vcases[h % nvcases].route;
		p = vcases[h % nvcases].param;
	}

	req_for(&r, rt);
	rc = run(&r, p, b, lo, hi, tab, val);
	check_outcome(&r, p, rc);
	if (rc == 0 && (b == BLOCK_INT_IN || b == BLOCK_UINT_IN) &&
	    (r.v.i < lo || r.v.i > hi))
		abort();
	if (rc == 0 && b == BLOCK_DEC_IN && !(r.v.d >= (double)lo / 100.0 &&
	    r.v.d <= (double)hi / 100.0))
		abort();
	pval_copy(&first, &r.v);

	/* Pure: the same input again, the same answer. */
	req_for(&r2, rt);
	rc2 = run(&r2, p, b, lo, hi, tab, val);
	if (rc2 != rc)
		abort();
	if (rc == 0)
		check_same(&first, &r2.v);
	req_free(&r2);

	/* Blanks around the value change nothing. */
	padded = xasprintf(" \t%s \r\n", val);
	req_for(&r2, rt);
	rc2 = run(&r2, p, b, lo, hi, tab, padded);
	if (rc2 != rc)
		abort();
	if (rc == 0)
		check_same(&first, &r2.v);
	req_free(&r2);
	free(padded);

	/* The canonical text is a fixed point. */
	if (rc == 0 && first.s != NULL) {
		canon = xstrdup(first.s);
		req_for(&r2, rt);
		rc2 = run(&r2, p, b, lo, hi, tab, canon);
		if (rc2 != 0 || r2.v.s == NULL || strcmp(r2.v.s, canon) != 0)
			abort();
		if (r2.v.i != first.i || r2.v.nlist != first.nlist)
			abort();
		req_free(&r2);
		free(canon);
	}

	pval_free(&first);
	req_free(&r);
	free(in);
	return 0;
}

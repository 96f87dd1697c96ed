/*
 * valid.c -- the validators declared in valid.h (kcgi kvalid_*): the
 * building blocks (numbers, enums, comma lists, text, sorts) and the
 * closed sets of the school finder.  Places are in valid_geo.c, careers
 * in valid_career.c.  Pure: they read val, write r->v / r->verr and
 * nothing else.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "request.h"
#include "util.h"
#include "valid.h"
#include "valid_priv.h"

#define TEXT_MAX	200	/* bytes of free text */

const char *const degree_names[DEGREE__MAX + 1] = {
	[DEGREE_CERTIFICATE] = "certificate",
	[DEGREE_ASSOCIATE] = "associate",
	[DEGREE_BACHELOR] = "bachelor",
	[DEGREE_POST_BACCALAUREATE_CERTIFICATE] =
	    "post_baccalaureate_certificate",
	[DEGREE_MASTER] = "master",
	[DEGREE_POST_MASTER_CERTIFICATE] = "post_master_certificate",
	[DEGREE_DOCTORATE] = "doctorate",
	[DEGREE__MAX] = NULL,
};

const char *const field_names[FIELD__MAX + 1] = {
	[FIELD_HEALTH_INFORMATION_MANAGEMENT] = "health_information_management",
	[FIELD_HEALTH_INFORMATION_TECHNOLOGY] = "health_information_technology",
	[FIELD_MEDICAL_CODING] = "medical_coding",
	[FIELD_MEDICAL_BILLING] = "medical_billing",
	[FIELD_DISEASE_REGISTRY] = "disease_registry",
	[FIELD_HEALTH_INFORMATION_PRIVACY_SECURITY] =
	    "health_information_privacy_security",
	[FIELD_HEALTH_INFORMATICS] = "health_informatics",
	[FIELD__MAX] = NULL,
};

/* The CIP 2020 code behind each field (API.md). */
const char *const field_cips[FIELD__MAX + 1] = {
	[FIELD_HEALTH_INFORMATION_MANAGEMENT] = "51.0706",
	[FIELD_HEALTH_INFORMATION_TECHNOLOGY] = "51.0707",
	[FIELD_MEDICAL_CODING] = "51.0713",
	[FIELD_MEDICAL_BILLING] = "51.0714",
	[FIELD_DISEASE_REGISTRY] = "51.0721",
	[FIELD_HEALTH_INFORMATION_PRIVACY_SECURITY] = "51.0723",
	[FIELD_HEALTH_INFORMATICS] = "51.2706",
	[FIELD__MAX] = NULL,
};

const char *const delivery_names[DELIVERY__MAX + 1] = {
	[DELIVERY_CAMPUS] = "campus",
	[DELIVERY_ONLINE] = "online",
	[DELIVERY_HYBRID] = "hybrid",
	[DELIVERY__MAX] = NULL,
};

const char *const control_names[CONTROL__MAX + 1] = {
	[CONTROL_PUBLIC] = "public",
	[CONTROL_PRIVATE_NONPROFIT] = "private_nonprofit",
	[CONTROL_PRIVATE_FOR_PROFIT] = "private_for_profit",
	[CONTROL__MAX] = NULL,
};

const char *const accstatus_names[ACCSTATUS__MAX + 1] = {
	[ACCSTATUS_CANDIDACY] = "candidacy",
	[ACCSTATUS_INITIAL] = "initial",
	[ACCSTATUS_CONTINUING] = "continuing",
	[ACCSTATUS_PROBATION] = "probation",
	[ACCSTATUS_WITHDRAWN] = "withdrawn",
	[ACCSTATUS_NONE] = "none",
	[ACCSTATUS__MAX] = NULL,
};

const char *const format_names[FORMAT__MAX + 1] = {
	[FORMAT_JSON] = "json",
	[FORMAT_CSV] = "csv",
	[FORMAT__MAX] = NULL,
};

/* The fixed list of certification codes (as in hf.certifications). */
const char *const cert_codes[CERT__MAX + 1] = {
	[CERT_RHIT] = "RHIT",
	[CERT_RHIA] = "RHIA",
	[CERT_CCA] = "CCA",
	[CERT_CCS] = "CCS",
	[CERT_CHDA] = "CHDA",
	[CERT_CPHIMS] = "CPHIMS",
	[CERT_CAHIMS] = "CAHIMS",
	[CERT_COMPTIA_HIT] = "COMPTIA-HIT",
	[CERT__MAX] = NULL,
};

const char *const sort_names[SORT__MAX + 1] = {
	[SORT_RELEVANCE] = "relevance",
	[SORT_DISTANCE] = "distance",
	[SORT_NAME] = "name",
	[SORT_TUITION] = "tuition",
	[SORT_STATE] = "state",
	[SORT__MAX] = NULL,
};

const char *const facet_names[FACET__MAX + 1] = {
	[FACET_STATE] = "state",
	[FACET_DEGREE] = "degree",
	[FACET_FIELD] = "field",
	[FACET_DELIVERY] = "delivery",
	[FACET_ACCREDITATION_STATUS] = "accreditation_status",
	[FACET_CONTROL] = "control",
	[FACET_ELIGIBLE_FOR] = "eligible_for",
	[FACET__MAX] = NULL,
};

/* Records why val failed; returns -1 and leaves r->v empty. */
int
valid_fail(struct req *r, const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	vsnprintf(r->verr, sizeof(r->verr), fmt, ap);
	va_end(ap);
	pval_free(&r->v);
	return -1;
}

/* Writes "a, b, c" (the NULL-terminated names) into dst of size sz. */
void
valid_join_names(char *dst, size_t sz, const char *const *names)
{
	size_t	 o = 0, i;
	int	 k;

	dst[0] = '\0';
	for (i = 0; names != NULL && names[i] != NULL && o < sz; i++) {
		k = snprintf(dst + o, sz - o, "%s%s", i ? ", " : "", names[i]);
		if (k < 0)
			break;
		o += (size_t)k;
	}
}

/* Copies the trimmed val into dst (size sz); returns its length, or -1 if it does not fit. */
static int
trimmed_copy(const char *val, char *dst, size_t sz)
{
	const char	*s;
	size_t		 n;

	s = str_trim(val, &n);
	if (n + 1 > sz)
		return -1;
	memcpy(dst, s, n);
	dst[n] = '\0';
	return (int)n;
}

/* 1 if s is [+-]?[0-9]+ (the sign only when sign is set). */
static int
int_syntax(const char *s, int sign)
{
	if (sign && (*s == '+' || *s == '-'))
		s++;
	if (*s == '\0')
		return 0;
	for (; *s != '\0'; s++)
		if (*s < '0' || *s > '9')
			return 0;
	return 1;
}

/* Parses the whole of s as a decimal int64 into *v; -1 on junk or ERANGE. */
static int
parse_int64(const char *s, int sign, int64_t *v)
{
	char		*end;
	long long	 ll;

	if (!int_syntax(s, sign))
		return -1;
	errno = 0;
	ll = strtoll(s, &end, 10);
	if (errno == ERANGE || *end != '\0')
		return -1;
	*v = ll;
	return 0;
}

/* An integer (optional sign) within min..max, stored in r->v.i. */
int
valid_int_in(struct req *r, const struct param *p, const char *val,
    int64_t min, int64_t max)
{
	char	 b[32];
	int64_t	 v;

	pval_free(&r->v);
	if (trimmed_copy(val, b, sizeof(b)) < 0 || parse_int64(b, 1, &v) < 0 ||
	    v < min || v > max)
		return valid_fail(r, "%s must be an integer from %lld to %lld",
		    p->name, (long long)min, (long long)max);
	r->v.i = v;
	r->v.s = xasprintf("%lld", (long long)v);
	return 0;
}

/* A whole number written without a sign, within min..max. */
int
valid_uint_in(struct req *r, const struct param *p, const char *val,
    int64_t min, int64_t max)
{
	char	 b[32];
	int64_t	 v;

	pval_free(&r->v);
	if (trimmed_copy(val, b, sizeof(b)) < 0 || parse_int64(b, 0, &v) < 0 ||
	    v < min || v > max)
		return valid_fail(r, "%s must be a whole number from %lld to %lld",
		    p->name, (long long)min, (long long)max);
	r->v.i = v;
	r->v.s = xasprintf("%lld", (long long)v);
	return 0;
}

/* 1 if s is [+-]?(digits[.digits*]|.digits): no exponent, no inf/nan, no hex. */
static int
dec_syntax(const char *s)
{
	int	 digits = 0;

	if (*s == '+' || *s == '-')
		s++;
	for (; *s >= '0' && *s <= '9'; s++)
		digits++;
	if (*s == '.')
		for (s++; *s >= '0' && *s <= '9'; s++)
			digits++;
	return *s == '\0' && digits > 0;
}

/* A decimal number within min..max, stored in r->v.d (text in r->v.s). */
int
valid_dec_in(struct req *r, const struct param *p, const char *val,
    double min, double max)
{
	char	 b[40], *end;
	double	 d;

	pval_free(&r->v);
	if (trimmed_copy(val, b, sizeof(b)) < 0 || !dec_syntax(b))
		goto bad;
	errno = 0;
	d = strtod(b, &end);
	if (errno == ERANGE || *end != '\0' || !(d >= min && d <= max))
		goto bad;
	r->v.d = d;
	r->v.s = xstrdup(b);
	return 0;
bad:
	return valid_fail(r, "%s must be a number from %g to %g", p->name, min, max);
}

/* Canonical name of an enum item (case-insensitive), or NULL. */
const char *
valid_canon_enum(const char *s, size_t n, const void *arg, char *out)
{
	const char *const	*names = arg;
	size_t			 i;

	(void)out;
	for (i = 0; names[i] != NULL; i++)
		if (strlen(names[i]) == n && strncasecmp(s, names[i], n) == 0)
			return names[i];
	return NULL;
}

/* One value through canon; r->v.s gets the canonical text. */
int
valid_one(struct req *r, const char *val, canon_fn canon, const void *arg)
{
	const char	*s, *c;
	char		 out[VALID_OUTSZ];
	size_t		 n;

	pval_free(&r->v);
	s = str_trim(val, &n);
	if ((c = canon(s, n, arg, out)) == NULL)
		return -1;
	r->v.s = xstrdup(c);
	return 0;
}

/*
 * A comma list through canon: every item trimmed, none empty, at most
 * max (VALID_LIST_MAX at most).  r->v.list gets the canonical items,
 * r->v.s them joined.
 */
int
valid_list(struct req *r, const char *val, canon_fn canon, const void *arg,
    size_t max)
{
	const char	*s, *item, *c, *comma;
	char		 out[VALID_OUTSZ];
	struct buf	 b = { NULL, 0, 0 };
	size_t		 n, len;

	pval_free(&r->v);
	s = str_trim(val, &n);
	if (n == 0)
		return -1;
	for (;;) {
		comma = memchr(s, ',', n);
		len = comma != NULL ? (size_t)(comma - s) : n;
		item = s;
		while (len > 0 && (*item == ' ' || *item == '\t')) {
			item++;
			len--;
		}
		while (len > 0 && (item[len - 1] == ' ' || item[len - 1] == '\t'))
			len--;
		if (r->v.nlist == max || r->v.nlist == VALID_LIST_MAX ||
		    (c = canon(item, len, arg, out)) == NULL) {
			buf_free(&b);
			pval_free(&r->v);
			return -1;
		}
		r->v.list = xreallocarray(r->v.list, r->v.nlist + 2,
		    sizeof(char *));
		r->v.list[r->v.nlist++] = xstrdup(c);
		r->v.list[r->v.nlist] = NULL;
		if (b.len > 0)
			buf_putc(&b, ',');
		buf_puts(&b, c);
		if (comma == NULL)
			break;
		n -= (size_t)(comma - s) + 1;
		s = comma + 1;
	}
	r->v.s = buf_take(&b);
	return 0;
}

/* 1 if the list in r->v names an item twice (canonical forms). */
int
valid_list_dups(const struct req *r)
{
	size_t	 i, k;

	for (i = 0; i < r->v.nlist; i++)
		for (k = 0; k < i; k++)
			if (strcmp(r->v.list[i], r->v.list[k]) == 0)
				return 1;
	return 0;
}

/* One of names (case-insensitive); r->v.i = its index, r->v.s = its name. */
int
valid_enum_in(struct req *r, const struct param *p, const char *val,
    const char *const *names)
{
	char	 all[256];
	size_t	 i;

	if (names != NULL && valid_one(r, val, valid_canon_enum, names) == 0) {
		for (i = 0; names[i] != NULL; i++)
			if (strcmp(names[i], r->v.s) == 0)
				r->v.i = (int64_t)i;
		return 0;
	}
	valid_join_names(all, sizeof(all), names);
	return valid_fail(r, "%s must be one of: %s", p->name, all);
}

/* A comma list of names (case-insensitive). */
int
valid_enum_list_in(struct req *r, const struct param *p, const char *val,
    const char *const *names)
{
	char	 all[256];

	if (names != NULL && valid_list(r, val, valid_canon_enum, names,
	    VALID_LIST_MAX) == 0)
		return 0;
	valid_join_names(all, sizeof(all), names);
	return valid_fail(r, "%s must be a comma-separated list of: %s",
	    p->name, all);
}

/* An integer in the param's own p->min..p->max. */
int
valid_int(struct req *r, const struct param *p, const char *val)
{
	return valid_int_in(r, p, val, p->min, p->max);
}

/* page: 1..1000000. */
int
valid_page(struct req *r, const struct param *p, const char *val)
{
	return valid_uint_in(r, p, val, 1, 1000000);
}

/* per_page: 1..100. */
int
valid_per_page(struct req *r, const struct param *p, const char *val)
{
	return valid_uint_in(r, p, val, 1, 100);
}

/* true or false (case-insensitive); r->v.i = 1 or 0. */
int
valid_bool(struct req *r, const struct param *p, const char *val)
{
	static const char *const bools[] = { "false", "true", NULL };

	if (valid_one(r, val, valid_canon_enum, bools) == -1)
		return valid_fail(r, "%s must be true or false", p->name);
	r->v.i = strcmp(r->v.s, "true") == 0;
	return 0;
}

/* One of the param's p->values. */
int
valid_enum(struct req *r, const struct param *p, const char *val)
{
	return valid_enum_in(r, p, val, p->values);
}

/* A comma list of the param's p->values. */
int
valid_enum_list(struct req *r, const struct param *p, const char *val)
{
	return valid_enum_list_in(r, p, val, p->values);
}

int
valid_degree(struct req *r, const struct param *p, const char *val)
{
	return valid_enum_in(r, p, val, degree_names);
}

int
valid_field(struct req *r, const struct param *p, const char *val)
{
	return valid_enum_in(r, p, val, field_names);
}

int
valid_delivery(struct req *r, const struct param *p, const char *val)
{
	return valid_enum_in(r, p, val, delivery_names);
}

int
valid_control(struct req *r, const struct param *p, const char *val)
{
	return valid_enum_in(r, p, val, control_names);
}

int
valid_accreditation_status(struct req *r, const struct param *p,
    const char *val)
{
	return valid_enum_in(r, p, val, accstatus_names);
}

int
valid_format(struct req *r, const struct param *p, const char *val)
{
	return valid_enum_in(r, p, val, format_names);
}

/*
 * Free text: 1..200 bytes once trimmed, well-formed UTF-8 (no overlongs,
 * no surrogates), no control characters.  r->v.s is the trimmed text.
 */
int
valid_text(struct req *r, const struct param *p, const char *val)
{
	const char	*s;
	size_t		 n, i;

	pval_free(&r->v);
	s = str_trim(val, &n);
	if (n == 0 || n > TEXT_MAX || !utf8_valid(s, n))
		goto bad;
	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			goto bad;
	r->v.s = xstrndup(s, n);
	return 0;
bad:
	return valid_fail(r, "%s must be 1 to %d bytes of UTF-8 text without "
	    "control characters", p->name, TEXT_MAX);
}

/*
 * fields: a comma list of the top-level fields of the route's item
 * (routes[r->route].fields).  Needs r->route set by the router.
 */
int
valid_fields(struct req *r, const struct param *p, const char *val)
{
	const char *const	*fields = NULL;
	char			 all[512];

	if (r->route < ROUTE__MAX)
		fields = routes[r->route].fields;
	if (fields != NULL && valid_list(r, val, valid_canon_enum, fields,
	    VALID_LIST_MAX) == 0)
		return 0;
	valid_join_names(all, sizeof(all), fields);
	return valid_fail(r, "%s must be a comma-separated list of: %s",
	    p->name, all);
}

/* eligible_for: a comma list of certification codes, case-insensitive; canonical upper case. */
int
valid_cert_list(struct req *r, const struct param *p, const char *val)
{
	return valid_enum_list_in(r, p, val, cert_codes);
}

/*
 * A sort: one of allowed (a subset of table, the enum's names), with an
 * optional '-' in front that reverses it.  r->v.i = the index in table,
 * r->v.s = the canonical text ("-name"); the caller tests v.s[0] == '-'.
 */
int
valid_sort_in(struct req *r, const struct param *p, const char *val,
    const char *const *allowed, const char *const *table)
{
	const char	*s, *c;
	char		 all[256], out[VALID_OUTSZ];
	size_t		 n, i;
	int		 desc;

	pval_free(&r->v);
	s = str_trim(val, &n);
	if ((desc = n > 0 && *s == '-')) {
		s++;
		n--;
	}
	if (allowed != NULL &&
	    (c = valid_canon_enum(s, n, allowed, out)) != NULL) {
		for (i = 0; table[i] != NULL; i++)
			if (strcmp(table[i], c) == 0)
				break;
		if (table[i] == NULL)
			abort();	/* a table names an unknown sort */
		r->v.i = (int64_t)i;
		r->v.s = xasprintf("%s%s", desc ? "-" : "", c);
		return 0;
	}
	valid_join_names(all, sizeof(all), allowed);
	return valid_fail(r, "%s must be one of: %s; a '-' in front reverses "
	    "the order", p->name, all);
}

/*
 * sort of the school finder: one of the param's p->values (a subset of
 * sort_names); r->v.i = the enum sort.
 */
int
valid_sort(struct req *r, const struct param *p, const char *val)
{
	return valid_sort_in(r, p, val, p->values, sort_names);
}

/* tuition_min, tuition_max: whole US dollars per year, 0..1000000. */
int
valid_tuition(struct req *r, const struct param *p, const char *val)
{
	return valid_uint_in(r, p, val, 0, 1000000);
}

/* credits_min, credits_max: 0..1000 credits, decimals allowed. */
int
valid_credits(struct req *r, const struct param *p, const char *val)
{
	return valid_dec_in(r, p, val, 0.0, 1000.0);
}

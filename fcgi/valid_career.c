/*
 * valid_career.c -- the validators of the career lookup (valid.h): SOC
 * codes in their three spellings, the careers of a comparison, the wage
 * basis, the metric and bins of the map, the career sorts, and the
 * matchers of the {soc} and {code} path segments.  Pure, like every
 * validator.
 */
#include <stdio.h>
#include <string.h>

#include "request.h"
#include "util.h"
#include "valid.h"
#include "valid_priv.h"

#define CAREERS_MAX	5	/* careers of one comparison */
#define BINS_MIN	4	/* bins= of the map */
#define BINS_MAX	7
#define CERT_CODE_MAX	32	/* bytes of a {code} path segment */

const char *const basis_names[BASIS__MAX + 1] = {
	[BASIS_ANNUAL] = "annual",
	[BASIS_HOURLY] = "hourly",
	[BASIS__MAX] = NULL,
};

const char *const metric_names[METRIC__MAX + 1] = {
	[METRIC_MEDIAN] = "median",
	[METRIC_MEAN] = "mean",
	[METRIC_GROWTH_PCT] = "growth_pct",
	[METRIC_LOCATION_QUOTIENT] = "location_quotient",
	[METRIC__MAX] = NULL,
};

const char *const career_sort_names[CSORT__MAX + 1] = {
	[CSORT_RELEVANCE] = "relevance",
	[CSORT_TITLE] = "title",
	[CSORT_MEDIAN] = "median",
	[CSORT_MEAN] = "mean",
	[CSORT_GROWTH_PCT] = "growth_pct",
	[CSORT_ANNUAL_OPENINGS] = "annual_openings",
	[CSORT_EMPLOYMENT] = "employment",
	[CSORT__MAX] = NULL,
};

#define SOC_WHAT	"a SOC code such as 29-2072 (also 292072 or 29-2072.00)"

/* 29-2072, 292072, 29-2072.00 (and 292072.00) -> "29-2072", else NULL. */
const char *
valid_canon_soc(const char *s, size_t n, const void *arg, char *out)
{
	char	 d[6];
	size_t	 i, k = 0;

	(void)arg;
	if (n >= 3 && memcmp(s + n - 3, ".00", 3) == 0)
		n -= 3;
	if (n != 6 && n != 7)
		return NULL;
	for (i = 0; i < n; i++) {
		if (n == 7 && i == 2) {
			if (s[i] != '-')
				return NULL;
			continue;
		}
		if (s[i] < '0' || s[i] > '9')
			return NULL;
		d[k++] = s[i];
	}
	snprintf(out, VALID_OUTSZ, "%.2s-%.4s", d, d + 2);
	return out;
}

/* A SOC code, canonicalised to 29-2072. */
int
valid_soc(struct req *r, const struct param *p, const char *val)
{
	if (valid_one(r, val, valid_canon_soc, NULL) == -1)
		return valid_fail(r, "%s must be %s", p->name, SOC_WHAT);
	return 0;
}

/* A comma list of SOC codes, each canonicalised. */
int
valid_soc_list(struct req *r, const struct param *p, const char *val)
{
	if (valid_list(r, val, valid_canon_soc, NULL, VALID_LIST_MAX) == -1)
		return valid_fail(r, "%s must be a comma-separated list of SOC "
		    "codes such as 29-2072,29-9021", p->name);
	return 0;
}

/*
 * careers (of a comparison): 1 to 5 different SOC codes, each in any of
 * the three spellings, canonicalised, in the order given.
 */
int
valid_careers(struct req *r, const struct param *p, const char *val)
{
	if (valid_list(r, val, valid_canon_soc, NULL, CAREERS_MAX) == -1 ||
	    valid_list_dups(r))
		return valid_fail(r, "%s must be a comma-separated list of 1 to "
		    "%d different SOC codes such as 29-2072,29-9021", p->name,
		    CAREERS_MAX);
	return 0;
}

/* basis: annual or hourly (case-insensitive); r->v.i = enum basis. */
int
valid_basis(struct req *r, const struct param *p, const char *val)
{
	return valid_enum_in(r, p, val, basis_names);
}

/* metric (of the map): median, mean, growth_pct or location_quotient. */
int
valid_metric(struct req *r, const struct param *p, const char *val)
{
	return valid_enum_in(r, p, val, metric_names);
}

/* bins (of the map): a whole number from 4 to 7. */
int
valid_bins(struct req *r, const struct param *p, const char *val)
{
	return valid_uint_in(r, p, val, BINS_MIN, BINS_MAX);
}

/*
 * sort of the career list: one of the param's p->values (a subset of
 * career_sort_names), '-' in front reverses; r->v.i = enum career_sort.
 */
int
valid_career_sort(struct req *r, const struct param *p, const char *val)
{
	return valid_sort_in(r, p, val, p->values, career_sort_names);
}

/*
 * Matcher of a {soc} path segment: a SOC code in one of its three
 * spellings.  Returns 1 with the canonical code in out (size sz), else 0.
 */
int
valid_soc_segment(const char *seg, char *out, size_t sz)
{
	char	 b[VALID_OUTSZ];

	if (valid_canon_soc(seg, strlen(seg), NULL, b) == NULL ||
	    strlen(b) + 1 > sz)
		return 0;
	memcpy(out, b, strlen(b) + 1);
	return 1;
}

/*
 * Matcher of a {code} path segment (a certification): 1 to 32 letters,
 * digits and '-', starting with a letter or digit, in any case.  Returns
 * 1 with the code upper-cased in out (size sz), else 0.  Whether such a
 * certification exists is the handler's question.
 */
int
valid_cert_segment(const char *seg, char *out, size_t sz)
{
	size_t	 i, n = strlen(seg);
	char	 c;

	if (n == 0 || n > CERT_CODE_MAX || n + 1 > sz || seg[0] == '-')
		return 0;
	for (i = 0; i < n; i++) {
		c = seg[i];
		if (c >= 'a' && c <= 'z')
			c = (char)(c - 'a' + 'A');
		if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		    c == '-'))
			return 0;
		out[i] = c;
	}
	out[n] = '\0';
	return 1;
}

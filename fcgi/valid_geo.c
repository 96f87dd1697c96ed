/*
 * valid_geo.c -- the validators of places (valid.h): state codes, the
 * areas of a comparison (US or a state), ZIP codes, coordinates and
 * radius, and the matcher of a {state} path segment.  Pure, like every
 * validator.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "request.h"
#include "util.h"
#include "valid.h"
#include "valid_priv.h"

#define AREAS_MAX	6	/* areas of one comparison */

/* The 50 states, DC, and the territories the sources cover. */
static const char *const state_codes[] = {
	"AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "FL", "GA",
	"HI", "ID", "IL", "IN", "IA", "KS", "KY", "LA", "ME", "MD",
	"MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH", "NJ",
	"NM", "NY", "NC", "ND", "OH", "OK", "OR", "PA", "RI", "SC",
	"SD", "TN", "TX", "UT", "VT", "VA", "WA", "WV", "WI", "WY",
	"DC", "PR", "GU", "VI", "AS", "MP", NULL,
};

#define STATE_WHAT	"a two-letter code of a US state, DC, PR, GU, VI, AS or MP"

/* Canonical (upper-case) state code, or NULL. */
const char *
valid_canon_state(const char *s, size_t n, const void *arg, char *out)
{
	size_t	 i;

	(void)arg;
	if (n != 2)
		return NULL;
	for (i = 0; state_codes[i] != NULL; i++)
		if (strncasecmp(s, state_codes[i], 2) == 0) {
			memcpy(out, state_codes[i], 3);
			return out;
		}
	return NULL;
}

/* An area of a comparison: US (the nation) or a state code. */
static const char *
canon_area(const char *s, size_t n, const void *arg, char *out)
{
	if (n == 2 && strncasecmp(s, "US", 2) == 0) {
		memcpy(out, "US", 3);
		return out;
	}
	return valid_canon_state(s, n, arg, out);
}

/*
 * A state code, case-insensitive; r->v.s is upper case, and r->v.list
 * holds it as a list of one (so a search can filter on it).
 */
int
valid_state(struct req *r, const struct param *p, const char *val)
{
	if (valid_one(r, val, valid_canon_state, NULL) == -1)
		return valid_fail(r, "%s must be %s", p->name, STATE_WHAT);
	r->v.list = xcalloc(2, sizeof(char *));
	r->v.list[0] = xstrdup(r->v.s);
	r->v.nlist = 1;
	return 0;
}

/* A comma list of state codes ("OH,pa" -> OH, PA). */
int
valid_state_list(struct req *r, const struct param *p, const char *val)
{
	if (valid_list(r, val, valid_canon_state, NULL, VALID_LIST_MAX) == -1)
		return valid_fail(r, "%s must be a comma-separated list of "
		    "two-letter codes of US states, DC, PR, GU, VI, AS or MP",
		    p->name);
	return 0;
}

/*
 * areas: 1 to 6 different areas, each US (the nation) or a state code,
 * case-insensitive ("us,oh" -> US, OH), in the order given.
 */
int
valid_areas(struct req *r, const struct param *p, const char *val)
{
	if (valid_list(r, val, canon_area, NULL, AREAS_MAX) == -1 ||
	    valid_list_dups(r))
		return valid_fail(r, "%s must be a comma-separated list of 1 "
		    "to %d different areas: US or two-letter codes of US "
		    "states, DC, PR, GU, VI, AS or MP", p->name, AREAS_MAX);
	return 0;
}

/*
 * Matcher of a {state} path segment: a state code in any case.  Returns
 * 1 with the upper-case code in out (size sz), else 0.
 */
int
valid_state_segment(const char *seg, char *out, size_t sz)
{
	char	 b[VALID_OUTSZ];

	if (valid_canon_state(seg, strlen(seg), NULL, b) == NULL ||
	    strlen(b) + 1 > sz)
		return 0;
	memcpy(out, b, strlen(b) + 1);
	return 1;
}

/* Exactly five ASCII digits. */
int
valid_zip(struct req *r, const struct param *p, const char *val)
{
	const char	*s;
	size_t		 n, i;

	pval_free(&r->v);
	s = str_trim(val, &n);
	for (i = 0; i < n && s[i] >= '0' && s[i] <= '9'; i++)
		continue;
	if (n != 5 || i != 5)
		return valid_fail(r, "%s must be a ZIP code of exactly 5 digits",
		    p->name);
	r->v.s = xstrndup(s, 5);
	return 0;
}

/* lat: -90..90 degrees. */
int
valid_lat(struct req *r, const struct param *p, const char *val)
{
	return valid_dec_in(r, p, val, -90.0, 90.0);
}

/* lon: -180..180 degrees. */
int
valid_lon(struct req *r, const struct param *p, const char *val)
{
	return valid_dec_in(r, p, val, -180.0, 180.0);
}

/* radius: 1..500 miles, decimals allowed. */
int
valid_radius(struct req *r, const struct param *p, const char *val)
{
	return valid_dec_in(r, p, val, 1.0, 500.0);
}

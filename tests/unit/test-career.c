/*
 * test-career.c -- the career lookup's JSON helpers (handlers/career.c)
 * on results built with libpq's PQmakeEmptyPGresult()/PQsetvalue(), no
 * server needed: figures keep PostgreSQL's text (cents included), null
 * stays null, an item's flags keep only its own figures' reasons, a
 * category that cannot be computed says why, the map item's shape, and
 * basis/metric defaults.
 */
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>
#include <libpq-fe.h>

#include "handlers/career.h"
#include "json.h"
#include "request.h"
#include "router.h"
#include "valid.h"

#include "t.h"

/* Serialises o, compares with want, releases o. */
#define ASSERT_JSON(o, want) do {					\
	struct json_object *t_o_ = (o);					\
	char *t_s_ = strdup(json_text(t_o_, NULL));			\
	json_object_put(t_o_);						\
	if (strcmp(t_s_, (want)) != 0) {				\
		fprintf(stderr, "got:  %s\nwant: %s\n", t_s_, (want));	\
		free(t_s_);						\
		ASSERT_TRUE(0);						\
	}								\
	free(t_s_);							\
} while (0)

/*
 * A result with columns names[0..n) and one row of vals (NULL: SQL
 * NULL).  Caller must PQclear() it.
 */
static PGresult *
result(const char *const *names, const char *const *vals, int n)
{
	PGresAttDesc	*att;
	PGresult	*res;
	int		 i;

	res = PQmakeEmptyPGresult(NULL, PGRES_TUPLES_OK);
	att = calloc((size_t)n, sizeof(*att));
	for (i = 0; i < n; i++) {
		att[i].name = (char *)names[i];
		att[i].format = 0;
		att[i].typid = 25;	/* text: the helpers read text */
		att[i].typlen = -1;
		att[i].atttypmod = -1;
	}
	PQsetResultAttrs(res, n, att);
	free(att);
	for (i = 0; i < n; i++)
		PQsetvalue(res, 0, i, (char *)vals[i],
		    vals[i] != NULL ? (int)strlen(vals[i]) : -1);
	return res;
}

/* An Ohio row of hf.career_areas as STMT_CAREER_MAP answers it. */
static const char *const names[] = {
	"area", "name", "wage_year", "employment", "jobs_per_1000",
	"location_quotient", "mean", "median", "p10", "p25", "p75", "p90",
	"base_year", "projected_year", "base_employment",
	"projected_employment", "numeric_change", "growth_pct",
	"annual_openings", "outlook_category", "category_mean",
	"category_median", "category_growth_pct",
	"category_location_quotient", "category_flags", "flags"
};
static const char *const ohio[] = {
	"OH", "Ohio", "2023", NULL, NULL, "1.04", "24.61", NULL, NULL, NULL,
	NULL, "115.00", NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
	NULL, NULL, "near", "{\"mean\": \"no_national_same_year\"}",
	"{\"median\": \"not_loaded\", \"employment\": \"suppressed\", "
	"\"p90\": \"at_least\", \"base_employment\": \"not_loaded\", "
	"\"growth_pct\": \"not_loaded\"}"
};

static void
test_career_figures_subset(void)
{
	static const enum fig figs[] = { FIG_EMPLOYMENT, FIG_MEAN, FIG_MEDIAN };
	struct json_object	*o, *flags;
	struct figcols		 fc;
	PGresult		*res;

	res = result(names, ohio, (int)nitems(names));
	figcols_find(res, &fc);
	o = json_object_new_object();
	flags = career_figures(o, res, 0, &fc, figs, nitems(figs));
	ASSERT_JSON(o, "{\"employment\":null,\"mean\":24.61,\"median\":null}");
	/* Only the reasons of the figures shown, in their order. */
	ASSERT_JSON(flags, "{\"employment\":\"suppressed\",\"median\":"
	    "\"not_loaded\"}");
	PQclear(res);
}

static void
test_career_figures_integers(void)
{
	static const enum fig figs[] = { FIG_WAGE_YEAR, FIG_P90 };
	struct json_object	*o;
	struct figcols		 fc;
	PGresult		*res;

	res = result(names, ohio, (int)nitems(names));
	figcols_find(res, &fc);
	o = json_object_new_object();
	/* wage_year an integer; the top-coded p90 kept as written. */
	ASSERT_JSON(career_figures(o, res, 0, &fc, figs, nitems(figs)),
	    "{\"p90\":\"at_least\"}");
	ASSERT_JSON(o, "{\"wage_year\":2023,\"p90\":115.00}");
	PQclear(res);
}

static void
test_career_category(void)
{
	struct json_object	*flags;
	struct figcols		 fc;
	PGresult		*res;

	res = result(names, ohio, (int)nitems(names));
	figcols_find(res, &fc);
	flags = json_object_new_object();
	/* A category there: no reason added. */
	ASSERT_JSON(career_category(res, 0, &fc, METRIC_LOCATION_QUOTIENT,
	    flags), "\"near\"");
	ASSERT_EQ(json_object_object_length(flags), 0);
	/* No national figure of the same year. */
	ASSERT_NULL(career_category(res, 0, &fc, METRIC_MEAN, flags));
	ASSERT_JSON(json_object_get(flags),
	    "{\"category\":\"no_national_same_year\"}");
	json_object_put(flags);
	/* The figure itself missing: its own reason. */
	flags = json_object_new_object();
	json_object_object_add(flags, "median",
	    json_object_new_string("not_loaded"));
	ASSERT_NULL(career_category(res, 0, &fc, METRIC_MEDIAN, flags));
	ASSERT_JSON(flags, "{\"median\":\"not_loaded\",\"category\":"
	    "\"not_loaded\"}");
	/* Nothing known: not_comparable. */
	flags = json_object_new_object();
	ASSERT_NULL(career_category(res, 0, &fc, METRIC_GROWTH_PCT, flags));
	ASSERT_JSON(flags, "{\"category\":\"not_comparable\"}");
	PQclear(res);
}

static void
test_career_area_obj(void)
{
	struct figcols		 fc;
	PGresult		*res;

	res = result(names, ohio, (int)nitems(names));
	figcols_find(res, &fc);
	ASSERT_JSON(career_area_obj(res, 0, &fc, "state", METRIC_MEAN),
	    "{\"state\":\"OH\",\"name\":\"Ohio\",\"employment\":null,"
	    "\"jobs_per_1000\":null,\"location_quotient\":1.04,\"mean\":24.61,"
	    "\"median\":null,\"p10\":null,\"p25\":null,\"p75\":null,"
	    "\"p90\":115.00,\"growth_pct\":null,\"annual_openings\":null,"
	    "\"wage_year\":2023,\"base_year\":null,\"projected_year\":null,"
	    "\"category\":null,\"flags\":{\"employment\":\"suppressed\","
	    "\"median\":\"not_loaded\",\"p90\":\"at_least\",\"growth_pct\":"
	    "\"not_loaded\",\"category\":\"no_national_same_year\"}}");
	/* The national figures: no identity, no category. */
	ASSERT_JSON(career_area_obj(res, 0, &fc, NULL, METRIC__MAX),
	    "{\"employment\":null,\"jobs_per_1000\":null,"
	    "\"location_quotient\":1.04,\"mean\":24.61,\"median\":null,"
	    "\"p10\":null,\"p25\":null,\"p75\":null,\"p90\":115.00,"
	    "\"growth_pct\":null,\"annual_openings\":null,\"wage_year\":2023,"
	    "\"base_year\":null,\"projected_year\":null,\"flags\":{"
	    "\"employment\":\"suppressed\",\"median\":\"not_loaded\","
	    "\"p90\":\"at_least\",\"growth_pct\":\"not_loaded\"}}");
	PQclear(res);
}

static void
test_career_no_flags_column(void)
{
	static const char *const n[] = { "mean" };
	static const char *const v[] = { "56790" };
	static const enum fig figs[] = { FIG_MEAN };
	struct json_object	*o;
	struct figcols		 fc;
	PGresult		*res;

	res = result(n, v, 1);
	figcols_find(res, &fc);
	ASSERT_EQ(fc.flags, -1);
	ASSERT_EQ(fc.fig[FIG_MEDIAN], -1);
	o = json_object_new_object();
	ASSERT_JSON(career_figures(o, res, 0, &fc, figs, 1), "{}");
	ASSERT_JSON(o, "{\"mean\":56790}");
	PQclear(res);
}

static void
test_career_basis_metric(void)
{
	struct req	 r;
	struct resp	 rs;

	memset(&rs, 0, sizeof(rs));
	req_init(&r, "GET", "/api/v1/careers/29-2072/states", NULL,
	    "basis=Hourly&metric=growth_pct", NULL, NULL);
	r.route = ROUTE_CAREER_STATES;
	ASSERT_EQ(req_params(&r, &rs, routes[r.route].params), 0);
	ASSERT_STR(career_basis(&r), "hourly");
	ASSERT_EQ(career_metric(&r), METRIC_GROWTH_PCT);
	req_free(&r);
	req_init(&r, "GET", "/api/v1/careers/29-2072/states", NULL, "",
	    NULL, NULL);
	r.route = ROUTE_CAREER_STATES;
	ASSERT_EQ(req_params(&r, &rs, routes[r.route].params), 0);
	ASSERT_STR(career_basis(&r), "annual");
	ASSERT_EQ(career_metric(&r), METRIC_MEDIAN);
	req_free(&r);
	resp_free(&rs);
}

static void
test_career_fig_names(void)
{
	size_t	 i;

	for (i = 0; i < FIG__MAX; i++)
		ASSERT_TRUE(fig_names[i] != NULL);
	ASSERT_STR(fig_names[FIG_GROWTH_PCT], "growth_pct");
	ASSERT_EQ(nfigs_state, 14);
}

int
main(void)
{
	T_RUN(test_career_figures_subset);
	T_RUN(test_career_figures_integers);
	T_RUN(test_career_category);
	T_RUN(test_career_area_obj);
	T_RUN(test_career_no_flags_column);
	T_RUN(test_career_basis_metric);
	T_RUN(test_career_fig_names);
	return T_EXIT;
}

/*
 * handlers/career.h -- what the career lookup's handlers share: the
 * figures of a career in an area (enum fig, columns found once per
 * result, JSON with their flags), the category of a state against the
 * nation, the wage basis of a request, and the answer for a SOC code
 * that is not a career of the field (retired codes name successors).
 */
#ifndef HF_CAREER_H
#define HF_CAREER_H

#include <stddef.h>

#include <libpq-fe.h>

#include "request.h"
#include "resp.h"
#include "valid.h"

struct json_object;

/* A figure of a career in an area, named as the API and the read model. */
enum fig {
	FIG_WAGE_YEAR,
	FIG_EMPLOYMENT,
	FIG_JOBS_PER_1000,
	FIG_LOCATION_QUOTIENT,
	FIG_MEAN,
	FIG_MEDIAN,
	FIG_P10,
	FIG_P25,
	FIG_P75,
	FIG_P90,
	FIG_BASE_YEAR,
	FIG_PROJECTED_YEAR,
	FIG_BASE_EMPLOYMENT,
	FIG_PROJECTED_EMPLOYMENT,
	FIG_NUMERIC_CHANGE,
	FIG_GROWTH_PCT,
	FIG_ANNUAL_OPENINGS,
	FIG__MAX
};

extern const char *const fig_names[FIG__MAX];

/* The columns of a result that carry figures; -1 where it has none. */
struct figcols {
	int	 fig[FIG__MAX];
	int	 flags;			/* jsonb: why a figure is null */
	int	 category[METRIC__MAX];	/* category_<metric> */
	int	 category_flags;	/* jsonb: why a category is null */
};

/* The figures of each shape the API answers (states item, profile...). */
extern const enum fig	 figs_state[];		/* /careers/{soc}/states */
extern const size_t	 nfigs_state;
extern const enum fig	 figs_wages[];		/* profile wages (+ year) */
extern const size_t	 nfigs_wages;
extern const enum fig	 figs_outlook[];	/* profile outlook */
extern const size_t	 nfigs_outlook;
extern const enum fig	 figs_compare[];	/* /compare areas */
extern const size_t	 nfigs_compare;
extern const enum fig	 figs_state_page[];	/* /states/{state} careers */
extern const size_t	 nfigs_state_page;

void		 figcols_find(const PGresult *, struct figcols *);
struct json_object *career_figures(struct json_object *, const PGresult *,
		    int, const struct figcols *, const enum fig *, size_t);
struct json_object *career_category(const PGresult *, int,
		    const struct figcols *, enum metric, struct json_object *);
struct json_object *career_area_obj(const PGresult *, int,
		    const struct figcols *, const char *, enum metric);
const char	*career_basis(const struct req *);
enum metric	 career_metric(const struct req *);
enum http	 career_missing(struct req *, struct resp *, char *const *,
		    size_t, const char *);

#endif /* HF_CAREER_H */

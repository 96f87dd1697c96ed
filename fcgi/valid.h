/*
 * valid.h -- pure validators for query parameters (R6, kcgi kvalid_*)
 * and the closed sets of the API they accept (R3).  One module in three
 * files: valid.c (building blocks, the school finder's sets), valid_geo.c
 * (states, areas, ZIP, coordinates), valid_career.c (SOC codes, basis,
 * metric, bins, career sorts).
 *
 * Every validator: int valid_x(struct req *r, const struct param *p,
 * const char *val).  val is trimmed first; the whole of it must parse.
 * Returns 0 and stores the typed value in r->v, or -1 with r->verr
 * naming the parameter and what it accepts (range or values); it never
 * clamps, does no I/O and touches nothing else of r.
 */
#ifndef HF_VALID_H
#define HF_VALID_H

#include <stddef.h>
#include <stdint.h>

struct param;
struct req;

enum degree {
	DEGREE_CERTIFICATE,
	DEGREE_ASSOCIATE,
	DEGREE_BACHELOR,
	DEGREE_POST_BACCALAUREATE_CERTIFICATE,
	DEGREE_MASTER,
	DEGREE_POST_MASTER_CERTIFICATE,
	DEGREE_DOCTORATE,
	DEGREE__MAX
};

enum field {
	FIELD_HEALTH_INFORMATION_MANAGEMENT,
	FIELD_HEALTH_INFORMATION_TECHNOLOGY,
	FIELD_MEDICAL_CODING,
	FIELD_MEDICAL_BILLING,
	FIELD_DISEASE_REGISTRY,
	FIELD_HEALTH_INFORMATION_PRIVACY_SECURITY,
	FIELD_HEALTH_INFORMATICS,
	FIELD__MAX
};

enum delivery {
	DELIVERY_CAMPUS,
	DELIVERY_ONLINE,
	DELIVERY_HYBRID,
	DELIVERY__MAX
};

enum control {
	CONTROL_PUBLIC,
	CONTROL_PRIVATE_NONPROFIT,
	CONTROL_PRIVATE_FOR_PROFIT,
	CONTROL__MAX
};

enum accstatus {
	ACCSTATUS_CANDIDACY,
	ACCSTATUS_INITIAL,
	ACCSTATUS_CONTINUING,
	ACCSTATUS_PROBATION,
	ACCSTATUS_WITHDRAWN,
	ACCSTATUS_NONE,
	ACCSTATUS__MAX
};

enum format {
	FORMAT_JSON,
	FORMAT_CSV,
	FORMAT__MAX
};

/* Certification codes eligible_for accepts (hf.certifications.code). */
enum cert {
	CERT_RHIT,
	CERT_RHIA,
	CERT_CCA,
	CERT_CCS,
	CERT_CHDA,
	CERT_CPHIMS,
	CERT_CAHIMS,
	CERT_COMPTIA_HIT,
	CERT__MAX
};

/* What a search can be ordered by; '-' in front reverses (valid_sort). */
enum sort {
	SORT_RELEVANCE,
	SORT_DISTANCE,
	SORT_NAME,
	SORT_TUITION,
	SORT_STATE,
	SORT__MAX
};

/* The facetable filters of the program search, facets= names. */
enum facet {
	FACET_STATE,
	FACET_DEGREE,
	FACET_FIELD,
	FACET_DELIVERY,
	FACET_ACCREDITATION_STATUS,
	FACET_CONTROL,
	FACET_ELIGIBLE_FOR,
	FACET__MAX
};

/* basis=: which wage columns an answer carries. */
enum basis {
	BASIS_ANNUAL,		/* US dollars per year, whole */
	BASIS_HOURLY,		/* US dollars per hour, with cents */
	BASIS__MAX
};

/* metric= of the map: the figure category and bins are about. */
enum metric {
	METRIC_MEDIAN,
	METRIC_MEAN,
	METRIC_GROWTH_PCT,
	METRIC_LOCATION_QUOTIENT,
	METRIC__MAX
};

/* What the career list can be ordered by; '-' in front reverses. */
enum career_sort {
	CSORT_RELEVANCE,
	CSORT_TITLE,
	CSORT_MEDIAN,
	CSORT_MEAN,
	CSORT_GROWTH_PCT,
	CSORT_ANNUAL_OPENINGS,
	CSORT_EMPLOYMENT,
	CSORT__MAX
};

/* Names as the API spells them, NULL-terminated, indexed by the enum. */
extern const char *const degree_names[DEGREE__MAX + 1];
extern const char *const field_names[FIELD__MAX + 1];
extern const char *const field_cips[FIELD__MAX + 1];
extern const char *const delivery_names[DELIVERY__MAX + 1];
extern const char *const control_names[CONTROL__MAX + 1];
extern const char *const accstatus_names[ACCSTATUS__MAX + 1];
extern const char *const format_names[FORMAT__MAX + 1];
extern const char *const cert_codes[CERT__MAX + 1];
extern const char *const sort_names[SORT__MAX + 1];
extern const char *const facet_names[FACET__MAX + 1];
extern const char *const basis_names[BASIS__MAX + 1];
extern const char *const metric_names[METRIC__MAX + 1];
extern const char *const career_sort_names[CSORT__MAX + 1];

/* Building blocks: the range or the table is an argument. */
int	valid_int_in(struct req *, const struct param *, const char *,
	    int64_t, int64_t);
int	valid_uint_in(struct req *, const struct param *, const char *,
	    int64_t, int64_t);
int	valid_dec_in(struct req *, const struct param *, const char *,
	    double, double);
int	valid_enum_in(struct req *, const struct param *, const char *,
	    const char *const *);
int	valid_enum_list_in(struct req *, const struct param *, const char *,
	    const char *const *);
int	valid_sort_in(struct req *, const struct param *, const char *,
	    const char *const *, const char *const *);

/* Validators for param tables. */
int	valid_int(struct req *, const struct param *, const char *);
int	valid_page(struct req *, const struct param *, const char *);
int	valid_per_page(struct req *, const struct param *, const char *);
int	valid_lat(struct req *, const struct param *, const char *);
int	valid_lon(struct req *, const struct param *, const char *);
int	valid_radius(struct req *, const struct param *, const char *);
int	valid_bool(struct req *, const struct param *, const char *);
int	valid_enum(struct req *, const struct param *, const char *);
int	valid_enum_list(struct req *, const struct param *, const char *);
int	valid_degree(struct req *, const struct param *, const char *);
int	valid_field(struct req *, const struct param *, const char *);
int	valid_delivery(struct req *, const struct param *, const char *);
int	valid_control(struct req *, const struct param *, const char *);
int	valid_accreditation_status(struct req *, const struct param *,
	    const char *);
int	valid_state(struct req *, const struct param *, const char *);
int	valid_state_list(struct req *, const struct param *, const char *);
int	valid_zip(struct req *, const struct param *, const char *);
int	valid_soc(struct req *, const struct param *, const char *);
int	valid_soc_list(struct req *, const struct param *, const char *);
int	valid_text(struct req *, const struct param *, const char *);
int	valid_fields(struct req *, const struct param *, const char *);
int	valid_format(struct req *, const struct param *, const char *);
int	valid_cert_list(struct req *, const struct param *, const char *);
int	valid_sort(struct req *, const struct param *, const char *);
int	valid_tuition(struct req *, const struct param *, const char *);
int	valid_credits(struct req *, const struct param *, const char *);
int	valid_areas(struct req *, const struct param *, const char *);
int	valid_careers(struct req *, const struct param *, const char *);
int	valid_basis(struct req *, const struct param *, const char *);
int	valid_metric(struct req *, const struct param *, const char *);
int	valid_bins(struct req *, const struct param *, const char *);
int	valid_career_sort(struct req *, const struct param *, const char *);

/*
 * Matchers of path segments (the router's {state}, {soc}, {code}):
 * return 1 with the canonical form in out (size sz), else 0.
 */
int	valid_state_segment(const char *, char *, size_t);
int	valid_soc_segment(const char *, char *, size_t);
int	valid_cert_segment(const char *, char *, size_t);

#endif /* HF_VALID_H */

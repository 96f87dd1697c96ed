/*
 * search.h -- the program and institution searches (R14): a request's
 * validated parameters as a typed struct search, the cross-parameter
 * checks, and the SQL assembled only from the fixed fragments of
 * frags[] with every value passed as a $n parameter (PQexecParams).
 */
#ifndef HF_SEARCH_H
#define HF_SEARCH_H

#include <stddef.h>

#include "util.h"
#include "valid.h"

struct pval;
struct req;
struct resp;

/* Radius in miles when a location is given without one (API.md). */
#define SEARCH_RADIUS_DEFAULT	"50"

enum search_kind {
	SEARCH_PROGRAMS,	/* hf.program_search */
	SEARCH_INSTITUTIONS,	/* hf.institution_search */
	SEARCH__MAX
};

/*
 * The values a fragment may name as {name}; each becomes one $n the
 * first time it is used.  sarg_names[] spells them.
 */
enum sarg {
	SARG_Q,
	SARG_CITY,
	SARG_LAT,
	SARG_LON,
	SARG_RADIUS,
	SARG_STATE,
	SARG_DEGREE,
	SARG_FIELD,
	SARG_DELIVERY,
	SARG_ACCREDITATION_STATUS,
	SARG_CONTROL,
	SARG_ELIGIBLE_FOR,
	SARG_ACCREDITED,
	SARG_TUITION_MIN,
	SARG_TUITION_MAX,
	SARG_CREDITS_MIN,
	SARG_CREDITS_MAX,
	SARG_LIMIT,
	SARG_OFFSET,
	SARG__MAX
};

/* Every piece of SQL a search may contain; the text is in frags[]. */
enum frag {
	FRAG_WITH,
	FRAG_QRY_CTE,
	FRAG_P_BASE,
	FRAG_I_BASE,
	FRAG_REL,
	FRAG_NOREL,
	FRAG_DIST,
	FRAG_NODIST,
	FRAG_M_STATE,
	FRAG_M_DEGREE,
	FRAG_M_FIELD,
	FRAG_M_DELIVERY,
	FRAG_M_ACCREDITATION_STATUS,
	FRAG_M_CONTROL,
	FRAG_M_ELIGIBLE_FOR,
	FRAG_MT_STATE,
	FRAG_MT_DEGREE,
	FRAG_MT_FIELD,
	FRAG_MT_DELIVERY,
	FRAG_MT_ACCREDITATION_STATUS,
	FRAG_MT_CONTROL,
	FRAG_MT_ELIGIBLE_FOR,
	FRAG_P_FROM,
	FRAG_I_FROM,
	FRAG_FROM_QRY,
	FRAG_WHERE,
	FRAG_W_Q,
	FRAG_W_CITY,
	FRAG_W_LOCAL_OPEN,
	FRAG_W_ONLINE,
	FRAG_CLOSE,
	FRAG_W_STATE,
	FRAG_W_DEGREE,
	FRAG_W_FIELD,
	FRAG_W_DELIVERY,
	FRAG_W_ACCREDITATION_STATUS,
	FRAG_W_CONTROL,
	FRAG_W_ELIGIBLE_FOR,
	FRAG_W_ACCREDITED,
	FRAG_W_TUITION_MIN,
	FRAG_W_TUITION_MAX,
	FRAG_W_CREDITS_MIN,
	FRAG_W_CREDITS_MAX,
	FRAG_W1_STATE,
	FRAG_W1_DEGREE,
	FRAG_W1_FIELD,
	FRAG_W1_DELIVERY,
	FRAG_W1_ACCREDITATION_STATUS,
	FRAG_W1_CONTROL,
	FRAG_P_HITS,
	FRAG_I_HITS,
	FRAG_PAGE_OPEN,
	FRAG_ONLINE_LAST,
	FRAG_O_RELEVANCE,
	FRAG_O_RELEVANCE_DESC,
	FRAG_O_DISTANCE,
	FRAG_O_DISTANCE_DESC,
	FRAG_O_NAME,
	FRAG_O_NAME_DESC,
	FRAG_O_TUITION,
	FRAG_O_TUITION_DESC,
	FRAG_O_STATE,
	FRAG_O_STATE_DESC,
	FRAG_PAGE_CLOSE,
	FRAG_SELECT_TOTAL,
	FRAG_FACETS_OPEN,
	FRAG_F_STATE,
	FRAG_F_DEGREE,
	FRAG_F_FIELD,
	FRAG_F_DELIVERY,
	FRAG_F_ACCREDITATION_STATUS,
	FRAG_F_CONTROL,
	FRAG_F_ELIGIBLE_FOR,
	FRAG_UNION_ALL,
	FRAG_FACETS_CLOSE,
	FRAG_NOFACETS,
	FRAG_QUERY_COLS,
	FRAG_NOQUERY_COLS,
	FRAG_P_ITEM,
	FRAG_I_ITEM,
	FRAG_DISTANCE_MILES,
	FRAG_FROM_ONE,
	FRAG_P_PAGE_JOIN,
	FRAG_I_PAGE_JOIN,
	FRAG_COMMA,
	FRAG_K_PAGE_OPEN,
	FRAG_K_PAGE_FROM,
	FRAG_K_PAGE_ORDER,
	FRAG_K_PAGE_CLOSE,
	FRAG_N_PAGE,
	FRAG_C_TOTAL_ALL,
	FRAG_C_TOTAL_OPEN,
	FRAG_C_TOTAL_CLOSE,
	FRAG_C_FACETS_OPEN,
	FRAG_CF_STATE,
	FRAG_CF_DEGREE,
	FRAG_CF_FIELD,
	FRAG_CF_DELIVERY,
	FRAG_CF_ACCREDITATION_STATUS,
	FRAG_CF_CONTROL,
	FRAG_CF_ELIGIBLE_FOR,
	FRAG_CF_GROUP,
	FRAG_CM_STATE,
	FRAG_CM_DEGREE,
	FRAG_CM_FIELD,
	FRAG_CM_DELIVERY,
	FRAG_CM_ACCREDITATION_STATUS,
	FRAG_CM_CONTROL,
	FRAG_CM_ELIGIBLE_FOR,
	FRAG_C_FACETS_CLOSE,
	FRAG_G_NEAR,
	FRAG_G_PICK,
	FRAG_G_PICK_CLOSE,
	FRAG_G_PAGE_FROM,
	FRAG_G_TOTAL,
	FRAG_PICK_CLOSE,
	FRAG_D_DOCS,
	FRAG_D_RANKED,
	FRAG_D_RANKED_FROM,
	FRAG_D_PICK,
	FRAG_D_PAGE_FROM,
	FRAG_D_TOTAL,
	FRAG__MAX
};

/*
 * A request's search, typed.  Strings and lists are borrowed from the
 * struct req they came from (valid until req_free()) except the origin
 * (lat, lon), which is copied here.
 */
struct search {
	enum search_kind	 kind;
	const char		*q;		/* NULL: none */
	const char		*city;
	const struct pval	*lists[FACET__MAX]; /* list filters; NULL: none */
	const char		*zip;		/* to be looked up; NULL: none */
	int			 located;	/* lat, lon hold the origin */
	char			 lat[40];
	char			 lon[40];
	const char		*radius;	/* miles; default 50 */
	int			 include_online;
	int			 accredited;	/* -1 any, 0 false, 1 true */
	const char		*tuition_min, *tuition_max;
	const char		*credits_min, *credits_max;
	enum sort		 sort;
	int			 desc;		/* '-' given */
	unsigned		 facets;	/* 1u << enum facet */
	char			 limit[24];
	char			 offset[24];
};

/*
 * SQL being assembled: the text, the values of the $n it uses in order
 * (params[0] is $1) and the trace of the fragments appended (tests).
 * Every pointer is owned; query_free() releases them.
 */
struct query {
	struct buf	 sql;
	char		*vals[SARG__MAX];	/* set values, NULL: unset */
	int		 num[SARG__MAX];	/* its $n, 0: not used yet */
	const char	*params[SARG__MAX];	/* borrowed from vals */
	int		 nparams;
	enum frag	*trace;
	size_t		 ntrace;
};

extern const char *const frags[FRAG__MAX];
extern const char *const sarg_names[SARG__MAX];

int	 search_from_req(const struct req *, struct resp *, enum search_kind,
	    struct search *);
void	 search_set_origin(struct search *, const char *, const char *);
void	 search_sql(const struct search *, struct query *);
void	 query_set(struct query *, enum sarg, const char *);
void	 query_set_list(struct query *, enum sarg, char *const *, size_t);
void	 query_frag(struct query *, enum frag);
void	 query_free(struct query *);
char	*search_array_literal(char *const *, size_t);

/* The item columns of a program, from a row aliased p (search, get). */
#define SEARCH_PROGRAM_COLUMNS						\
	"p.id, p.title, p.field, p.cip_code, p.degree, p.award_level, "	\
	"p.delivery, p.credits, p.institution_id, p.institution_name, "	\
	"p.city, p.state, p.zip, p.control, p.institution_url, p.lat, "	\
	"p.lon, p.accreditation, p.tuition_in_state, "			\
	"p.tuition_out_of_state, p.graduation_rate, p.employment_rate, "\
	"p.exam_pass_rate, p.outcomes_as_of, array_to_json("		\
	"p.eligible_certifications) AS eligible_certifications, p.url, "\
	"p.flags, array_to_json(p.sources) AS sources"

#endif /* HF_SEARCH_H */

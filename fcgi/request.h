/*
 * request.h -- struct req, declared query parameters (R5), their pure
 * validators (R6, in valid.c), Accept negotiation, ETag helpers.
 */
#ifndef HF_REQUEST_H
#define HF_REQUEST_H

#include <stddef.h>
#include <stdint.h>

#include "router.h"

struct db;

/* A parameter's typed value, as its validator stored it. */
struct pval {
	char		*s;	/* canonical text ("29-2072", "OH"); owned */
	int64_t		 i;	/* integers, booleans (0/1), enum index */
	double		 d;	/* decimals */
	char		**list;	/* comma lists, canonical items, NULL-
				   terminated; owned */
	size_t		 nlist;
};

struct req;

/* One declared query parameter (kcgi keys[]); tables end with PARAM_END. */
struct param {
	const char	*name;
	int		(*valid)(struct req *, const struct param *, const char *);
	unsigned	 flags;		/* PARAM_REQUIRED or 0 */
	int64_t		 min;		/* valid_int: accepted range */
	int64_t		 max;
	const char *const *values;	/* valid_enum(_list): NULL-terminated */
};

#define PARAM_END	{ NULL, NULL, 0, 0, 0, NULL }

/* param.flags: absent is an invalid_parameter problem ("q is required"). */
#define PARAM_REQUIRED	0x1u

/* A query parameter as received, decoded and validated. */
struct pair {
	const struct param	*param;
	char			*name;	/* decoded */
	char			*value;	/* decoded and trimmed */
	struct pval		 v;
};

/*
 * Everything about one request (R4).  Strings are copies the req owns
 * (FastCGI params die at FCGX_Finish_r); req_free() releases them.
 */
struct req {
	enum method	 method;
	char		*method_name;
	enum route	 route;		/* ROUTE__MAX until routed */
	char		*docuri;	/* decoded path (DOCUMENT_URI) */
	char		*uri;		/* REQUEST_URI, for the log */
	char		*query;		/* QUERY_STRING, raw */
	char		*accept;	/* HTTP_ACCEPT or NULL */
	char		*inm;		/* HTTP_IF_NONE_MATCH or NULL */
	char		*path[ROUTE_MAXCAPS]; /* the {name} segments */
	int		 csv;		/* answer text/csv */
	struct pair	*pairs;
	size_t		 npairs;
	struct db	*db;		/* the child's connection; borrowed */
	struct pval	 v;		/* a validator's output */
	char		 verr[320];	/* why the last validator failed */
};

void		 req_init(struct req *, const char *, const char *,
		    const char *, const char *, const char *, const char *);
void		 req_free(struct req *);
int		 req_uri_ok(const struct req *, struct resp *, int);
int		 req_params(struct req *, struct resp *, const struct param *);
void		 req_clear_params(struct req *);
const struct pval *req_get(const struct req *, const char *);
int		 req_given(const struct req *, const struct resp *,
		    const char *);
int64_t		 req_int(const struct req *, const char *, int64_t);
int		 req_accept(struct req *, struct resp *);
void		 req_paging(const struct req *, struct resp *, char *,
		    char *, size_t);
char		*req_link(const struct req *, int64_t);
char		*req_canonical(const struct req *);
int		 req_etag_match(const char *, const char *);
void		 pval_free(struct pval *);

#endif /* HF_REQUEST_H */

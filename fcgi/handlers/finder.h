/*
 * handlers/finder.h -- what GET /api/v1/programs and
 * GET /api/v1/institutions share (and GET /api/v1/pathways borrows):
 * parameters -> struct search, the ZIP lookup, the assembled query
 * (search.c), and the list's meta (total, sources, query, facets).
 * Each resource supplies its item array (program_items: programs.c).
 */
#ifndef HF_FINDER_H
#define HF_FINDER_H

#include <stdint.h>

#include <libpq-fe.h>

#include "request.h"
#include "resp.h"
#include "search.h"

struct json_object;

/*
 * Builds the data array from the rows of a search result (rows whose
 * id is NULL are the empty page's placeholder and are skipped);
 * located: add distance_miles.  Caller owns the array.
 */
typedef struct json_object *(*finder_items_fn)(const PGresult *, int);

/* What a ZIP lookup gives beside the origin. */
struct finder_zip {
	char	 src[64];	/* the centroid's dataset, or "" */
	char	 state[3];	/* the ZIP's state, or "" */
};

/* A page of a search; every pointer owned by whoever holds the struct. */
struct finder_page {
	struct json_object	*items;		/* the page's items */
	struct json_object	*sources;	/* meta.sources */
	struct json_object	*meta;		/* query, facets, or NULL */
	int64_t			 total;		/* every match */
};

enum http	 finder_list(struct req *, struct resp *, const struct param *,
		    enum search_kind, finder_items_fn);
enum http	 finder_origin(struct req *, struct resp *, struct search *,
		    struct finder_zip *);
enum http	 finder_search(struct req *, struct resp *,
		    const struct search *, const char *, finder_items_fn,
		    struct finder_page *);
struct json_object *program_items(const PGresult *, int);
struct json_object *finder_sources(const PGresult *, const char *,
		    const char *);
struct json_object *finder_sources_n(const PGresult *const *, size_t,
		    const char *, const char *);
struct json_object *finder_sources_merge(struct json_object *,
		    struct json_object *);

#endif /* HF_FINDER_H */

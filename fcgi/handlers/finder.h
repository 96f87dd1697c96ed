/*
 * handlers/finder.h -- what GET /api/v1/programs and
 * GET /api/v1/institutions share: parameters -> struct search, the ZIP
 * lookup, the assembled query (search.c), and the list's meta (total,
 * sources, query, facets).  Each resource supplies its item array.
 */
#ifndef HF_FINDER_H
#define HF_FINDER_H

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

enum http	 finder_list(struct req *, struct resp *, const struct param *,
		    enum search_kind, finder_items_fn);
struct json_object *finder_sources(const PGresult *, const char *,
		    const char *);

#endif /* HF_FINDER_H */

/*
 * json.h -- the one place answers are shaped (R17): envelopes
 * ({data, meta, links} and the error object), fields= projection, CSV,
 * PGresult -> json-c helpers, serialisation.
 */
#ifndef HF_JSON_H
#define HF_JSON_H

#include <stddef.h>
#include <stdint.h>

#include <libpq-fe.h>

#include "request.h"
#include "resp.h"
#include "util.h"

struct json_object;

const char		*json_text(struct json_object *, size_t *);
struct json_object	*json_number(const char *);
struct json_object	*json_double(double);
int			 json_pg_col(const PGresult *, const char *);
struct json_object	*json_pg_str(const PGresult *, int, int);
struct json_object	*json_pg_int(const PGresult *, int, int);
struct json_object	*json_pg_num(const PGresult *, int, int);
struct json_object	*json_pg_json(const PGresult *, int, int);
struct json_object	*json_parse(const char *);
void		 json_cleanup(void);

/* A member of a flat JSON object (json_flat_scan()) or array of strings. */
struct json_flat {
	const char	*key, *val;	/* into the scanned text; val NULL: null */
	size_t		 klen, vlen;
};

int		 json_flat_scan(const char *, struct json_flat *, int);
int		 json_flat_strings(const char *, struct json_flat *, int);
int		 json_flat_find(const struct json_flat *, int, const char *);
struct json_object *json_flat_get(const struct json_flat *, int,
		    const char *);
struct json_object *json_flat_value(const struct json_flat *);
struct json_object *json_flat_object(const struct json_flat *, int);
struct json_object *json_flat_array(const struct json_flat *, int);

/*
 * Adds v under key to o, where key is a string constant (never freed,
 * not copied) and not yet in o: no strdup and no lookup per member.
 */
#define json_add_static(o, key, v) json_object_object_add_ex((o), (key), \
	(v), JSON_C_OBJECT_ADD_KEY_IS_NEW | JSON_C_OBJECT_KEY_IS_CONSTANT)

/* Adds (or replaces) v under key, a string constant (not copied), in o. */
#define json_add_const(o, key, v) json_object_object_add_ex((o), (key), \
	(v), JSON_C_OBJECT_KEY_IS_CONSTANT)
struct json_object	*json_pg_bool(const PGresult *, int, int);
struct json_object	*json_error_envelope(const struct resp *, enum http);
struct json_object	*json_list_envelope(const struct resp *, int64_t,
			    const char *, const char *, const char *);
struct json_object	*json_one_envelope(const struct resp *, int64_t);
void			 json_project(struct json_object *,
			    const char *const *, size_t);
void			 json_csv(struct json_object *, const char *const *,
			    struct buf *);
const char		*json_render(const struct req *, struct resp *,
			    enum http, int64_t, struct buf *);

#endif /* HF_JSON_H */

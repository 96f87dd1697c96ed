/*
 * valid_priv.h -- what the files of the validator module share (valid.c
 * the building blocks and the school finder's sets, valid_geo.c places,
 * valid_career.c careers).  Not for other modules: they use valid.h.
 */
#ifndef HF_VALID_PRIV_H
#define HF_VALID_PRIV_H

#include <stddef.h>

#include "util.h"

struct req;

#define VALID_LIST_MAX	64	/* items in one comma list */
#define VALID_OUTSZ	16	/* a canonical list item, NUL included */

/*
 * Turns one item (n bytes at s, already trimmed) into its canonical
 * form: a pointer into a static table or into out (size VALID_OUTSZ).
 * Returns NULL if the item is not acceptable.
 */
typedef const char *(*canon_fn)(const char *, size_t, const void *, char *);

int		 valid_fail(struct req *, const char *, ...) HF_PRINTF(2, 3);
void		 valid_join_names(char *, size_t, const char *const *);
const char	*valid_canon_enum(const char *, size_t, const void *, char *);
const char	*valid_canon_state(const char *, size_t, const void *, char *);
const char	*valid_canon_soc(const char *, size_t, const void *, char *);
int		 valid_one(struct req *, const char *, canon_fn, const void *);
int		 valid_list(struct req *, const char *, canon_fn, const void *,
		    size_t);
int		 valid_list_dups(const struct req *);

#endif /* HF_VALID_PRIV_H */

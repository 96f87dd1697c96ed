/*
 * util.h -- allocation that aborts on exhaustion, a growable buffer,
 * small string and clock helpers shared by every module.
 */
#ifndef HF_UTIL_H
#define HF_UTIL_H

#include <stddef.h>

#define nitems(a)	(sizeof(a) / sizeof((a)[0]))

#if defined(__GNUC__)
#define HF_PRINTF(f, a)	__attribute__((format(printf, f, a)))
#else
#define HF_PRINTF(f, a)
#endif

/* A growable byte buffer, always NUL-terminated once non-empty. */
struct buf {
	char	*p;
	size_t	 len;
	size_t	 cap;
};

void	*xmalloc(size_t);
void	*xcalloc(size_t, size_t);
void	*xrealloc(void *, size_t);
void	*xreallocarray(void *, size_t, size_t);
char	*xstrdup(const char *);
char	*xstrndup(const char *, size_t);
char	*xasprintf(const char *, ...) HF_PRINTF(1, 2);

void	 buf_add(struct buf *, const void *, size_t);
void	 buf_puts(struct buf *, const char *);
void	 buf_putc(struct buf *, char);
void	 buf_printf(struct buf *, const char *, ...) HF_PRINTF(2, 3);
char	*buf_take(struct buf *);
void	 buf_free(struct buf *);

const char *str_trim(const char *, size_t *);
int	 utf8_valid(const char *, size_t);
char	*utf8_sanitize(const char *, size_t, size_t);
double	 now_ms(void);

#endif /* HF_UTIL_H */

/*
 * util.c -- xmalloc and friends (abort on exhaustion: STYLE R10c),
 * struct buf, trimming, UTF-8 checks and a monotonic clock.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "util.h"

/* Out of memory is a bug-class failure: say so and let the master respawn us. */
static void
oom(size_t n)
{
	char	 msg[80];
	int	 len;

	len = snprintf(msg, sizeof(msg), "hitfinder: out of memory (%zu bytes)\n", n);
	if (len > 0)
		(void)write(STDERR_FILENO, msg, (size_t)len);
	abort();
}

/* Returns n bytes the caller owns and must free(); never NULL. */
void *
xmalloc(size_t n)
{
	void	*p;

	if ((p = malloc(n == 0 ? 1 : n)) == NULL)
		oom(n);
	return p;
}

/* Returns zeroed memory for nmemb * size bytes; caller owns it. */
void *
xcalloc(size_t nmemb, size_t size)
{
	void	*p;

	if ((p = calloc(nmemb == 0 ? 1 : nmemb, size == 0 ? 1 : size)) == NULL)
		oom(nmemb * size);
	return p;
}

/* Returns the resized block; the caller reassigns (p = xrealloc(p, n)). */
void *
xrealloc(void *p, size_t n)
{
	if ((p = realloc(p, n == 0 ? 1 : n)) == NULL)
		oom(n);
	return p;
}

/* xrealloc() for nmemb * size, aborting on multiplication overflow. */
void *
xreallocarray(void *p, size_t nmemb, size_t size)
{
	if (size != 0 && nmemb > SIZE_MAX / size)
		oom(SIZE_MAX);
	return xrealloc(p, nmemb * size);
}

/* Returns a copy of s the caller owns. */
char *
xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

/* Returns a NUL-terminated copy of the n bytes at s; caller owns it. */
char *
xstrndup(const char *s, size_t n)
{
	char	*p;

	p = xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

/* Returns a formatted string the caller owns. */
char *
xasprintf(const char *fmt, ...)
{
	struct buf	 b = { NULL, 0, 0 };
	va_list		 ap;
	int		 n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		abort();
	b.p = xmalloc((size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(b.p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return b.p;
}

/* Appends n bytes; the buffer stays NUL-terminated. */
void
buf_add(struct buf *b, const void *p, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		b->cap = b->cap == 0 ? 256 : b->cap;
		while (b->len + n + 1 > b->cap)
			b->cap *= 2;
		b->p = xrealloc(b->p, b->cap);
	}
	if (n > 0)
		memcpy(b->p + b->len, p, n);
	b->len += n;
	b->p[b->len] = '\0';
}

void
buf_puts(struct buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

void
buf_putc(struct buf *b, char c)
{
	buf_add(b, &c, 1);
}

void
buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list	 ap;
	int	 n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		abort();
	buf_add(b, NULL, 0);
	if (b->len + (size_t)n + 1 > b->cap) {
		while (b->len + (size_t)n + 1 > b->cap)
			b->cap *= 2;
		b->p = xrealloc(b->p, b->cap);
	}
	va_start(ap, fmt);
	vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

/* Returns the contents (never NULL); the caller owns them and b is empty. */
char *
buf_take(struct buf *b)
{
	char	*p;

	if (b->p == NULL)
		return xstrdup("");
	p = b->p;
	b->p = NULL;
	b->len = b->cap = 0;
	return p;
}

/* Frees the contents; b may be reused. */
void
buf_free(struct buf *b)
{
	free(b->p);
	b->p = NULL;
	b->len = b->cap = 0;
}

/*
 * Returns a pointer to the first non-blank byte of s and sets *len to the
 * length without trailing blanks (space, tab, CR, LF, VT, FF).  Borrowed.
 */
const char *
str_trim(const char *s, size_t *len)
{
	size_t	 n;

	while (*s == ' ' || (*s >= '\t' && *s <= '\r'))
		s++;
	n = strlen(s);
	while (n > 0 && (s[n - 1] == ' ' ||
	    (s[n - 1] >= '\t' && s[n - 1] <= '\r')))
		n--;
	*len = n;
	return s;
}

/*
 * Length of the well-formed UTF-8 sequence at s (at most n bytes), or 0:
 * rejects overlongs (C0, C1, E0 80..9F, F0 80..8F), surrogates
 * (ED A0..BF) and code points past U+10FFFF.
 */
static size_t
utf8_seq(const unsigned char *s, size_t n)
{
	unsigned char	 lo = 0x80, hi = 0xbf;
	size_t		 len, i;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		len = 2;
	else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		len = 3;
		if (s[0] == 0xe0)
			lo = 0xa0;
		else if (s[0] == 0xed)
			hi = 0x9f;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		len = 4;
		if (s[0] == 0xf0)
			lo = 0x90;
		else if (s[0] == 0xf4)
			hi = 0x8f;
	} else
		return 0;
	if (len > n)
		return 0;
	if (s[1] < lo || s[1] > hi)
		return 0;
	for (i = 2; i < len; i++)
		if (s[i] < 0x80 || s[i] > 0xbf)
			return 0;
	return len;
}

/* Returns 1 if the n bytes at s are well-formed UTF-8, else 0. */
int
utf8_valid(const char *s, size_t n)
{
	size_t	 i, k;

	for (i = 0; i < n; i += k)
		if ((k = utf8_seq((const unsigned char *)s + i, n - i)) == 0)
			return 0;
	return 1;
}

/*
 * Returns a copy of the n bytes at s fit to echo in JSON: ill-formed
 * bytes and NULs become U+FFFD, and the copy stops before max bytes of
 * input (then ends in "...").  Caller owns the result.
 */
char *
utf8_sanitize(const char *s, size_t n, size_t max)
{
	struct buf	 b = { NULL, 0, 0 };
	size_t		 i, k;

	for (i = 0; i < n; i += k) {
		if (i >= max) {
			buf_puts(&b, "...");
			break;
		}
		k = utf8_seq((const unsigned char *)s + i, n - i);
		if (k == 0 || s[i] == '\0') {
			buf_puts(&b, "\xef\xbf\xbd");
			k = 1;
		} else
			buf_add(&b, s + i, k);
	}
	return buf_take(&b);
}

/* Milliseconds on the monotonic clock, for durations only. */
double
now_ms(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

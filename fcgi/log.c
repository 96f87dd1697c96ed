/*
 * log.c -- stderr logging (kutil_log, redis serverLog).
 *
 * Request line, fields in this fixed order (one write(2), so lines from
 * several children never interleave):
 *
 *   2025-11-29T08:52:00.123Z 4242 GET datasets_list 200 ms=1.234 rows=3 db_ms=0.811 uri="/api/v1/datasets?page=2"
 *
 * Message line:
 *
 *   2025-11-29T08:52:00.123Z 4242 warn db: reconnect (connection lost): ...
 *
 * In both, bytes below 0x20, 0x7f and above, '"' and '\' are written as
 * \n, \t, \", \\ or \xHH.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

#include "log.h"

enum loglevel	 log_threshold = LL_INFO;

static const char *const levels[LL__MAX] = {
	[LL_DEBUG] = "debug",
	[LL_INFO] = "info",
	[LL_WARN] = "warn",
	[LL_ERROR] = "error",
};

/* Returns the level's name ("info"); static storage. */
const char *
log_level_name(enum loglevel l)
{
	return l < LL__MAX ? levels[l] : "?";
}

/* Sets *l from its name; returns 0, or -1 if there is no such level. */
int
log_level_parse(const char *s, enum loglevel *l)
{
	size_t	 i;

	for (i = 0; i < LL__MAX; i++)
		if (strcmp(s, levels[i]) == 0) {
			*l = (enum loglevel)i;
			return 0;
		}
	return -1;
}

/*
 * Writes at most n bytes of src into dst (size sz, NUL-terminated),
 * escaped as described at the top.  A value cut short ends in "...".
 * Returns the length written.
 */
size_t
log_escape(char *dst, size_t sz, const char *src, size_t n)
{
	static const char	 hex[] = "0123456789abcdef";
	size_t			 o = 0, i;
	unsigned char		 c;
	char			 e[5];
	size_t			 el;

	if (sz == 0)
		return 0;
	for (i = 0; i < n; i++) {
		c = (unsigned char)src[i];
		el = 0;
		if (c == '"' || c == '\\') {
			e[el++] = '\\';
			e[el++] = (char)c;
		} else if (c == '\n') {
			e[el++] = '\\';
			e[el++] = 'n';
		} else if (c == '\t') {
			e[el++] = '\\';
			e[el++] = 't';
		} else if (c < 0x20 || c >= 0x7f) {
			e[el++] = '\\';
			e[el++] = 'x';
			e[el++] = hex[c >> 4];
			e[el++] = hex[c & 0xf];
		} else
			e[el++] = (char)c;
		if (o + el + 4 > sz) {
			if (o + 4 <= sz) {
				memcpy(dst + o, "...", 3);
				o += 3;
			}
			break;
		}
		memcpy(dst + o, e, el);
		o += el;
	}
	dst[o] = '\0';
	return o;
}

/* Writes "2025-11-29T08:52:00.123Z <pid> " into b (size >= 64). */
static size_t
log_prefix(char *b, size_t sz)
{
	struct timespec	 ts;
	struct tm	 tm;
	size_t		 n;
	int		 k;

	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	n = strftime(b, sz, "%Y-%m-%dT%H:%M:%S", &tm);
	k = snprintf(b + n, sz - n, ".%03ldZ %ld ",
	    ts.tv_nsec / 1000000L, (long)getpid());
	return k > 0 ? n + (size_t)k : n;
}

/* Emits the line in b (length n, room for one more byte) with one write. */
static void
log_emit(char *b, size_t n)
{
	b[n++] = '\n';
	(void)write(STDERR_FILENO, b, n);
}

/* Logs a message about who ("db", "master") at level l; escaped. */
void
log_msg(enum loglevel l, const char *who, const char *fmt, ...)
{
	char	 line[2048], raw[1024];
	va_list	 ap;
	size_t	 n;
	int	 k;

	va_start(ap, fmt);
	k = vsnprintf(raw, sizeof(raw), fmt, ap);
	va_end(ap);
	if (k < 0)
		return;
	k = (int)strlen(raw);
	while (k > 0 && (raw[k - 1] == '\n' || raw[k - 1] == ' '))
		raw[--k] = '\0';
	n = log_prefix(line, sizeof(line));
	k = snprintf(line + n, sizeof(line) - n, "%s %s: ",
	    log_level_name(l), who);
	if (k > 0)
		n += (size_t)k;
	n += log_escape(line + n, sizeof(line) - n - 1, raw, strlen(raw));
	log_emit(line, n);
}

/*
 * Logs one request: method, route name ("-" if none), HTTP status,
 * total milliseconds, rows answered, milliseconds in the database and
 * the request URI.  Info level.
 */
void
log_request(const char *method, const char *route, int status, double ms,
    long long rows, double db_ms, const char *uri)
{
	char	 line[2048];
	size_t	 n;
	int	 k;

	if (LL_INFO < log_threshold)
		return;
	n = log_prefix(line, sizeof(line));
	n += log_escape(line + n, 24, method, strlen(method));
	k = snprintf(line + n, sizeof(line) - n,
	    " %s %d ms=%.3f rows=%lld db_ms=%.3f uri=\"",
	    route, status, ms, rows, db_ms);
	if (k > 0)
		n += (size_t)k;
	n += log_escape(line + n, sizeof(line) - n - 2, uri, strlen(uri));
	line[n++] = '"';
	log_emit(line, n);
}

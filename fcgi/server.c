/*
 * server.c -- the child's accept loop and the one renderer (R7).
 *
 * FastCGI params read (all copied before use; libfcgi frees them at
 * FCGX_Finish_r):
 *   REQUEST_METHOD      GET, HEAD, OPTIONS; anything else is a 405
 *   DOCUMENT_URI        the decoded, normalised path nginx routed on
 *                       ($document_uri); if absent, SCRIPT_NAME followed
 *                       by PATH_INFO
 *   REQUEST_URI         only for the log line (else path?query)
 *   QUERY_STRING        the parameters (raw, percent-encoded)
 *   HTTP_ACCEPT         content negotiation (406, text/csv)
 *   HTTP_IF_NONE_MATCH  conditional GET (304)
 * HTTP_ORIGIN is not read: every answer carries
 * Access-Control-Allow-Origin: * and Vary: Origin regardless.
 *
 * Headers of every answer: Status, X-Content-Type-Options: nosniff,
 * Access-Control-Allow-Origin: *, Vary: Accept, Origin, and when there
 * is a body Content-Type and Content-Length.  200/304 add ETag,
 * Last-Modified and Cache-Control: public, max-age=300 (health: no-store,
 * no ETag); 204 (preflight) adds Allow and the Access-Control-Allow-*
 * headers; errors add Cache-Control: no-store, 405 adds Allow, 503
 * Retry-After.  HEAD gets the same headers and no body.
 */
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <time.h>
#include <unistd.h>

#include <fastcgi.h>
#include <fcgiapp.h>

#include "db.h"
#include "json.h"
#include "log.h"
#include "request.h"
#include "resp.h"
#include "router.h"
#include "server.h"
#include "util.h"

static volatile sig_atomic_t	 stopping;
static volatile sig_atomic_t	 in_request;

/*
 * SIGTERM (installed without SA_RESTART, before FCGX_Init so libfcgi
 * keeps it): the request in hand finishes, the loop ends.  An idle
 * child blocked in accept() gets EINTR at once (FCGI_FAIL_ACCEPT_ON_INTR);
 * alarm(1) covers the window in which the signal lands just before
 * accept() is entered.
 *
 * Unlike STYLE.md R18 this does not call FCGX_ShutdownPending(): in
 * libfcgi 2.4.2's OS_Accept(), a signal that interrupts the poll of a
 * freshly accepted Unix connection (is_af_unix_keeper) makes it close
 * that socket and loop; with shutdownPending set the next round skips
 * accept() and polls and closes the same, now closed, descriptor
 * forever (seen: a child spinning at 94% CPU after SIGHUP, deaf to
 * SIGTERM).  Without it the next round blocks in accept() and the
 * alarm's EINTR ends it.
 */
static void
on_term(int sig)
{
	(void)sig;
	stopping = 1;
	if (!in_request)
		alarm(1);
}

/* SIGALRM only interrupts a blocked accept(). */
static void
on_alarm(int sig)
{
	(void)sig;
}

/* FNV-1a 64 of the n bytes at p. */
static uint64_t
fnv1a(const void *p, size_t n)
{
	const unsigned char	*s = p;
	uint64_t		 h = 0xcbf29ce484222325ULL;

	while (n-- > 0) {
		h ^= *s++;
		h *= 0x100000001b3ULL;
	}
	return h;
}

/*
 * The FNV-1a 64 of the body: once per child for a static body (rs->raw,
 * the 129 KB OpenAPI document), which never changes while it runs.
 */
static uint64_t
body_hash(const struct resp *rs, const struct buf *body)
{
	static const unsigned char	*raw;
	static uint64_t			 h;

	if (rs->raw == NULL)
		return fnv1a(body->p, body->len);
	if (raw != rs->raw) {
		h = fnv1a(rs->raw, rs->rawlen);
		raw = rs->raw;
	}
	return h;
}

/* Writes t as an RFC 7231 IMF-fixdate into dst (size >= 30). */
static void
http_date(time_t t, char *dst, size_t sz)
{
	static const char *const days[] = {
		"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"
	};
	static const char *const months[] = {
		"Jan", "Feb", "Mar", "Apr", "May", "Jun",
		"Jul", "Aug", "Sep", "Oct", "Nov", "Dec"
	};
	struct tm	 tm;

	gmtime_r(&t, &tm);
	snprintf(dst, sz, "%s, %02d %s %04d %02d:%02d:%02d GMT",
	    days[tm.tm_wday], tm.tm_mday, months[tm.tm_mon],
	    tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

/* The ETag of a CACHE_DATA answer to r at data version into etag. */
static void
etag_data(const struct req *r, int64_t version, char *etag, size_t sz)
{
	char	*canon;

	canon = req_canonical(r);
	snprintf(etag, sz, "\"%lld-%016llx\"", (long long)version,
	    (unsigned long long)fnv1a(canon, strlen(canon)));
	free(canon);
}

/*
 * A conditional GET/HEAD of a CACHE_DATA route whose If-None-Match holds
 * the ETag of this very request at the data version the connection
 * knows to be current (db_version_current(): connected, no NOTIFY
 * pending) is a 304 before the handler, without the database: the
 * parameters are validated (pure functions) only to form the canonical
 * request.  Returns 1 for a 304 (r->pairs kept for render()), else 0
 * with r->pairs cleared so that the handler reads them itself.
 */
static int
early_304(struct req *r, struct db *db)
{
	const struct routedef	*rt = &routes[r->route];
	struct resp		 scratch;
	char			 etag[64];
	int64_t			 version;
	time_t			 lastmod;
	int			 hit = 0;

	if (r->inm == NULL || rt->cache != CACHE_DATA ||
	    (r->method != METHOD_GET && r->method != METHOD_HEAD) ||
	    db_version_current(db, &version, &lastmod) == -1)
		return 0;
	memset(&scratch, 0, sizeof(scratch));
	if (req_params(r, &scratch, rt->params) == 0) {
		etag_data(r, version, etag, sizeof(etag));
		hit = req_etag_match(r->inm, etag);
	}
	resp_free(&scratch);
	if (!hit)
		req_clear_params(r);
	return hit;
}

/*
 * Everything before the handler and the handler itself: 414, the
 * router's 404/405/204, 406, the early 304, then routes[].handler.
 * Returns the status.
 */
static enum http
dispatch(struct req *r, struct resp *rs, struct db *db,
    const struct config *cfg)
{
	enum http	 st;

	if (req_uri_ok(r, rs, cfg->max_uri) == -1)
		return HTTP_414;
	if (route_decide(r, rs, &st) == -1)
		return st;
	if (req_accept(r, rs) == -1)
		return HTTP_406;
	db_poll(db);
	if (early_304(r, db))
		return HTTP_304;
	return routes[r->route].handler(r, rs);
}

/* Largest FCGI_STDOUT record content we send: 65535 rounded down to 8. */
#define RECORD_MAX	65528

/*
 * Sends the n bytes at p as FCGI_STDOUT records of request fr in one
 * write(): libfcgi's stream would send them in records of 8 KB, one
 * write() each, and a child killed between two (SIGKILL, OOM) truncates
 * an answer nginx has begun to pass on and can no longer retry on
 * another pool.  The socket is FCGX_Request.ipcFd, a field fcgiapp.h
 * asks not to use: libfcgi 2.4 has no public way to it.  FCGX_Finish_r()
 * then ends the stream and the request as usual.  Without a socket it
 * uses the stream; a failed write (nginx went away) is dropped, as a
 * failed FCGX_PutStr() would be.
 */
static void
send_stdout(FCGX_Request *fr, const char *p, size_t n)
{
	struct buf	 rec = { NULL, 0, 0 };
	FCGI_Header	 hd;
	size_t		 k, off;
	ssize_t		 w;

	if (fr->ipcFd < 0 || n == 0) {
		if (n > 0)
			FCGX_PutStr(p, (int)n, fr->out);
		return;
	}
	for (off = 0; off < n; off += k) {
		k = n - off < RECORD_MAX ? n - off : RECORD_MAX;
		memset(&hd, 0, sizeof(hd));
		hd.version = FCGI_VERSION_1;
		hd.type = FCGI_STDOUT;
		hd.requestIdB1 = (unsigned char)((fr->requestId >> 8) & 0xff);
		hd.requestIdB0 = (unsigned char)(fr->requestId & 0xff);
		hd.contentLengthB1 = (unsigned char)((k >> 8) & 0xff);
		hd.contentLengthB0 = (unsigned char)(k & 0xff);
		buf_add(&rec, &hd, sizeof(hd));
		buf_add(&rec, p + off, k);
	}
	for (off = 0; off < rec.len; off += (size_t)w)
		if ((w = write(fr->ipcFd, rec.p + off, rec.len - off)) < 0) {
			if (errno == EINTR) {
				w = 0;
				continue;
			}
			break;
		}
	buf_free(&rec);
}

/*
 * Renders the answer once: headers (see the top of this file) and the
 * body json_render() built.  A 200 whose ETag matches If-None-Match
 * becomes a 304 (as does the early 304 of dispatch(), with the same
 * headers).  Returns the status actually sent.
 */
static enum http
render(FCGX_Request *fr, const struct req *r, struct resp *rs, enum http st,
    struct db *db, const struct config *cfg)
{
	struct buf	 h = { NULL, 0, 0 }, body = { NULL, 0, 0 };
	const struct routedef *rt = NULL;
	const char	*ctype;
	char		 etag[64] = "", date[40], allow[64];
	int64_t		 version;
	time_t		 lastmod;
	int		 known;

	if (r->route < ROUTE__MAX)
		rt = &routes[r->route];
	known = db_version(db, &version, &lastmod) == 0;
	ctype = json_render(r, rs, st, known ? version : -1, &body);
	if ((st == HTTP_200 || st == HTTP_304) && rt != NULL &&
	    rt->cache == CACHE_DATA && known)
		etag_data(r, version, etag, sizeof(etag));
	else if (st == HTTP_200 && rt != NULL && rt->cache == CACHE_STATIC)
		snprintf(etag, sizeof(etag), "\"%016llx\"",
		    (unsigned long long)body_hash(rs, &body));
	if (etag[0] != '\0' && r->inm != NULL && req_etag_match(r->inm, etag))
		st = HTTP_304;

	buf_printf(&h, "Status: %d %s\r\n", http_code(st), http_reason(st));
	if (ctype != NULL && st != HTTP_304)
		buf_printf(&h, "Content-Type: %s\r\nContent-Length: %zu\r\n",
		    ctype, body.len);
	buf_puts(&h, "X-Content-Type-Options: nosniff\r\n"
	    "Access-Control-Allow-Origin: *\r\nVary: Accept, Origin\r\n");
	if (st == HTTP_200 || st == HTTP_304) {
		if (etag[0] != '\0')
			buf_printf(&h, "ETag: %s\r\n", etag);
		if (rt != NULL && rt->cache == CACHE_DATA && known &&
		    lastmod >= 0) {
			http_date(lastmod, date, sizeof(date));
			buf_printf(&h, "Last-Modified: %s\r\n", date);
		}
		buf_puts(&h, rt != NULL && rt->cache == CACHE_NONE ?
		    "Cache-Control: no-store\r\n" :
		    "Cache-Control: public, max-age=300\r\n");
	} else if (st == HTTP_204) {
		route_allow(r->route, allow, sizeof(allow));
		buf_printf(&h, "Allow: %s\r\n"
		    "Access-Control-Allow-Methods: %s\r\n"
		    "Access-Control-Allow-Headers: Accept, If-None-Match, "
		    "Content-Type\r\nAccess-Control-Max-Age: 86400\r\n",
		    allow, allow);
	} else {
		buf_puts(&h, "Cache-Control: no-store\r\n");
		if (st == HTTP_405) {
			route_allow(r->route, allow, sizeof(allow));
			buf_printf(&h, "Allow: %s\r\n", allow);
		}
		if (rs->retry_after)
			buf_printf(&h, "Retry-After: %d\r\n", cfg->retry_after);
	}
	buf_puts(&h, "\r\n");
	if (ctype != NULL && st != HTTP_304 && r->method != METHOD_HEAD)
		buf_add(&h, body.p, body.len);
	send_stdout(fr, h.p, h.len);
	buf_free(&h);
	buf_free(&body);
	return st;
}

/*
 * Serves one accepted request and finishes it (FCGX_Finish_r); everything
 * it allocates is freed here.
 */
static void
serve(FCGX_Request *fr, struct db *db, const struct config *cfg)
{
	struct req	 r;
	struct resp	 rs;
	enum http	 st;
	const char	*docuri, *sn, *pi;
	char		*joined = NULL;
	double		 t0 = now_ms();

	if ((docuri = FCGX_GetParam("DOCUMENT_URI", fr->envp)) == NULL) {
		sn = FCGX_GetParam("SCRIPT_NAME", fr->envp);
		pi = FCGX_GetParam("PATH_INFO", fr->envp);
		joined = xasprintf("%s%s", sn != NULL ? sn : "",
		    pi != NULL ? pi : "");
		docuri = joined;
	}
	req_init(&r, FCGX_GetParam("REQUEST_METHOD", fr->envp), docuri,
	    FCGX_GetParam("REQUEST_URI", fr->envp),
	    FCGX_GetParam("QUERY_STRING", fr->envp),
	    FCGX_GetParam("HTTP_ACCEPT", fr->envp),
	    FCGX_GetParam("HTTP_IF_NONE_MATCH", fr->envp));
	free(joined);
	r.db = db;
	memset(&rs, 0, sizeof(rs));
	(void)db_take_ms(db);
	st = dispatch(&r, &rs, db, cfg);
	st = render(fr, &r, &rs, st, db, cfg);
	/*
	 * Finish (flush the answer and the end records) before logging and
	 * freeing: an answer longer than libfcgi's 8 KB buffer leaves in
	 * several writes, and a child killed between them (SIGKILL, OOM)
	 * truncates an answer nginx has already begun to send, which it can
	 * no longer retry on another pool.  The window is now a memcpy.
	 */
	FCGX_Finish_r(fr);
	log_request(r.method_name, r.route < ROUTE__MAX ?
	    routes[r.route].name : "-", http_code(st), now_ms() - t0,
	    rs.rows, db_take_ms(db), r.uri);
	req_free(&r);
	resp_free(&rs);
}

/*
 * Runs a worker child on the listening socket sock until SIGTERM or
 * until master (its parent) is gone.  Returns the exit status.
 */
int
server_child(int sock, const struct config *cfg, pid_t master)
{
	struct sigaction	 sa;
	sigset_t		 none;
	FCGX_Request		 fr;
	struct db		*db;
	int			 rc = 0, arc;

	(void)prctl(PR_SET_PDEATHSIG, SIGTERM);
	if (getppid() != master)
		return 0;
	memset(&sa, 0, sizeof(sa));
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = 0;		/* no SA_RESTART: accept() must fail */
	sa.sa_handler = on_term;
	sigaction(SIGTERM, &sa, NULL);
	sa.sa_handler = on_alarm;
	sigaction(SIGALRM, &sa, NULL);
	sa.sa_handler = SIG_IGN;	/* the master owns these */
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGPIPE, &sa, NULL);
	sa.sa_handler = SIG_DFL;
	sigaction(SIGCHLD, &sa, NULL);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);

	if (FCGX_Init() != 0) {
		LOG_ERROR("worker", "FCGX_Init failed");
		return 1;
	}
	db = db_open(cfg->db, cfg->statement_timeout);
	FCGX_InitRequest(&fr, sock, FCGI_FAIL_ACCEPT_ON_INTR);
	LOG_DEBUG("worker", "ready");
	while (!stopping) {
		if ((arc = FCGX_Accept_r(&fr)) < 0) {
			if (!stopping) {
				LOG_ERROR("worker", "accept failed (%d)", arc);
				rc = 1;
			}
			break;
		}
		in_request = 1;
		serve(&fr, db, cfg);	/* calls FCGX_Finish_r() */
		in_request = 0;
		if (getppid() != master) {
			LOG_WARN("worker", "master is gone; exiting");
			break;
		}
	}
	FCGX_Free(&fr, 1);
	db_close(db);
	json_cleanup();
	LOG_DEBUG("worker", "exiting");
	return rc;
}

/*
 * db.c -- one PGconn per child (sqlbox, pgbouncer's hygiene: R14-R16).
 *
 * Every statement is in stmts[] (stmts.c) and prepared right after every
 * (re)connect, with search_path, statement_timeout, application_name
 * set and LISTEN hitfinder_data_version issued.  Parameters go out of
 * line as text with SQL casts; results come back as text.
 *
 * db_exec(): a connection that is missing, bad, not idle or not set up
 * is reconnected first; a failure classed "unavailable" (SQLSTATE class
 * 08, 57P01-57P03, no result, connection lost; also 26000/0A000, a
 * session whose prepared statements are gone or stale) reconnects and
 * retries once at once.  57014 (statement_timeout) is DB_TIMEOUT and
 * keeps the connection.  Anything else is DB_ERROR, detail logged.
 *
 * Data version: (version, Last-Modified) is fetched after each connect
 * and again whenever a NOTIFY hitfinder_data_version has arrived
 * (db_poll(), before each request).
 *
 * Assembled statements (db_query(): the searches) are prepared too, the
 * first time a given text is run on a session, as hf_q<n>: the next run
 * of the same shape skips parsing and, once PostgreSQL's plan cache
 * settles on a generic plan, planning.  At most QCACHE_MAX shapes per
 * session (the texts are kept, compared whole); a shape beyond them runs
 * unnamed with PQexecParams.  A reconnect forgets what was prepared
 * (the texts stay and are prepared again on their next run).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "log.h"
#include "util.h"

#define QCACHE_MAX	64

/* An assembled statement prepared on the session as hf_q<index>. */
struct qstmt {
	char	*sql;
	size_t	 len;
	int	 prepared;	/* on the current session */
};

struct db {
	PGconn	*conn;
	struct qstmt q[QCACHE_MAX];
	size_t	 nq;
	char	*conninfo;	/* never logged: may hold a password */
	int	 timeout_ms;	/* statement_timeout */
	int	 ready;		/* session set up and statements prepared */
	int	 stale;		/* the data version must be refetched */
	int64_t	 version;	/* -1: unknown */
	time_t	 lastmod;	/* max(datasets.loaded_at); -1: unknown */
	double	 ms;		/* time in db_exec since db_take_ms() */
	char	 why[160];	/* why the connection must be redone */
};

/* The SQLSTATE of res, or "" (libpq's own errors have none). */
static const char *
sqlstate(const PGresult *res)
{
	const char	*s;

	s = res != NULL ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	return s != NULL ? s : "";
}

/* The primary message of res, or libpq's for the connection; one line. */
static const char *
errmsg(const struct db *db, const PGresult *res)
{
	const char	*s = NULL;

	if (res != NULL)
		s = PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY);
	if (s == NULL && db->conn != NULL)
		s = PQerrorMessage(db->conn);
	return s != NULL ? s : "unknown error";
}

/* libpq notice processor: server notices go to our log, escaped. */
static void
db_notice(void *arg, const char *message)
{
	(void)arg;
	LOG_WARN("db", "server: %s", message);
}

/* Runs one utility command; returns 0, or -1 (logged). */
static int
db_command(struct db *db, const char *sql)
{
	PGresult	*res;
	int		 rc = 0;

	res = PQexec(db->conn, sql);
	if (PQresultStatus(res) != PGRES_COMMAND_OK) {
		LOG_ERROR("db", "session setup failed: %s %s", sqlstate(res),
		    errmsg(db, res));
		rc = -1;
	}
	PQclear(res);
	return rc;
}

/* Fetches (version, Last-Modified) into db; returns 0 or -1 (logged). */
static int
db_fetch_version(struct db *db)
{
	PGresult	*res;
	int		 rc = -1, cv, cl;

	res = PQexecPrepared(db->conn, db_stmt_name(STMT_DATA_VERSION), 0,
	    NULL, NULL, NULL, 0);
	if (PQresultStatus(res) != PGRES_TUPLES_OK) {
		LOG_ERROR("db", "data version: %s %s", sqlstate(res),
		    errmsg(db, res));
		goto out;
	}
	db->version = -1;
	db->lastmod = -1;
	if (PQntuples(res) == 1) {
		cv = PQfnumber(res, "version");
		cl = PQfnumber(res, "last_modified");
		if (cv >= 0 && !PQgetisnull(res, 0, cv))
			db->version = strtoll(PQgetvalue(res, 0, cv), NULL, 10);
		if (cl >= 0 && !PQgetisnull(res, 0, cl))
			db->lastmod = (time_t)strtoll(PQgetvalue(res, 0, cl),
			    NULL, 10);
	}
	db->stale = 0;
	rc = 0;
	LOG_DEBUG("db", "data version %lld", (long long)db->version);
out:
	PQclear(res);
	return rc;
}

/* Sets the session up and prepares stmts[]; returns 0 or -1 (logged). */
static int
db_setup(struct db *db)
{
	char		 sql[64];
	PGresult	*res;
	size_t		 i;

	snprintf(sql, sizeof(sql), "SET statement_timeout = %d",
	    db->timeout_ms);
	if (db_command(db, "SET search_path = hf, public") == -1 ||
	    db_command(db, sql) == -1 ||
	    db_command(db, "SET application_name = 'hitfinder-fcgi'") == -1 ||
	    /* JIT compiles for seconds what runs in milliseconds here. */
	    db_command(db, "SET jit = off") == -1 ||
	    db_command(db, "SET plan_cache_mode = force_generic_plan") == -1 ||
	    db_command(db, "LISTEN hitfinder_data_version") == -1)
		return -1;
	for (i = 0; i < STMT__MAX; i++) {
		res = PQprepare(db->conn, db_stmt_name((enum stmt)i),
		    db_stmt_sql((enum stmt)i), db_stmt_nparams((enum stmt)i),
		    NULL);
		if (PQresultStatus(res) != PGRES_COMMAND_OK) {
			LOG_ERROR("db", "prepare %s failed: %s %s",
			    db_stmt_name((enum stmt)i), sqlstate(res),
			    errmsg(db, res));
			PQclear(res);
			return -1;
		}
		PQclear(res);
	}
	return db_fetch_version(db);
}

/*
 * (Re)connects and sets the session up.  reason (NULL at start) is
 * logged.  Returns 0, or -1 with db->ready 0 (the next use retries).
 */
static int
db_connect(struct db *db, const char *reason)
{
	/* connect_timeout before dbname: the conninfo may override it. */
	static const char *const kw[] = {
		"connect_timeout", "dbname", "client_encoding", NULL
	};
	const char	*val[] = { "2", db->conninfo, "UTF8", NULL };
	char		 why[sizeof(db->why)];
	size_t		 i;

	snprintf(why, sizeof(why), "%s", reason != NULL ? reason : "start");
	db->ready = 0;
	for (i = 0; i < db->nq; i++)
		db->q[i].prepared = 0;
	if (db->conn != NULL)
		PQfinish(db->conn);
	if ((db->conn = PQconnectdbParams(kw, val, 1)) == NULL) {
		LOG_ERROR("db", "out of memory connecting");
		abort();
	}
	PQsetNoticeProcessor(db->conn, db_notice, NULL);
	if (PQstatus(db->conn) != CONNECTION_OK) {
		LOG_WARN("db", "%s (%s) failed: %s", reason != NULL ?
		    "reconnect" : "connect", why, errmsg(db, NULL));
		snprintf(db->why, sizeof(db->why), "last connect failed");
		return -1;
	}
	if (db_setup(db) == -1) {
		LOG_WARN("db", "%s (%s) failed: session setup failed",
		    reason != NULL ? "reconnect" : "connect", why);
		snprintf(db->why, sizeof(db->why), "session setup failed");
		return -1;
	}
	db->ready = 1;
	db->why[0] = '\0';
	LOG_AT(reason != NULL ? LL_WARN : LL_INFO, "db", "%s (%s), data "
	    "version %lld", reason != NULL ? "reconnected" : "connected", why,
	    (long long)db->version);
	return 0;
}

/*
 * Returns a new struct db for conninfo with statement_timeout ms.  It
 * tries to connect once; a database that is down is not an error (the
 * first request will try again).  Caller owns it: db_close().
 */
struct db *
db_open(const char *conninfo, int timeout_ms)
{
	struct db	*db;

	db = xcalloc(1, sizeof(*db));
	db->conninfo = xstrdup(conninfo);
	db->timeout_ms = timeout_ms;
	db->version = -1;
	db->lastmod = -1;
	(void)db_connect(db, NULL);
	return db;
}

/* Closes the connection and frees db; NULL is fine. */
void
db_close(struct db *db)
{
	if (db == NULL)
		return;
	if (db->conn != NULL)
		PQfinish(db->conn);
	while (db->nq > 0)
		free(db->q[--db->nq].sql);
	free(db->conninfo);
	free(db);
}

/* Why the connection cannot be used as it is, or NULL if it can. */
static const char *
db_dirty(struct db *db)
{
	if (db->conn == NULL)
		return "no connection";
	if (PQstatus(db->conn) != CONNECTION_OK)
		return "connection bad";
	if (PQtransactionStatus(db->conn) != PQTRANS_IDLE)
		return "connection not idle";
	if (!db->ready)
		return db->why[0] != '\0' ? db->why : "session not set up";
	return NULL;
}

/* 1 if a failed res (or none) means the server or session is away. */
static int
db_lost(const struct db *db, const PGresult *res)
{
	const char	*st = sqlstate(res);

	return res == NULL || PQstatus(db->conn) != CONNECTION_OK ||
	    *st == '\0' || strncmp(st, "08", 2) == 0 ||
	    strcmp(st, "57P01") == 0 || strcmp(st, "57P02") == 0 ||
	    strcmp(st, "57P03") == 0 || strcmp(st, "26000") == 0 ||
	    strcmp(st, "0A000") == 0;
}

/*
 * The cached statement for sql (added if there is room), or NULL: run
 * it unnamed.
 */
static struct qstmt *
db_qstmt(struct db *db, const char *sql)
{
	size_t	 i, len = strlen(sql);

	for (i = 0; i < db->nq; i++)
		if (db->q[i].len == len && memcmp(db->q[i].sql, sql, len) == 0)
			return &db->q[i];
	if (db->nq == QCACHE_MAX)
		return NULL;
	db->q[db->nq].sql = xstrdup(sql);
	db->q[db->nq].len = len;
	db->q[db->nq].prepared = 0;
	return &db->q[db->nq++];
}

/*
 * One attempt at a statement on a connection that is fit: the prepared
 * one called name when sql is NULL; else sql as a cached prepared
 * statement (prepared first if this session has not yet), or unnamed
 * with PQexecParams when the cache is full.  Returns libpq's result.
 */
static PGresult *
db_send(struct db *db, const char *name, const char *sql, int nparams,
    const char *const *args)
{
	struct qstmt	*qs;
	PGresult	*r;
	char		 qname[16];

	if (sql == NULL)
		return PQexecPrepared(db->conn, name, nparams, args, NULL,
		    NULL, 0);
	if ((qs = db_qstmt(db, sql)) == NULL)
		return PQexecParams(db->conn, sql, nparams, NULL, args, NULL,
		    NULL, 0);
	snprintf(qname, sizeof(qname), "hf_q%zu", (size_t)(qs - db->q));
	if (!qs->prepared) {
		r = PQprepare(db->conn, qname, sql, nparams, NULL);
		if (PQresultStatus(r) != PGRES_COMMAND_OK)
			return r;
		PQclear(r);
		qs->prepared = 1;
	}
	return PQexecPrepared(db->conn, qname, nparams, args, NULL, NULL, 0);
}

/*
 * Runs a statement (see db_send()).  A connection that is not fit is
 * redone first; a failure classed unavailable redoes it and retries
 * once.  Returns DB_OK with *res set (caller owns it and must PQclear()
 * it), or another dbrc, *res NULL.
 */
static enum dbrc
db_run(struct db *db, const char *name, const char *sql, int nparams,
    const char *const *args, PGresult **res)
{
	PGresult	*r = NULL;
	const char	*why;
	enum dbrc	 rc = DB_UNAVAILABLE;
	double		 t0 = now_ms();
	int		 attempt;

	*res = NULL;
	for (attempt = 0; attempt < 2; attempt++) {
		if ((why = db_dirty(db)) != NULL &&
		    db_connect(db, why) == -1)
			continue;
		r = db_send(db, name, sql, nparams, args);
		if (r != NULL && PQresultStatus(r) == PGRES_TUPLES_OK) {
			*res = r;
			rc = DB_OK;
			break;
		}
		if (db_lost(db, r)) {
			snprintf(db->why, sizeof(db->why), "%s: %s %s",
			    name, sqlstate(r), errmsg(db, r));
			db->ready = 0;
			rc = DB_UNAVAILABLE;
		} else if (strcmp(sqlstate(r), "57014") == 0) {
			LOG_WARN("db", "%s: statement timeout", name);
			rc = DB_TIMEOUT;
		} else {
			LOG_ERROR("db", "%s failed: %s %s", name,
			    sqlstate(r), errmsg(db, r));
			rc = DB_ERROR;
		}
		PQclear(r);
		r = NULL;
		if (rc != DB_UNAVAILABLE)
			break;
	}
	db->ms += now_ms() - t0;
	return rc;
}

/*
 * Executes prepared statement s with args (stmts[s].nparams strings,
 * borrowed).  Returns DB_OK with *res set (caller owns it and must
 * PQclear() it), or another dbrc with *res NULL.
 */
enum dbrc
db_exec(struct db *db, enum stmt s, const char *const *args, PGresult **res)
{
	if (s >= STMT__MAX)
		abort();
	return db_run(db, db_stmt_name(s), NULL, db_stmt_nparams(s), args,
	    res);
}

/*
 * Executes sql, a statement assembled from fixed fragments (search.c,
 * never request text), with nparams out-of-line values args (borrowed)
 * for its $1..$n; name is for the log.  Same retry rules and ownership
 * as db_exec().
 */
enum dbrc
db_query(struct db *db, const char *name, const char *sql, int nparams,
    const char *const *args, PGresult **res)
{
	if (sql == NULL)
		abort();
	return db_run(db, name, sql, nparams, args, res);
}

/*
 * Between requests: reads what the server sent while we were idle and
 * refetches the data version if a NOTIFY hitfinder_data_version came.
 * A connection found broken is left for db_exec() to redo.
 */
void
db_poll(struct db *db)
{
	PGnotify	*n;
	double		 t0;

	if (db->conn == NULL || PQstatus(db->conn) != CONNECTION_OK)
		return;
	if (PQconsumeInput(db->conn) == 0) {
		snprintf(db->why, sizeof(db->why), "connection lost while idle");
		db->ready = 0;
		return;
	}
	while ((n = PQnotifies(db->conn)) != NULL) {
		db->stale = 1;
		PQfreemem(n);
	}
	if (db->stale && db->ready &&
	    PQtransactionStatus(db->conn) == PQTRANS_IDLE) {
		t0 = now_ms();
		if (db_fetch_version(db) == -1) {
			snprintf(db->why, sizeof(db->why),
			    "data version refetch failed");
			db->ready = 0;
		}
		db->ms += now_ms() - t0;
	}
}

/*
 * The cached data version and Last-Modified time.  Returns 0, or -1 if
 * no version is known (never connected, or hf.data_version empty);
 * *lastmod is -1 when no dataset is loaded.
 */
int
db_version(const struct db *db, int64_t *version, time_t *lastmod)
{
	*version = db->version;
	*lastmod = db->lastmod;
	return db->version >= 0 ? 0 : -1;
}

/*
 * db_version(), but only while the connection is up and set up and no
 * NOTIFY is pending: right after db_poll() the version is then known to
 * be the database's current one without a round trip.  Returns 0, or
 * -1 (unknown or not provably current).
 */
int
db_version_current(const struct db *db, int64_t *version, time_t *lastmod)
{
	if (db->conn == NULL || !db->ready || db->stale ||
	    PQstatus(db->conn) != CONNECTION_OK)
		return -1;
	return db_version(db, version, lastmod);
}

/* Milliseconds spent in the database since the last call; resets. */
double
db_take_ms(struct db *db)
{
	double	 ms = db->ms;

	db->ms = 0;
	return ms;
}

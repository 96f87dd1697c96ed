/*
 * db.h -- one PostgreSQL connection per child, every statement prepared
 * at (re)connect, reconnect-and-retry-once, data version cache (R14-R16).
 */
#ifndef HF_DB_H
#define HF_DB_H

#include <stdint.h>
#include <time.h>

#include <libpq-fe.h>

enum dbrc {
	DB_OK,
	DB_UNAVAILABLE,		/* server away: 503 + Retry-After */
	DB_TIMEOUT,		/* statement_timeout hit: 503 */
	DB_ERROR		/* anything else: 500, detail in the log */
};

enum stmt {
	STMT_DATA_VERSION,
	STMT_HEALTH_PING,
	STMT_DATASETS_COUNT,
	STMT_DATASETS_PAGE,
	STMT_INSTITUTION_GET,
	STMT_INSTITUTION_PROGRAMS,
	STMT_ZIP_GET,
	STMT_PROGRAM_GET,
	STMT__MAX
};

struct db;

struct db	*db_open(const char *, int);
void		 db_close(struct db *);
enum dbrc	 db_exec(struct db *, enum stmt, const char *const *,
		    PGresult **);
enum dbrc	 db_query(struct db *, const char *, const char *, int,
		    const char *const *, PGresult **);
void		 db_poll(struct db *);
int		 db_version(const struct db *, int64_t *, time_t *);
double		 db_take_ms(struct db *);
const char	*db_stmt_name(enum stmt);
const char	*db_stmt_sql(enum stmt);
int		 db_stmt_nparams(enum stmt);

#endif /* HF_DB_H */

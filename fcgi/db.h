/*
 * db.h -- one PostgreSQL connection per child, every statement prepared
 * at (re)connect, reconnect-and-retry-once, data version cache (R14-R16).
 * The statements themselves (enum stmt -> name, SQL, parameter count)
 * are the table of stmts.c.
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
	STMT_CAREERS_LIST,
	STMT_CAREER_GET,
	STMT_SOC_SUCCESSORS,
	STMT_CAREER_MAP,
	STMT_CAREER_GRID,
	STMT_CAREER_BINS,
	STMT_STATE_GET,
	STMT_STATE_CAREERS,
	STMT_CERTIFICATIONS_COUNT,
	STMT_CERTIFICATIONS_PAGE,
	STMT_CERTIFICATION_GET,
	STMT_DEGREES_COUNT,
	STMT_DEGREES_PAGE,
	STMT_PATHWAY_CAREER,
	STMT_SUGGEST,
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
int		 db_version_current(const struct db *, int64_t *, time_t *);
double		 db_take_ms(struct db *);
const char	*db_stmt_name(enum stmt);
const char	*db_stmt_sql(enum stmt);
int		 db_stmt_nparams(enum stmt);

#endif /* HF_DB_H */

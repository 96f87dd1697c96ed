/*
 * config.h -- settings from a table (R19, redis createIntConfig,
 * pgbouncer CF_ABS): each has a flag, an environment variable, a type,
 * bounds and a default.  Flags override the environment.
 */
#ifndef HF_CONFIG_H
#define HF_CONFIG_H

#include <stdio.h>

#include "log.h"
#include "util.h"

struct config {
	char		*socket;	/* --socket */
	int		 workers;	/* --workers */
	char		*db;		/* --db (libpq conninfo) */
	int		 statement_timeout; /* --statement-timeout, ms */
	int		 retry_after;	/* --retry-after, s */
	int		 socket_mode;	/* --socket-mode, octal */
	enum loglevel	 log_level;	/* --log-level */
	int		 max_uri;	/* --max-uri, bytes of QUERY_STRING */
	int		 backlog;	/* --backlog, listen queue length */
	char		*pidfile;	/* --pidfile, "" for none */
	int		 help;		/* --help given */
	int		 dump_routes;	/* --dump-routes given */
};

int	 cfg_parse(struct config *, int, char *const [], char *const [],
	    struct buf *);
void	 cfg_help(FILE *);
void	 cfg_free(struct config *);

#endif /* HF_CONFIG_H */

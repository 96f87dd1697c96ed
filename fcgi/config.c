/*
 * config.c -- the settings table and its parser.  Order: defaults, then
 * the environment, then flags (--name VALUE or --name=VALUE).  Every
 * value, defaults included, goes through the same checks; every error
 * names the key as given (flag or variable) and what it accepts, and
 * all errors are reported before the process refuses to start.
 */
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "log.h"
#include "util.h"

enum cfgtype {
	CFG_STR,	/* min..max bytes */
	CFG_INT,	/* decimal, min..max */
	CFG_OCTAL,	/* octal, min..max */
	CFG_LEVEL	/* debug|info|warn|error */
};

struct setting {
	const char	*name;		/* flag without "--" */
	const char	*env;		/* environment variable */
	enum cfgtype	 type;
	long		 min;
	long		 max;
	const char	*def;		/* default, as text */
	size_t		 off;		/* offsetof(struct config, ...) */
	const char	*arg;		/* placeholder for --help */
	const char	*help;
};

static const struct setting settings[] = {
	{ "socket", "HITFINDER_SOCKET", CFG_STR, 1, 107,
	  "var/run/fcgi.sock", offsetof(struct config, socket), "PATH",
	  "FastCGI Unix socket path, or [HOST]:PORT for TCP" },
	{ "workers", "HITFINDER_WORKERS", CFG_INT, 1, 256,
	  "4", offsetof(struct config, workers), "N",
	  "worker children" },
	{ "db", "HITFINDER_DB", CFG_STR, 1, 4096,
	  "dbname=hitfinder user=hitfinder_reader",
	  offsetof(struct config, db), "CONNINFO",
	  "libpq connection string (read-only role)" },
	{ "statement-timeout", "HITFINDER_STATEMENT_TIMEOUT", CFG_INT,
	  100, 600000, "5000", offsetof(struct config, statement_timeout),
	  "MS", "PostgreSQL statement_timeout" },
	{ "retry-after", "HITFINDER_RETRY_AFTER", CFG_INT, 1, 3600,
	  "1", offsetof(struct config, retry_after), "S",
	  "Retry-After seconds on 503" },
	{ "socket-mode", "HITFINDER_SOCKET_MODE", CFG_OCTAL, 0, 0777,
	  "0660", offsetof(struct config, socket_mode), "OCTAL",
	  "permissions of the socket" },
	{ "log-level", "HITFINDER_LOG_LEVEL", CFG_LEVEL, 0, 0,
	  "info", offsetof(struct config, log_level), "LEVEL",
	  "debug, info, warn or error" },
	{ "max-uri", "HITFINDER_MAX_URI", CFG_INT, 256, 65536,
	  "4096", offsetof(struct config, max_uri), "BYTES",
	  "longest QUERY_STRING before 414" },
	{ "backlog", "HITFINDER_BACKLOG", CFG_INT, 1, 65535,
	  "1024", offsetof(struct config, backlog), "N",
	  "listen backlog (nginx does not queue: a short one turns bursts into 502)" },
	{ "pidfile", "HITFINDER_PIDFILE", CFG_STR, 0, 4096,
	  "", offsetof(struct config, pidfile), "PATH",
	  "write the master's pid here (empty: none)" },
};

/* Appends "what accepts" for s to b ("an integer in 1..256"). */
static void
cfg_range(struct buf *b, const struct setting *s)
{
	switch (s->type) {
	case CFG_STR:
		buf_printf(b, "a string of %ld..%ld bytes", s->min, s->max);
		break;
	case CFG_INT:
		buf_printf(b, "an integer in %ld..%ld", s->min, s->max);
		break;
	case CFG_OCTAL:
		buf_printf(b, "an octal mode in %04lo..%04lo", s->min, s->max);
		break;
	case CFG_LEVEL:
		buf_puts(b, "one of debug, info, warn, error");
		break;
	}
}

/*
 * Checks val for s and stores it in cfg.  key is how the user named the
 * setting (--workers, HITFINDER_WORKERS, or "default").  Returns 0, or
 * -1 with one line appended to err.
 */
static int
cfg_set(struct config *cfg, const struct setting *s, const char *key,
    const char *val, struct buf *err)
{
	char		 *end, **sp;
	long		  v = 0;
	size_t		  n;
	enum loglevel	  l;

	switch (s->type) {
	case CFG_STR:
		n = strlen(val);
		if ((long)n < s->min || (long)n > s->max)
			goto bad;
		sp = (char **)((char *)cfg + s->off);
		free(*sp);
		*sp = xstrdup(val);
		return 0;
	case CFG_INT:
	case CFG_OCTAL:
		if (*val < '0' || *val > '9')
			goto bad;
		errno = 0;
		v = strtol(val, &end, s->type == CFG_OCTAL ? 8 : 10);
		if (errno == ERANGE || *end != '\0' || v < s->min || v > s->max)
			goto bad;
		*(int *)((char *)cfg + s->off) = (int)v;
		return 0;
	case CFG_LEVEL:
		if (log_level_parse(val, &l) == -1)
			goto bad;
		*(enum loglevel *)((char *)cfg + s->off) = l;
		return 0;
	}
bad:
	buf_printf(err, "%s: \"%.64s\" is not valid; expected ", key, val);
	cfg_range(err, s);
	buf_putc(err, '\n');
	return -1;
}

/* The setting whose flag is name (n bytes), or NULL. */
static const struct setting *
cfg_find(const char *name, size_t n)
{
	size_t	 i;

	for (i = 0; i < nitems(settings); i++)
		if (strlen(settings[i].name) == n &&
		    strncmp(settings[i].name, name, n) == 0)
			return &settings[i];
	return NULL;
}

/* The value of variable name in envp (NULL-terminated "K=V"), or NULL. */
static const char *
env_get(char *const envp[], const char *name)
{
	size_t	 n = strlen(name);

	for (; envp != NULL && *envp != NULL; envp++)
		if (strncmp(*envp, name, n) == 0 && (*envp)[n] == '=')
			return *envp + n + 1;
	return NULL;
}

/*
 * Fills cfg from defaults, envp ("K=V" strings, NULL-terminated; may be
 * NULL) and argv[1..argc).  --help and --dump-routes only set flags.
 * Returns 0, or -1 with every problem (one per line, naming the key and
 * what it accepts) in err.  cfg must be released with cfg_free().
 */
int
cfg_parse(struct config *cfg, int argc, char *const argv[],
    char *const envp[], struct buf *err)
{
	const struct setting	*s;
	const char		*a, *val, *eq;
	size_t			 i;
	int			 rc = 0, k;
	char			 key[64];

	memset(cfg, 0, sizeof(*cfg));
	for (i = 0; i < nitems(settings); i++)
		if (cfg_set(cfg, &settings[i], "default", settings[i].def,
		    err) == -1)
			abort();
	for (i = 0; i < nitems(settings); i++)
		if ((val = env_get(envp, settings[i].env)) != NULL &&
		    cfg_set(cfg, &settings[i], settings[i].env, val, err) == -1)
			rc = -1;
	for (k = 1; k < argc; k++) {
		a = argv[k];
		if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			cfg->help = 1;
			continue;
		}
		if (strcmp(a, "--dump-routes") == 0) {
			cfg->dump_routes = 1;
			continue;
		}
		eq = strchr(a, '=');
		if (strncmp(a, "--", 2) != 0 || (s = cfg_find(a + 2,
		    eq != NULL ? (size_t)(eq - a - 2) : strlen(a + 2))) == NULL) {
			buf_printf(err, "%.64s: unknown option (see --help)\n", a);
			rc = -1;
			continue;
		}
		snprintf(key, sizeof(key), "--%s", s->name);
		if (eq != NULL)
			val = eq + 1;
		else if (k + 1 < argc)
			val = argv[++k];
		else {
			buf_printf(err, "%s: missing value; expected ", key);
			cfg_range(err, s);
			buf_putc(err, '\n');
			rc = -1;
			continue;
		}
		if (cfg_set(cfg, s, key, val, err) == -1)
			rc = -1;
	}
	return rc;
}

/* Prints the settings table (--help) on f. */
void
cfg_help(FILE *f)
{
	struct buf	 b = { NULL, 0, 0 };
	size_t		 i;

	fprintf(f, "usage: hitfinder-fcgi [--name VALUE ...] [--help] "
	    "[--dump-routes]\n\n");
	for (i = 0; i < nitems(settings); i++) {
		b.len = 0;
		cfg_range(&b, &settings[i]);
		fprintf(f, "  --%s %s\n      %s; env %s\n      accepts %s; "
		    "default %s\n", settings[i].name, settings[i].arg,
		    settings[i].help, settings[i].env, b.p,
		    *settings[i].def != '\0' ? settings[i].def : "(none)");
	}
	fprintf(f, "\nFlags override the environment.  --dump-routes prints "
	    "every route as JSON and exits.\n");
	buf_free(&b);
}

/* Frees the strings cfg owns. */
void
cfg_free(struct config *cfg)
{
	free(cfg->socket);
	free(cfg->db);
	free(cfg->pidfile);
	memset(cfg, 0, sizeof(*cfg));
}

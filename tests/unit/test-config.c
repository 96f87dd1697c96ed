/*
 * test-config.c -- defaults, environment, flags over environment, and
 * every bad value named with its key and accepted range.
 */
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "log.h"

#include "t.h"

static struct config	 cfg;
static struct buf	 err;

/* Parses argv (NULL-terminated, argv[0] included) with envp. */
static int
parse(char *const argv[], char *const envp[])
{
	int	 argc = 0;

	cfg_free(&cfg);
	buf_free(&err);
	while (argv[argc] != NULL)
		argc++;
	return cfg_parse(&cfg, argc, argv, envp, &err);
}

static void
test_config_defaults(void)
{
	char *const	 argv[] = { "hf", NULL };

	ASSERT_EQ(parse(argv, NULL), 0);
	ASSERT_STR(cfg.socket, "var/run/fcgi.sock");
	ASSERT_EQ(cfg.workers, 4);
	ASSERT_STR(cfg.db, "dbname=hitfinder user=hitfinder_reader");
	ASSERT_EQ(cfg.statement_timeout, 5000);
	ASSERT_EQ(cfg.retry_after, 1);
	ASSERT_EQ(cfg.socket_mode, 0660);
	ASSERT_EQ(cfg.log_level, LL_INFO);
	ASSERT_EQ(cfg.max_uri, 4096);
	ASSERT_STR(cfg.pidfile, "");
	ASSERT_EQ(cfg.help, 0);
	ASSERT_EQ(cfg.dump_routes, 0);
	ASSERT_EQ(err.len, 0);
}

static void
test_config_env(void)
{
	char *const	 argv[] = { "hf", NULL };
	char *const	 envp[] = {
		"HITFINDER_SOCKET=/tmp/x.sock", "HITFINDER_WORKERS=16",
		"HITFINDER_DB=host=/tmp dbname=t", "HITFINDER_STATEMENT_TIMEOUT=100",
		"HITFINDER_RETRY_AFTER=3600", "HITFINDER_SOCKET_MODE=0600",
		"HITFINDER_LOG_LEVEL=debug", "HITFINDER_MAX_URI=8192",
		"HITFINDER_WORKERSX=9", "PATH=/bin", NULL
	};

	ASSERT_EQ(parse(argv, envp), 0);
	ASSERT_STR(cfg.socket, "/tmp/x.sock");
	ASSERT_EQ(cfg.workers, 16);
	ASSERT_STR(cfg.db, "host=/tmp dbname=t");
	ASSERT_EQ(cfg.statement_timeout, 100);
	ASSERT_EQ(cfg.retry_after, 3600);
	ASSERT_EQ(cfg.socket_mode, 0600);
	ASSERT_EQ(cfg.log_level, LL_DEBUG);
	ASSERT_EQ(cfg.max_uri, 8192);
}

static void
test_config_flags_override_env(void)
{
	char *const	 argv[] = {
		"hf", "--workers", "2", "--socket=/tmp/y.sock",
		"--log-level", "error", "--socket-mode", "666",
		"--pidfile", "/tmp/w.pid", "--db", "dbname=x", NULL
	};
	char *const	 envp[] = {
		"HITFINDER_WORKERS=16", "HITFINDER_SOCKET=/tmp/x.sock",
		"HITFINDER_LOG_LEVEL=debug", NULL
	};

	ASSERT_EQ(parse(argv, envp), 0);
	ASSERT_EQ(cfg.workers, 2);
	ASSERT_STR(cfg.socket, "/tmp/y.sock");
	ASSERT_EQ(cfg.log_level, LL_ERROR);
	ASSERT_EQ(cfg.socket_mode, 0666);
	ASSERT_STR(cfg.pidfile, "/tmp/w.pid");
	ASSERT_STR(cfg.db, "dbname=x");
}

static void
test_config_help_and_dump(void)
{
	char *const	 a1[] = { "hf", "--help", NULL };
	char *const	 a2[] = { "hf", "--dump-routes", NULL };

	ASSERT_EQ(parse(a1, NULL), 0);
	ASSERT_EQ(cfg.help, 1);
	ASSERT_EQ(parse(a2, NULL), 0);
	ASSERT_EQ(cfg.dump_routes, 1);
}

static void
test_config_bad_range(void)
{
	char *const	 a1[] = { "hf", "--workers", "0", NULL };
	char *const	 a2[] = { "hf", "--workers=257", NULL };
	char *const	 a3[] = { "hf", "--statement-timeout", "99", NULL };
	char *const	 a4[] = { "hf", "--retry-after", "3601", NULL };
	char *const	 a5[] = { "hf", "--max-uri", "100", NULL };

	ASSERT_EQ(parse(a1, NULL), -1);
	ASSERT_STR(err.p, "--workers: \"0\" is not valid; expected an "
	    "integer in 1..256\n");
	ASSERT_EQ(parse(a2, NULL), -1);
	ASSERT_STR(err.p, "--workers: \"257\" is not valid; expected an "
	    "integer in 1..256\n");
	ASSERT_EQ(parse(a3, NULL), -1);
	ASSERT_STR(err.p, "--statement-timeout: \"99\" is not valid; expected "
	    "an integer in 100..600000\n");
	ASSERT_EQ(parse(a4, NULL), -1);
	ASSERT_TRUE(strstr(err.p, "--retry-after") != NULL);
	ASSERT_TRUE(strstr(err.p, "1..3600") != NULL);
	ASSERT_EQ(parse(a5, NULL), -1);
	ASSERT_TRUE(strstr(err.p, "256..65536") != NULL);
}

static void
test_config_bad_syntax(void)
{
	char *const	 a1[] = { "hf", "--workers", "four", NULL };
	char *const	 a2[] = { "hf", "--workers", "4x", NULL };
	char *const	 a3[] = { "hf", "--workers", "-4", NULL };
	char *const	 a4[] = { "hf", "--socket-mode", "0999", NULL };
	char *const	 a5[] = { "hf", "--socket-mode", "01777", NULL };
	char *const	 a6[] = { "hf", "--log-level", "loud", NULL };
	char *const	 a7[] = { "hf", "--socket", "", NULL };
	char *const	 a8[] = { "hf", "--workers", "99999999999999999999", NULL };

	ASSERT_EQ(parse(a1, NULL), -1);
	ASSERT_EQ(parse(a2, NULL), -1);
	ASSERT_EQ(parse(a3, NULL), -1);
	ASSERT_EQ(parse(a4, NULL), -1);
	ASSERT_STR(err.p, "--socket-mode: \"0999\" is not valid; expected an "
	    "octal mode in 0000..0777\n");
	ASSERT_EQ(parse(a5, NULL), -1);
	ASSERT_EQ(parse(a6, NULL), -1);
	ASSERT_STR(err.p, "--log-level: \"loud\" is not valid; expected one of "
	    "debug, info, warn, error\n");
	ASSERT_EQ(parse(a7, NULL), -1);
	ASSERT_STR(err.p, "--socket: \"\" is not valid; expected a string of "
	    "1..107 bytes\n");
	ASSERT_EQ(parse(a8, NULL), -1);
}

static void
test_config_bad_env(void)
{
	char *const	 argv[] = { "hf", NULL };
	char *const	 envp[] = { "HITFINDER_WORKERS=0", NULL };
	char *const	 fixed[] = { "hf", "--workers", "3", NULL };

	ASSERT_EQ(parse(argv, envp), -1);
	ASSERT_STR(err.p, "HITFINDER_WORKERS: \"0\" is not valid; expected an "
	    "integer in 1..256\n");
	/* A bad variable is an error even when a flag would override it. */
	ASSERT_EQ(parse(fixed, envp), -1);
}

static void
test_config_bad_option(void)
{
	char *const	 a1[] = { "hf", "--bogus", "1", NULL };
	char *const	 a2[] = { "hf", "--workers", NULL };
	char *const	 a3[] = { "hf", "workers", NULL };

	ASSERT_EQ(parse(a1, NULL), -1);
	ASSERT_TRUE(strstr(err.p, "--bogus: unknown option") != NULL);
	ASSERT_EQ(parse(a2, NULL), -1);
	ASSERT_STR(err.p, "--workers: missing value; expected an integer in "
	    "1..256\n");
	ASSERT_EQ(parse(a3, NULL), -1);
}

static void
test_config_bad_many(void)
{
	char *const	 argv[] = {
		"hf", "--workers", "0", "--retry-after", "0", "--nope", NULL
	};

	ASSERT_EQ(parse(argv, NULL), -1);
	ASSERT_TRUE(strstr(err.p, "--workers") != NULL);
	ASSERT_TRUE(strstr(err.p, "--retry-after") != NULL);
	ASSERT_TRUE(strstr(err.p, "--nope") != NULL);
}

int
main(void)
{
	T_RUN(test_config_defaults);
	T_RUN(test_config_env);
	T_RUN(test_config_flags_override_env);
	T_RUN(test_config_help_and_dump);
	T_RUN(test_config_bad_range);
	T_RUN(test_config_bad_syntax);
	T_RUN(test_config_bad_env);
	T_RUN(test_config_bad_option);
	T_RUN(test_config_bad_many);
	cfg_free(&cfg);
	buf_free(&err);
	return T_EXIT;
}

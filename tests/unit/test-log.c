/*
 * test-log.c -- escaping of logged values, so a request cannot forge a
 * log line, and log levels.
 */
#include <string.h>

#include "log.h"

#include "t.h"

/* Escapes s into a buffer of size sz; returns the buffer. */
static const char *
esc(const char *s, size_t sz)
{
	static char	 b[256];

	log_escape(b, sz, s, strlen(s));
	return b;
}

static void
test_log_escape(void)
{
	ASSERT_STR(esc("/api/v1/health?q=a b", 256), "/api/v1/health?q=a b");
	ASSERT_STR(esc("a\nb", 256), "a\\nb");
	ASSERT_STR(esc("x\r\n2025-01-01 1 GET", 256), "x\\x0d\\n2025-01-01 1 GET");
	ASSERT_STR(esc("say \"hi\" \\", 256), "say \\\"hi\\\" \\\\");
	ASSERT_STR(esc("\t\x01\x7f", 256), "\\t\\x01\\x7f");
	ASSERT_STR(esc("caf\xc3\xa9", 256), "caf\\xc3\\xa9");
}

static void
test_log_escape_truncates(void)
{
	ASSERT_STR(esc("abcdefghij", 8), "abcd...");	/* 7 bytes + NUL */
	ASSERT_STR(esc("\n\n\n\n", 9), "\\n\\n...");
	ASSERT_EQ(strlen(esc("abcdefghij", 11)), 10);
}

static void
test_log_levels(void)
{
	enum loglevel	 l;

	ASSERT_EQ(log_level_parse("warn", &l), 0);
	ASSERT_EQ(l, LL_WARN);
	ASSERT_EQ(log_level_parse("WARN", &l), -1);
	ASSERT_STR(log_level_name(LL_DEBUG), "debug");
}

int
main(void)
{
	T_RUN(test_log_escape);
	T_RUN(test_log_escape_truncates);
	T_RUN(test_log_levels);
	return T_EXIT;
}

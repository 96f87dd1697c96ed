/*
 * test-stmts.c -- the table of prepared statements (stmts.c, R14):
 * every statement is named (unique, lower case), uses exactly $1..$n
 * for its declared n parameters (none skipped, none beyond), casts each
 * of them, and holds no unfilled {name} of the search fragments.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"

#include "t.h"

/* Highest $n in sql; used[k] set for each $k found (k < 64). */
static int
max_param(const char *sql, int used[64])
{
	const char	*s;
	char		*end;
	long		 k;
	int		 max = 0;

	memset(used, 0, 64 * sizeof(int));
	for (s = sql; (s = strchr(s, '$')) != NULL; s++) {
		if (!isdigit((unsigned char)s[1]))
			continue;
		k = strtol(s + 1, &end, 10);
		if (k > 0 && k < 64)
			used[k] = 1;
		if (k > max)
			max = (int)k;
	}
	return max;
}

static void
test_stmts_params(void)
{
	const char	*sql;
	int		 used[64], n, k;
	size_t		 i;

	for (i = 0; i < STMT__MAX; i++) {
		sql = db_stmt_sql((enum stmt)i);
		n = db_stmt_nparams((enum stmt)i);
		if (max_param(sql, used) != n) {
			fprintf(stderr, "%s: $%d used, %d declared\n",
			    db_stmt_name((enum stmt)i), max_param(sql, used), n);
			ASSERT_TRUE(0);
		}
		for (k = 1; k <= n; k++)
			ASSERT_TRUE(used[k]);
		ASSERT_TRUE(strchr(sql, '{') == NULL ||
		    strstr(sql, "'{}'") != NULL);
	}
}

/* Every $n is cast where it is used ($1::text, $2::int8 ...). */
static void
test_stmts_casts(void)
{
	const char	*sql, *s;
	size_t		 i;

	for (i = 0; i < STMT__MAX; i++) {
		sql = db_stmt_sql((enum stmt)i);
		for (s = sql; (s = strchr(s, '$')) != NULL; s++) {
			if (!isdigit((unsigned char)s[1]))
				continue;
			while (isdigit((unsigned char)s[1]))
				s++;
			if (strncmp(s + 1, "::", 2) != 0) {
				fprintf(stderr, "%s: uncast $n near \"%.30s\"\n",
				    db_stmt_name((enum stmt)i), s - 2);
				ASSERT_TRUE(0);
			}
		}
	}
}

static void
test_stmts_names(void)
{
	const char	*name, *p;
	size_t		 i, k;

	for (i = 0; i < STMT__MAX; i++) {
		name = db_stmt_name((enum stmt)i);
		ASSERT_TRUE(name != NULL && *name != '\0');
		for (p = name; *p != '\0'; p++)
			ASSERT_TRUE(islower((unsigned char)*p) || *p == '_');
		for (k = 0; k < i; k++)
			ASSERT_TRUE(strcmp(name, db_stmt_name((enum stmt)k)) != 0);
	}
	ASSERT_STR(db_stmt_name(STMT_CAREERS_LIST), "careers_list");
	ASSERT_STR(db_stmt_name(STMT_SUGGEST), "suggest");
	ASSERT_EQ(db_stmt_nparams(STMT_CAREER_GRID), 3);
}

int
main(void)
{
	T_RUN(test_stmts_params);
	T_RUN(test_stmts_casts);
	T_RUN(test_stmts_names);
	return T_EXIT;
}

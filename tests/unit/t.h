/*
 * t.h -- assertions for the unit tests (libuv task.h style).  A failed
 * check prints file, line, the expression and the values, marks the
 * binary failed and returns from the test function; T_RUN runs one
 * test; main returns T_EXIT (non-zero if anything failed).
 */
#ifndef HF_T_H
#define HF_T_H

#include <stdio.h>
#include <string.h>

static int	 t_failed;

#define T_FAIL(fmt, ...) do {						\
	fprintf(stderr, "%s:%d: %s: " fmt "\n", __FILE__, __LINE__,	\
	    __func__, __VA_ARGS__);					\
	t_failed++;							\
	return;								\
} while (0)

#define ASSERT_TRUE(e) do { if (!(e))					\
	T_FAIL("ASSERT_TRUE(%s) is false", #e); } while (0)

#define ASSERT_EQ(a, b) do {						\
	long long t_a_ = (long long)(a), t_b_ = (long long)(b);		\
	if (t_a_ != t_b_)						\
		T_FAIL("ASSERT_EQ(%s, %s): %lld != %lld", #a, #b, t_a_, t_b_); \
} while (0)

#define ASSERT_STR(a, b) do {						\
	const char *t_a_ = (a), *t_b_ = (b);				\
	if (t_a_ == NULL || t_b_ == NULL || strcmp(t_a_, t_b_) != 0)	\
		T_FAIL("ASSERT_STR(%s, %s): \"%s\" != \"%s\"", #a, #b,	\
		    t_a_ ? t_a_ : "(null)", t_b_ ? t_b_ : "(null)");	\
} while (0)

#define ASSERT_NULL(a) do { const void *t_p_ = (a); if (t_p_ != NULL)	\
	T_FAIL("ASSERT_NULL(%s): %p", #a, t_p_); } while (0)

#define T_RUN(fn) do { int t_before_ = t_failed; fn();			\
	if (t_failed != t_before_) fprintf(stderr, "  FAILED %s\n", #fn); \
} while (0)

#define T_EXIT	(t_failed != 0)

#endif /* HF_T_H */

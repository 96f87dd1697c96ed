# fcgi/build.mk -- the FastCGI worker, its library and its unit tests.
#
# A GNU make fragment: the top-level Makefile does `include fcgi/build.mk`
# and make runs from the repository root.  It also works alone:
#   make -f fcgi/build.mk [fcgi-all|check-unit|valgrind-unit|fcgi-clean]
#
# Variables:
#   CFLAGS      default -std=c11 -O2 -g -Wall -Wextra -Werror (override freely)
#   SANITIZER   address | undefined | address,undefined  (-fsanitize=...)
#   CC          any C11 compiler (gcc, clang)
# Targets:
#   fcgi/hitfinder-fcgi   the worker (fcgi/main.o + fcgi/libhitfinder.a)
#   fcgi/libhitfinder.a   every worker object except main.o
#   check-unit            build and run tests/unit/test-*.c
#   valgrind-unit         the same under valgrind (leaks are failures)
#   check-fuzz, fuzz      the fuzzers and their corpus replay: tests/fuzz/fuzz.mk
#   fcgi-clean            remove $(FCGI_CLEAN)
# FCGI_CLEAN lists every generated file, for the top-level `make clean`.
# Objects depend on a stamp of the compile flags, so switching SANITIZER
# or CFLAGS rebuilds everything.

FCGI_SAVED_GOAL := $(.DEFAULT_GOAL)

CFLAGS ?= -std=c11 -O2 -g -Wall -Wextra -Werror

FCGI_PKGS := fcgi libpq json-c
# Asked of pkg-config when a recipe first needs them, not when make reads this file: `make run`
# on a fresh machine installs the packages (make deps) in the same make process, after parsing.
# Each is computed once (the variable redefines itself), and a missing package stops the build
# with the command that installs it.
FCGI_PKG_CFLAGS = $(eval FCGI_PKG_CFLAGS := $(call FCGI_PKG_CONFIG,--cflags))$(FCGI_PKG_CFLAGS)
FCGI_PKG_LIBS = $(eval FCGI_PKG_LIBS := $(call FCGI_PKG_CONFIG,--libs))$(FCGI_PKG_LIBS)
FCGI_PKG_CONFIG = $(call FCGI_PKG_CHECK,$(shell pkg-config $(1) $(FCGI_PKGS) 2>/dev/null || echo FCGI_PKG_MISSING))
FCGI_PKG_CHECK = $(if $(filter FCGI_PKG_MISSING,$(1)),$(error pkg-config finds no $(FCGI_PKGS): \
	run `make deps` (it installs pkg-config libfcgi-dev libpq-dev libjson-c-dev)),$(1))

FCGI_COMMA := ,
ifneq ($(filter-out address undefined address$(FCGI_COMMA)undefined,$(SANITIZER)),)
$(error SANITIZER must be address, undefined or address$(FCGI_COMMA)undefined)
endif
ifneq ($(SANITIZER),)
FCGI_SAN := -fsanitize=$(SANITIZER) -fno-omit-frame-pointer -fno-sanitize-recover=all
else
FCGI_SAN :=
endif

FCGI_CPPFLAGS = -Ifcgi -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE $(FCGI_PKG_CFLAGS)
FCGI_CFLAGS_ALL = $(CFLAGS) $(FCGI_SAN) -MMD -MP $(FCGI_CPPFLAGS)
FCGI_LDFLAGS_ALL = $(LDFLAGS) $(FCGI_SAN)
FCGI_LIBS = $(FCGI_PKG_LIBS) -lm

FCGI_LIB_SRCS := \
	fcgi/config.c \
	fcgi/db.c \
	fcgi/json.c \
	fcgi/log.c \
	fcgi/request.c \
	fcgi/resp.c \
	fcgi/router.c \
	fcgi/search.c \
	fcgi/server.c \
	fcgi/stmts.c \
	fcgi/util.c \
	fcgi/valid.c \
	fcgi/valid_career.c \
	fcgi/valid_geo.c \
	fcgi/handlers/career.c \
	fcgi/handlers/career_states.c \
	fcgi/handlers/careers.c \
	fcgi/handlers/certifications.c \
	fcgi/handlers/compare.c \
	fcgi/handlers/datasets.c \
	fcgi/handlers/degrees.c \
	fcgi/handlers/finder.c \
	fcgi/handlers/health.c \
	fcgi/handlers/institutions.c \
	fcgi/handlers/openapi.c \
	fcgi/handlers/pathways.c \
	fcgi/handlers/programs.c \
	fcgi/handlers/states.c \
	fcgi/handlers/suggest.c \
	fcgi/openapi.gen.c
FCGI_LIB_OBJS := $(FCGI_LIB_SRCS:.c=.o)
FCGI_MAIN_OBJ := fcgi/main.o
FCGI_BIN := fcgi/hitfinder-fcgi
FCGI_LIB := fcgi/libhitfinder.a
FCGI_STAMP := fcgi/.build-flags

FCGI_TEST_SRCS := $(sort $(wildcard tests/unit/test-*.c))
FCGI_TESTS := $(FCGI_TEST_SRCS:.c=)

FCGI_CLEAN := $(FCGI_BIN) $(FCGI_LIB) $(FCGI_MAIN_OBJ) $(FCGI_LIB_OBJS) \
	$(FCGI_MAIN_OBJ:.o=.d) $(FCGI_LIB_OBJS:.o=.d) fcgi/openapi.gen.c \
	$(FCGI_STAMP) $(FCGI_TESTS) $(FCGI_TESTS:=.d)

.PHONY: fcgi-all check-unit valgrind-unit fcgi-clean fcgi-force

fcgi-all: $(FCGI_BIN) $(FCGI_TESTS)

# Rewritten only when the flags change, so objects rebuild then.
$(FCGI_STAMP): fcgi-force
	@echo '$(CC) $(FCGI_CFLAGS_ALL) $(FCGI_LDFLAGS_ALL)' | cmp -s - $@ || \
	    echo '$(CC) $(FCGI_CFLAGS_ALL) $(FCGI_LDFLAGS_ALL)' > $@

fcgi/%.o: fcgi/%.c $(FCGI_STAMP)
	$(CC) $(FCGI_CFLAGS_ALL) -c -o $@ $<

# fcgi/openapi.json as a C array (od + sed: no xxd needed).
fcgi/openapi.gen.c: fcgi/openapi.json
	@{ echo '/* Generated from fcgi/openapi.json by fcgi/build.mk; do not edit. */'; \
	  echo '#include <stddef.h>'; \
	  echo 'extern const unsigned char openapi_json[];'; \
	  echo 'extern const size_t openapi_json_len;'; \
	  echo 'const unsigned char openapi_json[] = {'; \
	  od -An -v -tx1 $< | sed -e 's/ *\([0-9a-f][0-9a-f]\)/0x\1,/g' -e '/^$$/d'; \
	  echo '};'; \
	  echo 'const size_t openapi_json_len = sizeof(openapi_json);'; \
	} > $@.tmp && mv $@.tmp $@
	@echo "generated $@"

$(FCGI_LIB): $(FCGI_LIB_OBJS)
	rm -f $@
	$(AR) rcs $@ $^

$(FCGI_BIN): $(FCGI_MAIN_OBJ) $(FCGI_LIB)
	$(CC) $(FCGI_LDFLAGS_ALL) -o $@ $(FCGI_MAIN_OBJ) $(FCGI_LIB) $(FCGI_LIBS)

tests/unit/test-%: tests/unit/test-%.c tests/unit/t.h $(FCGI_LIB) $(FCGI_STAMP)
	$(CC) $(FCGI_CFLAGS_ALL) $(FCGI_LDFLAGS_ALL) -o $@ $< $(FCGI_LIB) $(FCGI_LIBS)

# Runs each test binary; prints ok/fail per binary and "N passed, M failed".
define FCGI_RUN_TESTS
@pass=0; fail=0; \
for t in $(FCGI_TESTS); do \
	if $(1) ./$$t; then echo "ok $${t##*/}"; pass=$$((pass + 1)); \
	else echo "fail $${t##*/}"; fail=$$((fail + 1)); fi; \
done; \
echo "$$pass passed, $$fail failed"; \
test $$fail -eq 0
endef

check-unit: $(FCGI_TESTS)
	$(call FCGI_RUN_TESTS,)

valgrind-unit: $(FCGI_TESTS)
	$(call FCGI_RUN_TESTS,valgrind -q --error-exitcode=1 --leak-check=full)

# Fuzzers and the replay of their corpora (absent from a Docker build context: optional).
-include tests/fuzz/fuzz.mk

fcgi-clean:
	rm -f $(FCGI_CLEAN)

-include $(FCGI_MAIN_OBJ:.o=.d) $(FCGI_LIB_OBJS:.o=.d) $(FCGI_TESTS:=.d)

# Leave the includer's default goal alone; alone, default to fcgi-all.
ifeq ($(firstword $(MAKEFILE_LIST)),fcgi/build.mk)
.DEFAULT_GOAL := fcgi-all
else
.DEFAULT_GOAL := $(FCGI_SAVED_GOAL)
endif

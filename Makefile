# hitfinder -- build, run and test the whole stack (GNU make).
#
#   make run     install missing packages, build, start PostgreSQL (var/), migrate and load
#                data, start the FastCGI workers and nginx on http://127.0.0.1:$(HITFINDER_PORT)/
#   make stop    stop what `make run` started (and nothing else)
#   make test    build and run every test: C unit tests, fuzz corpus replay, migration tests,
#                integration tests through a real nginx and a real PostgreSQL (an instance of
#                its own in var/test); then the same unit and integration suites with the worker
#                built with ASan + UBSan (check-asan), and the worker under valgrind for a request
#                mix covering every endpoint (valgrind-mix)
#   make fuzz    run every libFuzzer target for FUZZ_SECONDS (tests/fuzz/fuzz.mk)
#
# Settings come from the environment or the command line (make run HITFINDER_PORT=9090); see
# README.md for each one's default and range. Personal overrides go in Makefile.local.

HITFINDER_VAR     ?= var
HITFINDER_PORT    ?= 8080
HITFINDER_PGPORT  ?= 54329
HITFINDER_WORKERS ?= 4
# The official files in their published layout: ../shared/data/raw when present, else the
# small sample of real rows that the repository ships.
HITFINDER_DATA_DIR ?= $(if $(wildcard ../shared/data/raw/ipeds/hd2024.csv),$(abspath ../shared/data/raw),$(abspath sql/data/sample))
export HITFINDER_VAR HITFINDER_PORT HITFINDER_PGPORT HITFINDER_WORKERS HITFINDER_DATA_DIR

VAR      := $(abspath $(HITFINDER_VAR))
PGENV     = PGHOST=$(VAR)/run PGPORT=$(HITFINDER_PGPORT) PGDATABASE=hitfinder PGUSER=hitfinder_owner
WORKER_DB = host=$(VAR)/run port=$(HITFINDER_PGPORT) dbname=hitfinder user=hitfinder_reader
# Prefix for the worker command, e.g. WORKER_WRAPPER="valgrind --error-exitcode=1".
WORKER_WRAPPER ?=
# The worker binary start-worker runs (check-asan points it at the ASan build); the
# integration tests that start workers of their own read it as HITFINDER_WORKER_BIN.
WORKER_BIN ?= fcgi/hitfinder-fcgi

# The test instance: its own cluster, sockets and ports, so `make test` never touches `make run`'s.
TEST_VAR    ?= var/test
TEST_PORT   ?= 18080
TEST_PGPORT ?= 54339
PYTEST      ?= /usr/bin/python3 -m pytest

# Debian packages. DEB_RUN: what building and running the site needs (`make run` installs only
# these); DEB_TEST: what the test suites add (`make test` and `make deps-test` install them).
DEB_RUN  = gcc make pkg-config libc6-dev libfcgi-dev libfcgi-bin libpq-dev libjson-c-dev \
	postgresql postgresql-contrib nginx curl ca-certificates
DEB_TEST = python3 python3-pytest python3-requests python3-yaml valgrind clang systemd \
	docker-compose chromium chromium-driver python3-selenium
.PHONY: all deps deps-test run stop migrate migrate-status test check-unit check-sql check-integration \
	valgrind valgrind-mix check-asan asan-build check-plain check-browser clean distclean lint start-db \
	start-worker stop-worker start-nginx stop-nginx

all: fcgi/hitfinder-fcgi

include fcgi/build.mk
include deploy/install.mk
-include tests/bench/bench.mk
-include tests/docker/docker.mk
-include tests/fresh/fresh.mk
-include Makefile.local

# --- dependencies ---------------------------------------------------------------------------

# DEB_INSTALL(what,packages): install the packages that are missing, with apt-get as root, with
# sudo otherwise; with neither, print the command to run and stop. apt's own lines show progress.
define DEB_INSTALL
missing=""; for p in $(2); do \
	dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'install ok installed' || missing="$$missing $$p"; \
done; \
if [ -z "$$missing" ]; then exit 0; fi; \
n=$$(echo $$missing | wc -w); \
if [ "$$(id -u)" -eq 0 ]; then sudo=""; \
elif command -v sudo >/dev/null 2>&1; then sudo="sudo"; \
else \
	echo "deps: $(1) needs $$n Debian packages that are missing, and installing them needs root."; \
	echo "deps: as root (or a user with sudo), run:"; \
	echo "  apt-get update && apt-get install -y --no-install-recommends$$missing"; \
	exit 1; \
fi; \
echo "deps: installing $$n Debian packages for $(1)$${sudo:+ (with sudo)}:$$missing"; \
$$sudo env DEBIAN_FRONTEND=noninteractive apt-get -q -o Dpkg::Use-Pty=0 update && \
$$sudo env DEBIAN_FRONTEND=noninteractive apt-get -q -o Dpkg::Use-Pty=0 install -y --no-install-recommends $$missing && \
echo "deps: $(1): installed$$missing"
endef

deps:
	@$(call DEB_INSTALL,the site,$(DEB_RUN))

deps-test: deps
	@$(call DEB_INSTALL,the tests,$(DEB_TEST))

# --- running the site -----------------------------------------------------------------------

run: deps all start-db migrate start-worker start-nginx
	@echo "hitfinder is up: http://127.0.0.1:$(HITFINDER_PORT)/  (API: http://127.0.0.1:$(HITFINDER_PORT)/api/v1/health; make stop to stop)"

start-db:
	@sql/pgcluster start
	@sql/pgcluster bootstrap

migrate: start-db
	@mkdir -p $(VAR)/log
	@$(PGENV) sql/migrate up

migrate-status:
	@$(PGENV) sql/migrate status

# The worker is (re)started when it is not running or when the binary is newer than its pid file.
start-worker: $(WORKER_BIN)
	@mkdir -p $(VAR)/run $(VAR)/log
	@pidf=$(VAR)/run/worker.pid; \
	if [ -f $$pidf ] && kill -0 $$(cat $$pidf) 2>/dev/null; then \
		if [ $(WORKER_BIN) -nt $$pidf ]; then $(MAKE) --no-print-directory stop-worker; \
		else exit 0; fi; \
	fi; \
	setsid $(WORKER_WRAPPER) $(WORKER_BIN) --socket $(VAR)/run/fcgi.sock --workers $(HITFINDER_WORKERS) \
		--db "$(WORKER_DB)" --pidfile $$pidf </dev/null >>$(VAR)/log/worker.log 2>&1 & \
	for i in $$(seq 1 100); do [ -S $(VAR)/run/fcgi.sock ] && [ -f $$pidf ] && exit 0; sleep 0.1; done; \
	echo "worker did not start; see $(VAR)/log/worker.log" >&2; tail -20 $(VAR)/log/worker.log >&2; exit 1

stop-worker:
	@pidf=$(VAR)/run/worker.pid; \
	if [ -f $$pidf ] && kill -0 $$(cat $$pidf) 2>/dev/null; then \
		pid=$$(cat $$pidf); kill -TERM $$pid; \
		for i in $$(seq 1 100); do kill -0 $$pid 2>/dev/null || break; sleep 0.1; done; \
	fi; rm -f $$pidf

# A fresh nginx starts with an empty answer cache: its entries live 1 s
# (HITFINDER_CACHE_VALID), so older ones are of no use, only stale.
start-nginx:
	@conf=$$(nginx/render); pidf=$(VAR)/run/nginx.pid; \
	nginx -t -q -e $(VAR)/log/nginx-error.log -p $(VAR)/nginx -c $$conf || exit 1; \
	if [ -f $$pidf ] && kill -0 $$(cat $$pidf) 2>/dev/null; then \
		nginx -e $(VAR)/log/nginx-error.log -p $(VAR)/nginx -c $$conf -s reload; \
	else \
		rm -rf $(VAR)/nginx/cache/*; \
		nginx -e $(VAR)/log/nginx-error.log -p $(VAR)/nginx -c $$conf; \
	fi

stop-nginx:
	@pidf=$(VAR)/run/nginx.pid; \
	if [ -f $$pidf ] && kill -0 $$(cat $$pidf) 2>/dev/null; then \
		pid=$$(cat $$pidf); kill -QUIT $$pid; \
		for i in $$(seq 1 100); do kill -0 $$pid 2>/dev/null || break; sleep 0.1; done; \
	fi; rm -f $$pidf

stop: stop-nginx stop-worker
	@sql/pgcluster stop
	@echo "hitfinder stopped"

# --- tests ----------------------------------------------------------------------------------

# Plain build first (unit, fuzz corpus replay, SQL, integration), then the same unit and
# integration suites with the ASan + UBSan worker, then the worker under valgrind for a request
# mix covering every endpoint. About 6 minutes on 2 cores from a clean tree (5 1/2 when built).
test: deps-test all check-plain check-asan valgrind-mix

check-plain: check-unit check-fuzz check-sql check-integration check-browser

# Migration runner and importers, against scratch databases in the test cluster.
check-sql:
	@HITFINDER_VAR=$(TEST_VAR) HITFINDER_PGPORT=$(TEST_PGPORT) sql/pgcluster start
	@HITFINDER_VAR=$(TEST_VAR) HITFINDER_PGPORT=$(TEST_PGPORT) sql/pgcluster bootstrap
	@PGHOST=$(abspath $(TEST_VAR))/run PGPORT=$(TEST_PGPORT) PGUSER=postgres sql/test-migrate.sh
	@PGHOST=$(abspath $(TEST_VAR))/run PGPORT=$(TEST_PGPORT) PGUSER=postgres sql/test-careers.sh

# HTTP through a real nginx and real workers on a real PostgreSQL; conftest.py brings the test
# instance up with `make run` settings pointed at $(TEST_VAR) and stops it afterwards.
# INTEGRATION_TESTS and PYTEST_ARGS narrow the run (e.g. INTEGRATION_TESTS=tests/integration/test_hostile.py).
INTEGRATION_TESTS ?= tests/integration
PYTEST_ARGS ?=
check-integration: all $(WORKER_BIN)
	@HITFINDER_VAR=$(TEST_VAR) HITFINDER_PORT=$(TEST_PORT) HITFINDER_PGPORT=$(TEST_PGPORT) \
		HITFINDER_WORKER_BIN=$(abspath $(WORKER_BIN)) \
		$(PYTEST) -q -p no:cacheprovider $(PYTEST_ARGS) $(INTEGRATION_TESTS)

# The web page in headless Chromium (Debian's chromium + chromium-driver, selenium), against the
# same kind of test instance; a pytest run of its own so two session fixtures never overlap.
check-browser: all
	@HITFINDER_VAR=$(TEST_VAR) HITFINDER_PORT=$(TEST_PORT) HITFINDER_PGPORT=$(TEST_PGPORT) \
		$(PYTEST) -q -p no:cacheprovider tests/browser

# The unit tests and the integration suite with the worker under valgrind; any valgrind report
# (an error or a leak, in the master or any child) fails the run.
VG_LOGS = $(abspath $(TEST_VAR))/log/valgrind
valgrind: valgrind-unit
	@rm -rf $(VG_LOGS) && mkdir -p $(VG_LOGS)
	@$(MAKE) --no-print-directory stop-worker HITFINDER_VAR=$(TEST_VAR)
	@$(MAKE) --no-print-directory check-integration WORKER_WRAPPER="valgrind $(VG_OPTS)"
	@$(VG_CHECK)

VG_OPTS = -q --error-exitcode=99 --leak-check=full --show-leak-kinds=definite,indirect \
	--errors-for-leak-kinds=definite,indirect --log-file=$(VG_LOGS)/%p.log
define VG_CHECK
bad=$$(find $(VG_LOGS) -name '*.log' -size +0 | sort); \
if [ -n "$$bad" ]; then for f in $$bad; do echo "== $$f"; cat $$f; done; echo "valgrind: reports above"; exit 1; fi; \
echo "valgrind: $$(ls $(VG_LOGS) | wc -l) worker processes, no report"
endef

# The worker under valgrind for a request mix that covers every route of the route table
# (tests/integration/test_hostile.py: each route's GET, HEAD, OPTIONS, CSV, fields=, 304, bad
# parameters, then the hostile corpus) -- the part of `make valgrind` that make test can afford.
# Any valgrind report of the master or a child fails the run.
valgrind-mix: all
	@rm -rf $(VG_LOGS) && mkdir -p $(VG_LOGS)
	@$(MAKE) --no-print-directory stop-worker HITFINDER_VAR=$(TEST_VAR)
	@$(MAKE) --no-print-directory check-integration WORKER_WRAPPER="valgrind $(VG_OPTS)" \
		INTEGRATION_TESTS=tests/integration/test_hostile.py PYTEST_ARGS="-k 'mix or corpus'"; rc=$$?; \
	$(MAKE) --no-print-directory stop-worker HITFINDER_VAR=$(TEST_VAR); \
	( $(VG_CHECK) ) || rc=1; exit $$rc

# --- ASan + UBSan: a separate build under $(ASAN_DIR), so the plain one is never clobbered ---

ASAN_DIR     ?= build/asan
# GCC's -fsanitize=undefined leaves out float-cast-overflow (a double out of an int's range
# cast to int); clang's fuzzers include it, so the worker's checks do too.
ASAN_SAN     := -fsanitize=address,undefined,float-cast-overflow -fno-sanitize-recover=all -fno-omit-frame-pointer
ASAN_CFLAGS   = $(CFLAGS) $(ASAN_SAN) -MMD -MP $(FCGI_CPPFLAGS)
ASAN_OBJS    := $(FCGI_LIB_SRCS:%.c=$(ASAN_DIR)/%.o)
ASAN_LIB     := $(ASAN_DIR)/libhitfinder.a
ASAN_BIN     := $(ASAN_DIR)/hitfinder-fcgi
ASAN_TESTS   := $(FCGI_TEST_SRCS:%.c=$(ASAN_DIR)/%)
ASAN_REPLAYS := $(FUZZ_SRCS:%.c=$(ASAN_DIR)/%-replay)
ASAN_LOGS     = $(abspath $(TEST_VAR))/log/asan
# ASan and LeakSanitizer write a report file per process (children included) into ASAN_LOGS;
# GCC's UBSan writes to stderr, i.e. the worker logs under $(TEST_VAR)/log: tests/sanitizer-logs
# finds both, and any report fails the run. A child that hits one dies (abort_on_error,
# halt_on_error) and is respawned. Leaks are reported when a process exits (children exit on
# SIGTERM: stop-worker).
ASAN_ENV      = ASAN_OPTIONS=log_path=$(ASAN_LOGS)/asan:detect_leaks=1:abort_on_error=1:detect_stack_use_after_return=1:check_initialization_order=1 \
	UBSAN_OPTIONS=log_path=$(ASAN_LOGS)/ubsan:print_stacktrace=1:halt_on_error=1

$(ASAN_DIR)/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(ASAN_CFLAGS) -c -o $@ $<

$(ASAN_LIB): $(ASAN_OBJS)
	rm -f $@
	$(AR) rcs $@ $^

$(ASAN_BIN): $(ASAN_DIR)/fcgi/main.o $(ASAN_LIB)
	$(CC) $(LDFLAGS) $(ASAN_SAN) -o $@ $< $(ASAN_LIB) $(FCGI_LIBS)

$(ASAN_DIR)/tests/unit/test-%: tests/unit/test-%.c tests/unit/t.h $(ASAN_LIB)
	@mkdir -p $(@D)
	$(CC) $(ASAN_CFLAGS) $(LDFLAGS) -o $@ $< $(ASAN_LIB) $(FCGI_LIBS)

$(ASAN_DIR)/tests/fuzz/fuzz-%-replay: tests/fuzz/fuzz-%.c tests/fuzz/replay.c $(ASAN_LIB)
	@mkdir -p $(@D)
	$(CC) $(ASAN_CFLAGS) $(LDFLAGS) -o $@ $< tests/fuzz/replay.c $(ASAN_LIB) $(FCGI_LIBS)

asan-build: $(ASAN_BIN) $(ASAN_TESTS) $(ASAN_REPLAYS)

-include $(ASAN_OBJS:.o=.d) $(ASAN_DIR)/fcgi/main.d $(ASAN_TESTS:=.d) $(ASAN_REPLAYS:=.d)

# The unit tests, the fuzz corpora and the integration suite with the ASan + UBSan worker.
check-asan: all asan-build
	@rm -rf $(ASAN_LOGS) && mkdir -p $(ASAN_LOGS) $(abspath $(TEST_VAR))/log
	@tests/sanitizer-logs mark $(ASAN_LOGS) $(abspath $(TEST_VAR))/log
	@pass=0; fail=0; for t in $(ASAN_TESTS); do \
		if $(ASAN_ENV) ./$$t >/dev/null; then pass=$$((pass + 1)); else echo "fail $${t##*/} (asan)"; fail=$$((fail + 1)); fi; \
	done; echo "asan unit: $$pass passed, $$fail failed"; test $$fail -eq 0
	@$(ASAN_ENV) $(MAKE) --no-print-directory check-fuzz-replay FUZZ_REPLAY_DIR=$(ASAN_DIR)/tests/fuzz
	@$(MAKE) --no-print-directory stop-worker HITFINDER_VAR=$(TEST_VAR)
	@$(ASAN_ENV) $(MAKE) --no-print-directory check-integration WORKER_BIN=$(ASAN_BIN); rc=$$?; \
	$(MAKE) --no-print-directory stop-worker HITFINDER_VAR=$(TEST_VAR); sleep 0.5; \
	if tests/sanitizer-logs check $(ASAN_LOGS) $(abspath $(TEST_VAR))/log; then \
		[ $$rc -eq 0 ] && echo "check-asan: unit tests, fuzz corpora and integration suite with the ASan + UBSan worker: no report"; \
	else echo "check-asan: sanitizer reports above"; rc=1; fi; exit $$rc

lint:
	@conf=$$(HITFINDER_VAR=$(TEST_VAR) nginx/render) && nginx -t -q -e /dev/null -p $(abspath $(TEST_VAR))/nginx -c $$conf

clean:
	rm -f $(FCGI_CLEAN)
	rm -rf build

# Also removes the local databases and logs.
distclean: stop clean
	@HITFINDER_VAR=$(TEST_VAR) HITFINDER_PGPORT=$(TEST_PGPORT) sql/pgcluster destroy || true
	@sql/pgcluster destroy || true
	rm -rf var

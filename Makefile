# hitfinder -- build, run and test the whole stack (GNU make).
#
#   make run     install missing packages, build, start PostgreSQL (var/), migrate and load
#                data, start the FastCGI workers and nginx on http://127.0.0.1:$(HITFINDER_PORT)/
#   make stop    stop what `make run` started (and nothing else)
#   make test    build and run every test: C unit tests, migration tests, integration tests
#                through a real nginx and a real PostgreSQL (an instance of its own in var/test)
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

# The test instance: its own cluster, sockets and ports, so `make test` never touches `make run`'s.
TEST_VAR    ?= var/test
TEST_PORT   ?= 18080
TEST_PGPORT ?= 54339
PYTEST      ?= /usr/bin/python3 -m pytest

# Debian packages the build, the site and the tests need (make deps installs what is missing).
DEB_PACKAGES = gcc make pkg-config libc6-dev libfcgi-dev libfcgi-bin libpq-dev libjson-c-dev \
	postgresql postgresql-contrib nginx python3 python3-pytest python3-requests python3-yaml curl valgrind \
	docker-compose systemd

.PHONY: all deps run stop migrate migrate-status test check-unit check-sql check-integration \
	valgrind clean distclean lint start-db start-worker stop-worker start-nginx stop-nginx

all: fcgi/hitfinder-fcgi

include fcgi/build.mk
include deploy/install.mk
-include Makefile.local

# --- dependencies ---------------------------------------------------------------------------

deps:
	@missing=""; for p in $(DEB_PACKAGES); do \
		dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'install ok installed' || missing="$$missing $$p"; \
	done; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" -eq 0 ]; then \
		echo "deps: installing$$missing"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	else \
		echo "deps: missing Debian packages. Run:"; \
		echo "  sudo apt-get update && sudo apt-get install -y$$missing"; \
		exit 1; \
	fi

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
start-worker: fcgi/hitfinder-fcgi
	@mkdir -p $(VAR)/run $(VAR)/log
	@pidf=$(VAR)/run/worker.pid; \
	if [ -f $$pidf ] && kill -0 $$(cat $$pidf) 2>/dev/null; then \
		if [ fcgi/hitfinder-fcgi -nt $$pidf ]; then $(MAKE) --no-print-directory stop-worker; \
		else exit 0; fi; \
	fi; \
	setsid $(WORKER_WRAPPER) fcgi/hitfinder-fcgi --socket $(VAR)/run/fcgi.sock --workers $(HITFINDER_WORKERS) \
		--db "$(WORKER_DB)" --pidfile $$pidf </dev/null >>$(VAR)/log/worker.log 2>&1 & \
	for i in $$(seq 1 100); do [ -S $(VAR)/run/fcgi.sock ] && [ -f $$pidf ] && exit 0; sleep 0.1; done; \
	echo "worker did not start; see $(VAR)/log/worker.log" >&2; tail -20 $(VAR)/log/worker.log >&2; exit 1

stop-worker:
	@pidf=$(VAR)/run/worker.pid; \
	if [ -f $$pidf ] && kill -0 $$(cat $$pidf) 2>/dev/null; then \
		pid=$$(cat $$pidf); kill -TERM $$pid; \
		for i in $$(seq 1 100); do kill -0 $$pid 2>/dev/null || break; sleep 0.1; done; \
	fi; rm -f $$pidf

start-nginx:
	@conf=$$(nginx/render); pidf=$(VAR)/run/nginx.pid; \
	nginx -t -q -e $(VAR)/log/nginx-error.log -p $(VAR)/nginx -c $$conf || exit 1; \
	if [ -f $$pidf ] && kill -0 $$(cat $$pidf) 2>/dev/null; then \
		nginx -e $(VAR)/log/nginx-error.log -p $(VAR)/nginx -c $$conf -s reload; \
	else \
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

test: deps all check-unit check-fuzz check-sql check-integration

# Migration runner and importers, against scratch databases in the test cluster.
check-sql:
	@HITFINDER_VAR=$(TEST_VAR) HITFINDER_PGPORT=$(TEST_PGPORT) sql/pgcluster start
	@HITFINDER_VAR=$(TEST_VAR) HITFINDER_PGPORT=$(TEST_PGPORT) sql/pgcluster bootstrap
	@PGHOST=$(abspath $(TEST_VAR))/run PGPORT=$(TEST_PGPORT) PGUSER=postgres sql/test-migrate.sh
	@PGHOST=$(abspath $(TEST_VAR))/run PGPORT=$(TEST_PGPORT) PGUSER=postgres sql/test-careers.sh

# HTTP through a real nginx and real workers on a real PostgreSQL; conftest.py brings the test
# instance up with `make run` settings pointed at $(TEST_VAR) and stops it afterwards.
check-integration: all
	@HITFINDER_VAR=$(TEST_VAR) HITFINDER_PORT=$(TEST_PORT) HITFINDER_PGPORT=$(TEST_PGPORT) \
		$(PYTEST) -q -p no:cacheprovider tests/integration

# The unit tests and the integration suite with the worker under valgrind; any valgrind report
# (an error or a leak, in the master or any child) fails the run.
VG_LOGS = $(abspath $(TEST_VAR))/log/valgrind
valgrind: valgrind-unit
	@rm -rf $(VG_LOGS) && mkdir -p $(VG_LOGS)
	@$(MAKE) --no-print-directory stop-worker HITFINDER_VAR=$(TEST_VAR)
	@$(MAKE) --no-print-directory check-integration \
		WORKER_WRAPPER="valgrind -q --error-exitcode=99 --leak-check=full --show-leak-kinds=definite,indirect --errors-for-leak-kinds=definite,indirect --log-file=$(VG_LOGS)/%p.log"
	@bad=$$(find $(VG_LOGS) -name '*.log' -size +0 | sort); \
	if [ -n "$$bad" ]; then for f in $$bad; do echo "== $$f"; cat $$f; done; echo "valgrind: reports above"; exit 1; fi; \
	echo "valgrind: $$(ls $(VG_LOGS) | wc -l) worker processes, no report"

lint:
	@conf=$$(HITFINDER_VAR=$(TEST_VAR) nginx/render) && nginx -t -q -e /dev/null -p $(abspath $(TEST_VAR))/nginx -c $$conf

clean:
	rm -f $(FCGI_CLEAN)

# Also removes the local databases and logs.
distclean: stop clean
	@HITFINDER_VAR=$(TEST_VAR) HITFINDER_PGPORT=$(TEST_PGPORT) sql/pgcluster stop || true
	rm -rf var

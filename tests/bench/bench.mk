# tests/bench/bench.mk -- `make bench` (issue 8), included by the top-level Makefile.
#
#   make bench                       the real data (HITFINDER_DATA_DIR) on a bench instance of its own
#   make bench SCALE=1m              generated national-scale data (>= 1,000,000 programs)
#   make bench-data-1m               only generate var/bench/data-1m (make bench SCALE=1m does it)
#   make bench-import                time `make migrate` of HITFINDER_DATA_DIR on a fresh cluster
#   make bench-stop                  stop what BENCH_KEEP=1 left running
#
# Settings (environment or command line):
#   SCALE              empty = the real data; 1m = the generated data
#   BENCH_SECONDS      seconds per measured line (wrk and pgbench), default 5
#   BENCH_CONNECTIONS  wrk connections and pgbench clients, default 32
#   BENCH_MAX_SECONDS  a line whose single answer is slow is measured longer, up to this (30)
#   BENCH_WORKERS      FastCGI worker children, default $(HITFINDER_WORKERS)
#   BENCH_FRESH=1      wipe the bench cluster first (the import is then timed)
#   BENCH_KEEP=1       leave the bench instance running afterwards
#   BENCH_ONLY=a,b     run only these scenarios (names as in the table)
# The instances: var/bench (ports 18700, PostgreSQL 55000, static reference 18710) and
# var/bench-1m (18701, 55001, 18711); results: var/bench/results/<UTC time>-<real|1m>.json.
# Not part of `make test`. See tests/bench/README.md.

SCALE             ?=
BENCH_SECONDS     ?= 5
BENCH_CONNECTIONS ?= 32
BENCH_MAX_SECONDS ?= 30
BENCH_WORKERS     ?= $(HITFINDER_WORKERS)
BENCH_FRESH       ?=
BENCH_KEEP        ?=
BENCH_ONLY        ?=
BENCH_PY          ?= /usr/bin/python3
BENCH_1M_DIR      ?= var/bench/data-1m

.PHONY: bench bench-data-1m bench-import bench-stop

bench: all $(if $(filter 1m,$(SCALE)),bench-data-1m)
	@$(BENCH_PY) tests/bench/bench.py --scale "$(SCALE)" --seconds "$(BENCH_SECONDS)" \
		--connections "$(BENCH_CONNECTIONS)" --max-seconds "$(BENCH_MAX_SECONDS)" \
		--workers "$(BENCH_WORKERS)" \
		--data-dir "$(HITFINDER_DATA_DIR)" $(if $(BENCH_FRESH),--fresh) $(if $(BENCH_KEEP),--keep) \
		$(if $(BENCH_ONLY),--only "$(BENCH_ONLY)")

# Generated from HITFINDER_DATA_DIR (the real files: weights, ZIPs, tuition rows, careers);
# regenerated only when the generator, its settings or the source changed (STAMP).
bench-data-1m:
	@$(BENCH_PY) tests/bench/gen1m.py --source "$(HITFINDER_DATA_DIR)" --out "$(BENCH_1M_DIR)"

bench-import: all
	@$(BENCH_PY) tests/bench/bench.py --import-only --data-dir "$(HITFINDER_DATA_DIR)"

bench-stop:
	@for v in var/bench var/bench-1m; do \
		[ -d $$v ] || continue; \
		pidf=$$v/static-ref/nginx.pid; [ -f $$pidf ] && kill -QUIT $$(cat $$pidf) 2>/dev/null; \
		$(MAKE) --no-print-directory stop-nginx stop-worker HITFINDER_VAR=$$v; \
		HITFINDER_VAR=$$v sql/pgcluster stop; \
	done; true

# tests/fuzz/fuzz.mk -- libFuzzer targets and the replay of their corpora (GNU make fragment).
#
# fcgi/build.mk includes it (make runs from the repository root); it uses build.mk's
# FCGI_LIB_SRCS, FCGI_CPPFLAGS, FCGI_LIBS, FCGI_LIB, FCGI_STAMP and FCGI_*FLAGS_ALL.
#
# One target per tests/fuzz/fuzz-<target>.c (LLVMFuzzerTestOneInput, STYLE.md R22), seeds in
# tests/fuzz/corpus/<target>/, an optional dictionary tests/fuzz/<target>.dict:
#   query    the query-string parser, Accept, If-None-Match, route decisions, the searches
#   valid    every validator of every route's parameter table, and the building blocks
#   router   route_match/route_decide/route_allow/route_match_id/route_method
#   json     json_render (envelopes, fields=, CSV, links), problems, json_number, PGresult helpers
#
# Targets:
#   fuzz          build the fuzzers (clang -fsanitize=fuzzer,address,undefined) and run each
#                 for FUZZ_SECONDS (default 60) seconds; new inputs go to $(FUZZ_OUT)/corpus/<t>
#                 (the committed seeds are read, never written), crashes to
#                 $(FUZZ_OUT)/artifacts/; fails if any fuzzer found a crash, a leak or a
#                 sanitizer report. FUZZ_TARGETS="json valid" runs a subset; FUZZ_JOBS=2 runs
#                 that many fuzzers at once.
#   fuzz-merge    add the inputs of $(FUZZ_OUT)/corpus/<t> that cover something new to
#                 tests/fuzz/corpus/<t> (libFuzzer -merge=1), for committing
#   fuzzers       build the fuzzers only
#   check-fuzz    replay every committed corpus through a plain main() (tests/fuzz/replay.c)
#                 built with $(CC) and the worker's flags (SANITIZER applies), as make test does
# The fuzzers compile the library once into $(FUZZ_BUILD) with -fsanitize=fuzzer-no-link.

FUZZ_SRCS    := $(sort $(wildcard tests/fuzz/fuzz-*.c))
FUZZ_ALL     := $(FUZZ_SRCS:tests/fuzz/fuzz-%.c=%)
FUZZ_TARGETS ?= $(FUZZ_ALL)
FUZZERS      := $(FUZZ_SRCS:.c=)
FUZZ_REPLAYS := $(FUZZ_SRCS:.c=-replay)
FCGI_FUZZ_CC ?= clang
FUZZ_SECONDS ?= 60
FUZZ_JOBS    ?= 1
FUZZ_OUT     ?= var/fuzz
FUZZ_BUILD   ?= build/fuzz
FUZZ_SAN     := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
FUZZ_CFLAGS   = -std=c11 -g -O1 -Wall -Wextra $(FUZZ_SAN) $(FCGI_CPPFLAGS)
FUZZ_OBJS    := $(FCGI_LIB_SRCS:%.c=$(FUZZ_BUILD)/%.o)
FUZZ_LIB     := $(FUZZ_BUILD)/libhitfinder-fuzz.a

FCGI_CLEAN += $(FUZZERS) $(FUZZ_REPLAYS) $(FUZZ_REPLAYS:=.d)

.PHONY: fuzz fuzzers fuzz-merge check-fuzz check-fuzz-replay fuzz-clean

# The library with coverage instrumentation and the sanitizers, once for every fuzzer.
$(FUZZ_BUILD)/%.o: %.c
	@mkdir -p $(@D)
	$(FCGI_FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -MMD -MP -c -o $@ $<

$(FUZZ_LIB): $(FUZZ_OBJS)
	rm -f $@
	$(AR) rcs $@ $^

# Fuzzers: libFuzzer's own main.
tests/fuzz/fuzz-%: tests/fuzz/fuzz-%.c $(FUZZ_LIB)
	$(FCGI_FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $< $(FUZZ_LIB) $(FCGI_LIBS)

fuzzers: $(FUZZERS)

fuzz: $(FUZZ_TARGETS:%=tests/fuzz/fuzz-%)
	@abs=$(abspath $(FUZZ_OUT)); printf '%s\n' $(FUZZ_TARGETS) | \
		xargs -P $(FUZZ_JOBS) -I{} tests/fuzz/run-fuzzer {} $(FUZZ_SECONDS) $$abs

fuzz-merge: $(FUZZ_TARGETS:%=tests/fuzz/fuzz-%)
	@set -e; for t in $(FUZZ_TARGETS); do \
		mkdir -p $(FUZZ_OUT)/corpus/$$t; \
		./tests/fuzz/fuzz-$$t -merge=1 tests/fuzz/corpus/$$t $(FUZZ_OUT)/corpus/$$t 2>&1 | \
			grep -E 'MERGE-OUTER: [0-9]+ new files' || true; \
	done

# The corpora through a plain main(): no clang, no libFuzzer; any abort() fails make test.
tests/fuzz/fuzz-%-replay: tests/fuzz/fuzz-%.c tests/fuzz/replay.c $(FCGI_LIB) $(FCGI_STAMP)
	$(CC) $(FCGI_CFLAGS_ALL) $(FCGI_LDFLAGS_ALL) -o $@ $< tests/fuzz/replay.c \
	    $(FCGI_LIB) $(FCGI_LIBS)

# FUZZ_REPLAY_DIR: where the replay binaries are (check-asan builds its own, with ASan + UBSan).
FUZZ_REPLAY_DIR ?= tests/fuzz
define FUZZ_REPLAY_ALL
@bad=0; for t in $(FUZZ_ALL); do \
	c=tests/fuzz/corpus/$$t; \
	if ! ls $$c/* >/dev/null 2>&1; then echo "check-fuzz: $$c is empty"; bad=1; continue; fi; \
	printf 'fuzz-%s: ' $$t; $(FUZZ_REPLAY_DIR)/fuzz-$$t-replay $$c/* || { echo "FAILED"; bad=1; }; \
done; exit $$bad
endef

check-fuzz: $(FUZZ_REPLAYS)
	$(FUZZ_REPLAY_ALL)

# The same with replay binaries built elsewhere (FUZZ_REPLAY_DIR), without building them here.
check-fuzz-replay:
	$(FUZZ_REPLAY_ALL)

fuzz-clean:
	rm -rf $(FUZZ_BUILD) $(FUZZERS) $(FUZZ_REPLAYS) $(FUZZ_REPLAYS:=.d)

-include $(FUZZ_REPLAYS:=.d) $(FUZZ_OBJS:.o=.d)

# tests/fresh/fresh.mk -- `make test-fresh` (tests/fresh/run), included by the top Makefile.
#
#   make test-fresh     a debootstrap Debian 12 with only make and git: one `make run` from
#                       /root/hitfinder, health + a README example, `make stop`, one `make test`
#   make test-fresh HITFINDER_FRESH_STEPS=run     the same without the inner make test
# Needs root. Not part of `make test` (it runs make test itself); .ci/run runs it.

.PHONY: test-fresh

test-fresh:
	@tests/fresh/run

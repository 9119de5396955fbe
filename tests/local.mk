# Tests: libcheck unit suites, module suites on snapshot fixtures, and the
# integration harness that drives the real binary against a private dockerd.
AM_TESTS_ENVIRONMENT = \
	DA_SRCDIR='$(abs_top_srcdir)'; export DA_SRCDIR; \
	DA_BUILDDIR='$(abs_top_builddir)'; export DA_BUILDDIR; \
	DA_MODULE_DIR='$(abs_top_builddir)/modules/.libs'; export DA_MODULE_DIR; \
	DA_FIXTURES='$(abs_top_srcdir)/tests/fixtures'; export DA_FIXTURES; \
	DA_SCHEMAS='$(abs_top_srcdir)/docs/schema'; export DA_SCHEMAS;

if HAVE_CHECK
DA_TEST_CFLAGS = $(DA_CFLAGS) $(CHECK_CFLAGS) $(JSONC_CFLAGS) -I$(top_srcdir)/tests
DA_TEST_LIBS = tests/libdatest.la core/libdacore.la $(CHECK_LIBS)

check_LTLIBRARIES += tests/libdatest.la
tests_libdatest_la_SOURCES = %D%/testlib.c %D%/testlib.h %D%/reportfix.c %D%/reportfix.h
tests_libdatest_la_CFLAGS = $(DA_TEST_CFLAGS)

include tests/core.mk
include tests/loader.mk
include tests/engine.mk
include tests/endpoint.mk
include tests/hostfacts.mk
include tests/fix.mk
include tests/merge.mk
include tests/hostfiles.mk
include tests/format.mk
include tests/benchmarks.mk
include tests/harness.mk
include tests/modutil.mk
endif
include tests/integration.mk
include tests/hostile.mk

# contrib/test.sh keeps the installed Docker engine (fake dpkg, no root).
TESTS += %D%/packages.sh
EXTRA_DIST += %D%/packages.sh

EXTRA_DIST += %D%/fixtures %D%/validate-json.py %D%/validate-junit.py

# The libcheck programs among the tests (contrib/test.sh runs them under valgrind).
print-unit-tests:
	@echo $(filter tests/unit/%,$(TESTS))
.PHONY: print-unit-tests

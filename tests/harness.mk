# tests/harness.mk: the test harness itself (inside "if HAVE_CHECK").
#   test_skip  a libcheck program that leaves a test out exits 77 (SKIP),
#              and 1 under CI=true (tests/testlib.c, dt_skip)
check_PROGRAMS += tests/unit/test_skip
TESTS += tests/unit/test_skip
tests_unit_test_skip_SOURCES = %D%/unit/test_skip.c
tests_unit_test_skip_CFLAGS = $(DA_TEST_CFLAGS)
tests_unit_test_skip_LDADD = $(DA_TEST_LIBS) $(JSONC_LIBS)

# tests/benchmarks.mk
# Benchmark versions (docs/benchmarks.md): the built modules give each
# benchmark's ids, titles and levels (tests/fixtures/benchmarks/*.txt,
# written from the reference lists); version-specific checks; and
# docs/checks.md is what contrib/gen-checks-md.sh makes of the built tree.
check_PROGRAMS += tests/unit/test_benchmarks
TESTS += tests/unit/test_benchmarks %D%/checks-md.sh
tests_unit_test_benchmarks_SOURCES = %D%/unit/test_benchmarks.c
tests_unit_test_benchmarks_CFLAGS = $(DA_TEST_CFLAGS)
tests_unit_test_benchmarks_LDADD = $(DA_TEST_LIBS)
EXTRA_DIST += %D%/checks-md.sh contrib/gen-checks-md.sh

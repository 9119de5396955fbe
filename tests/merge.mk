# tests/merge.mk: dockaudit merge, fleet reports from reports the built
# binary writes from the snapshot fixtures (inside "if HAVE_CHECK").
check_PROGRAMS += tests/unit/test_merge
TESTS += tests/unit/test_merge
tests_unit_test_merge_SOURCES = %D%/unit/test_merge.c
tests_unit_test_merge_CFLAGS = $(DA_TEST_CFLAGS)
tests_unit_test_merge_LDADD = $(DA_TEST_LIBS) $(JSONC_LIBS)

# tests/hostfacts.mk: core/hostfacts.c, on fake /proc trees and host roots
# under tests/fixtures/hostfacts (included inside "if HAVE_CHECK").
check_PROGRAMS += tests/unit/test_hostfacts
TESTS += tests/unit/test_hostfacts
tests_unit_test_hostfacts_SOURCES = %D%/unit/test_hostfacts.c
tests_unit_test_hostfacts_CFLAGS = $(DA_TEST_CFLAGS)
tests_unit_test_hostfacts_LDADD = $(DA_TEST_LIBS)

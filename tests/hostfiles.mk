# tests/hostfiles.mk: host file facts (core/hostfiles.c), included inside
# "if HAVE_CHECK" of tests/local.mk.
check_PROGRAMS += tests/unit/test_hostfiles
TESTS += tests/unit/test_hostfiles
tests_unit_test_hostfiles_SOURCES = tests/unit/test_hostfiles.c
tests_unit_test_hostfiles_CFLAGS = $(DA_TEST_CFLAGS)
tests_unit_test_hostfiles_LDADD = $(DA_TEST_LIBS)

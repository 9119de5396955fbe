# tests/modutil.mk: libmodutil (modules/common), what the bundled modules
# share, through the host's function table; included inside
# "if HAVE_CHECK" of tests/local.mk.
check_PROGRAMS += tests/unit/test_modutil
TESTS += tests/unit/test_modutil
tests_unit_test_modutil_SOURCES = tests/unit/test_modutil.c
tests_unit_test_modutil_CFLAGS = $(DA_TEST_CFLAGS)
tests_unit_test_modutil_LDADD = $(DA_MODLIBS) $(DA_TEST_LIBS)

# tests/fix.mk: dockaudit fix, the plan as a pure function (included inside
# "if HAVE_CHECK").
check_PROGRAMS += tests/unit/test_fix
TESTS += tests/unit/test_fix
tests_unit_test_fix_SOURCES = %D%/unit/test_fix.c
tests_unit_test_fix_CFLAGS = $(DA_TEST_CFLAGS)
tests_unit_test_fix_LDADD = $(DA_TEST_LIBS)

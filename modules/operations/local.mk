DA_BUNDLED_MODULES += modules/operations.la
modules_operations_la_SOURCES = %D%/operations.c modules/common/modutil.h
modules_operations_la_CPPFLAGS = $(DA_MODCPPFLAGS)
modules_operations_la_CFLAGS = $(DA_MODCFLAGS)
modules_operations_la_LDFLAGS = $(DA_MODLDFLAGS)
modules_operations_la_LIBADD = $(DA_MODLIBS)
if HAVE_CHECK
check_PROGRAMS += tests/unit/test_mod_operations
TESTS += tests/unit/test_mod_operations
tests_unit_test_mod_operations_SOURCES = tests/unit/test_mod_operations.c %D%/operations.c
tests_unit_test_mod_operations_CPPFLAGS = $(AM_CPPFLAGS)
tests_unit_test_mod_operations_CFLAGS = $(DA_TEST_CFLAGS)
tests_unit_test_mod_operations_LDADD = $(DA_MODLIBS) $(DA_TEST_LIBS)
endif

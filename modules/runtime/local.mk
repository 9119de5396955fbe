DA_BUNDLED_MODULES += modules/runtime.la
modules_runtime_la_SOURCES = %D%/runtime.c modules/common/modutil.h
modules_runtime_la_CPPFLAGS = $(DA_MODCPPFLAGS)
modules_runtime_la_CFLAGS = $(DA_MODCFLAGS)
modules_runtime_la_LDFLAGS = $(DA_MODLDFLAGS)
modules_runtime_la_LIBADD = $(DA_MODLIBS)
if HAVE_CHECK
check_PROGRAMS += tests/unit/test_mod_runtime
TESTS += tests/unit/test_mod_runtime
tests_unit_test_mod_runtime_SOURCES = tests/unit/test_mod_runtime.c %D%/runtime.c
tests_unit_test_mod_runtime_CPPFLAGS = $(AM_CPPFLAGS)
tests_unit_test_mod_runtime_CFLAGS = $(DA_TEST_CFLAGS)
tests_unit_test_mod_runtime_LDADD = $(DA_MODLIBS) $(DA_TEST_LIBS)
endif

DA_BUNDLED_MODULES += modules/host.la
modules_host_la_SOURCES = %D%/host.c modules/common/modutil.h
modules_host_la_CPPFLAGS = $(DA_MODCPPFLAGS)
modules_host_la_CFLAGS = $(DA_MODCFLAGS)
modules_host_la_LDFLAGS = $(DA_MODLDFLAGS)
modules_host_la_LIBADD = $(DA_MODLIBS)
if HAVE_CHECK
check_PROGRAMS += tests/unit/test_mod_host
TESTS += tests/unit/test_mod_host
tests_unit_test_mod_host_SOURCES = tests/unit/test_mod_host.c %D%/host.c
tests_unit_test_mod_host_CPPFLAGS = $(AM_CPPFLAGS)
tests_unit_test_mod_host_CFLAGS = $(DA_TEST_CFLAGS)
tests_unit_test_mod_host_LDADD = $(DA_MODLIBS) $(DA_TEST_LIBS)
endif

DA_BUNDLED_MODULES += modules/enterprise.la
modules_enterprise_la_SOURCES = %D%/enterprise.c modules/common/modutil.h
modules_enterprise_la_CPPFLAGS = $(DA_MODCPPFLAGS)
modules_enterprise_la_CFLAGS = $(DA_MODCFLAGS)
modules_enterprise_la_LDFLAGS = $(DA_MODLDFLAGS)
modules_enterprise_la_LIBADD = $(DA_MODLIBS)
if HAVE_CHECK
check_PROGRAMS += tests/unit/test_mod_enterprise
TESTS += tests/unit/test_mod_enterprise
tests_unit_test_mod_enterprise_SOURCES = tests/unit/test_mod_enterprise.c %D%/enterprise.c
tests_unit_test_mod_enterprise_CPPFLAGS = $(AM_CPPFLAGS)
tests_unit_test_mod_enterprise_CFLAGS = $(DA_TEST_CFLAGS)
tests_unit_test_mod_enterprise_LDADD = $(DA_MODLIBS) $(DA_TEST_LIBS)
endif

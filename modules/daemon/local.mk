DA_BUNDLED_MODULES += modules/daemon.la
modules_daemon_la_SOURCES = %D%/daemon.c modules/common/modutil.h
modules_daemon_la_CPPFLAGS = $(DA_MODCPPFLAGS)
modules_daemon_la_CFLAGS = $(DA_MODCFLAGS)
modules_daemon_la_LDFLAGS = $(DA_MODLDFLAGS)
modules_daemon_la_LIBADD = $(DA_MODLIBS)
if HAVE_CHECK
check_PROGRAMS += tests/unit/test_mod_daemon
TESTS += tests/unit/test_mod_daemon
tests_unit_test_mod_daemon_SOURCES = tests/unit/test_mod_daemon.c %D%/daemon.c
tests_unit_test_mod_daemon_CPPFLAGS = $(AM_CPPFLAGS)
tests_unit_test_mod_daemon_CFLAGS = $(DA_TEST_CFLAGS)
tests_unit_test_mod_daemon_LDADD = $(DA_MODLIBS) $(DA_TEST_LIBS)
endif

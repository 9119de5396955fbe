DA_BUNDLED_MODULES += modules/swarm.la
modules_swarm_la_SOURCES = %D%/swarm.c modules/common/modutil.h
modules_swarm_la_CPPFLAGS = $(DA_MODCPPFLAGS)
modules_swarm_la_CFLAGS = $(DA_MODCFLAGS)
modules_swarm_la_LDFLAGS = $(DA_MODLDFLAGS)
modules_swarm_la_LIBADD = $(DA_MODLIBS)
if HAVE_CHECK
check_PROGRAMS += tests/unit/test_mod_swarm
TESTS += tests/unit/test_mod_swarm
tests_unit_test_mod_swarm_SOURCES = tests/unit/test_mod_swarm.c %D%/swarm.c
tests_unit_test_mod_swarm_CPPFLAGS = $(AM_CPPFLAGS)
tests_unit_test_mod_swarm_CFLAGS = $(DA_TEST_CFLAGS)
tests_unit_test_mod_swarm_LDADD = $(DA_MODLIBS) $(DA_TEST_LIBS)
endif

DA_BUNDLED_MODULES += modules/community.la
modules_community_la_SOURCES = %D%/community.c modules/common/modutil.h
modules_community_la_CPPFLAGS = $(DA_MODCPPFLAGS)
modules_community_la_CFLAGS = $(DA_MODCFLAGS)
modules_community_la_LDFLAGS = $(DA_MODLDFLAGS)
modules_community_la_LIBADD = $(DA_MODLIBS)
if HAVE_CHECK
check_PROGRAMS += tests/unit/test_mod_community
TESTS += tests/unit/test_mod_community
tests_unit_test_mod_community_SOURCES = tests/unit/test_mod_community.c %D%/community.c
tests_unit_test_mod_community_CPPFLAGS = $(AM_CPPFLAGS)
tests_unit_test_mod_community_CFLAGS = $(DA_TEST_CFLAGS)
tests_unit_test_mod_community_LDADD = $(DA_MODLIBS) $(DA_TEST_LIBS)
endif

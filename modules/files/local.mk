DA_BUNDLED_MODULES += modules/files.la
modules_files_la_SOURCES = %D%/files.c modules/common/modutil.h
modules_files_la_CPPFLAGS = $(DA_MODCPPFLAGS)
modules_files_la_CFLAGS = $(DA_MODCFLAGS)
modules_files_la_LDFLAGS = $(DA_MODLDFLAGS)
modules_files_la_LIBADD = $(DA_MODLIBS)
if HAVE_CHECK
check_PROGRAMS += tests/unit/test_mod_files
TESTS += tests/unit/test_mod_files
tests_unit_test_mod_files_SOURCES = tests/unit/test_mod_files.c %D%/files.c
tests_unit_test_mod_files_CPPFLAGS = $(AM_CPPFLAGS)
tests_unit_test_mod_files_CFLAGS = $(DA_TEST_CFLAGS)
tests_unit_test_mod_files_LDADD = $(DA_MODLIBS) $(DA_TEST_LIBS)
endif

DA_BUNDLED_MODULES += modules/images.la
modules_images_la_SOURCES = %D%/images.c modules/common/modutil.h
modules_images_la_CPPFLAGS = $(DA_MODCPPFLAGS)
modules_images_la_CFLAGS = $(DA_MODCFLAGS)
modules_images_la_LDFLAGS = $(DA_MODLDFLAGS)
modules_images_la_LIBADD = $(DA_MODLIBS)
if HAVE_CHECK
check_PROGRAMS += tests/unit/test_mod_images
TESTS += tests/unit/test_mod_images
tests_unit_test_mod_images_SOURCES = tests/unit/test_mod_images.c %D%/images.c
tests_unit_test_mod_images_CPPFLAGS = $(AM_CPPFLAGS)
tests_unit_test_mod_images_CFLAGS = $(DA_TEST_CFLAGS)
tests_unit_test_mod_images_LDADD = $(DA_MODLIBS) $(DA_TEST_LIBS)
endif

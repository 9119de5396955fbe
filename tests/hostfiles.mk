# tests/hostfiles.mk: host file facts (core/hostfiles.c), included inside
# "if HAVE_CHECK" of tests/local.mk.
check_PROGRAMS += tests/unit/test_hostfiles
TESTS += tests/unit/test_hostfiles
tests_unit_test_hostfiles_SOURCES = tests/unit/test_hostfiles.c
tests_unit_test_hostfiles_CFLAGS = $(DA_TEST_CFLAGS)
tests_unit_test_hostfiles_LDADD = $(DA_TEST_LIBS)

# core/hostroot.c: the root-confined file layer, with and without openat2.
check_PROGRAMS += tests/unit/test_hostroot
TESTS += tests/unit/test_hostroot
tests_unit_test_hostroot_SOURCES = tests/unit/test_hostroot.c
tests_unit_test_hostroot_CFLAGS = $(DA_TEST_CFLAGS)
tests_unit_test_hostroot_LDADD = $(DA_TEST_LIBS)

# core/auditnl.c: the kernel's loaded audit rules over netlink.
check_PROGRAMS += tests/unit/test_auditnl
TESTS += tests/unit/test_auditnl
tests_unit_test_auditnl_SOURCES = tests/unit/test_auditnl.c
tests_unit_test_auditnl_CFLAGS = $(DA_TEST_CFLAGS)
tests_unit_test_auditnl_LDADD = $(DA_TEST_LIBS)

# core/hostmounts.c: the host identity of mount sources (5.6, 5.32).
check_PROGRAMS += tests/unit/test_hostmounts
TESTS += tests/unit/test_hostmounts
tests_unit_test_hostmounts_SOURCES = tests/unit/test_hostmounts.c
tests_unit_test_hostmounts_CFLAGS = $(DA_TEST_CFLAGS)
tests_unit_test_hostmounts_LDADD = $(DA_TEST_LIBS)

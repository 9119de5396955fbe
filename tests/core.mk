# Core suites: loader (with test modules), selection, report and score, ABI layout.
TESTMOD_LDFLAGS = -module -avoid-version -shared -rpath /nowhere -no-undefined
check_LTLIBRARIES += tests/mod_good.la tests/mod_badmagic.la tests/mod_newminor.la \
	tests/mod_oldmajor.la tests/mod_noname.la tests/mod_dupcheck.la tests/mod_norun.la \
	tests/mod_other.la tests/mod_clash.la tests/mod_crash.la tests/mod_hang.la \
	tests/mod_garbage.la tests/mod_orphan.la tests/mod_noisy.la tests/mod_hangkids.la \
	tests/mod_flood.la
tests_mod_good_la_SOURCES = %D%/unit/testmod.c
tests_mod_good_la_CFLAGS = $(DA_CFLAGS) -DTESTMOD_VARIANT=0
tests_mod_good_la_LDFLAGS = $(TESTMOD_LDFLAGS)
tests_mod_badmagic_la_SOURCES = %D%/unit/testmod.c
tests_mod_badmagic_la_CFLAGS = $(DA_CFLAGS) -DTESTMOD_VARIANT=1
tests_mod_badmagic_la_LDFLAGS = $(TESTMOD_LDFLAGS)
tests_mod_newminor_la_SOURCES = %D%/unit/testmod.c
tests_mod_newminor_la_CFLAGS = $(DA_CFLAGS) -DTESTMOD_VARIANT=2
tests_mod_newminor_la_LDFLAGS = $(TESTMOD_LDFLAGS)
tests_mod_oldmajor_la_SOURCES = %D%/unit/testmod.c
tests_mod_oldmajor_la_CFLAGS = $(DA_CFLAGS) -DTESTMOD_VARIANT=3
tests_mod_oldmajor_la_LDFLAGS = $(TESTMOD_LDFLAGS)
tests_mod_noname_la_SOURCES = %D%/unit/testmod.c
tests_mod_noname_la_CFLAGS = $(DA_CFLAGS) -DTESTMOD_VARIANT=4
tests_mod_noname_la_LDFLAGS = $(TESTMOD_LDFLAGS)
tests_mod_dupcheck_la_SOURCES = %D%/unit/testmod.c
tests_mod_dupcheck_la_CFLAGS = $(DA_CFLAGS) -DTESTMOD_VARIANT=5
tests_mod_dupcheck_la_LDFLAGS = $(TESTMOD_LDFLAGS)
tests_mod_norun_la_SOURCES = %D%/unit/testmod.c
tests_mod_norun_la_CFLAGS = $(DA_CFLAGS) -DTESTMOD_VARIANT=6
tests_mod_norun_la_LDFLAGS = $(TESTMOD_LDFLAGS)
tests_mod_other_la_SOURCES = %D%/unit/testmod.c
tests_mod_other_la_CFLAGS = $(DA_CFLAGS) -DTESTMOD_VARIANT=7
tests_mod_other_la_LDFLAGS = $(TESTMOD_LDFLAGS)
tests_mod_clash_la_SOURCES = %D%/unit/testmod.c
tests_mod_clash_la_CFLAGS = $(DA_CFLAGS) -DTESTMOD_VARIANT=8
tests_mod_clash_la_LDFLAGS = $(TESTMOD_LDFLAGS)
tests_mod_crash_la_SOURCES = %D%/unit/testmod.c
tests_mod_crash_la_CFLAGS = $(DA_CFLAGS) -DTESTMOD_VARIANT=9
tests_mod_crash_la_LDFLAGS = $(TESTMOD_LDFLAGS)
tests_mod_hang_la_SOURCES = %D%/unit/testmod.c
tests_mod_hang_la_CFLAGS = $(DA_CFLAGS) -DTESTMOD_VARIANT=10
tests_mod_hang_la_LDFLAGS = $(TESTMOD_LDFLAGS)
tests_mod_garbage_la_SOURCES = %D%/unit/testmod.c
tests_mod_garbage_la_CFLAGS = $(DA_CFLAGS) -DTESTMOD_VARIANT=11
tests_mod_garbage_la_LDFLAGS = $(TESTMOD_LDFLAGS)
tests_mod_orphan_la_SOURCES = %D%/unit/testmod.c
tests_mod_orphan_la_CFLAGS = $(DA_CFLAGS) -DTESTMOD_VARIANT=12
tests_mod_orphan_la_LDFLAGS = $(TESTMOD_LDFLAGS)
tests_mod_noisy_la_SOURCES = %D%/unit/testmod.c
tests_mod_noisy_la_CFLAGS = $(DA_CFLAGS) -DTESTMOD_VARIANT=13
tests_mod_noisy_la_LDFLAGS = $(TESTMOD_LDFLAGS)
tests_mod_hangkids_la_SOURCES = %D%/unit/testmod.c
tests_mod_hangkids_la_CFLAGS = $(DA_CFLAGS) -DTESTMOD_VARIANT=14
tests_mod_hangkids_la_LDFLAGS = $(TESTMOD_LDFLAGS)
tests_mod_flood_la_SOURCES = %D%/unit/testmod.c
tests_mod_flood_la_CFLAGS = $(DA_CFLAGS) -DTESTMOD_VARIANT=15
tests_mod_flood_la_LDFLAGS = $(TESTMOD_LDFLAGS)

check_PROGRAMS += tests/unit/test_core
TESTS += tests/unit/test_core
tests_unit_test_core_SOURCES = %D%/unit/test_core.c
tests_unit_test_core_CFLAGS = $(DA_TEST_CFLAGS)
tests_unit_test_core_LDADD = $(DA_TEST_LIBS)

# Empty selections, costly -i/-x patterns, NUL bytes in daemon strings.
check_PROGRAMS += tests/unit/test_input
TESTS += tests/unit/test_input
tests_unit_test_input_SOURCES = %D%/unit/test_input.c
tests_unit_test_input_CFLAGS = $(DA_TEST_CFLAGS)
tests_unit_test_input_LDADD = $(DA_TEST_LIBS)

# Bounded memory after the engine: result caps and budgets, streaming
# formatters, member access by index, snapshot weighing.
check_PROGRAMS += tests/unit/test_bounds
TESTS += tests/unit/test_bounds
tests_unit_test_bounds_SOURCES = %D%/unit/test_bounds.c
tests_unit_test_bounds_CFLAGS = $(DA_TEST_CFLAGS)
tests_unit_test_bounds_LDADD = $(DA_TEST_LIBS)

# The ABI survives a minor bump: a module built against the frozen 1.0
# header (tests/abi/module-1.0.h, never edited) is loaded and run by a host
# whose loader, descriptor reader and catalog are built with a raised minor
# and larger structures (DA_ABI_MINOR_OVERRIDE, sdk/dockaudit/module.h).
check_LTLIBRARIES += tests/abimod_1_0.la
tests_abimod_1_0_la_SOURCES = %D%/abi/abimod.c %D%/abi/module-1.0.h
tests_abimod_1_0_la_CPPFLAGS = -I$(top_srcdir)/%D%/abi
tests_abimod_1_0_la_CFLAGS = $(DA_CFLAGS)
tests_abimod_1_0_la_LDFLAGS = $(TESTMOD_LDFLAGS)

check_PROGRAMS += tests/unit/test_abi
TESTS += tests/unit/test_abi
tests_unit_test_abi_SOURCES = %D%/abi/test_abi.c core/loader.c core/elfdesc.c core/runner.c
tests_unit_test_abi_CPPFLAGS = $(AM_CPPFLAGS) -DDA_ABI_MINOR_OVERRIDE=3
tests_unit_test_abi_CFLAGS = $(DA_TEST_CFLAGS)
tests_unit_test_abi_LDADD = $(DA_TEST_LIBS)

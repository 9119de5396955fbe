# The loader suite: hostile test modules (tests/unit/loadmod.c, one build per
# rule) and tests/unit/test_loader, which drives the loader API and the binary.
check_LTLIBRARIES += tests/lmod_ctor.la tests/lmod_bigcount.la tests/lmod_intruder.la tests/lmod_dashvar.la tests/lmod_badvarid.la tests/lmod_dupvar.la tests/lmod_longvar.la tests/lmod_escape.la tests/lmod_dupbench.la
tests_lmod_ctor_la_SOURCES = %D%/unit/loadmod.c
tests_lmod_ctor_la_CFLAGS = $(DA_CFLAGS) -DLOADMOD_VARIANT=1
tests_lmod_ctor_la_LDFLAGS = $(TESTMOD_LDFLAGS)
tests_lmod_bigcount_la_SOURCES = %D%/unit/loadmod.c
tests_lmod_bigcount_la_CFLAGS = $(DA_CFLAGS) -DLOADMOD_VARIANT=2
tests_lmod_bigcount_la_LDFLAGS = $(TESTMOD_LDFLAGS)
tests_lmod_intruder_la_SOURCES = %D%/unit/loadmod.c
tests_lmod_intruder_la_CFLAGS = $(DA_CFLAGS) -DLOADMOD_VARIANT=3
tests_lmod_intruder_la_LDFLAGS = $(TESTMOD_LDFLAGS)
tests_lmod_dashvar_la_SOURCES = %D%/unit/loadmod.c
tests_lmod_dashvar_la_CFLAGS = $(DA_CFLAGS) -DLOADMOD_VARIANT=4
tests_lmod_dashvar_la_LDFLAGS = $(TESTMOD_LDFLAGS)
tests_lmod_badvarid_la_SOURCES = %D%/unit/loadmod.c
tests_lmod_badvarid_la_CFLAGS = $(DA_CFLAGS) -DLOADMOD_VARIANT=5
tests_lmod_badvarid_la_LDFLAGS = $(TESTMOD_LDFLAGS)
tests_lmod_dupvar_la_SOURCES = %D%/unit/loadmod.c
tests_lmod_dupvar_la_CFLAGS = $(DA_CFLAGS) -DLOADMOD_VARIANT=6
tests_lmod_dupvar_la_LDFLAGS = $(TESTMOD_LDFLAGS)
tests_lmod_longvar_la_SOURCES = %D%/unit/loadmod.c
tests_lmod_longvar_la_CFLAGS = $(DA_CFLAGS) -DLOADMOD_VARIANT=7
tests_lmod_longvar_la_LDFLAGS = $(TESTMOD_LDFLAGS)
tests_lmod_escape_la_SOURCES = %D%/unit/loadmod.c
tests_lmod_escape_la_CFLAGS = $(DA_CFLAGS) -DLOADMOD_VARIANT=8
tests_lmod_escape_la_LDFLAGS = $(TESTMOD_LDFLAGS)
tests_lmod_dupbench_la_SOURCES = %D%/unit/loadmod.c
tests_lmod_dupbench_la_CFLAGS = $(DA_CFLAGS) -DLOADMOD_VARIANT=9
tests_lmod_dupbench_la_LDFLAGS = $(TESTMOD_LDFLAGS)

check_PROGRAMS += tests/unit/test_loader
TESTS += tests/unit/test_loader
tests_unit_test_loader_SOURCES = %D%/unit/test_loader.c
tests_unit_test_loader_CFLAGS = $(DA_TEST_CFLAGS)
tests_unit_test_loader_LDADD = $(DA_TEST_LIBS)

# --enable-static-modules: the binary lists the bundled modules with no
# module folder (in a shared build: every module comes from its file).
TESTS += %D%/static-modules.sh
EXTRA_DIST += %D%/static-modules.sh

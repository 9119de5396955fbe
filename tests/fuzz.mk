# tests/fuzz.mk: the libFuzzer targets of tests/fuzz (built with clang and
# run by tests/fuzz/run.sh; "make fuzz FUZZ_SECONDS=600"), and the
# regression test that replays their seed corpora and saved crashers
# through the same code without libFuzzer.
FUZZ_SECONDS = 60

fuzz:
	$(SHELL) $(top_srcdir)/%D%/fuzz/run.sh $(FUZZ_SECONDS)
.PHONY: fuzz

# The bundled modules' sources (those of core/builtin-list.h), linked into
# one program under their per-module descriptor symbols
# (NAME_LTX_dockaudit_module).
DA_FUZZ_MODULES = modules/host/host.c modules/daemon/daemon.c modules/files/files.c \
	modules/images/images.c modules/runtime/runtime.c modules/operations/operations.c \
	modules/swarm/swarm.c modules/enterprise/enterprise.c modules/community/community.c

if HAVE_CHECK
check_PROGRAMS += tests/unit/test_fuzz_regressions
TESTS += tests/unit/test_fuzz_regressions
tests_unit_test_fuzz_regressions_SOURCES = %D%/unit/test_fuzz_regressions.c \
	%D%/fuzz/targets.c %D%/fuzz/targets.h $(DA_FUZZ_MODULES)
tests_unit_test_fuzz_regressions_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/%D%/fuzz \
	-DDT_FUZZ_DIR='"$(abs_top_srcdir)/%D%/fuzz"'
tests_unit_test_fuzz_regressions_CFLAGS = $(DA_TEST_CFLAGS)
tests_unit_test_fuzz_regressions_LDADD = $(DA_MODLIBS) $(DA_TEST_LIBS)
endif

# Listed one by one: the build directory's tests/fuzz holds objects.
EXTRA_DIST += %D%/fuzz/README.md %D%/fuzz/run.sh %D%/fuzz/base-probe.json \
	%D%/fuzz/targets.c %D%/fuzz/targets.h \
	%D%/fuzz/fuzz_snapshot.c %D%/fuzz/fuzz_engine_json.c %D%/fuzz/fuzz_daemon_json.c \
	%D%/fuzz/fuzz_cmdline.c %D%/fuzz/fuzz_audit_rules.c %D%/fuzz/fuzz_host_parsers.c \
	%D%/fuzz/fuzz_escape.c %D%/fuzz/fuzz_select.c %D%/fuzz/fuzz_auditnl.c \
	%D%/fuzz/corpus %D%/fuzz/regressions

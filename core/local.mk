# The host: a convenience library (shared with the unit tests) and the binary.
noinst_LTLIBRARIES += core/libdacore.la
core_libdacore_la_SOURCES = \
	%D%/util.c %D%/util.h \
	%D%/escape.c %D%/escape.h \
	%D%/report.c %D%/report.h \
	%D%/format.c %D%/format.h \
	%D%/format_text.c %D%/format_json.c %D%/format_junit.c %D%/format_dbs.c \
	%D%/format_sarif.c \
	%D%/probe.c %D%/probe.h \
	%D%/engine.c %D%/engine.h \
	%D%/endpoint.c %D%/endpoint.h \
	%D%/sshconn.c %D%/sshconn.h \
	%D%/hostfacts.c %D%/hostfacts.h %D%/hostprocs.c \
	%D%/hostfiles.c %D%/hostfiles.h \
	%D%/auditnl.c %D%/auditnl.h \
	%D%/hostmounts.c %D%/hostmounts.h \
	%D%/hostroot.c %D%/hostroot.h \
	%D%/loader.c %D%/loader.h %D%/elfdesc.c %D%/elfdesc.h \
	%D%/select.c %D%/select.h \
	%D%/runner.c %D%/runner.h \
	%D%/cli.c %D%/cli.h \
	%D%/fix.c %D%/fix_apply.c %D%/fix.h
core_libdacore_la_CFLAGS = $(DA_CFLAGS) $(CURL_CFLAGS) $(JSONC_CFLAGS)
core_libdacore_la_LIBADD = $(CURL_LIBS) $(JSONC_LIBS) $(LTDL_LIBS)

bin_PROGRAMS += core/dockaudit
core_dockaudit_SOURCES = %D%/main.c
core_dockaudit_CFLAGS = $(DA_CFLAGS) $(JSONC_CFLAGS)
core_dockaudit_LDADD = core/libdacore.la

# The host: a convenience library (shared with the unit tests) and the binary.
noinst_LTLIBRARIES += core/libdacore.la
core_libdacore_la_SOURCES = \
	%D%/util.c %D%/util.h \
	%D%/escape.c %D%/escape.h \
	%D%/jsonutil.c %D%/jsonutil.h \
	%D%/report.c %D%/report.h \
	%D%/format.c %D%/format.h \
	%D%/format_text.c %D%/format_json.c %D%/format_junit.c %D%/format_dbs.c \
	%D%/format_sarif.c %D%/format_html.c \
	%D%/waiver.c %D%/waiver.h %D%/baseline.c \
	%D%/probe.c %D%/probe.h \
	%D%/snapshot.c %D%/snapshot.h \
	%D%/hosttable.c %D%/hosttable.h \
	%D%/engine.c %D%/engine.h \
	%D%/endpoint.c %D%/endpoint.h \
	%D%/sshconn.c %D%/sshconn.h %D%/remotehost.c %D%/remotehost.h \
	%D%/hostfacts.c %D%/hostfacts.h %D%/hostprobe.h \
	%D%/daemonconf.c %D%/hostprocs.c %D%/hostids.c %D%/hostids.h \
	%D%/hostfiles.c %D%/hostfiles.h \
	%D%/auditnl.c %D%/auditnl.h \
	%D%/hostmounts.c %D%/hostmounts.h \
	%D%/hostroot.c %D%/hostroot.h \
	%D%/loader.c %D%/loader.h %D%/elfdesc.c %D%/elfdesc.h \
	%D%/select.c %D%/select.h \
	%D%/runner.c %D%/runner.h \
	%D%/progress.c %D%/progress.h \
	%D%/cli.c %D%/cli.h \
	%D%/fix.c %D%/fix_apply.c %D%/fix.h \
	%D%/merge.c %D%/merge.h
core_libdacore_la_CFLAGS = $(DA_CFLAGS) $(CURL_CFLAGS) $(JSONC_CFLAGS) $(YAML_CFLAGS)
core_libdacore_la_LIBADD = $(CURL_LIBS) $(JSONC_LIBS) $(YAML_LIBS) $(LTDL_LIBS)

bin_PROGRAMS += core/dockaudit
core_dockaudit_SOURCES = %D%/main.c %D%/builtin.c %D%/builtin.h %D%/builtin-list.h
core_dockaudit_CFLAGS = $(DA_CFLAGS) $(JSONC_CFLAGS)
core_dockaudit_LDADD = core/libdacore.la
if STATIC_MODULES
core_dockaudit_LDADD += modules/libdabundled.la
endif

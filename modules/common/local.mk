# libmodutil (modutil.h): what the bundled modules share, a static PIC
# convenience library that each module's .so links in whole and hides (the
# modules export their descriptor only).  Not installed: the SDK stays the
# one header.
noinst_LTLIBRARIES += modules/common/libmodutil.la
modules_common_libmodutil_la_SOURCES = %D%/modutil.h %D%/rootless.h %D%/tree.c %D%/walk.c %D%/text.c \
	%D%/shared.c %D%/shared.h
modules_common_libmodutil_la_CPPFLAGS = $(DA_MODCPPFLAGS)
modules_common_libmodutil_la_CFLAGS = $(DA_MODCFLAGS)

# What a module (or a program holding a module's source, as its unit test)
# links with.
DA_MODLIBS = modules/common/libmodutil.la

# The rules the core applies as the modules do (shared.h) are this one
# source, compiled into the core's library too.
core_libdacore_la_SOURCES += %D%/shared.c %D%/shared.h

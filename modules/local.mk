# Check modules: one .so per benchmark section, built as a third party's
# would be (the SDK header only), exporting only the descriptor, under its
# per-module name (NAME_LTX_dockaudit_module); what they share is linked in
# from modules/common/libmodutil.la.
DA_MODCPPFLAGS = -I$(top_srcdir)/sdk
DA_MODCFLAGS = $(DA_CFLAGS)
DA_MODLDFLAGS = -module -avoid-version -shared -no-undefined \
	-export-symbols-regex '_LTX_dockaudit_module$$' -rpath $(moduledir)

DA_BUNDLED_MODULES =
include modules/common/local.mk
include modules/host/local.mk
include modules/daemon/local.mk
include modules/files/local.mk
include modules/images/local.mk
include modules/runtime/local.mk
include modules/operations/local.mk
include modules/swarm/local.mk
include modules/enterprise/local.mk
include modules/community/local.mk

if STATIC_MODULES
# --enable-static-modules: the bundled modules are linked into core/dockaudit
# (core/builtin.c) from one convenience library, and their .so files are
# built for the tests only (the tests load them with --module-dir; the
# binary's built-in copies shadow them), never installed.
check_LTLIBRARIES += $(DA_BUNDLED_MODULES)
noinst_LTLIBRARIES += modules/libdabundled.la
modules_libdabundled_la_SOURCES = modules/host/host.c modules/daemon/daemon.c \
	modules/files/files.c modules/images/images.c modules/runtime/runtime.c \
	modules/operations/operations.c modules/swarm/swarm.c \
	modules/enterprise/enterprise.c modules/community/community.c
modules_libdabundled_la_CPPFLAGS = $(DA_MODCPPFLAGS)
modules_libdabundled_la_CFLAGS = $(DA_MODCFLAGS)
modules_libdabundled_la_LIBADD = $(DA_MODLIBS)
else
module_LTLIBRARIES += $(DA_BUNDLED_MODULES)
endif

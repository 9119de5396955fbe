# Check modules: one .so per benchmark section, built as a third party's
# would be (the SDK header only), exporting only the descriptor; what they
# share is linked in from modules/common/libmodutil.la.
DA_MODCPPFLAGS = -I$(top_srcdir)/sdk
DA_MODCFLAGS = $(DA_CFLAGS)
DA_MODLDFLAGS = -module -avoid-version -shared -no-undefined \
	-export-symbols-regex '^dockaudit_module$$' -rpath $(moduledir)

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

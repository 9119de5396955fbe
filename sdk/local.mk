# The installed SDK: the module header and the pkg-config file.
dockauditincludedir = $(includedir)/dockaudit
dockauditinclude_HEADERS = %D%/dockaudit/module.h
pkgconfig_DATA = %D%/dockaudit-module.pc

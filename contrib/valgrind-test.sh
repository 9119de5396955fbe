#!/bin/sh
# LOG_COMPILER for the unit suites: runs one libcheck program under
# valgrind, in-process (CK_FORK=no), failing on any memory error or leak.
# Child processes (module isolation forks) are not traced.
CK_FORK=no
export CK_FORK
exec "${LIBTOOL:-./libtool}" --mode=execute valgrind -q --error-exitcode=99 \
	--leak-check=full --errors-for-leak-kinds=definite,indirect \
	--child-silent-after-fork=yes --track-fds=no "$@"

#!/bin/sh
# LOG_COMPILER for the unit suites: runs one libcheck program under
# valgrind, in-process (CK_FORK=no), failing on any memory error or leak.
# Child processes (module isolation forks) are not traced.
# DA_VALGRIND tells a test that valgrind needs the address space (no
# RLIMIT_AS cases).
CK_FORK=no
DA_VALGRIND=1
export CK_FORK DA_VALGRIND
exec "${LIBTOOL:-./libtool}" --mode=execute valgrind -q --error-exitcode=99 \
	--leak-check=full --errors-for-leak-kinds=definite,indirect \
	--child-silent-after-fork=yes --track-fds=no "$@"

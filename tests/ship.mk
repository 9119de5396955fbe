# tests/ship.mk
# How dockaudit ships: the man pages (rendered without warnings, and every
# option, exit code and environment variable documented) and the shell
# completions run in make check.  The Debian package and the container
# image take minutes: contrib/test.sh runs them (deb.sh, image.sh, and
# swarm.sh: the image audits a two-node swarm of private daemons).
DA_SHIP_TESTS = %D%/ship/man.sh %D%/ship/completion.sh
TESTS += $(DA_SHIP_TESTS)
EXTRA_DIST += $(DA_SHIP_TESTS) %D%/ship/deb.sh %D%/ship/image.sh \
	%D%/ship/swarm.sh

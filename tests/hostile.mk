# tests/hostile.mk
# The real dockaudit binary against hostile input, end to end:
#   daemon.sh   a hostile or broken Engine API (tests/fakedocker); needs
#               neither root nor dockerd (its permission case needs root)
#   strings.sh  hostile names, labels, paths, tags and commands in a private
#               dockerd (tests/integration/lib.sh); needs root and dockerd
#   bounds.sh   memory after the engine: huge names, 10,000 ports, costly
#               snapshots (generated); needs neither root nor dockerd
# Both skip (77) when they cannot run here, and fail instead under CI=true.
DA_HOSTILE_TESTS = \
	%D%/hostile/daemon.sh \
	%D%/hostile/strings.sh \
	%D%/hostile/bounds.sh

TESTS += $(DA_HOSTILE_TESTS)
EXTRA_DIST += $(DA_HOSTILE_TESTS)

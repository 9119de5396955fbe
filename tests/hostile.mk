# tests/hostile.mk
# The real dockaudit binary against hostile input, end to end:
#   daemon.sh   a hostile or broken Engine API (tests/fakedocker); needs
#               neither root nor dockerd (its permission case needs root)
#   input.sh    empty selections, costly -i/-x patterns, NUL bytes in
#               daemon strings (a snapshot, tests/fakedocker); no root
#   lifecycle.sh  reports onto devices, FIFOs, descriptor links, a closed
#               or full standard output; misbehaving test modules
#               (grandchildren, signals, standard output and error); needs
#               no dockerd, its device cases need root
#   strings.sh  hostile names, labels, paths, tags and commands in a private
#               dockerd (tests/integration/lib.sh); needs root and dockerd
#   bounds.sh   memory after the engine: huge names, 10,000 ports, costly
#               snapshots (generated); needs neither root nor dockerd
# All skip (77) when they cannot run here, and fail instead under CI=true.
DA_HOSTILE_TESTS = \
	%D%/hostile/daemon.sh \
	%D%/hostile/input.sh \
	%D%/hostile/lifecycle.sh \
	%D%/hostile/bounds.sh \
	%D%/hostile/strings.sh

TESTS += $(DA_HOSTILE_TESTS)
EXTRA_DIST += $(DA_HOSTILE_TESTS)

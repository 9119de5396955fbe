# tests/endpoint.mk: endpoint resolution and the docker CLI's context store
# (core/endpoint.c), with context stores made at test time.
check_PROGRAMS += tests/unit/test_endpoint
TESTS += tests/unit/test_endpoint

tests_unit_test_endpoint_SOURCES = tests/unit/test_endpoint.c
tests_unit_test_endpoint_CFLAGS = $(DA_TEST_CFLAGS)
tests_unit_test_endpoint_LDADD = $(DA_TEST_LIBS)

# ssh:// endpoints (core/sshconn.c): URL parsing, the ssh command line, and
# the engine's errors with a fake ssh program in $PATH.
check_PROGRAMS += tests/unit/test_ssh
TESTS += tests/unit/test_ssh
tests_unit_test_ssh_SOURCES = tests/unit/test_ssh.c
tests_unit_test_ssh_CFLAGS = $(DA_TEST_CFLAGS)
tests_unit_test_ssh_LDADD = $(DA_TEST_LIBS)

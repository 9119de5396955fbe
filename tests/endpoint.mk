# tests/endpoint.mk: endpoint resolution and the docker CLI's context store
# (core/endpoint.c), with context stores made at test time.
check_PROGRAMS += tests/unit/test_endpoint
TESTS += tests/unit/test_endpoint

tests_unit_test_endpoint_SOURCES = tests/unit/test_endpoint.c
tests_unit_test_endpoint_CFLAGS = $(DA_TEST_CFLAGS)
tests_unit_test_endpoint_LDADD = $(DA_TEST_LIBS)

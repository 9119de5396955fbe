# tests/engine.mk: the Engine API client (core/engine.c) against fakedocker,
# a fake Engine API on a unix socket or loopback TCP (see tests/fakedocker.c).
check_PROGRAMS += tests/fakedocker tests/unit/test_engine
TESTS += tests/unit/test_engine

tests_fakedocker_SOURCES = %D%/fakedocker.c
tests_fakedocker_CFLAGS = $(DA_CFLAGS)

tests_unit_test_engine_SOURCES = %D%/unit/test_engine.c
tests_unit_test_engine_CFLAGS = $(DA_TEST_CFLAGS)
tests_unit_test_engine_LDADD = $(DA_TEST_LIBS)

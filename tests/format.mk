# tests/format.mk: formatters and escaping (inside "if HAVE_CHECK").
# The JSON Schema check needs python3 with jsonschema (python3-jsonschema),
# the JUnit check python3 with junitparser (python3-junitparser), and
# xmllint (libxml2-utils) only when DA_JUNIT_SCHEMAS names the JUnit XSDs.
check_PROGRAMS += tests/unit/test_format
TESTS += tests/unit/test_format
tests_unit_test_format_SOURCES = %D%/unit/test_format.c
tests_unit_test_format_CFLAGS = $(DA_TEST_CFLAGS)
tests_unit_test_format_LDADD = $(DA_TEST_LIBS) $(JSONC_LIBS)

# SARIF, parsed back and checked field by field.
check_PROGRAMS += tests/unit/test_sarif
TESTS += tests/unit/test_sarif
tests_unit_test_sarif_SOURCES = %D%/unit/test_sarif.c
tests_unit_test_sarif_CFLAGS = $(DA_TEST_CFLAGS)
tests_unit_test_sarif_LDADD = $(DA_TEST_LIBS) $(JSONC_LIBS)

# Waiver files and baselines: parsing, matching, counts, the marks in every
# format with hostile strings.
check_PROGRAMS += tests/unit/test_waiver
TESTS += tests/unit/test_waiver
tests_unit_test_waiver_SOURCES = %D%/unit/test_waiver.c
tests_unit_test_waiver_CFLAGS = $(DA_TEST_CFLAGS)
tests_unit_test_waiver_LDADD = $(DA_TEST_LIBS) $(JSONC_LIBS)

# Microsoft's SARIF validator (npm @microsoft/sarif-multitool, installed by
# the script into the build tree) on SARIF from every snapshot fixture and
# hostile copies of them; needs npm and python3.
TESTS += %D%/validate-sarif.sh
EXTRA_DIST += %D%/validate-sarif.sh

# Waivers, baselines, gates and summaries on the snapshot fixtures (the
# real binary, no daemon); needs jq, python3-jsonschema and
# python3-junitparser.
TESTS += %D%/waivers.sh
EXTRA_DIST += %D%/waivers.sh

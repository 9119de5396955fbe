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

# The html formatter: markup, escaping, CSP hash and content, on a report
# built by hand.
check_PROGRAMS += tests/unit/test_html
TESTS += tests/unit/test_html
tests_unit_test_html_SOURCES = %D%/unit/test_html.c
tests_unit_test_html_CFLAGS = $(DA_TEST_CFLAGS)
tests_unit_test_html_LDADD = $(DA_TEST_LIBS)

# The html format rendered by headless Chromium (Debian's chromium): the
# DOM against the JSON of the same run, for a snapshot fixture and hostile
# copies of fixtures (tests/hostile-fixtures.py: validate-sarif.sh's hostile
# bytes and HTML payloads); no payload runs; the CSS filters work.  Needs
# chromium and python3.
TESTS += %D%/html-chromium.sh
EXTRA_DIST += %D%/html-chromium.sh %D%/html-dom.py %D%/hostile-fixtures.py

# Microsoft's SARIF validator (npm @microsoft/sarif-multitool, installed by
# the script into the build tree) on SARIF from every snapshot fixture and
# hostile copies of them (tests/hostile-fixtures.py --bytes-only); needs
# npm and python3.
TESTS += %D%/validate-sarif.sh
EXTRA_DIST += %D%/validate-sarif.sh

# Waivers, baselines, gates and summaries on the snapshot fixtures (the
# real binary, no daemon); needs jq, python3-jsonschema and
# python3-junitparser.
TESTS += %D%/waivers.sh
EXTRA_DIST += %D%/waivers.sh

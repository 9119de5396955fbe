#!/usr/bin/env python3
"""Validates JUnit XML reports the way their consumers read them.

    validate-junit.py FILE...
    validate-junit.py --check     exit 0 when the validator can run here

Each file must:
  - be well-formed XML in UTF-8;
  - have the shape CI servers read: <testsuites> holding <testsuite>s (or
    one <testsuite>), each holding <properties>, <testcase>s, <system-out>
    and <system-err> in that order; a <testcase> holds at most one of
    <failure>, <error> or <skipped>, plus optional <system-out>/<system-err>;
  - carry the attributes both the Jenkins and the Ant schema require
    (suite name, tests, failures, errors, time, timestamp, hostname; case
    name, classname, time; a type on failure and error) and none that
    neither knows; counts and times are numbers;
  - have counts that agree with its testcases: tests, failures, errors and
    skipped of each suite, and of <testsuites> when it gives them;
  - read back the same through junitparser (Debian: python3-junitparser),
    a library CI tools use to consume these reports: same suites, cases,
    and result of each case.

When DA_JUNIT_SCHEMAS names a folder holding junit-jenkins-10.xsd and
junit-ant-strict.xsd, each file is also validated against both with
xmllint (libxml2-utils).  Nothing outside the source tree is needed
otherwise.

Exit status: 0 all files valid, 1 some file is not, 3 the validator cannot
run (junitparser missing).
"""

import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

try:
    import junitparser
except ImportError:
    # A python3 of its own (pyenv, venv) may lack the distribution's
    # modules: the distribution's interpreter has python3-junitparser.
    system = '/usr/bin/python3'
    if (os.environ.get('DA_JUNIT_REEXEC') != '1' and os.path.exists(system)
            and os.path.realpath(sys.executable) != os.path.realpath(system)):
        os.environ['DA_JUNIT_REEXEC'] = '1'
        os.execv(system, [system] + sys.argv)
    sys.stderr.write('validate-junit: junitparser not found '
                     '(install python3-junitparser)\n')
    sys.exit(3)

XSDS = ('junit-jenkins-10.xsd', 'junit-ant-strict.xsd')

ATTRS = {
    'testsuites': ({'name', 'time', 'tests', 'failures', 'errors', 'skipped',
                    'disabled'}, set()),
    'testsuite': ({'name', 'tests', 'failures', 'errors', 'group', 'time',
                   'skipped', 'timestamp', 'hostname', 'id', 'package', 'file',
                   'log', 'url', 'version'},
                  {'name', 'tests', 'failures', 'errors', 'time', 'timestamp',
                   'hostname'}),
    'testcase': ({'name', 'time', 'classname', 'group'},
                 {'name', 'classname', 'time'}),
    'failure': ({'type', 'message'}, {'type'}),
    'error': ({'type', 'message'}, {'type'}),
    'skipped': ({'type', 'message'}, set()),
    'properties': (set(), set()),
    'property': ({'name', 'value'}, {'name', 'value'}),
    'system-out': (set(), set()),
    'system-err': (set(), set()),
}

RESULTS = ('failure', 'error', 'skipped')
COUNTS = {'failures': 'failure', 'errors': 'error', 'skipped': 'skipped'}
TIMESTAMP = re.compile(r'^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$')


class Invalid(Exception):
    pass


def where(elem, index=None):
    name = elem.get('name')
    label = '<%s>' % elem.tag
    if index is not None:
        label = '<%s> #%d' % (elem.tag, index + 1)
    return '%s%s' % (label, ' "%s"' % name[:60] if name is not None else '')


def check_attrs(elem, ctx):
    allowed, required = ATTRS[elem.tag]
    for a in elem.attrib:
        if a not in allowed:
            raise Invalid('%s: unknown attribute "%s"' % (ctx, a))
    for a in sorted(required):
        if a not in elem.attrib:
            raise Invalid('%s: attribute "%s" is missing' % (ctx, a))


def count_attr(elem, attr, ctx):
    v = elem.get(attr)
    if v is None:
        return None
    if not re.fullmatch(r'\d+', v):
        raise Invalid('%s: %s="%s" is not a count' % (ctx, attr, v))
    return int(v)


def check_time(elem, ctx):
    v = elem.get('time')
    if v is not None and not re.fullmatch(r'\d+(\.\d+)?', v):
        raise Invalid('%s: time="%s" is not a decimal' % (ctx, v))


def check_testcase(case, ctx):
    check_attrs(case, ctx)
    check_time(case, ctx)
    if not case.get('name'):
        raise Invalid('%s: empty name' % ctx)
    results = []
    for child in case:
        if child.tag in RESULTS:
            check_attrs(child, '%s <%s>' % (ctx, child.tag))
            results.append(child.tag)
            for sub in child:
                raise Invalid('%s <%s>: unexpected element <%s>' %
                              (ctx, child.tag, sub.tag))
        elif child.tag in ('system-out', 'system-err'):
            check_attrs(child, '%s <%s>' % (ctx, child.tag))
        else:
            raise Invalid('%s: unexpected element <%s>' % (ctx, child.tag))
    if len(results) > 1:
        raise Invalid('%s: more than one result (%s)' %
                      (ctx, ', '.join(results)))
    return results[0] if results else None


def check_testsuite(suite, ctx):
    """Returns (name, [(case name, classname, result or None)])."""
    check_attrs(suite, ctx)
    check_time(suite, ctx)
    ts = suite.get('timestamp')
    if not TIMESTAMP.match(ts):
        raise Invalid('%s: timestamp="%s" is not ISO 8601 without zone'
                      % (ctx, ts))
    if not suite.get('hostname'):
        raise Invalid('%s: empty hostname' % ctx)
    order = {'properties': 0, 'testcase': 1, 'system-out': 2,
             'system-err': 3}
    seen = -1
    singles = set()
    cases = []
    for child in suite:
        if child.tag not in order:
            raise Invalid('%s: unexpected element <%s>' % (ctx, child.tag))
        rank = order[child.tag]
        if rank < seen:
            raise Invalid('%s: <%s> out of order' % (ctx, child.tag))
        seen = rank
        if child.tag != 'testcase':
            if child.tag in singles:
                raise Invalid('%s: more than one <%s>' % (ctx, child.tag))
            singles.add(child.tag)
            check_attrs(child, '%s <%s>' % (ctx, child.tag))
        if child.tag == 'properties':
            for prop in child:
                if prop.tag != 'property':
                    raise Invalid('%s <properties>: unexpected element <%s>'
                                  % (ctx, prop.tag))
                check_attrs(prop, '%s <property>' % ctx)
        elif child.tag == 'testcase':
            cctx = '%s %s' % (ctx, where(child, len(cases)))
            result = check_testcase(child, cctx)
            cases.append((child.get('name'), child.get('classname'), result))
        elif len(child):
            raise Invalid('%s <%s>: unexpected element' % (ctx, child.tag))
    want = {'tests': len(cases)}
    for attr, tag in COUNTS.items():
        want[attr] = sum(1 for c in cases if c[2] == tag)
    for attr, n in want.items():
        got = count_attr(suite, attr, ctx)
        if got is not None and got != n:
            raise Invalid('%s: %s="%d" but it holds %d' % (ctx, attr, got, n))
    return suite.get('name'), cases


def check_structure(root):
    """Returns [(suite name, cases)] in document order."""
    if root.tag == 'testsuite':
        return [check_testsuite(root, where(root, 0))]
    if root.tag != 'testsuites':
        raise Invalid('root element is <%s>, not <testsuites> or <testsuite>'
                      % root.tag)
    check_attrs(root, '<testsuites>')
    check_time(root, '<testsuites>')
    suites = []
    for i, child in enumerate(root):
        if child.tag != 'testsuite':
            raise Invalid('<testsuites>: unexpected element <%s>' % child.tag)
        suites.append(check_testsuite(child, where(child, i)))
    cases = [c for _, cs in suites for c in cs]
    want = {'tests': len(cases)}
    for attr, tag in COUNTS.items():
        want[attr] = sum(1 for c in cases if c[2] == tag)
    for attr, n in want.items():
        got = count_attr(root, attr, '<testsuites>')
        if got is not None and got != n:
            raise Invalid('<testsuites>: %s="%d" but its suites hold %d'
                          % (attr, got, n))
    return suites


def junitparser_view(path):
    """The same report as junitparser reads it."""
    xml = junitparser.JUnitXml.fromfile(path)
    if isinstance(xml, junitparser.TestSuite):
        suites = [xml]
    else:
        suites = list(xml)
    view = []
    for suite in suites:
        cases = []
        for case in suite:
            kinds = []
            for r in case.result:
                if isinstance(r, junitparser.Failure):
                    kinds.append('failure')
                elif isinstance(r, junitparser.Error):
                    kinds.append('error')
                elif isinstance(r, junitparser.Skipped):
                    kinds.append('skipped')
            cases.append((case.name, case.classname,
                          kinds[0] if len(kinds) == 1 else
                          (None if not kinds else tuple(kinds))))
        view.append((suite.name, cases))
        # junitparser's own counts, as a consumer shows them
        for attr, tag in (('tests', None),) + tuple(COUNTS.items()):
            n = len(cases) if tag is None else \
                sum(1 for c in cases if c[2] == tag)
            got = getattr(suite, attr)
            if got is not None and got != n:
                raise Invalid('junitparser: suite "%s": %s is %s, its cases '
                              'give %d' % (suite.name, attr, got, n))
    return view


def check_xsd(path, folder):
    for xsd in XSDS:
        p = subprocess.run(['xmllint', '--noout', '--schema',
                            os.path.join(folder, xsd), path],
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                           universal_newlines=True)
        if p.returncode != 0:
            raise Invalid('not valid against %s:\n%s' %
                          (xsd, p.stderr.strip()))


def schema_folder():
    folder = os.environ.get('DA_JUNIT_SCHEMAS', '')
    if not folder:
        return None
    if all(os.path.isfile(os.path.join(folder, x)) for x in XSDS):
        return folder
    sys.stderr.write('validate-junit: DA_JUNIT_SCHEMAS=%s does not hold %s; '
                     'the XSD check is left out\n' % (folder, ' and '.join(XSDS)))
    return None


def validate(path, folder):
    with open(path, 'rb') as f:
        data = f.read()
    try:
        data.decode('utf-8', errors='strict')
    except UnicodeDecodeError as e:
        raise Invalid('not UTF-8: %s' % e)
    try:
        root = ET.fromstring(data)
    except ET.ParseError as e:
        raise Invalid('not well-formed XML: %s' % e)
    mine = check_structure(root)
    theirs = junitparser_view(path)
    if mine != theirs:
        raise Invalid('junitparser reads it differently:\n  ours   %r\n  '
                      'theirs %r' % (mine[:3], theirs[:3]))
    if folder:
        check_xsd(path, folder)


def main(argv):
    if argv[1:] == ['--check']:
        return 0
    if len(argv) < 2 or argv[1].startswith('-'):
        sys.stderr.write('usage: validate-junit.py FILE...\n')
        return 3
    folder = schema_folder()
    bad = 0
    for path in argv[1:]:
        try:
            validate(path, folder)
        except Invalid as e:
            sys.stderr.write('%s: %s\n' % (path, e))
            bad += 1
        except Exception as e:  # junitparser's own refusals
            sys.stderr.write('%s: %s: %s\n' % (path, type(e).__name__, e))
            bad += 1
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))

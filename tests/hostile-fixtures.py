#!/usr/bin/python3
"""Hostile copies of the snapshot fixtures: hostile-NAME-base.json in OUT.

    hostile-fixtures.py [--bytes-only] FIXTURES OUT

Every name, tag, image and path string of each FIXTURES/*-base.json gets
hostile bytes: quotes, <>&, a newline, ESC sequences and invalid UTF-8
written raw into the JSON text; then, unless --bytes-only, a NUL (as
\\u0000) and HTML that would run a script or add an element if a report
let it through (it would set the page title to DAPWNED or add a <dapwned>
element; the concatenations keep that word out of the text itself).
Paths keep their leading slash.  Used by tests/html-chromium.sh, and with
--bytes-only by tests/validate-sarif.sh.
"""
import glob
import json
import os
import sys

# The hostile bytes every copy gets; @@BAD@@ becomes invalid UTF-8.
BYTES = '"q\' <b>&amp; \n\x1b[31m\x1b]0;t\x07 '
RAW = '@@BAD@@ '
# What the HTML copies get besides.
HTML = ('\x00 <script>document.title="DA"+"PWNED";'
       'document.documentElement.appendChild('
       'document.createElement("da"+"pwned"))</script>'
       '<img src=x onerror="document.title=\'DA\'+\'PWNED\'">'
       '" onmouseover="x" \' autofocus onfocus=\'x\' '
       '</style></title></td><!-- ]]> ')
BAD = BYTES + HTML + RAW
KEYS = {"Name", "Names", "RepoTags", "Image", "path", "Source",
        "Destination", "Hostname"}


def walk(v, key=None):
    if isinstance(v, dict):
        return {k: walk(x, k) for k, x in v.items()}
    if isinstance(v, list):
        return [walk(x, key) for x in v]
    if isinstance(v, str) and key in KEYS:
        if v.startswith("/"):
            return v + "/" + BAD
        return BAD + v
    return v


def main():
    global BAD
    args = sys.argv[1:]
    if args and args[0] == "--bytes-only":
        BAD = BYTES + RAW
        args = args[1:]
    if len(args) != 2:
        sys.exit("usage: hostile-fixtures.py [--bytes-only] FIXTURES OUT")
    src, out = args
    n = 0
    for f in sorted(glob.glob(os.path.join(src, "*-base.json"))):
        with open(f) as fp:
            d = walk(json.load(fp))
        text = json.dumps(d, ensure_ascii=False).encode()
        text = text.replace(b"@@BAD@@", b"\xff\xfe\xc0\xaf\xed\xa0\x80")
        with open(os.path.join(out, "hostile-" + os.path.basename(f)),
                  "wb") as o:
            o.write(text)
        n += 1
    if n == 0:
        sys.exit("no fixture in %s" % src)


main()

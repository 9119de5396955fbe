#!/usr/bin/python3
"""Hostile copies of the snapshot fixtures: hostile-NAME-base.json in OUT.

    hostile-fixtures.py FIXTURES OUT

Every name, tag, image and path string of each FIXTURES/*-base.json gets
hostile bytes: quotes, <>&, a newline, ESC sequences, a NUL (as \\u0000),
HTML that would run a script or add an element if a report let it through
(it would set the page title to DAPWNED or add a <dapwned> element; the
concatenations keep that word out of the text itself), and invalid UTF-8
written raw into the JSON text.  Paths keep their leading slash.  Used by
tests/html-chromium.sh; the same hostile bytes as the copies
tests/validate-sarif.sh makes, and HTML payloads besides.
"""
import glob
import json
import os
import sys

BAD = ('"q\' <b>&amp; \n\x1b[31m\x1b]0;t\x07 \x00 '
       '<script>document.title="DA"+"PWNED";'
       'document.documentElement.appendChild('
       'document.createElement("da"+"pwned"))</script>'
       '<img src=x onerror="document.title=\'DA\'+\'PWNED\'">'
       '" onmouseover="x" \' autofocus onfocus=\'x\' '
       '</style></title></td><!-- ]]> @@BAD@@ ')
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
    src, out = sys.argv[1], sys.argv[2]
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

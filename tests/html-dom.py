#!/usr/bin/python3
"""Checks the DOM of an html report, as headless Chromium rendered it
(--dump-dom), against the JSON report of the same run
(tests/html-chromium.sh).

    html-dom.py counts DOM JSON     the page shows the JSON's counts: the
                                    summary, each section's row of the
                                    summary table, the check rows (id and
                                    status, in order), the per-container
                                    view; and nothing but the formatter's
                                    own elements and attributes
    html-dom.py hostile DOM JSON    the same, and the hostile payload of
                                    tests/hostile-fixtures.py is shown as
                                    text and did not run
    html-dom.py hostile-nocsp DOM JSON  the same, of the page with its CSP
                                    taken out
    html-dom.py filters DOM JSON    what the script of the filter probe
                                    found visible under each filter
    html-dom.py executed DOM        exit 0 when a payload ran (title
                                    DAPWNED or a <dapwned> element)
    html-dom.py fleet DOM FLEETJSON the page of dockaudit merge --format
                                    html: the fleet JSON's summary, hosts
                                    (labels in order) and check rows (ids
                                    in order, a class per status some host
                                    gave); the formatter's elements only; a
                                    hostile host name shown as text, run
                                    nowhere

Prints one line per problem; exits 1 when there is any.
"""
import json
import sys
from html.parser import HTMLParser

# What the formatter writes, and nothing else.
TAGS = {"html", "head", "meta", "title", "style", "body", "header", "h1",
        "h2", "h3", "dl", "dt", "dd", "section", "ul", "li", "span", "table",
        "thead", "tbody", "tfoot", "tr", "th", "td", "a", "input", "nav",
        "label", "main", "p", "div", "code", "details", "summary", "footer"}
ATTRS = {"charset", "http-equiv", "content", "name", "lang", "class", "id",
         "href", "data-k", "data-status", "colspan", "type", "checked", "for",
         "aria-label", "open"}
STATUSES = ["PASS", "WARN", "INFO", "NOTE", "ERROR"]
MARKER = "DA" + "PWNED"


class Node:
    def __init__(self, tag, attrs, parent):
        self.tag = tag
        self.attrs = dict(attrs)
        self.parent = parent
        self.children = []
        self.text = []

    def classes(self):
        return (self.attrs.get("class") or "").split()

    def all_text(self):
        out = list(self.text)
        for c in self.children:
            out.append(c.all_text())
        return "".join(out)

    def walk(self):
        yield self
        for c in self.children:
            yield from c.walk()

    def find(self, tag=None, cls=None):
        for n in self.walk():
            if n is self:
                continue
            if tag and n.tag != tag:
                continue
            if cls and cls not in n.classes():
                continue
            yield n


VOID = {"meta", "input", "img", "br", "hr", "link", "base", "area", "col",
        "embed", "source", "track", "wbr", "param"}


class Tree(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Node("#root", [], None)
        self.cur = self.root

    def handle_starttag(self, tag, attrs):
        n = Node(tag, attrs, self.cur)
        self.cur.children.append(n)
        if tag not in VOID:
            self.cur = n

    def handle_startendtag(self, tag, attrs):
        self.cur.children.append(Node(tag, attrs, self.cur))

    def handle_endtag(self, tag):
        n = self.cur
        while n is not self.root and n.tag != tag:
            n = n.parent
        if n is not self.root:
            self.cur = n.parent

    def handle_data(self, data):
        self.cur.text.append(data)


def parse(path):
    t = Tree()
    with open(path, encoding="utf-8") as f:
        t.feed(f.read())
    t.close()
    return t.root


problems = []


def want(cond, msg):
    if not cond:
        problems.append(msg)


def by_id(root):
    return {n.attrs["id"]: n for n in root.walk() if "id" in n.attrs}


def executed(root):
    title = "".join(n.all_text() for n in root.find("title"))
    if title.strip() == MARKER:
        return "the page title is %s" % MARKER
    for n in root.walk():
        if n.tag == MARKER.lower():
            return "a <%s> element was added" % n.tag
    return None


def structure(root, csp=True):
    for n in root.walk():
        if n is root:
            continue
        want(n.tag in TAGS, "element <%s> the formatter never writes"
             % n.tag)
        for a in n.attrs:
            want(a in ATTRS, "attribute %s on <%s> the formatter never writes"
                 % (a, n.tag))
    ran = executed(root)
    want(ran is None, "a script ran: %s" % ran)
    metas = [n for n in root.find("meta")
             if n.attrs.get("http-equiv") == "Content-Security-Policy"]
    want(len(metas) == (1 if csp else 0), "%d CSP metas" % len(metas))
    if metas:
        csp = metas[0].attrs.get("content", "")
        want(csp.startswith("default-src 'none';"), "CSP: %s" % csp)
        want("'unsafe-inline'" not in csp, "CSP allows unsafe-inline")


def num(node):
    try:
        return int(node.all_text().strip())
    except ValueError:
        return None


def counts(root, report):
    ids = by_id(root)
    summ = report["summary"]
    for k in ["checks", "score", "pass", "warn", "info", "note", "error"]:
        n = ids.get("n-" + k)
        want(n is not None, "no #n-%s" % k)
        if n is not None:
            want(num(n) == summ[k], "#n-%s shows %r, the JSON says %d"
                 % (k, n.all_text(), summ[k]))
    # with --waivers and --baseline (the page shows them only then): the
    # findings waived and new
    for k in ["waived", "new"]:
        n = ids.get("n-" + k)
        if n is not None:
            want(num(n) == summ.get(k), "#n-%s shows %r, the JSON says %r"
                 % (k, n.all_text(), summ.get(k)))
    findings = sum(len(c["items"]) or 1 for s in report["sections"]
                   for c in s["checks"] if c["status"] == "WARN")
    n = ids.get("n-findings")
    want(n is not None and num(n) == findings,
         "#n-findings is not %d" % findings)

    # the summary table: one row per section, then the total
    rows = list(root.find("tr", "secsum"))
    want(len(rows) == len(report["sections"]), "%d section rows, %d sections"
         % (len(rows), len(report["sections"])))
    total = {k: 0 for k in ["checks", "score"] + [s.lower() for s in STATUSES]}
    for row, sec in zip(rows, report["sections"]):
        exp = {k: 0 for k in total}
        for c in sec["checks"]:
            exp["checks"] += 1
            exp[c["status"].lower()] += 1
            if c["scored"] and c["status"] == "PASS":
                exp["score"] += 1
            elif c["scored"] and c["status"] == "WARN":
                exp["score"] -= 1
        got = {td.attrs["data-k"]: num(td) for td in row.find("td")
               if "data-k" in td.attrs}
        for k, v in exp.items():
            want(got.get(k) == v, "section %s: %s shows %r, the JSON has %d"
                 % (sec["id"], k, got.get(k), v))
            total[k] += v
    tot = list(root.find("tr", "total"))
    want(len(tot) == 1, "no total row")
    if tot:
        got = {td.attrs["data-k"]: num(td) for td in tot[0].find("td")
               if "data-k" in td.attrs}
        for k, v in total.items():
            want(got.get(k) == v, "total %s shows %r, not %d"
                 % (k, got.get(k), v))

    # the check rows, section by section, in order
    secs = [n for n in root.find("section", "sec")]
    want(len(secs) == len([s for s in report["sections"] if s["checks"]
                           or s["subsections"]]),
         "%d section tables" % len(secs))
    got_rows = [(n.find("td").__next__().all_text(), n.attrs.get("data-status"))
                for n in root.find("tr", "check")]
    exp_rows = [(c["id"], c["status"]) for s in report["sections"]
                for c in s["checks"]]
    want(len(got_rows) == len(exp_rows), "%d check rows, %d checks"
         % (len(got_rows), len(exp_rows)))
    if len(got_rows) == len(exp_rows):
        for g, e in zip(got_rows, exp_rows):
            # ids are the modules' own, plain ASCII
            want(g == e, "check row %s, the JSON has %s" % (g, e))
    for st in STATUSES:
        badge = [n for n in root.find("tr", "check")
                 if n.attrs.get("data-status") == st and
                 "st-" + st.lower() in n.classes()]
        want(len(badge) == summ[st.lower()], "%d rows of class st-%s, not %d"
             % (len(badge), st.lower(), summ[st.lower()]))

    # the per-container view: one block per container, one row per item
    keys = set()
    n_items = 0
    for s in report["sections"]:
        for c in s["checks"]:
            for it in c["items"]:
                if it["kind"] == "container" and (it["id"] or it["name"]):
                    keys.add(it["id"] or it["name"])
                    n_items += 1
    view = ids.get("containers")
    want(view is not None, "no #containers")
    if view is not None:
        blocks = list(view.find("section", "ctr"))
        want(len(blocks) == len(keys), "%d containers shown, %d in the JSON"
             % (len(blocks), len(keys)))
        rows = list(view.find("tr", "cfind"))
        want(len(rows) == n_items, "%d container rows, %d items"
             % (len(rows), n_items))
        for r in rows:
            a = list(r.find("a"))
            want(a and a[0].attrs.get("href", "").startswith("#r") and
                 a[0].attrs["href"][1:] in ids,
                 "a container row does not link to its check")


def hostile(root):
    text = root.all_text()
    want('DA"+"PWNED' in text, "the hostile script is not shown as text")
    want("onerror=" in text, "the hostile attribute is not shown as text")
    want("\\xff" in text, "invalid UTF-8 is not shown as \\xff")
    want("\\x1b" in text, "ESC is not shown as \\x1b")


def filters(root, report):
    pre = by_id(root).get("da-filter-result")
    if pre is None:
        problems.append("the filter probe did not run")
        return
    res = json.loads(pre.all_text())
    want(res.get("inputOpacity") == "0",
         "the page's style was not applied (CSP hash?): radio opacity %r"
         % res.get("inputOpacity"))
    summ = report["summary"]
    got = res.get("filters", {})
    want(got.get("all", {}).get("rows") == summ["checks"],
         "all: %r rows visible, %d checks" % (got.get("all"), summ["checks"]))
    for st in STATUSES:
        k = st.lower()
        with_st = len([s for s in report["sections"]
                       if any(c["status"] == st for c in s["checks"])])
        g = got.get(k, {})
        want(g.get("rows") == summ[k], "%s: %r rows visible, %d in the JSON"
             % (st, g.get("rows"), summ[k]))
        want(g.get("sections") == with_st, "%s: %r sections visible, %d hold "
             "one" % (st, g.get("sections"), with_st))
        want(g.get("subrows") == 0, "%s: sub-section rows visible" % st)


def fleet(root, doc):
    ids = by_id(root)
    summ = doc["summary"]
    for k, key in [("n-hosts", "hosts"), ("n-checks", "checks"),
                   ("n-warn-somewhere", "warn_somewhere"),
                   ("n-error-somewhere", "error_somewhere"),
                   ("n-score-min", "score_min"), ("n-score-max", "score_max")]:
        n = ids.get(k)
        want(n is not None and num(n) == summ[key],
             "#%s shows %r, the fleet JSON says %d"
             % (k, n.all_text() if n is not None else None, summ[key]))
    hosts = list(root.find("tr", "host"))
    want(len(hosts) == len(doc["hosts"]), "%d host rows, %d hosts"
         % (len(hosts), len(doc["hosts"])))
    for row, h in zip(hosts, doc["hosts"]):
        th = next(row.find("th"), None)
        got = th.all_text() if th is not None else None
        want(got == h["label"], "host row %r, the fleet JSON has %r"
             % (got, h["label"]))
    rows = list(root.find("tr", "row"))
    want(len(rows) == len(doc["checks"]), "%d check rows, %d checks"
         % (len(rows), len(doc["checks"])))
    for row, c in zip(rows, doc["checks"]):
        td = next(row.find("td"), None)
        want(td is not None and td.all_text() == c["id"],
             "check row %r, the fleet JSON has %s"
             % (td.all_text() if td is not None else None, c["id"]))
        for st in STATUSES:
            k = st.lower()
            want(("st-" + k in row.classes()) == (c[k] > 0),
                 "check %s: class st-%s does not match %d hosts"
                 % (c["id"], k, c[k]))
    text = root.all_text()
    want('DA"+"PWNED' in text, "the hostile host name is not shown as text")
    want("onerror=" in text, "the hostile attribute is not shown as text")


def main():
    mode = sys.argv[1]
    root = parse(sys.argv[2])
    if mode == "executed":
        ran = executed(root)
        print(ran or "nothing ran")
        sys.exit(0 if ran else 1)
    with open(sys.argv[3], encoding="utf-8") as f:
        report = json.load(f)
    if mode in ("counts", "hostile", "hostile-nocsp"):
        structure(root, mode != "hostile-nocsp")
        counts(root, report)
        if mode != "counts":
            hostile(root)
    elif mode == "filters":
        filters(root, report)
    elif mode == "fleet":
        structure(root)
        fleet(root, report)
    else:
        sys.exit("unknown mode %s" % mode)
    for p in problems:
        print(p)
    sys.exit(1 if problems else 0)


main()

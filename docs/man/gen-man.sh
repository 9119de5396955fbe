#!/bin/sh
# Writes a man page from a hand-written template and the program's --help.
#
#   gen-man.sh TEMPLATE HELP-FILE VERSION MODULEDIR >PAGE
#
# In the template, a line holding only @SYNOPSIS@, @OPTIONS@, @COMMANDS@ or
# @EXIT_STATUS@ is replaced by that part of --help, turned into roff:
#   "Usage: dockaudit [OPTIONS]"     -> SYNOPSIS (one line per usage form)
#   a heading "Output:"              -> .SS Output, under OPTIONS
#   a heading "...commands:"         -> a COMMANDS section (none: nothing)
#   the heading "Exit codes:"        -> EXIT STATUS
#   "  TERM   description" entries   -> .TP paragraphs (continuation lines
#                                       indented deeper join the entry)
#   other unindented text            -> a paragraph of the current part
# and @VERSION@, @MODULEDIR@ and @DATE@ (from SOURCE_DATE_EPOCH, else the
# template's modification time) anywhere.  So every option --help lists is
# documented: the OPTIONS section cannot drift from the program.
set -eu

[ $# -eq 4 ] || { echo "usage: gen-man.sh TEMPLATE HELP-FILE VERSION MODULEDIR" >&2; exit 2; }
template=$1 help=$2 version=$3 moduledir=$4
epoch=${SOURCE_DATE_EPOCH:-$(stat -c %Y "$template")}
date=$(date -u -d "@$epoch" +%Y-%m-%d)

awk -v helpfile="$help" -v version="$version" -v moduledir="$moduledir" -v date="$date" '
# roff-safe text: backslashes escaped, the hyphens of option-like words
# (-b, --format, $DOCKER_HOST is left alone) written as minus signs.
function esc(s,    out, pre, tok) {
	gsub(/\\/, "\\e", s)
	out = ""
	while (match(s, /(^|[ (\/,"\047`|])-+[A-Za-z0-9][-A-Za-z0-9]*/)) {
		pre = substr(s, 1, RSTART - 1)
		tok = substr(s, RSTART, RLENGTH)
		gsub(/-/, "\\-", tok)
		out = out pre tok
		s = substr(s, RSTART + RLENGTH)
	}
	return out s
}
function line(s) {
	if (s ~ /^[.\047]/)
		s = "\\&" s
	return s
}
# An option term: "-h, --help", "-l FILE", "--fail-on warn|error".
function term(t, kind,    n, i, w, out, parts, sep) {
	if (kind != "options")
		return "\\fB" esc(t) "\\fR"
	n = split(t, parts, / /)
	out = ""
	for (i = 1; i <= n; i++) {
		w = parts[i]
		sep = ""
		if (w ~ /,$/) { sep = ","; w = substr(w, 1, length(w) - 1) }
		if (w ~ /^-/)
			w = "\\fB" esc(w) "\\fR"
		else
			w = "\\fI" esc(w) "\\fR"
		out = out (i > 1 ? " " : "") w sep
	}
	return out
}
# A usage form: the program name in bold, the rest as written.
function usage(u,    p) {
	p = u; sub(/ .*/, "", p)
	return ".PP\n\\fB" esc(p) "\\fR" esc(substr(u, length(p) + 1))
}
function emit(part, s) { buf[part] = buf[part] s "\n" }
function flush_entry() {
	if (eterm != "") {
		emit(epart, ".TP\n" term(eterm, ekind))
		if (edesc != "")
			emit(epart, line(esc(edesc)))
	}
	eterm = ""; edesc = ""
}
function flush_para() {
	if (para != "")
		emit(part, ".PP\n" line(esc(para)))
	para = ""
}
BEGIN {
	part = "description"; kind = "options"
	while ((getline l < helpfile) > 0) {
		if (l ~ /^Usage: /) {
			flush_entry(); flush_para()
			sub(/^Usage: +/, "", l)
			emit("synopsis", usage(l))
			part = "usage"
			continue
		}
		if (part == "usage" && l ~ /^ +(or: +)?[a-z]/) {
			sub(/^ +(or: +)?/, "", l)
			emit("synopsis", usage(l))
			continue
		}
		if (part == "usage")
			part = "description"
		if (l ~ /^[ \t]*$/) {
			flush_entry(); flush_para()
			continue
		}
		if (l ~ /^[^ ].*:$/) {
			flush_entry(); flush_para()
			h = substr(l, 1, length(l) - 1)
			if (h ~ /^[Ee]xit (codes|status)/) {
				part = "exit"; kind = "exit"
			} else if (h ~ /[Cc]ommands$/) {
				part = "commands"; kind = "options"
			} else {
				part = "options"; kind = "options"
				emit(part, ".SS " esc(h))
			}
			continue
		}
		if (l ~ /^  [^ ]/ && part != "description") {
			flush_entry(); flush_para()
			s = substr(l, 3)
			if (match(s, /  +/)) {
				eterm = substr(s, 1, RSTART - 1)
				edesc = substr(s, RSTART + RLENGTH)
			} else {
				eterm = s; edesc = ""
			}
			epart = part; ekind = kind
			continue
		}
		if (l ~ /^   / && eterm != "") {
			sub(/^ +/, "", l)
			edesc = edesc (edesc == "" ? "" : " ") l
			continue
		}
		flush_entry()
		sub(/^ +/, "", l)
		para = para (para == "" ? "" : " ") l
	}
	flush_entry(); flush_para()
	close(helpfile)
}
{
	gsub(/@VERSION@/, version); gsub(/@MODULEDIR@/, moduledir); gsub(/@DATE@/, date)
	if ($0 == "@SYNOPSIS@") { printf "%s", buf["synopsis"]; next }
	if ($0 == "@DESCRIPTION@") { printf "%s", buf["description"]; next }
	if ($0 == "@OPTIONS@") { printf "%s", buf["options"]; next }
	if ($0 == "@COMMANDS@") {
		if (buf["commands"] != "")
			printf ".SH COMMANDS\n%s", buf["commands"]
		next
	}
	if ($0 == "@EXIT_STATUS@") { printf "%s", buf["exit"]; next }
	print
}' "$template"

#!/bin/bash
# The bash and zsh completions (contrib/completion): options, formats,
# benchmarks, check ids and groups, each as --help and --list-checks give
# them; every option --help lists is offered; the subcommands, and after
# merge its own options, formats and .json reports only.  No daemon needed.
# shellcheck source=tests/integration/lib.sh
. "$(dirname "$0")/../integration/lib.sh"

da_require_bin
C=$DA_SRCDIR/contrib/completion
BIN=$DA_BIN
MD=$DA_MODULE_DIR

# bash_complete WORD...: what the bash completion offers for the last word.
bash_complete() {
	bash -c '. "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
		_dockaudit; printf "%s\n" "${COMPREPLY[@]}"' _ "$C/bash/dockaudit" "$@"
}

# zsh_complete WORD...: the same for zsh, its completion system stubbed:
# compadd prints what it is given.
zsh_complete() {
	zsh -f -c '
		compadd() {
			local a=0
			while [[ $1 == -* ]]; do
				case $1 in (-a) a=1; shift ;; (-S|-P) shift 2 ;; (*) shift ;; esac
			done
			if (( a )); then print -rl -- ${(P)1}; else print -rl -- "$@"; fi
		}
		compset() { return 1 }
		_files() { print -r -- FILES }
		f=$1; shift
		words=("$@"); CURRENT=$#
		source $f' _ "$C/zsh/_dockaudit" "$@"
}

# offers SHELL DESCRIPTION EXPECTED WORD...: the completion offers EXPECTED.
offers() {
	local sh=$1 what=$2 want=$3 got
	shift 3
	got=$("${sh}_complete" "$@")
	if printf '%s\n' "$got" | grep -qxF -- "$want"; then
		da_ok "$sh: $what offers $want"
	else
		da_fail "$sh: $what offers $want (got: $(printf '%s ' "$got" | cut -c1-200))"
	fi
}

# Every option of --help, offered for "-" by both shells.
mapfile -t opts < <("$BIN" --help | awk '/^  +-/ { sub(/^ +/, ""); split($0, w, /  +/); m = split(w[1], t, /[ ,]+/); for (i = 1; i <= m; i++) if (t[i] ~ /^-/) print t[i] }')
[ "${#opts[@]}" -gt 20 ] || da_fail "--help lists ${#opts[@]} options"
for sh in bash zsh; do
	if [ "$sh" = zsh ] && ! command -v zsh >/dev/null 2>&1; then
		da_skip "zsh not found (install zsh)"
	fi
	got=$("${sh}_complete" "$BIN" -)
	missing=
	for o in "${opts[@]}"; do
		printf '%s\n' "$got" | grep -qxF -- "$o" || missing="$missing $o"
	done
	if [ -z "$missing" ]; then
		da_ok "$sh: all ${#opts[@]} options of --help offered"
	else
		da_fail "$sh: options of --help not offered:$missing"
	fi
	offers "$sh" "--for" --format "$BIN" --for
	for f in text json junit dbs-json; do
		offers "$sh" "--format" "$f" "$BIN" --format ""
	done
	offers "$sh" "--benchmark" cis-1.8.0 "$BIN" --benchmark ""
	offers "$sh" "--benchmark" latest "$BIN" --benchmark ""
	offers "$sh" "--fail-on" warn "$BIN" --fail-on ""
	offers "$sh" "-c" 2.2 "$BIN" --module-dir "$MD" -c 2.
	offers "$sh" "-c" 5.31 "$BIN" --module-dir "$MD" -c 5.
	offers "$sh" "-e" 1.1.18 "$BIN" --module-dir "$MD" -e 1.1.1
	offers "$sh" "-c" container_runtime "$BIN" --module-dir "$MD" -c cont
	offers "$sh" "-c" docker_daemon_configuration_level1 "$BIN" --module-dir "$MD" -c docker_d
	offers "$sh" "-c" check_2_2 "$BIN" --module-dir "$MD" -c check_2
	offers "$sh" "-c" cis "$BIN" --module-dir "$MD" -c ci
	# ids of the benchmark typed: 2.19 exists in 1.8.0 only
	offers "$sh" "-c under cis-1.8.0" 2.19 "$BIN" --module-dir "$MD" --benchmark cis-1.8.0 -c 2.1
	if "${sh}_complete" "$BIN" --module-dir "$MD" -c 2.1 | grep -qxF 2.19; then
		da_fail "$sh: 2.19 offered under cis-1.6.0"
	else
		da_ok "$sh: 2.19 not offered under cis-1.6.0"
	fi
done
# dockaudit merge: the subcommand, its options, its formats, JSON reports
for sh in bash zsh; do
	[ "$sh" = zsh ] && ! command -v zsh >/dev/null 2>&1 && continue
	offers "$sh" "the first word" merge "$BIN" ""
	offers "$sh" "the first word" fix "$BIN" ""
	offers "$sh" "merge --format" html "$BIN" merge --format ""
	offers "$sh" "merge --format" sarif "$BIN" merge --format ""
	if [ "$sh" = bash ]; then
		offers "$sh" "merge --output" html: "$BIN" merge --output ""
	else
		offers "$sh" "merge --output" html "$BIN" merge --output ""
	fi
	offers "$sh" "merge options" --fail-on "$BIN" merge a.json --
	offers "$sh" "merge options" --min-score "$BIN" merge --
	offers "$sh" "merge --fail-on" error "$BIN" merge --fail-on ""
	got=$("${sh}_complete" "$BIN" merge --)
	if printf '%s\n' "$got" | grep -qxF -e -c -e --snapshot -e --host; then
		da_fail "$sh: merge offers an option of the audit"
	else
		da_ok "$sh: merge offers none of the audit's options"
	fi
	if "${sh}_complete" "$BIN" merge --fail-on "" | grep -qxF new; then
		da_fail "$sh: merge --fail-on offers new"
	else
		da_ok "$sh: merge --fail-on offers no new"
	fi
	if "${sh}_complete" "$BIN" merge "" | grep -qxF merge; then
		da_fail "$sh: merge offered after merge"
	else
		da_ok "$sh: no subcommand offered after merge"
	fi
done
offers bash "merge REPORT" "$DA_FIXTURES/daemon-base.json" "$BIN" merge "$DA_FIXTURES/daemon-b"
if bash_complete "$BIN" merge "$DA_SRCDIR/README" | grep -q .; then
	da_fail "bash: merge offers a file that is no .json"
else
	da_ok "bash: merge offers .json files only"
fi
command -v zsh >/dev/null 2>&1 && offers zsh "merge REPORT" FILES "$BIN" merge ""

# bash: a comma list completes its last term
offers bash "-c list" "cis,2.2" "$BIN" --module-dir "$MD" -c cis,2.
da_finish

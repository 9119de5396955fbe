#!/bin/bash
# contrib/test.sh keeps the Docker engine that is installed: with Docker CE
# (docker-ce, containerd.io), Debian's docker.io or moby-engine present it
# asks for none of docker.io, containerd or runc (apt would replace the
# user's engine); only where no engine is does it install docker.io.
#
# Runs `contrib/test.sh --missing-packages` with a fake dpkg-query (which
# says every package is installed but those named in FAKE_ABSENT) and a
# fake `id` (not root: an old script that went on to install would stop
# there), in a PATH holding only those fakes and, per case, a dockerd.

set -u
srcdir=${DA_SRCDIR:-$(cd "$(dirname "$0")/.." && pwd)}
script=$srcdir/contrib/test.sh
tmp=$(mktemp -d "${TMPDIR:-/tmp}/da-packages.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
n=0
failures=0

ok() { n=$((n + 1)); printf 'ok %d - %s\n' "$n" "$*"; }
not_ok() { n=$((n + 1)); failures=$((failures + 1)); printf 'not ok %d - %s\n' "$n" "$*"; }

mkdir "$tmp/bin" "$tmp/bin-dockerd"
cat >"$tmp/bin/dpkg-query" <<'EOF'
#!/bin/bash
pkg=${!#}
for p in $FAKE_ABSENT; do
	[ "$p" = "$pkg" ] && exit 1
done
printf 'install ok installed'
EOF
printf '#!/bin/bash\necho 1000\n' >"$tmp/bin/id"
printf '#!/bin/bash\nexit 0\n' >"$tmp/bin-dockerd/dockerd"
ln -s "$(command -v dirname)" "$tmp/bin/dirname"
chmod 755 "$tmp/bin/dpkg-query" "$tmp/bin/id" "$tmp/bin-dockerd/dockerd"

# run NAME DOCKERD(yes|no) ABSENT...: the missing packages, one per line,
# in $tmp/NAME.out; its exit status in RC.
run() {
	local name=$1 dockerd=$2 path=$tmp/bin
	shift 2
	[ "$dockerd" = yes ] && path=$path:$tmp/bin-dockerd
	FAKE_ABSENT="$*" PATH=$path /bin/bash "$script" --missing-packages \
		>"$tmp/$name.out" 2>"$tmp/$name.err" </dev/null
	RC=$?
}

# expect NAME WANT_RC PRESENT_OR_NOT PACKAGE...: each package is (or is not)
# among those it would install.
expect() {
	local name=$1 want=$2 mode=$3 p
	shift 3
	if [ "$RC" = "$want" ]; then
		ok "$name: exit $RC"
	else
		not_ok "$name: exit $RC, want $want"
		head -n 5 "$tmp/$name.err" >&2
	fi
	for p in "$@"; do
		if grep -qxF -- "$p" "$tmp/$name.out"; then
			if [ "$mode" = present ]; then
				ok "$name: installs $p"
			else
				not_ok "$name: does not install $p"
			fi
		elif [ "$mode" = absent ]; then
			ok "$name: does not install $p"
		else
			not_ok "$name: installs $p"
		fi
	done
}

ENGINE=(docker.io containerd runc)

# Docker CE: docker-ce, docker-ce-cli and containerd.io, no docker.io
run docker-ce yes docker.io containerd runc moby-engine
expect docker-ce 0 absent "${ENGINE[@]}"

# Docker CE packages without dockerd on PATH (say, /usr/bin not searched)
run docker-ce-nopath no docker.io containerd runc moby-engine
expect docker-ce-nopath 0 absent "${ENGINE[@]}"

# Debian's docker.io, fully installed: nothing to add
run docker.io yes docker-ce containerd.io moby-engine
expect docker.io 0 absent "${ENGINE[@]}"

# moby-engine (no dockerd on this PATH)
run moby no docker.io docker-ce containerd.io containerd runc
expect moby 0 absent "${ENGINE[@]}"

# a dockerd of its own (static binaries, a tarball install)
run own-dockerd yes docker.io docker-ce containerd.io moby-engine containerd runc
expect own-dockerd 0 absent "${ENGINE[@]}"

# no engine at all: docker.io, containerd and runc
run none no docker.io docker-ce containerd.io moby-engine containerd runc
expect none 0 present "${ENGINE[@]}"

# containerd.io alone: docker.io would replace it; says what to do instead
run containerd.io no docker.io docker-ce moby-engine containerd runc
expect containerd.io 1 absent "${ENGINE[@]}"
if grep -q 'docker-ce' "$tmp/containerd.io.err"; then
	ok "containerd.io: says to install docker-ce"
else
	not_ok "containerd.io: says to install docker-ce"
fi

# the JUnit consumer the tests use is asked for
run junitparser yes python3-junitparser
expect junitparser 0 present python3-junitparser

# the browser of the html test and the YAML parser of the CI examples' test
run chromium yes chromium python3-yaml
expect chromium 0 present chromium python3-yaml

# Podman's Docker-compatible service (tests/integration/podman.sh), with
# crun for its "crun | runc" dependency: asked for beside any engine, and
# never with runc where Docker CE is (containerd.io replaces runc)
run podman yes podman crun
expect podman 0 present podman crun
run podman-docker-ce yes docker.io containerd runc moby-engine podman crun
expect podman-docker-ce 0 present podman crun
expect podman-docker-ce 0 absent runc

# RootlessKit, slirp4netns and uidmap for the rootless dockerd of
# tests/integration/rootless.sh, beside any engine
run rootless yes rootlesskit slirp4netns uidmap
expect rootless 0 present rootlesskit slirp4netns uidmap
run rootless-docker-ce yes docker.io containerd runc moby-engine rootlesskit
expect rootless-docker-ce 0 present rootlesskit

printf '%d passed, %d failed\n' "$((n - failures))" "$failures"
[ "$failures" -eq 0 ]

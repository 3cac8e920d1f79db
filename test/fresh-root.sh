#!/bin/bash
# A throwaway Debian root file system for the test stages that need another
# Debian release or another PostgreSQL major than the machine's own
# (92-versions: PostgreSQL 17 on Debian 13, 18 from sid; 91-package: the
# .deb installed on a machine that never saw the sources).  Run as root.
#
#   bash test/fresh-root.sh run SUITE 'PACKAGES' 'COMMANDS' [FILE...]
#
# SUITE is a Debian suite (bookworm, trixie), optionally followed by +sid
# (trixie+sid: Debian 13 with sid's packages available, for PostgreSQL 18).
# The root is Debian's minimal base (debootstrap --variant=minbase) with
# PACKAGES installed by apt (--no-install-recommends).  The working tree of
# this checkout (tracked and untracked files, not the ignored ones: no build
# products) is copied to /root/src, each FILE to /root/in/; COMMANDS then run
# there with bash as root, in their own mount and PID namespaces (every
# process they start, e.g. a postgres server, ends with them), and the root
# is deleted.  Exit status: that of COMMANDS.  The root shares the
# machine's network: PGPORT is set to a port no server of the machine
# listens on (pg_virtualenv uses it).
#
# Caches, to keep CI fast (FAIRNESS_ROOT_CACHE, default /var/cache/fairness-
# roots): the debootstrap base of each suite, and the base with PACKAGES
# installed (one tarball per suite and package list).  A cached tarball
# older than FAIRNESS_ROOT_MAX_AGE days (default 7) is rebuilt, so that the
# roots follow Debian's updates.  Packages come from the machine's own apt
# mirror (the sources of its own release, moved to SUITE).
set -u
CACHE=${FAIRNESS_ROOT_CACHE:-/var/cache/fairness-roots}
MAX_AGE=${FAIRNESS_ROOT_MAX_AGE:-7}
TAR=(tar --numeric-owner)
die() { echo "fresh-root: $*" >&2; exit 2; }
note() { echo "fresh-root: $*" >&2; }

host_suite() { . /etc/os-release && echo "$VERSION_CODENAME"; }
# the URI apt uses for the machine's own release (serves every suite)
mirror() {
	apt-get indextargets --format '$(REPO_URI)' "Release: $(host_suite)" 'Identifier: Packages' | head -n 1
}
# a cached file that exists and is younger than MAX_AGE days
fresh() { [ -f "$1" ] && [ -z "$(find "$1" -mtime "+$MAX_AGE" 2>/dev/null)" ]; }

# mounts /proc, a minimal /dev and a tmpfs /tmp in root $1; only called
# inside the private mount namespace (the mounts vanish with it)
mounts() {
	local r=$1 n
	mount -t proc proc "$r/proc" || return 1
	mount -t tmpfs -o mode=755,nosuid tmpfs "$r/dev" || return 1
	for n in null zero full random urandom tty; do
		touch "$r/dev/$n" && mount --bind "/dev/$n" "$r/dev/$n" || return 1
	done
	mkdir -p "$r/dev/pts" "$r/dev/shm"
	mount -t devpts -o newinstance,ptmxmode=0666,mode=620 devpts "$r/dev/pts" || return 1
	mount -t tmpfs -o mode=1777,nosuid,nodev tmpfs "$r/dev/shm" || return 1
	ln -s pts/ptmx "$r/dev/ptmx"
	ln -s /proc/self/fd "$r/dev/fd"
	ln -s /proc/self/fd/0 "$r/dev/stdin"
	ln -s /proc/self/fd/1 "$r/dev/stdout"
	ln -s /proc/self/fd/2 "$r/dev/stderr"
}

# a TCP port nobody listens on: the root shares the machine's network (apt
# needs it), so a server started in it (pg_virtualenv takes $PGPORT) must
# not pick 5432 or another port a server of the machine is using
free_port() {
	local p i
	for i in $(seq 1 100); do
		p=$((20000 + RANDOM % 20000))
		[ -z "$(ss -Htln "sport = :$p" 2>/dev/null)" ] && { echo "$p"; return 0; }
	done
	echo 25432
}

# runs "$2" (a bash script) in root $1, in new mount and PID namespaces
in_root() {
	local r=$1
	printf '%s\n' "$2" >"$r/run/fresh-root-commands"
	unshare --mount --pid --fork --kill-child --propagation private \
		bash "$SELF" _inside "$r" </dev/null
}
inside() {
	local r=$1
	mounts "$r" || die "cannot mount /proc and /dev in $r"
	exec chroot "$r" /usr/bin/env -i HOME=/root LANG=C.UTF-8 TERM=dumb PGPORT="$(free_port)" \
		PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
		bash -c 'cd /root && bash /run/fresh-root-commands'
}

# the debootstrap base of suite $1
base() {
	local suite=$1 tarball=$CACHE/base-$1.tar b m
	fresh "$tarball" && return 0
	command -v debootstrap >/dev/null || die "debootstrap is not installed (sh test/deps.sh)"
	m=$(mirror)
	[ -n "$m" ] || die "no apt source for $(host_suite) on this machine"
	mkdir -p "$CACHE" && b=$(mktemp -d "$CACHE/build.XXXXXX") || die "cannot write $CACHE"
	chmod 755 "$b"
	note "debootstrap $suite from $m (once; cached in $tarball)"
	if ! debootstrap --variant=minbase "$suite" "$b" "$m" >"$CACHE/debootstrap-$suite.log" 2>&1; then
		tail -n 20 "$CACHE/debootstrap-$suite.log" >&2
		rm -rf --one-file-system "$b"
		die "debootstrap $suite failed"
	fi
	chroot "$b" apt-get clean
	rm -rf "$b"/var/lib/apt/lists/*
	"${TAR[@]}" -C "$b" -cf "$tarball.part" . && mv "$tarball.part" "$tarball" || die "cannot write $tarball"
	rm -rf --one-file-system "$b"
}

# apt sources and settings of root $1 for suite spec $2 (e.g. trixie+sid):
# the machine's own sources (release, -updates, -security) moved to the suite
configure_apt() {
	local r=$1 suite=${2%%+*} h k uri rel
	h=$(host_suite)
	k='[signed-by=/usr/share/keyrings/debian-archive-keyring.gpg]'
	rm -f "$r/etc/apt/sources.list" "$r"/etc/apt/sources.list.d/*
	apt-get indextargets --format '$(REPO_URI) $(RELEASE)' 'Identifier: Packages' | sort -u |
		while read -r uri rel; do
			case $rel in
				"$h" | "$h"-updates | "$h"-security) echo "deb $k $uri ${rel/#$h/$suite} main" ;;
			esac
		done >"$r/etc/apt/sources.list"
	case $2 in
		*+sid) echo "deb $k $(mirror) sid main" >>"$r/etc/apt/sources.list" ;;
	esac
	# the machine's proxy and Release-date settings (a snapshot mirror)
	apt-config dump | grep -E '^Acquire::([^ ]*::)?(Proxy|Check-Valid-Until|Check-Date)[: ]' \
		>"$r/etc/apt/apt.conf.d/99fresh-root" || true
	cp -L /etc/resolv.conf "$r/etc/resolv.conf" 2>/dev/null || true
	# services do not start in the root (postgresql's default cluster)
	printf '#!/bin/sh\nexit 101\n' >"$r/usr/sbin/policy-rc.d"
	chmod 755 "$r/usr/sbin/policy-rc.d"
}

# the base of suite spec $1 with packages $2 installed: prints its tarball
prepared() {
	local spec=$1 pkgs key tarball r
	pkgs=$(printf '%s\n' $2 | sort -u | tr '\n' ' ')
	key=$(printf '%s|%s' "$spec" "$pkgs" | sha1sum | cut -c1-12)
	tarball=$CACHE/root-$spec-$key.tar
	if ! fresh "$tarball"; then
		base "${spec%%+*}" || exit 2
		r=$(mktemp -d "$CACHE/build.XXXXXX") || die "cannot write $CACHE"
		chmod 755 "$r"
		"${TAR[@]}" -C "$r" -xf "$CACHE/base-${spec%%+*}.tar" || die "cannot unpack the base"
		configure_apt "$r" "$spec"
		note "$spec: installing $pkgs(once; cached in $tarball)"
		if ! in_root "$r" "export DEBIAN_FRONTEND=noninteractive
			apt-get update -qq && apt-get install -y -qq --no-install-recommends $pkgs >/dev/null && apt-get clean" >&2; then
			rm -rf --one-file-system "$r"
			die "cannot install $pkgs in $spec"
		fi
		rm -rf "$r"/var/lib/apt/lists/*
		"${TAR[@]}" -C "$r" -cf "$tarball.part" . && mv "$tarball.part" "$tarball" || die "cannot write $tarball"
		rm -rf --one-file-system "$r"
		# older tarballs of this suite spec are stale
		find "$CACHE" -maxdepth 1 -name "root-$spec-*.tar" ! -name "$(basename "$tarball")" -delete
	fi
	echo "$tarball"
}

run() {
	local spec=${1:-} pkgs=${2:-} cmds=${3:-} tarball rc f src r
	[ -n "$spec" ] && [ -n "$cmds" ] || die "usage: $0 run SUITE[+sid] 'PACKAGES' 'COMMANDS' [FILE...]"
	shift 3
	[ "$(id -u)" = 0 ] || die "must run as root (debootstrap, chroot, namespaces)"
	src=$(cd "$(dirname "$SELF")/.." && pwd)
	tarball=$(prepared "$spec" "$pkgs") || exit 2
	r=$(mktemp -d "${TMPDIR:-/tmp}/fairness-root.XXXXXX") || die "cannot create a root"
	chmod 755 "$r"
	RUN_ROOT=$r
	trap 'rm -rf --one-file-system "$RUN_ROOT"' EXIT
	"${TAR[@]}" -C "$r" -xf "$tarball" || die "cannot unpack $tarball"
	configure_apt "$r" "$spec"
	mkdir -p "$r/root/src" "$r/root/in"
	(cd "$src" && git ls-files -z -co --exclude-standard | tar --null --ignore-failed-read -T - -cf -) | tar -C "$r/root/src" -xf - ||
		die "cannot copy the working tree"
	for f in "$@"; do cp "$f" "$r/root/in/" || die "cannot copy $f"; done
	in_root "$r" "$cmds"
	rc=$?
	return $rc
}

SELF=$(readlink -f "$0")
case "${1:-}" in
	run) shift; run "$@" ;;
	_inside) shift; inside "$@" ;;
	*) die "usage: $0 run SUITE[+sid] 'PACKAGES' 'COMMANDS' [FILE...]" ;;
esac

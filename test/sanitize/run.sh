#!/bin/bash
# `make test-sanitize`: the whole test suite (test/run-in-cluster: pg_regress
# and test/scripts/*.sh, including the short fuzz run) against a build made
# with AddressSanitizer and UndefinedBehaviorSanitizer (make SANITIZE=1).
#
# The sanitized build is made in a scratch copy of the tree and installed
# under a scratch DESTDIR, which the throwaway cluster reads through Debian's
# extension_destdir setting: neither this tree's objects nor the system's
# installed groomstats are touched.  The server itself is not instrumented,
# so libasan is preloaded into the postmaster (through the cluster's
# pg_ctlcluster `environment` file and a restart); every backend inherits it.
# Any sanitizer report aborts the process, fails the tests, and is printed.
set -euo pipefail
cd "$(dirname "$0")/../.."
tree=$(pwd)
started=$(date +%s)

work=$(mktemp -d "${TMPDIR:-/tmp}/groomstats-sanitize.XXXXXX")
trap 'rm -rf "$work"' EXIT
chmod 755 "$work" # the server (user postgres) reads the install and writes reports here

echo "=== sanitized build (make SANITIZE=1) in $work/build"
mkdir "$work/build"
cp -r Makefile ./*.control src sql "$work/build/"
make -s -C "$work/build" clean >/dev/null
make -s -C "$work/build" SANITIZE=1 -j"$(nproc)"
make -s -C "$work/build" SANITIZE=1 install DESTDIR="$work/root" >/dev/null
so=$(find "$work/root" -name groomstats.so)
ldd "$so" | grep libasan >/dev/null || { echo "test-sanitize: $so is not linked with libasan" >&2; exit 1; }

libasan=$(readlink -f "$(${CC:-gcc} -print-file-name=libasan.so)")
[ -f "$libasan" ] || { echo "test-sanitize: libasan not found" >&2; exit 1; }
${CC:-gcc} -O2 -shared -fPIC -o "$work/asan_early.so" test/sanitize/asan_early.c -ldl
mkdir -m 1777 "$work/reports"

# The cluster settings of test/run-tests, plus the scratch install.
mapfile -t opts < <(grep -oE -- '-o [^ \\]+' test/run-tests | sed 's/^-o /-o\n/' )
status=0
SANITIZE_WORK="$work" SANITIZE_LIBASAN="$libasan" \
	pg_virtualenv -t ${PG_MAJOR:+-v "$PG_MAJOR"} "${opts[@]}" -o extension_destdir="$work/root" \
	bash test/sanitize/in-cluster.sh || status=$?

# Reports written by processes that aborted (log_path), if any.
if compgen -G "$work/reports/*" >/dev/null; then
	echo "=== sanitizer reports"
	cat "$work/reports/"*
	status=1
fi
echo "test-sanitize: $( [ $status -eq 0 ] && echo clean || echo FAILED ) ($(($(date +%s) - started)) s)"
exit $status

#!/bin/bash
# Run TAP tests (test/t/*.pl, PostgreSQL::Test::Cluster) with prove:
#   bash test/t/prove.sh [test/t/NAME.pl ...]      # default: all of them
# Called by test/run-in-cluster for each test, inside the suite's throwaway
# cluster, whose settings it passes on to every node the tests make: its
# extension_destdir (test/dev-suite and the sanitizer run install the build
# under test there; make test uses the system's installation) through
# TEMP_CONFIG, and its server environment (the sanitizer run preloads
# libasan) through GROOMSTATS_SERVER_ENV_FILE.  initdb refuses to run as
# root, so as root the tests run as the user postgres.
set -euo pipefail
cd "$(dirname "$0")/../.."
tree=$(pwd)

pg_config=${PG_CONFIG:-pg_config}
bindir=$("$pg_config" --bindir)
pgxs=$(dirname "$("$pg_config" --pgxs)")/..
perl_lib=$pgxs/test/perl
[ -f "$perl_lib/PostgreSQL/Test/Cluster.pm" ] ||
	{ echo "prove.sh: PostgreSQL::Test::Cluster not found in $perl_lib (install postgresql-server-dev)" >&2; exit 1; }
perl -MIPC::Run -e 1 2>/dev/null || { echo "prove.sh: IPC::Run is missing (install libipc-run-perl)" >&2; exit 1; }

work=$(mktemp -d "${TMPDIR:-/tmp}/groomstats-tap.XXXXXX")
trap 'rm -rf "$work"' EXIT
chmod 755 "$work"

# The suite's cluster (PGHOST/PGPORT from pg_virtualenv), if there is one.
destdir=""
if [ -n "${PGPORT:-}" ]; then
	destdir=$(psql -X -At -d postgres -c "SELECT current_setting('extension_destdir', true)" 2>/dev/null || true)
fi
destdir=${GROOMSTATS_EXTENSION_DESTDIR:-$destdir}
: >"$work/temp.conf"
[ -n "$destdir" ] && echo "extension_destdir = '$destdir'" >>"$work/temp.conf"
server_env=""
if [ -n "${PG_CLUSTER_CONF_ROOT:-}" ] && [ -n "${PGVERSION:-}" ] &&
	grep -q "^[A-Za-z]" "$PG_CLUSTER_CONF_ROOT/$PGVERSION/regress/environment" 2>/dev/null; then
	cp "$PG_CLUSTER_CONF_ROOT/$PGVERSION/regress/environment" "$work/server.env"
	server_env=$work/server.env
fi
where=${destdir:-the system installation}
[ -n "$server_env" ] && where+=", with the server environment of the suite's cluster"
echo "TAP: nodes load groomstats from $where"

tests=("$@")
[ ${#tests[@]} -gt 0 ] || tests=(test/t/*.pl)

mkdir "$work/home"
# As root the tests run as postgres, who may not be able to read this tree
# (a clone under /root, say): they run from a copy in the work directory.
mkdir "$work/tree"
tar -C "$tree" --exclude=./.git --exclude=./.destdir --exclude=./results --exclude=./tmp_check -cf - . |
	tar -C "$work/tree" -xf -
tree=$work/tree
cd "$tree"
run_as=()
tap_user=$(id -un)
if [ "$(id -u)" -eq 0 ]; then
	chown -R postgres: "$work"
	run_as=(runuser -u postgres --)
	tap_user=postgres
fi
# Port reservations shared by every TAP run on the machine (concurrent runs
# from other work trees must not pick the same port).
portdir="/tmp/groomstats-tap-portlock.$tap_user"
mkdir -p "$portdir"
if [ "$(id -u)" -eq 0 ]; then chown postgres: "$portdir"; fi
status=0
"${run_as[@]}" env -i PATH="$bindir:/usr/bin:/bin" HOME="$work/home" LANG=C.UTF-8 \
	PERL5LIB="$perl_lib:$tree/test/t" TESTDIR="$work" TEMP_CONFIG="$work/temp.conf" \
	PG_REGRESS="$pgxs/test/regress/pg_regress" PG_CONFIG="$pg_config" PG_TEST_PORT_DIR="$portdir" \
	GROOMSTATS_SERVER_ENV_FILE="$server_env" \
	prove --verbose --timer "${tests[@]}" || status=$?
if [ "$status" -ne 0 ]; then
	for log in "$work"/tmp_check/log/regress_log_*; do
		[ -e "$log" ] || continue
		echo "=== the last lines of $(basename "$log")"
		tail -60 "$log"
	done
fi
exit "$status"

#!/bin/bash
# groomstats benchmark (`make bench`, which builds and installs first).
#
#   N=10000000   rows in the generated table (default 10 million)
#   RUNS=5       timed rounds after one warm-up round (medians are reported)
#   RECORD=1     also append the results as a section of test/bench/RESULTS.md
#   DESTDIR=dir  run against a private install (make install DESTDIR=dir),
#                through Debian's extension_destdir, not the system's
#
# Runs in a throwaway cluster (pg_virtualenv -t, removed afterwards), with JIT
# off and shared buffers large enough to hold the table, so every figure is
# CPU time over data in memory.  Exits 0 whether or not the targets hold (it
# is a benchmark, not a test); it fails only if something breaks.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cd "$here/../.."

export N=${N:-10000000}
export RUNS=${RUNS:-5}
[[ "$N" =~ ^[0-9]+$ && "$N" -ge 1000 ]] || { echo "run.sh: N must be a number >= 1000" >&2; exit 2; }
[[ "$RUNS" =~ ^[0-9]+$ && "$RUNS" -ge 1 ]] || { echo "run.sh: RUNS must be a number >= 1" >&2; exit 2; }

# About 85 bytes a row, plus the stored summaries: shared buffers of twice
# that (at least 256MB) hold everything.
sb_mb=$((N * 170 / 1048576))
[ "$sb_mb" -lt 256 ] && sb_mb=256

# Other jobs on the same cores distort the figures (the parallel ones most):
# the load average before and after is printed with them.
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
log=$(mktemp)
trap 'rm -f "$log"' EXIT
destdir_opt=()
[ -n "${DESTDIR:-}" ] && destdir_opt=(-o extension_destdir="$DESTDIR")
uptime_before=$(uptime)
start=$(date +%s)
pg_virtualenv -t "${destdir_opt[@]}" \
	-o jit=off \
	-o shared_buffers=${sb_mb}MB \
	-o max_worker_processes=8 \
	-o max_parallel_workers=8 \
	-o max_parallel_workers_per_gather=0 \
	-o work_mem=64MB \
	-o autovacuum=off \
	bash "$here/in-cluster.sh" 2>&1 | tee "$log"
total=$(($(date +%s) - start))
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
uptime_after=$(uptime)
echo "benchmark took ${total} s; load average (1, 5, 15 min) before: $load_before, after: $load_after"

if [ "${RECORD:-0}" = 1 ]; then
	{
		echo
		echo "## $(date -u '+%Y-%m-%d %H:%M UTC'), commit $(git rev-parse --short HEAD 2>/dev/null || echo none)$(git diff --quiet HEAD -- src 2>/dev/null || echo ' + uncommitted src changes'), N=$N"
		echo
		echo "Machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p'), $(free -g | awk '/^Mem:/ { print $2 }') GB RAM; PostgreSQL $(pg_config --version | awk '{ print $2 }'); whole run ${total} s; load average (1, 5, 15 min) before: $load_before, after: $load_after (uptime before: \`$uptime_before\`; after: \`$uptime_after\`)."
		echo
		echo '```'
		sed -n '/^== groomstats benchmark/,/^SUMMARY grouped/p' "$log"
		echo '```'
	} >>"$here/RESULTS.md"
	echo "recorded in test/bench/RESULTS.md"
fi

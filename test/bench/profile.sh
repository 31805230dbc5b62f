#!/bin/bash
# Profile one backend running a query over the benchmark table, with perf.
#
#   bash test/bench/profile.sh [query]      (N=2000000 rows by default; REPEAT=10)
#
# Prints perf's flat profile (self time per function) for the backend that
# runs the query REPEAT times serially; the raw data stays in
# $PERF_DATA (default /tmp/groomstats-perf.data) for `perf report -i`.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)

export N=${N:-2000000}
export REPEAT=${REPEAT:-10}
export QUERY=${1:-SELECT offence_summary_agg(recorded, platforms, victim_age) FROM t}
export PERF_DATA=${PERF_DATA:-/tmp/groomstats-perf.data}
export here

pg_virtualenv -t -o jit=off -o shared_buffers=1GB -o max_parallel_workers_per_gather=0 bash -c '
	set -euo pipefail
	psql -X -q -c "SET client_min_messages = warning" -c "CREATE EXTENSION IF NOT EXISTS groomstats"
	psql -X -q -v N="$N" -f "$here/generate.sql"
	pidfile=$(mktemp)
	{
		echo "SELECT pg_backend_pid() \\g $pidfile"
		echo "$QUERY \\g /dev/null"
		echo "SELECT pg_sleep(1);"
		for ((i = 0; i < REPEAT; i++)); do echo "$QUERY \\g /dev/null"; done
	} | psql -X -q -At &
	psql_pid=$!
	while ! grep -q "[0-9]" "$pidfile" 2>/dev/null; do sleep 0.1; done
	backend=$(tr -dc 0-9 <"$pidfile")
	sleep 0.5
	perf record -q -o "$PERF_DATA" -p "$backend" 2>/dev/null &
	perf_pid=$!
	wait "$psql_pid"
	kill -INT "$perf_pid"
	wait "$perf_pid" || true
	perf report -i "$PERF_DATA" --stdio --no-children --sort symbol 2>/dev/null | grep -v "^#" | grep -v "^$" | head -40 || true
	rm -f "$pidfile"
'

#!/bin/bash
# Inside the throwaway cluster of test/sanitize/run.sh: preload the ASan
# runtime into the postmaster, restart it, check that the sanitized build is
# the one loaded, run the suite (test/run-in-cluster), then look through the
# server log for sanitizer reports.
set -uo pipefail
cd "$(dirname "$0")/../.."
work=$SANITIZE_WORK
conf="$PG_CLUSTER_CONF_ROOT/$PGVERSION/regress"

cat >> "$conf/environment" <<EOT
LD_PRELOAD = '$SANITIZE_LIBASAN $work/asan_early.so'
ASAN_OPTIONS = 'detect_leaks=0:abort_on_error=1:disable_coredump=1:log_path=$work/reports/asan'
UBSAN_OPTIONS = 'print_stacktrace=1:halt_on_error=1:abort_on_error=1:log_path=$work/reports/ubsan'
EOT
pg_ctlcluster "$PGVERSION" regress restart

datadir=$(psql -X -A -t -c "SHOW data_directory")
logfile=$(ls "$(dirname "$PG_CLUSTER_CONF_ROOT")"/log/*.log)
postmaster=$(head -1 "$datadir/postmaster.pid")
if ! tr '\0' '\n' <"/proc/$postmaster/environ" | grep "^LD_PRELOAD=.*libasan" >/dev/null; then
	echo "test-sanitize: the postmaster does not have libasan preloaded" >&2
	exit 1
fi
# The backend that loads groomstats must map the sanitized build.
psql -X -q -c "CREATE DATABASE sanitize_check"
maps=$(psql -X -A -t -d sanitize_check -c "SET client_min_messages = warning" \
	-c "CREATE EXTENSION groomstats" -c "SELECT offences(offence_summary_agg(current_date, 'x'::text, 1))" \
	-c "SELECT pg_read_file('/proc/' || pg_backend_pid() || '/maps')" | grep groomstats.so | head -1)
psql -X -q -c "DROP DATABASE sanitize_check"
case "$maps" in
*"$work/root/"*) echo "test-sanitize: server runs with libasan preloaded; loaded ${maps##* }" ;;
*)
	echo "test-sanitize: the server did not load the sanitized groomstats.so: $maps" >&2
	exit 1
	;;
esac

status=0
bash test/run-in-cluster || status=$?

# UBSan reports go to the server log (stderr); ASan's to log_path, which
# test/sanitize/run.sh prints.  Either aborts the process, so the postmaster
# also logs a crash.
pattern='AddressSanitizer|UndefinedBehaviorSanitizer|LeakSanitizer|runtime error:|terminated by signal|server process \(PID [0-9]+\) exited with exit code'
if grep -q -E "$pattern" "$logfile"; then
	echo "test-sanitize: sanitizer reports or crashes in the server log:" >&2
	grep -E -n -A 12 "$pattern" "$logfile" | head -200
	status=1
fi
exit $status

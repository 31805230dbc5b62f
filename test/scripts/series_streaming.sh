#!/bin/bash
# Set-returning accessors over periods stream (issue 11 item 12, issue 13):
# daily_counts, counts_by and rolling_counts return one row per call, so
#  - in the select list a LIMIT 5 over the whole date range returns at once
#    (1.0's daily_counts wrote 4 GB of temporary files first);
#  - a statement timeout cancels a long one, in the select list and in FROM;
#  - memory stays flat: 20 million rows leave no temporary file and raise
#    the backend's peak memory by under 16 MB;
#  - bad arguments are class 22 errors.
set -euo pipefail
cd "$(dirname "$0")/../.."
source test/lib.sh
db=groomstats_series_streaming
recreate_db $db
trap 'drop_db $db' EXIT
q -d $db <<'SQL'
CREATE EXTENSION groomstats;
CREATE TABLE t AS
SELECT offence_summary_agg(d, NULL::text, NULL::int) AS s
FROM (SELECT date '2017-04-03' + i % 700 FROM generate_series(1, 5000) i) x(d);
SQL
whole="'[4714-11-24 BC,5874897-12-31)'"

# LIMIT 5 over the whole date range: each well under a second.
for call in "daily_counts(s, $whole)" "counts_by(s, $whole, 'week')" "counts_by(s, $whole, 'month')" \
	"rolling_counts(s, $whole)" "rolling_counts(s, $whole, 1200)"; do
	start=$(date +%s%N)
	rows=$(q -d $db -tA -c "SELECT count(*) FROM (SELECT $call AS r FROM t LIMIT 5) x")
	ms=$(((($(date +%s%N) - start)) / 1000000))
	echo "LIMIT 5 of $call: $rows rows in $ms ms"
	[ "$rows" = 5 ] || fail "$call: $rows rows"
	[ "$ms" -lt 2000 ] || fail "$call with LIMIT 5 took $ms ms: it does not stream"
done
# The rows after a LIMIT are the same as those of a bounded call.
same=$(q -d $db -tA -c "SELECT (SELECT array_agg(r) FROM (SELECT daily_counts(s, $whole) AS r FROM t LIMIT 5) a)
	= (SELECT array_agg(r) FROM (SELECT daily_counts(s, '[4714-11-24 BC,4714-11-29 BC)') AS r FROM t) b)")
[ "$same" = t ] || fail "the first rows of a long period differ from a short one's"

# A statement timeout (300 ms) cancels a long call within 2 s (within 0.3 s of it on a quiet machine).
for form in "SELECT count(*) FROM (SELECT daily_counts(s, $whole) FROM t) x" \
	"SELECT count(*) FROM t, daily_counts(s, $whole)" \
	"SELECT count(*) FROM t, counts_by(s, $whole, 'week')" \
	"SELECT count(*) FROM t, rate_trend(s, $whole, 'week')"; do
	start=$(date +%s%N)
	if out=$(q -d $db -c "SET statement_timeout = '300ms'" -c "$form" 2>&1); then
		fail "not cancelled: $form"
	fi
	ms=$(((($(date +%s%N) - start)) / 1000000))
	echo "$form: cancelled after $ms ms"
	grep -q "canceling statement due to statement timeout" <<<"$out" || fail "$form: $out"
	[ "$ms" -lt 2000 ] || fail "$form: cancelled only after $ms ms"
done

# Memory: 20 million rows through the select list, no temporary file, and
# the backend's peak resident memory (VmHWM) grows by under 16 MB.
out=$(q -d $db -tA <<SQL
SET work_mem = '64kB';
SELECT pg_backend_pid() AS pid \gset
SELECT count(*) FROM (SELECT daily_counts(s, '[2000-01-01,2010-01-01)') FROM t) x;
SELECT regexp_replace(pg_read_file('/proc/' || :pid || '/status'), '.*VmHWM:\s*([0-9]+) kB.*', '\1', 's') AS before_kb;
EXPLAIN (ANALYZE, BUFFERS, TIMING OFF, COSTS OFF)
SELECT count(*) FROM (SELECT daily_counts(s, daterange('2000-01-01', date '2000-01-01' + 20000000)) FROM t) x;
SELECT regexp_replace(pg_read_file('/proc/' || :pid || '/status'), '.*VmHWM:\s*([0-9]+) kB.*', '\1', 's') AS after_kb;
SQL
)
echo "$out"
grep -qi "temp" <<<"$out" && fail "streaming 20 million rows used temporary files"
before=$(sed -n 2p <<<"$out")
after=$(tail -1 <<<"$out")
echo "peak memory: $before kB before, $after kB after 20 million rows"
[ $((after - before)) -lt 16384 ] || fail "peak memory grew by $((after - before)) kB"

# Bad arguments: class 22 (22023), named in the message.
for bad in "counts_by(s, '[2017-01-01,2018-01-01)', 'fortnight')" "counts_by(s, '[2017-01-01,)', 'month')" \
	"rolling_counts(s, '[2017-01-01,2018-01-01)', 0)" "rate_trend(s, '[2017-01-01,2018-06-01)')" \
	"rate_trend(s, '[2017-01-01,2022-01-01)', 'year', 0.95, 'gaussian')" \
	"count_change(s, '[2017-01-01,2018-01-01)', s, '[2016-01-01,2017-01-01)', 1.0)" \
	"series_svg(s, '[2017-01-01,2018-01-01)', 'x', 10, 10)"; do
	out=$(q -d $db -v VERBOSITY=verbose -c "SELECT * FROM t, $bad" 2>&1 || true)
	grep -q "ERROR:  22023" <<<"$out" || fail "$bad: expected 22023, got: $out"
done
echo "series streaming: ok"

#!/bin/bash
# Set-returning accessors over periods stream (issue 11 item 12, issue 13):
# daily_counts, counts_by and rolling_counts return one row per call, so
#  - in the select list a LIMIT 5 over the whole date range returns at once
#    (1.0's daily_counts wrote 4 GB of temporary files first);
#  - in FROM too (SELECT * FROM daily_counts(...) LIMIT 5, as the README and
#    BI tools write it): the public functions are SQL wrappers that the
#    planner inlines into a ProjectSet calling the C core once per row, so
#    no FunctionScan stores the whole result first (7.5 s and 515 MB of
#    temporary files for 20 million days when daily_counts was plain C);
#    the FROM form gives the same rows as the select list and the C core,
#    and hostile overloads on the search path or in the extension's schema
#    change nothing (the wrappers cannot SET search_path: they would not
#    inline);
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
# In FROM, LIMIT 5 over the whole date range: under a second, no temporary
# file (EXPLAIN's temp buffers, and the database's temp_files counter), and
# the plan is the inlined ProjectSet, no Function Scan.
temp_files() {
	q -d $db -tA -c "SELECT temp_files || ' ' || temp_bytes FROM pg_stat_database WHERE datname = current_database()"
}
temp_before=$(temp_files)
for call in "daily_counts(s, $whole)" "counts_by(s, $whole, 'week')" "counts_by(s, $whole, 'month')" \
	"rolling_counts(s, $whole)" "rolling_counts(s, $whole, 1200)"; do
	start=$(date +%s%N)
	rows=$(q -d $db -tA -c "SET work_mem = '64kB'" -c "SELECT count(*) FROM (SELECT * FROM t, $call LIMIT 5) x")
	ms=$(((($(date +%s%N) - start)) / 1000000))
	plan=$(q -d $db -tA -c "SET work_mem = '64kB'" \
		-c "EXPLAIN (ANALYZE, BUFFERS, COSTS OFF, TIMING OFF) SELECT * FROM t, $call LIMIT 5")
	echo "FROM, LIMIT 5 of $call: $rows rows in $ms ms; plan nodes: $(grep -oE 'ProjectSet|Function Scan|temp [a-z]+=[0-9]+' <<<"$plan" | sort -u | tr '\n' ' ')"
	[ "$rows" = 5 ] || fail "FROM $call: $rows rows"
	[ "$ms" -lt 1000 ] || fail "FROM $call with LIMIT 5 took $ms ms: it does not stream"
	grep -q "ProjectSet" <<<"$plan" || fail "FROM $call is not inlined into a ProjectSet: $plan"
	grep -q "Function Scan" <<<"$plan" && fail "FROM $call still has a Function Scan: $plan"
	grep -qi "temp" <<<"$plan" && fail "FROM $call with LIMIT 5 used temporary files: $plan"
done
# As users write it, with no table: s from a CTE, or a constant.
for form in "WITH c AS (SELECT s FROM t) SELECT d.* FROM c, daily_counts(c.s, $whole) d LIMIT 5" \
	"SELECT * FROM daily_counts('$(q -d $db -tA -c "SELECT s FROM t")'::offence_summary, $whole) LIMIT 5" \
	"SELECT * FROM counts_by('$(q -d $db -tA -c "SELECT s FROM t")'::offence_summary, $whole, 'week') LIMIT 5"; do
	start=$(date +%s%N)
	rows=$(q -d $db -tA -c "SET work_mem = '64kB'" -c "SELECT count(*) FROM ($form) x")
	ms=$(((($(date +%s%N) - start)) / 1000000))
	echo "${form:0:50}...: $rows rows in $ms ms"
	[ "$rows" = 5 ] && [ "$ms" -lt 1000 ] || fail "$form: $rows rows in $ms ms"
done
temp_after=$(temp_files)
echo "database temporary files (count bytes) before the FROM forms: $temp_before; after: $temp_after"
[ "$temp_before" = "$temp_after" ] || fail "the FROM forms with LIMIT wrote temporary files"
# Negative control: the C core in FROM is a Function Scan, which stores every
# row first: over 200,000 days with work_mem 64kB it spills to a temporary file.
plan=$(q -d $db -tA -c "SET work_mem = '64kB'" \
	-c "EXPLAIN (ANALYZE, BUFFERS, COSTS OFF, TIMING OFF) SELECT * FROM t, daily_counts_stream(s, daterange('2000-01-01', date '2000-01-01' + 200000)) LIMIT 5")
grep -q "Function Scan" <<<"$plan" && grep -qi "temp" <<<"$plan" ||
	fail "negative control: the C core in FROM should spill to a temporary file: $plan"
[ "$temp_before" != "$(temp_files)" ] || fail "negative control: temp_files did not count the spill"
echo "negative control: the C core in FROM (a Function Scan) spills: $(grep -oiE 'temp [a-z]+=[0-9]+( [a-z]+=[0-9]+)?' <<<"$plan" | head -1), temp_files now $(temp_files)"

# The inlined plan calls the C core once in the ProjectSet and takes the
# columns from its row (EXPLAIN VERBOSE); the C function is called once per
# row of the table, not once per column (3 rows: 3 complete calls, in
# pg_stat_xact_user_functions).
for spec in "daily_counts(s, '[2017-04-01,2017-04-08)')|daily_counts_stream" \
	"counts_by(s, '[2017-01-01,2018-01-01)', 'month')|counts_by_stream" \
	"rolling_counts(s, '[2018-01-01,2018-07-01)', 6)|rolling_counts_stream"; do
	fn=${spec##*|}
	call=${spec%|*}
	plan=$(q -d $db -tA -c "EXPLAIN (VERBOSE, COSTS OFF) SELECT d.* FROM t, $call d")
	projectset=$(grep -A1 "ProjectSet" <<<"$plan" | tail -1)
	[ "$(grep -o "${fn}(" <<<"$projectset" | wc -l)" = 1 ] || fail "$call: the ProjectSet does not call $fn once: $plan"
	grep -q "Function Scan" <<<"$plan" && fail "$call: not inlined: $plan"
	calls=$(q -d $db -tA <<SQL
SET track_functions = 'all';
BEGIN;
CREATE TEMP TABLE t3 AS SELECT s FROM t UNION ALL SELECT s FROM t UNION ALL SELECT s FROM t;
SELECT count(*) FROM t3, $call d \g /dev/null
SELECT coalesce(sum(calls), 0) FROM pg_stat_xact_user_functions WHERE funcname = '$fn';
ROLLBACK;
SQL
	)
	echo "FROM $call: inlined, $(sed 's/^ *//' <<<"$projectset"); $fn called $calls times for 3 rows"
	[ "$calls" = 3 ] || fail "$call: $fn called $calls times for 3 rows of t (once per column?)"
done

# Row estimates: with a constant period the planner is told the days (or
# about the buckets or month ends) of the call; otherwise ROWS (365, 60).
q -d $db -c "CREATE TABLE periods AS SELECT daterange('2017-01-01', '2027-01-01') AS p"
for spec in "daily_counts(s, '[2017-01-01,2027-01-01)')|3652" "daily_counts(s, '[2017-01-01,2017-01-02)')|1" \
	"counts_by(s, '[2017-01-01,2027-01-01)', 'month')|121" "counts_by(s, '[2017-01-01,2027-01-01)', 'week')|523" \
	"counts_by(s, '[2017-01-01,2027-01-01)', 'financial_year')|11" "rolling_counts(s, '[2017-01-01,2027-01-01)')|120" \
	"daily_counts(s, p)|365" "counts_by(s, p, 'month')|60" "rolling_counts(s, p, 3)|60" \
	"counts_by(s, '[2017-01-01,2027-01-01)', 'fortnight')|60"; do
	call=${spec%|*}
	want=${spec##*|}
	got=$(q -d $db -tA -c "EXPLAIN SELECT * FROM t, periods, $call" | grep -oE 'ProjectSet  \(cost=[0-9.]+ rows=[0-9]+' | grep -oE '[0-9]+$')
	echo "estimated rows of $call: $got"
	[ "$got" = "$want" ] || fail "$call: the planner estimates $got rows, expected $want"
done

# The FROM form gives the same rows, in the same order, as the select list
# and as the C core called directly (1.0's daily_counts was that C
# function), over BC, leap-day and far-future periods, with disclosure
# control hiding cells, and no row for a NULL summary.
q -d $db <<'SQL'
CREATE TABLE small AS
SELECT offence_summary_agg(d, NULL::text, NULL::int) AS s
FROM (VALUES (date '4714-11-24 BC'), ('4714-11-24 BC'), ('4714-12-01 BC'), ('2016-02-29'), ('2016-03-01'),
             ('2016-03-01'), ('2016-03-01'), ('2017-01-01'), ('2017-04-03'), ('5874897-12-31')) v(d)
UNION ALL SELECT s FROM t UNION ALL SELECT NULL;
CREATE FUNCTION rows_of(query text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE r text;
BEGIN
	EXECUTE query INTO r;
	RETURN coalesce(r, '(none)');
END $$;
SQL
compared=0
hidden=0
for period in "[4714-11-24 BC,4713-03-01 BC)" "[2015-12-30,2018-05-02)" "[5874890-01-01,5874897-12-31)" "[2016-02-29,2016-03-02)"; do
	for spec in "daily_counts|" "counts_by|, 'week'" "counts_by|, 'month'" "counts_by|, 'financial_year'" \
		"rolling_counts|, 12" "rolling_counts|, 3"; do
		f=${spec%%|*}
		rest=${spec#*|}
		public="$f(s, '$period'$rest)"
		[ "$rest" = ", 12" ] && public="$f(s, '$period')"
		core="${f}_stream(s, '$period'$rest)"
		for n in 0 3 10; do
			out=$(q -d $db -tA -F '|' <<SQL
SET groomstats.min_cell_count = $n;
SELECT rows_of(\$q\$SELECT string_agg(d::text, ';') FROM small, $public d\$q\$)
     = rows_of(\$q\$SELECT string_agg(r::text, ';') FROM (SELECT $public AS r FROM small) x\$q\$),
       rows_of(\$q\$SELECT string_agg(d::text, ';') FROM small, $public d\$q\$)
     = rows_of(\$q\$SELECT string_agg(d::text, ';') FROM small, $core d\$q\$),
       (SELECT count(*) FROM small, $public d WHERE d.suppressed),
       (SELECT count(*) FROM small, $public d);
SQL
			)
			IFS='|' read -r eq_select eq_core nhidden nrows <<<"$out"
			[ "$eq_select" = t ] && [ "$eq_core" = t ] ||
				fail "$public at min_cell_count $n: FROM = select list $eq_select, FROM = C core $eq_core"
			compared=$((compared + nrows))
			hidden=$((hidden + nhidden))
		done
	done
done
echo "FROM form = select list = C core: $compared rows compared (24 calls x 3 thresholds, 3 summaries), $hidden of them hidden"
[ "$hidden" -gt 0 ] || fail "no row hidden: the comparison does not cover disclosure control"
[ "$(q -d $db -tA -c "SELECT count(*) FROM daily_counts(NULL, '[2017-01-01,2017-02-01)')")" = 0 ] &&
	[ "$(q -d $db -tA -c "SELECT count(*) FROM counts_by(NULL, '[2017-01-01,2017-02-01)', 'week')")" = 0 ] &&
	[ "$(q -d $db -tA -c "SELECT count(*) FROM t, rolling_counts(s, NULL)")" = 0 ] ||
	fail "a NULL argument should give no rows"

# Hostile overloads of everything the wrappers' bodies name, in the
# extension's schema (public here) and first on the search path: results
# and plans are unchanged.
hostile_calls=("daily_counts(s, '[2016-12-25,2018-02-03)')" "counts_by(s, '[2016-12-25,2018-02-03)', 'week')"
	"counts_by(s, '[2016-12-25,2018-02-03)', 'month')" "rolling_counts(s, '[2016-12-25,2018-02-03)')"
	"rolling_counts(s, '[2016-12-25,2018-02-03)', 3)")
declare -A reference
for call in "${hostile_calls[@]}"; do
	reference[$call]=$(q -d $db -tA -c "SELECT rows_of(\$q\$SELECT string_agg(d::text, ';') FROM small, $call d\$q\$)")
done
q -d $db <<'SQL'
CREATE SCHEMA evil;
CREATE FUNCTION public.daily_counts_stream(s offence_summary, period anyrange)
  RETURNS TABLE(day date, offences bigint, suppressed boolean) LANGUAGE sql AS 'SELECT date ''1900-01-01'', -1::bigint, false';
CREATE FUNCTION evil.daily_counts_stream(s offence_summary, period daterange)
  RETURNS TABLE(day date, offences bigint, suppressed boolean) LANGUAGE sql AS 'SELECT date ''1900-01-01'', -1::bigint, false';
CREATE FUNCTION public.counts_by_stream(s offence_summary, period daterange, unit anyelement)
  RETURNS TABLE(start date, days int, offences bigint, suppressed boolean) LANGUAGE sql AS 'SELECT date ''1900-01-01'', -1, -1::bigint, false';
CREATE FUNCTION public.counts_by_stream(s offence_summary, period daterange, unit varchar)
  RETURNS TABLE(start date, days int, offences bigint, suppressed boolean) LANGUAGE sql AS 'SELECT date ''1900-01-01'', -1, -1::bigint, false';
CREATE FUNCTION public.rolling_counts_stream(s offence_summary, period daterange, months bigint)
  RETURNS TABLE(ending date, start date, days int, offences bigint, per_day float8, suppressed boolean)
  LANGUAGE sql AS 'SELECT date ''1900-01-01'', date ''1900-01-01'', -1, -1::bigint, -1::float8, false';
CREATE FUNCTION evil.rolling_counts_stream(s offence_summary, period daterange, months int)
  RETURNS TABLE(ending date, start date, days int, offences bigint, per_day float8, suppressed boolean)
  LANGUAGE sql AS 'SELECT date ''1900-01-01'', date ''1900-01-01'', -1, -1::bigint, -1::float8, false';
CREATE FUNCTION evil.day(record) RETURNS date LANGUAGE plpgsql AS 'BEGIN RETURN date ''1900-01-01''; END';
CREATE FUNCTION public.day(record) RETURNS date LANGUAGE plpgsql AS 'BEGIN RETURN date ''1900-01-01''; END';
CREATE FUNCTION evil.offences(record) RETURNS bigint LANGUAGE plpgsql AS 'BEGIN RETURN -1; END';
CREATE FUNCTION public.offences(record) RETURNS bigint LANGUAGE plpgsql AS 'BEGIN RETURN -1; END';
CREATE FUNCTION evil.start(record) RETURNS date LANGUAGE plpgsql AS 'BEGIN RETURN date ''1900-01-01''; END';
CREATE FUNCTION evil.suppressed(record) RETURNS boolean LANGUAGE plpgsql AS 'BEGIN RETURN true; END';
SQL
for call in "${hostile_calls[@]}"; do
	for path in "evil, public, pg_catalog" "public, evil"; do
		got=$(q -d $db -tA -c "SET search_path = $path" \
			-c "SELECT public.rows_of(\$q\$SELECT string_agg(d::text, ';') FROM public.small, public.$call d\$q\$)")
		plan=$(q -d $db -tA -c "SET search_path = $path" -c "EXPLAIN (VERBOSE, COSTS OFF) SELECT d.* FROM public.small, public.$call d")
		grep -q "ProjectSet" <<<"$plan" || fail "$call, search_path $path: not inlined: $plan"
		[ "$got" = "${reference[$call]}" ] || fail "$call, search_path $path: rows differ: ${got:0:200}"
	done
done
echo "hostile overloads in the extension's schema and on the search path: results and inlined plans unchanged"

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

# Memory: 20 million rows through the select list and through FROM, no
# temporary file, and the backend's peak resident memory (VmHWM) grows by
# under 16 MB.  (jit off: told 20 million rows, the planner JIT-compiles
# the FROM form, and loading LLVM costs some 70 MB once per backend, however
# many rows; this measures what the rows cost.)
out=$(q -d $db -tA <<SQL
SET work_mem = '64kB';
SET jit = off;
SELECT pg_backend_pid() AS pid \gset
SELECT count(*) FROM (SELECT daily_counts(s, '[2000-01-01,2010-01-01)') FROM t) x;
SELECT regexp_replace(pg_read_file('/proc/' || :pid || '/status'), '.*VmHWM:\s*([0-9]+) kB.*', '\1', 's') AS before_kb;
EXPLAIN (ANALYZE, BUFFERS, TIMING OFF, COSTS OFF)
SELECT count(*) FROM (SELECT daily_counts(s, daterange('2000-01-01', date '2000-01-01' + 20000000)) FROM t) x;
SELECT regexp_replace(pg_read_file('/proc/' || :pid || '/status'), '.*VmHWM:\s*([0-9]+) kB.*', '\1', 's') AS after_kb;
EXPLAIN (ANALYZE, BUFFERS, TIMING OFF, COSTS OFF)
SELECT count(*) FROM t, daily_counts(s, daterange('2000-01-01', date '2000-01-01' + 20000000));
SELECT regexp_replace(pg_read_file('/proc/' || :pid || '/status'), '.*VmHWM:\s*([0-9]+) kB.*', '\1', 's') AS after_from_kb;
SQL
)
echo "$out"
grep -qi "temp" <<<"$out" && fail "streaming 20 million rows used temporary files"
grep -q "Function Scan" <<<"$out" && fail "the FROM form is not inlined"
before=$(sed -n 2p <<<"$out")
after=$(grep -E '^[0-9]+$' <<<"$out" | sed -n 3p)
after_from=$(tail -1 <<<"$out")
echo "peak memory: $before kB before, $after kB after 20 million rows in the select list, $after_from kB after 20 million in FROM"
[ $((after - before)) -lt 16384 ] || fail "peak memory grew by $((after - before)) kB"
[ $((after_from - before)) -lt 16384 ] || fail "peak memory grew by $((after_from - before)) kB in FROM"

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

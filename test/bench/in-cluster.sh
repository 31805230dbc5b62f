#!/bin/bash
# The benchmark proper, inside a throwaway cluster made by run.sh
# (pg_virtualenv sets PGHOST, PGPORT, PGUSER, PGDATABASE).
#
# Environment: N (rows), RUNS (timed rounds after one warm-up round),
# ROLLUP_ROWS (stored summaries to roll up).
set -euo pipefail
cd "$(dirname "$0")"

N=${N:-10000000}
RUNS=${RUNS:-5}
ROLLUP_ROWS=${ROLLUP_ROWS:-100000}
# The smaller table for the memory figure: 1M when N is 10M.
M=$((N / 10))

psql_q() { psql -X -q -v ON_ERROR_STOP=1 "$@"; }
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

psql_q -c "SET client_min_messages = warning" -c "CREATE EXTENSION IF NOT EXISTS groomstats"

start=$(now)
echo "generating $N rows ..."
psql_q -v N="$N" -f generate.sql
psql_q -f bench.sql
echo "generated in $(elapsed "$start") s; table t: $(psql -XAt -c "SELECT pg_size_pretty(pg_table_size('t'))")"

# ---- the queries -------------------------------------------------------

Q_FLOOR="SELECT count(recorded), count(platforms), count(victim_age) FROM t"
Q_AGG="SELECT offence_summary_agg(recorded, platforms, victim_age) FROM t"
# Plain SQL giving the same answers: offences per day (the NULL group is the
# undated), offences per platform with each offence counted once per
# platform (DISTINCT over each row's own array, the fastest way we found;
# count(DISTINCT id) over unnest is slower), and offences per age band.
Q_DAYS="SELECT recorded, count(*) FROM t GROUP BY recorded"
Q_PLATFORMS="SELECT p, count(*) FROM t CROSS JOIN LATERAL (SELECT DISTINCT p FROM unnest(t.platforms) AS p WHERE p <> '') AS u GROUP BY p"
Q_BANDS="SELECT CASE WHEN victim_age IS NULL THEN 'not recorded' WHEN victim_age <= 11 THEN '0-11' WHEN victim_age <= 15 THEN '12-15' WHEN victim_age <= 17 THEN '16-17' ELSE 'other' END AS band, count(*) FROM t GROUP BY 1"
Q_ROLLUP="SELECT rollup(s) FROM monthly"

# Grouped: a summary per group against the same GROUP BY with count() of
# the three columns (the floor) and against the grouped plain SQL answers,
# at PostgreSQL's default work_mem (4MB; hash_mem is twice that), serial.
# Each is wrapped in an outer sum so that what is timed is the aggregation,
# not psql formatting thousands of values.  Groups: per force per month,
# per force per day, and per force per month per area (64 areas; about
# 100,000 groups at 2M rows; stored columns, so that the planner estimates
# the number of groups from statistics).
G_MONTH="force, date_trunc('month', recorded)"
G_DAY="force, recorded"
G_AREA="force, month, area"
q_gfloor() { echo "SELECT sum(a + b + c) FROM (SELECT $1, count(recorded) AS a, count(platforms) AS b, count(victim_age) AS c FROM t GROUP BY $1) x"; }
q_gagg() { echo "SELECT sum(pg_column_size(s)) FROM (SELECT $1, offence_summary_agg(recorded, platforms, victim_age) AS s FROM t GROUP BY $1) x"; }
q_gagg_inner() { echo "SELECT $1, offence_summary_agg(recorded, platforms, victim_age) AS s FROM t GROUP BY $1"; }
# The grouped plain SQL: days, platforms (each offence once per platform)
# and age bands, each per group, as three queries.
q_gplain_days() { echo "SELECT sum(n) FROM (SELECT $1, recorded, count(*) AS n FROM t GROUP BY $1, recorded) x"; }
q_gplain_platforms() { echo "SELECT sum(n) FROM (SELECT $1, p, count(*) AS n FROM t CROSS JOIN LATERAL (SELECT DISTINCT p FROM unnest(t.platforms) AS p WHERE p <> '') AS u GROUP BY $1, p) x"; }
q_gplain_bands() { echo "SELECT sum(n) FROM (SELECT $1, CASE WHEN victim_age IS NULL THEN 'not recorded' WHEN victim_age <= 11 THEN '0-11' WHEN victim_age <= 15 THEN '12-15' WHEN victim_age <= 17 THEN '16-17' ELSE 'other' END AS band, count(*) AS n FROM t GROUP BY $1, band) x"; }
GROUPED="SET max_parallel_workers_per_gather = 0; SET work_mem = '4MB';"

SERIAL="SET max_parallel_workers_per_gather = 0;"
PARALLEL="SET parallel_setup_cost = 0; SET parallel_tuple_cost = 0; SET parallel_leader_participation = on;"

# ---- stored summaries for rollup ------------------------------------------

# Per force per month per area: 43 forces x 36 months x K areas, K chosen so
# that there are at least ROLLUP_ROWS groups; `monthly` keeps ROLLUP_ROWS of
# them.  The build sorts rather than hashes: one state at a time.
start=$(now)
psql_q <<SQL
SET client_min_messages = warning;
SET max_parallel_workers_per_gather = 0;
SET enable_hashagg = off;
SET work_mem = '512MB';
DROP TABLE IF EXISTS monthly_all, monthly;
CREATE TABLE monthly_all AS
SELECT force, date_trunc('month', recorded)::date AS month, id % $(((ROLLUP_ROWS + 1547) / 1548)) AS area,
       offence_summary_agg(recorded, platforms, victim_age) AS s
FROM t GROUP BY 1, 2, 3;
CREATE TABLE monthly AS SELECT * FROM monthly_all ORDER BY force, month, area LIMIT $ROLLUP_ROWS;
VACUUM (ANALYZE) monthly_all, monthly;
SELECT pg_prewarm('monthly') \g /dev/null
INSERT INTO bench_figures SELECT 'rollup_rows', count(*) FROM monthly;
INSERT INTO bench_figures SELECT 'rollup_rows_per_summary', avg(offences(s)) FROM monthly;
INSERT INTO bench_figures SELECT 'rollup_table_bytes', pg_total_relation_size('monthly');
SQL
echo "stored summaries built in $(elapsed "$start") s: $(psql -XAt -c "SELECT value FROM bench_figures WHERE figure = 'rollup_rows'") rows, $(psql -XAt -c "SELECT pg_size_pretty(pg_total_relation_size('monthly'))")"

# ---- one psql session: warm-up round, then RUNS rounds ------------------

# Each figure: SET, then time from a server clock reading just before to just
# after the query (results discarded by psql), recorded in bench_times.
figure_sql() {
	local name=$1 run=$2 settings=$3
	shift 3
	echo "RESET ALL; $settings"
	echo "SELECT clock_timestamp() AS t0 \\gset"
	for q in "$@"; do
		echo "$q \\g /dev/null"
	done
	echo "INSERT INTO bench_times VALUES ('$name', $run, extract(epoch FROM clock_timestamp() - :'t0'::timestamptz) * 1000);"
}

figures=(floor groomstats plain par1 par2 par2_noleader floor_par2 rollup
	month_floor month_agg month_plain day_floor day_agg day_plain area_floor area_agg area_plain)
figure_for() {
	local name=$1 run=$2
	case $name in
	floor) figure_sql floor "$run" "$SERIAL" "$Q_FLOOR" ;;
	groomstats) figure_sql groomstats "$run" "$SERIAL" "$Q_AGG" ;;
	plain) figure_sql plain "$run" "$SERIAL" "$Q_DAYS" "$Q_PLATFORMS" "$Q_BANDS" ;;
	par1) figure_sql par1 "$run" "$PARALLEL SET max_parallel_workers_per_gather = 1;" "$Q_AGG" ;;
	par2) figure_sql par2 "$run" "$PARALLEL SET max_parallel_workers_per_gather = 2;" "$Q_AGG" ;;
	par2_noleader) figure_sql par2_noleader "$run" "$PARALLEL SET max_parallel_workers_per_gather = 2; SET parallel_leader_participation = off;" "$Q_AGG" ;;
	floor_par2) figure_sql floor_par2 "$run" "$PARALLEL SET max_parallel_workers_per_gather = 2;" "$Q_FLOOR" ;;
	rollup) figure_sql rollup "$run" "$SERIAL" "$Q_ROLLUP" ;;
	*_floor | *_agg | *_plain)
		local g
		case $name in
		month_*) g=$G_MONTH ;;
		day_*) g=$G_DAY ;;
		area_*) g=$G_AREA ;;
		esac
		case $name in
		*_floor) figure_sql "$name" "$run" "$GROUPED" "$(q_gfloor "$g")" ;;
		*_agg) figure_sql "$name" "$run" "$GROUPED" "$(q_gagg "$g")" ;;
		*_plain) figure_sql "$name" "$run" "$GROUPED" "$(q_gplain_days "$g")" "$(q_gplain_platforms "$g")" "$(q_gplain_bands "$g")" ;;
		esac
		;;
	esac
}

script=$(mktemp)
trap 'rm -f "$script"' EXIT
{
	echo "\\set ON_ERROR_STOP on"
	# Round 0 is the warm-up (not counted); each round rotates the order so
	# that no figure always runs first or after the same neighbour.
	for ((run = 0; run <= RUNS; run++)); do
		k=${#figures[@]}
		for ((i = 0; i < k; i++)); do
			figure_for "${figures[$(((i + run) % k))]}" "$run"
		done
	done
} >"$script"

start=$(now)
echo "timing: 1 warm-up round + $RUNS rounds of ${figures[*]} ..."
psql_q -f "$script"
echo "timed in $(elapsed "$start") s"

# ---- plans, workers, memory, checks ---------------------------------------

# Workers actually launched in each parallel configuration (the plans the
# timed queries got, asked again through EXPLAIN ANALYZE).
start=$(now)
psql_q <<SQL
$PARALLEL
SET max_parallel_workers_per_gather = 1;
INSERT INTO bench_figures SELECT 'par1_workers', bench_explain_number(\$q\$$Q_AGG\$q\$, 'Workers Launched: (\d+)');
SET max_parallel_workers_per_gather = 2;
INSERT INTO bench_figures SELECT 'par2_workers', bench_explain_number(\$q\$$Q_AGG\$q\$, 'Workers Launched: (\d+)');
SET parallel_leader_participation = off;
INSERT INTO bench_figures SELECT 'par2_noleader_workers', bench_explain_number(\$q\$$Q_AGG\$q\$, 'Workers Launched: (\d+)');
SQL

# Peak memory of the aggregate's state.  A plain Aggregate node reports no
# memory, so the same aggregate runs under a HashAggregate with one group
# (GROUP BY a constant expression, sorting disabled): PostgreSQL 15 reports
# the peak bytes allocated in the hash table and in the context that holds
# the transition states, which is where AggCheckCallContext points the
# aggregate ("Memory Usage: NkB").  Measured over the first M rows and over
# all N rows of the same table.
psql_q <<SQL
$SERIAL
SET enable_sort = off;
INSERT INTO bench_figures SELECT 'mem_small_kb', bench_explain_number(
	'SELECT offence_summary_agg(recorded, platforms, victim_age) FROM t WHERE id <= $M GROUP BY id < 0',
	'Memory Usage: (\d+)kB');
INSERT INTO bench_figures SELECT 'mem_large_kb', bench_explain_number(
	'SELECT offence_summary_agg(recorded, platforms, victim_age) FROM t GROUP BY id < 0',
	'Memory Usage: (\d+)kB');
-- The HashAggregate's figure counts the states, not the dictionary the
-- groups share (it lives as long as the query): the whole call's memory is
-- read in the query's own output row (bench_backend_bytes), against the
-- same read beside count().
SELECT pg_column_size(offence_summary_agg(recorded, platforms, victim_age)) AS x, bench_backend_bytes() AS agg_small FROM t WHERE id <= $M \\gset
SELECT count(platforms) AS x, bench_backend_bytes() AS base_small FROM t WHERE id <= $M \\gset
SELECT pg_column_size(offence_summary_agg(recorded, platforms, victim_age)) AS x, bench_backend_bytes() AS agg_large FROM t \\gset
SELECT count(platforms) AS x, bench_backend_bytes() AS base_large FROM t \\gset
INSERT INTO bench_figures VALUES ('call_small_kb', (:agg_small - :base_small) / 1024), ('call_large_kb', (:agg_large - :base_large) / 1024);
-- What the state holds at each size: distinct days and distinct raw
-- platform values (the state grows with these, never with rows).
INSERT INTO bench_figures SELECT 'distinct_values_small', count(*) FROM (SELECT platforms FROM t WHERE id <= $M GROUP BY 1) d;
INSERT INTO bench_figures SELECT 'distinct_values_large', count(*) FROM (SELECT platforms FROM t GROUP BY 1) d;
INSERT INTO bench_figures SELECT 'distinct_days_small', count(DISTINCT recorded) FROM t WHERE id <= $M;
INSERT INTO bench_figures SELECT 'distinct_days_large', count(DISTINCT recorded) FROM t;
SQL

# Grouped: plans and memory at the default work_mem (batches spilled, peak
# memory of the hash table and states, against hash_mem), the states
# unspilled (work_mem 1GB) against the summaries they become, and the same
# for the count() floor.  And the checks: the rollup of the groups equals
# the whole; a sorted plan and a spilled one give equal summaries.
for g in month day area; do
	case $g in
	month) gk=$G_MONTH ;;
	day) gk=$G_DAY ;;
	area) gk=$G_AREA ;;
	esac
	psql_q <<SQL
$GROUPED
CREATE TEMP TABLE plan_$g AS SELECT string_agg(line, E'\n') AS plan FROM bench_explain(\$q\$$(q_gagg_inner "$gk")\$q\$) AS line;
INSERT INTO bench_figures SELECT '${g}_groups', (regexp_match(plan, 'HashAggregate \(actual rows=(\d+)'))[1]::float8 FROM plan_$g;
INSERT INTO bench_figures SELECT '${g}_batches', (regexp_match(plan, 'Batches: (\d+)'))[1]::float8 FROM plan_$g;
INSERT INTO bench_figures SELECT '${g}_kb', (regexp_match(plan, 'Memory Usage: (\d+)kB'))[1]::float8 FROM plan_$g;
INSERT INTO bench_figures SELECT '${g}_plan_kind', NULL, (regexp_match(plan, '^\s*(\w+)'))[1] FROM plan_$g;
INSERT INTO bench_figures SELECT '${g}_hash_mem_kb', pg_size_bytes(current_setting('work_mem')) / 1024 * current_setting('hash_mem_multiplier')::float8;
INSERT INTO bench_figures SELECT '${g}_floor_kb', bench_explain_number(\$q\$SELECT $gk, count(recorded), count(platforms), count(victim_age) FROM t GROUP BY $gk\$q\$, 'Memory Usage: (\d+)kB');
SET work_mem = '1GB';
INSERT INTO bench_figures SELECT '${g}_unspilled_kb', bench_explain_number(\$q\$$(q_gagg_inner "$gk")\$q\$, 'Memory Usage: (\d+)kB');
CREATE TEMP TABLE sums_$g AS $(q_gagg_inner "$gk");
-- (the sizes as the aggregate makes them: stored in a table they would be compressed)
INSERT INTO bench_figures SELECT '${g}_summary_bytes', sum(pg_column_size(s)) FROM ($(q_gagg_inner "$gk")) AS x;
INSERT INTO bench_figures SELECT '${g}_check_rollup', ((SELECT rollup(s) FROM sums_$g) = ($Q_AGG))::int;
SET work_mem = '4MB';
SET enable_hashagg = off;
CREATE TEMP TABLE sorted_$g AS $(q_gagg_inner "$gk");
RESET enable_hashagg;
INSERT INTO bench_figures SELECT '${g}_check_sorted', ((SELECT count(*) FROM sorted_$g) = (SELECT count(*) FROM sums_$g)
	AND NOT EXISTS (TABLE sorted_$g EXCEPT TABLE sums_$g))::int;
DROP TABLE sorted_$g, sums_$g;
SQL
done

# Sanity: the benchmark measures equal answers.  Serial and parallel
# aggregates are equal byte for byte; the rollup of all stored summaries
# equals the aggregate of all rows; the plain SQL counts equal the
# summary's.
psql_q <<SQL
CREATE TEMP TABLE agg AS $Q_AGG;
$PARALLEL
SET max_parallel_workers_per_gather = 2;
INSERT INTO bench_figures SELECT 'check_parallel', ((SELECT * FROM agg) = ($Q_AGG))::int;
RESET ALL;
INSERT INTO bench_figures SELECT 'check_rollup', ((SELECT * FROM agg) = (SELECT rollup(s) FROM monthly_all))::int;
INSERT INTO bench_figures SELECT 'check_days', (
	(SELECT coalesce(sum(c), 0) FROM ($Q_DAYS) AS q(d, c) WHERE d IS NOT NULL) =
	(SELECT sum(offences) FROM daily_counts((SELECT * FROM agg), daterange('2019-01-01', '2022-01-01')))
	AND (SELECT count(*) FROM ($Q_DAYS) AS q(d, c) WHERE d IS NOT NULL) =
	(SELECT count(*) FROM daily_counts((SELECT * FROM agg), daterange('2019-01-01', '2022-01-01')) WHERE offences > 0)
	AND (SELECT coalesce(sum(c), 0) FROM ($Q_DAYS) AS q(d, c) WHERE d IS NULL) = (SELECT undated(s) FROM agg AS a(s)))::int;
INSERT INTO bench_figures SELECT 'check_platforms', (NOT EXISTS (
	(SELECT p, c FROM ($Q_PLATFORMS) AS q(p, c))
	EXCEPT
	(SELECT platform, offences FROM platform_shares((SELECT * FROM agg))))
	AND (SELECT count(*) FROM ($Q_PLATFORMS) AS q) = (SELECT count(*) FROM platform_shares((SELECT * FROM agg))))::int;
INSERT INTO bench_figures SELECT 'check_bands', (NOT EXISTS (
	(SELECT b, c FROM ($Q_BANDS) AS q(b, c))
	EXCEPT
	(SELECT band, offences FROM age_bands((SELECT * FROM agg), '0-11,12-15,16-17'))))::int;
SQL
echo "plans, memory and checks in $(elapsed "$start") s"

psql -X -q -At -v ON_ERROR_STOP=1 -v N="$N" -v M="$M" -v RUNS="$RUNS" -f report.sql

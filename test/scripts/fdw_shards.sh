#!/bin/bash
# Scale-out with postgres_fdw: two shard databases each hold part of the
# offences (by force); the coordinator has a table partitioned by force whose
# partitions are postgres_fdw foreign tables on loopback, with the foreign
# servers' option extensions 'groomstats'.
#
# Checks:
#  1. GROUP BY force (the partition key) with enable_partitionwise_aggregate:
#     EXPLAIN VERBOSE shows offence_summary_agg in each shard's Remote SQL;
#     the per-force summaries made on the shards equal those made on one
#     node, and their rollup on the coordinator equals the aggregate of all
#     rows on one node (also with rollup_merge).
#  2. GROUP BY force, month (the stored monthly summaries): also pushed down;
#     rollup equal.
#  3. GROUP BY month (not the partition key): not pushed (PostgreSQL does not
#     push partial aggregates to foreign servers); still the right answer.
set -euo pipefail
cd "$(dirname "$0")/../.."

coord=groomstats_fdw_coord
shards=(groomstats_fdw_shard1 groomstats_fdw_shard2)
source test/lib.sh

# Drop what an earlier run made (WITH (FORCE): a lingering fdw connection).
for db in "$coord" "${shards[@]}"; do
	recreate_db "$db"
done

port=$(q -d postgres -tA -c "SHOW port")
host=${PGHOST:-localhost}
echo "shards on loopback: host=$host port=$port, user ${PGUSER:-$(whoami)}"

# Each shard: the extension (the pushed-down aggregate runs there) and an
# empty offences table, filled through the coordinator below.
for db in "${shards[@]}"; do
	q -d "$db" <<'SQL'
SET client_min_messages = warning;
CREATE EXTENSION groomstats;
CREATE TABLE offences (
    id bigint PRIMARY KEY,
    force text NOT NULL,
    recorded date,
    platforms text[],
    victim_age integer,
    victim_sex text
);
SQL
done

# The coordinator: the sample (the "one node" reference), the foreign
# servers, and the partitioned table.  Forces in name order alternate
# between the shards; each shard is one LIST partition.
q -d "$coord" -v port="$port" -v host="$host" -v user="${PGUSER:-postgres}" \
	-v password="${PGPASSWORD:-}" <<'SQL'
SET client_min_messages = warning;
CREATE EXTENSION groomstats;
CREATE EXTENSION postgres_fdw;
\i test/data/sample_offences.sql

SELECT 'groomstats_fdw_shard1' AS d1, 'groomstats_fdw_shard2' AS d2 \gset
CREATE SERVER shard1 FOREIGN DATA WRAPPER postgres_fdw
  OPTIONS (host :'host', port :'port', dbname :'d1', extensions 'groomstats', batch_size '1000', fetch_size '1000');
CREATE SERVER shard2 FOREIGN DATA WRAPPER postgres_fdw
  OPTIONS (host :'host', port :'port', dbname :'d2', extensions 'groomstats', batch_size '1000', fetch_size '1000');
SELECT :'password' <> '' AS have_password \gset
\if :have_password
CREATE USER MAPPING FOR CURRENT_USER SERVER shard1 OPTIONS (user :'user', password :'password');
CREATE USER MAPPING FOR CURRENT_USER SERVER shard2 OPTIONS (user :'user', password :'password');
\else
CREATE USER MAPPING FOR CURRENT_USER SERVER shard1 OPTIONS (user :'user');
CREATE USER MAPPING FOR CURRENT_USER SERVER shard2 OPTIONS (user :'user');
\endif

CREATE TABLE parted (
    id bigint NOT NULL,
    force text NOT NULL,
    recorded date,
    platforms text[],
    victim_age integer,
    victim_sex text
) PARTITION BY LIST (force);

-- Forces by name, alternately to shard 1 and shard 2.
SELECT string_agg(quote_literal(force), ', ') FILTER (WHERE n % 2 = 1) AS forces1,
       string_agg(quote_literal(force), ', ') FILTER (WHERE n % 2 = 0) AS forces2
FROM (SELECT force, row_number() OVER (ORDER BY force) AS n
      FROM (SELECT DISTINCT force FROM sample_offences) f) x \gset
CREATE FOREIGN TABLE parted_shard1 PARTITION OF parted FOR VALUES IN (:forces1)
  SERVER shard1 OPTIONS (schema_name 'public', table_name 'offences');
CREATE FOREIGN TABLE parted_shard2 PARTITION OF parted FOR VALUES IN (:forces2)
  SERVER shard2 OPTIONS (schema_name 'public', table_name 'offences');

-- Rows are routed to the shards through postgres_fdw.
INSERT INTO parted SELECT * FROM sample_offences;
ANALYZE parted_shard1;
ANALYZE parted_shard2;
SQL

# The shards hold disjoint parts that together are the sample.
n1=$(q -d "${shards[0]}" -tA -c "SELECT count(*) || ' rows, ' || count(DISTINCT force) || ' forces' FROM offences")
n2=$(q -d "${shards[1]}" -tA -c "SELECT count(*) || ' rows, ' || count(DISTINCT force) || ' forces' FROM offences")
ntotal=$(q -d "$coord" -tA -c "SELECT count(*) || ' rows, ' || count(DISTINCT force) || ' forces' FROM sample_offences")
echo "shard1: $n1; shard2: $n2; one node: $ntotal"

settings="SET enable_partitionwise_aggregate = on; SET max_parallel_workers_per_gather = 0;"

# Print the EXPLAIN lines that matter; count the shards whose Remote SQL
# runs offence_summary_agg.
check_plan() {
	local query=$1 plan
	plan=$(q -d "$coord" -tA -c "$settings" -c "EXPLAIN (VERBOSE, COSTS OFF) $query")
	grep -E "Aggregate|Foreign Scan|Relations:|Remote SQL:" <<<"$plan" | sed 's/^/    /' >&2
	grep -c "Remote SQL: SELECT .*offence_summary_agg(" <<<"$plan" || true
}

# The query over the shards against the same query over the sample on one
# node: groups that differ (EXCEPT ALL both ways compares summaries with
# their = operator, through its hash opclass), and rollup over all groups.
compare() {
	local query=$1 local_query
	local_query=${query//FROM parted/FROM sample_offences}
	q -d "$coord" -tA -F ' ' -c "$settings" -c "
WITH remote AS ($query), local AS ($local_query)
SELECT (SELECT count(*) FROM remote),
       (SELECT count(*) FROM ((TABLE remote EXCEPT ALL TABLE local)
                              UNION ALL (TABLE local EXCEPT ALL TABLE remote)) d),
       (SELECT rollup(s) FROM remote) = (SELECT rollup(s) FROM local),
       (SELECT rollup_merge(s) FROM remote) = (SELECT rollup(s) FROM local)"
}

# check NAME QUERY PUSHED(yes|no): the plan, then the answer.
check() {
	local name=$1 query=$2 want=$3 pushed groups differ rollup_eq merge_eq
	echo "$name: $query"
	pushed=$(check_plan "$query")
	if [ "$want" = yes ]; then
		[ "$pushed" -eq 2 ] || fail "$name: offence_summary_agg is not in the Remote SQL of both shards ($pushed)"
		echo "   pushed down: offence_summary_agg runs in the Remote SQL of $pushed shards"
	else
		[ "$pushed" -eq 0 ] || fail "$name: unexpectedly pushed down"
		echo "   not pushed down: the shards send rows, the coordinator aggregates"
	fi
	read -r groups differ rollup_eq merge_eq < <(compare "$query")
	echo "   $groups groups, $differ differ from one node; rollup equals one node: $rollup_eq;" \
		"rollup_merge: $merge_eq"
	[ "$groups" -gt 0 ] && [ "$differ" -eq 0 ] && [ "$rollup_eq" = t ] && [ "$merge_eq" = t ] ||
		fail "$name: the answer differs from one node"
}

agg="offence_summary_agg(recorded, platforms, victim_age) AS s"

# 1. Grouped by the partition key: the whole aggregate runs on each shard,
#    and the rollup of the per-force summaries is the national summary.
check "1. by force" "SELECT force, $agg FROM parted GROUP BY force" yes
read -r national < <(q -d "$coord" -tA -c "$settings" -c "
SELECT (SELECT rollup(s) FROM (SELECT force, $agg FROM parted GROUP BY force) f)
     = (SELECT $agg FROM sample_offences)")
echo "   rollup of the shards' per-force summaries = offence_summary_agg of all rows on one node: $national"
[ "$national" = t ] || fail "by force: rollup differs from the one-node aggregate"

# 2. One period per force, as a nightly job summarises the last month: the
#    WHERE clause is shipped too.
check "2. one month by force" \
	"SELECT force, $agg FROM parted WHERE recorded >= '2018-04-01' AND recorded < '2018-05-01' GROUP BY force" yes

# 3. Grouped by month, not the partition key: PostgreSQL pushes no partial
#    aggregates to foreign servers, so the coordinator aggregates the rows.
check "3. by month" \
	"SELECT date_trunc('month', recorded::timestamp)::date AS month, $agg FROM parted GROUP BY 1" no

# 4. By force and month: postgres_fdw (15) ships no function whose input
#    collation comes from a constant, such as date_trunc('month', ...), so
#    this is not pushed either; the answer is still right.
check "4. by force and month" \
	"SELECT force, date_trunc('month', recorded::timestamp)::date AS month, $agg FROM parted GROUP BY 1, 2" no

echo "fdw_shards: all checks passed"

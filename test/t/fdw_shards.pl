# Scale-out with postgres_fdw: two shard servers (each its own cluster) hold
# the offences of alternate forces; the coordinator (a third cluster) has a
# table partitioned by force whose partitions are postgres_fdw foreign
# tables, with the foreign servers' option extensions 'groomstats'.
#
# Checks:
#  1. GROUP BY force (the partition key) with enable_partitionwise_aggregate:
#     EXPLAIN VERBOSE shows offence_summary_agg in each shard's Remote SQL;
#     the per-force summaries made on the shards equal those made on one
#     node, and their rollup on the coordinator equals the aggregate of all
#     rows on one node (also with rollup_merge).
#  2. One month by force: the WHERE is shipped too; pushed down, equal.
#  3. GROUP BY month (not the partition key): not pushed (PostgreSQL does not
#     push partial aggregates to foreign servers); still the right answer.
#  4. GROUP BY force, month: postgres_fdw (15) ships no function whose input
#     collation comes from a constant, so not pushed; still right.
use strict;
use warnings;

use GroomstatsTest;
use Test::More;

my $coord = groomstats_node('coordinator');
my @shards = map { groomstats_node("shard$_") } 1 .. 2;

# Each shard: the extension (the pushed-down aggregate runs there) and an
# empty offences table, filled through the coordinator below.
for my $shard (@shards)
{
	query($shard, 'postgres', q{
SET client_min_messages = warning;
CREATE EXTENSION groomstats;
CREATE TABLE offences (
    id bigint PRIMARY KEY,
    force text NOT NULL,
    recorded date,
    platforms text[],
    victim_age integer,
    victim_sex text
);});
}

# The coordinator: the sample (the "one node" reference), the foreign
# servers, and the partitioned table.  Forces in name order alternate
# between the shards; each shard is one LIST partition.
my $servers = join "\n", map {
	my $n = $_ + 1;
	my $s = $shards[$_];
	sprintf(q{CREATE SERVER shard%d FOREIGN DATA WRAPPER postgres_fdw
  OPTIONS (host '%s', port '%d', dbname 'postgres', extensions 'groomstats', batch_size '1000', fetch_size '1000');
CREATE USER MAPPING FOR CURRENT_USER SERVER shard%d;}, $n, $s->host, $s->port, $n)
} 0 .. 1;
query($coord, 'postgres', qq{
SET client_min_messages = warning;
CREATE EXTENSION groomstats;
CREATE EXTENSION postgres_fdw;
\\i test/data/sample_offences.sql
$servers
CREATE TABLE parted (
    id bigint NOT NULL,
    force text NOT NULL,
    recorded date,
    platforms text[],
    victim_age integer,
    victim_sex text
) PARTITION BY LIST (force);
SELECT string_agg(quote_literal(force), ', ') FILTER (WHERE n % 2 = 1) AS forces1,
       string_agg(quote_literal(force), ', ') FILTER (WHERE n % 2 = 0) AS forces2
FROM (SELECT force, row_number() OVER (ORDER BY force) AS n
      FROM (SELECT DISTINCT force FROM sample_offences) f) x \\gset
CREATE FOREIGN TABLE parted_shard1 PARTITION OF parted FOR VALUES IN (:forces1)
  SERVER shard1 OPTIONS (schema_name 'public', table_name 'offences');
CREATE FOREIGN TABLE parted_shard2 PARTITION OF parted FOR VALUES IN (:forces2)
  SERVER shard2 OPTIONS (schema_name 'public', table_name 'offences');
-- Rows are routed to the shards through postgres_fdw.
INSERT INTO parted SELECT * FROM sample_offences;
ANALYZE parted_shard1;
ANALYZE parted_shard2;});

# The shards hold disjoint parts that together are the sample.
my $count = q{SELECT count(*) || ' rows, ' || count(DISTINCT force) || ' forces' FROM };
my @held = map { query($_, 'postgres', "$count offences") } @shards;
my $total = query($coord, 'postgres', "$count sample_offences");
note "shard1: $held[0]; shard2: $held[1]; one node: $total";
my ($rows1) = $held[0] =~ /^(\d+)/;
my ($rows2) = $held[1] =~ /^(\d+)/;
my ($rows) = $total =~ /^(\d+)/;
ok($rows1 > 0 && $rows2 > 0 && $rows1 + $rows2 == $rows, 'the shards hold the sample between them');

my $settings = 'SET enable_partitionwise_aggregate = on; SET max_parallel_workers_per_gather = 0;';

# The EXPLAIN lines that matter (as notes); the number of shards whose
# Remote SQL runs offence_summary_agg.
sub pushed_to
{
	my ($query) = @_;
	my $plan = query($coord, 'postgres', "$settings EXPLAIN (VERBOSE, COSTS OFF) $query");
	note "    $_" for grep { /Aggregate|Foreign Scan|Relations:|Remote SQL:/ } split /\n/, $plan;
	return scalar(() = $plan =~ /Remote SQL: SELECT .*offence_summary_agg\(/g);
}

# The query over the shards against the same query over the sample on one
# node: groups that differ (EXCEPT ALL both ways), and rollup over all groups.
sub compare
{
	my ($query) = @_;
	(my $local = $query) =~ s/FROM parted/FROM sample_offences/g;
	return split /\|/, query($coord, 'postgres', qq{$settings
WITH remote AS ($query), local AS ($local)
SELECT (SELECT count(*) FROM remote),
       (SELECT count(*) FROM ((TABLE remote EXCEPT ALL TABLE local)
                              UNION ALL (TABLE local EXCEPT ALL TABLE remote)) d),
       (SELECT rollup(s) FROM remote) = (SELECT rollup(s) FROM local),
       (SELECT rollup_merge(s) FROM remote) = (SELECT rollup(s) FROM local)});
}

sub check
{
	my ($name, $query, $want_pushed) = @_;
	note "$name: $query";
	my $pushed = pushed_to($query);
	if ($want_pushed)
	{
		is($pushed, 2, "$name: offence_summary_agg runs in the Remote SQL of both shards");
	}
	else
	{
		is($pushed, 0, "$name: not pushed down (the shards send rows, the coordinator aggregates)");
	}
	my ($groups, $differ, $rollup_eq, $merge_eq) = compare($query);
	note "   $groups groups, $differ differ from one node; rollup equals one node: $rollup_eq; "
	  . "rollup_merge: $merge_eq";
	ok($groups > 0 && $differ == 0, "$name: $groups groups, each equal to one node's");
	ok($rollup_eq eq 't' && $merge_eq eq 't', "$name: rollup and rollup_merge equal one node's");
}

my $agg = 'offence_summary_agg(recorded, platforms, victim_age) AS s';

# 1. Grouped by the partition key: the whole aggregate runs on each shard,
#    and the rollup of the per-force summaries is the national summary.
check('1. by force', "SELECT force, $agg FROM parted GROUP BY force", 1);
is( query($coord, 'postgres', qq{$settings
SELECT (SELECT rollup(s) FROM (SELECT force, $agg FROM parted GROUP BY force) f)
     = (SELECT $agg FROM sample_offences)}),
	't', '1. rollup of the shards\' per-force summaries = offence_summary_agg of all rows on one node');

# 2. One period per force, as a nightly job summarises the last month.
check('2. one month by force',
	"SELECT force, $agg FROM parted WHERE recorded >= '2018-04-01' AND recorded < '2018-05-01' GROUP BY force",
	1);

# 3. Grouped by month, not the partition key.
check('3. by month',
	"SELECT date_trunc('month', recorded::timestamp)::date AS month, $agg FROM parted GROUP BY 1", 0);

# 4. By force and month: date_trunc('month', ...) is not shipped.
check('4. by force and month',
	"SELECT force, date_trunc('month', recorded::timestamp)::date AS month, $agg FROM parted GROUP BY 1, 2",
	0);

done_testing();

# groomstats on a real Citus cluster: a coordinator and two workers on
# loopback (each its own cluster, shared_preload_libraries = citus), the
# sample distributed by force (32 shards), every result compared with the
# same query on one plain node (a fourth cluster, no Citus).  Skipped, and
# says so, when Citus is not installed (it is not in Debian's archive;
# ../shared/tools/install-citus builds it).
#
# What it checks, each point against one node:
#  1. GROUP BY force (the distribution column): pushed down whole (the
#     aggregate is in the workers' query, nothing is aggregated above it).
#  2. INSERT ... SELECT ... GROUP BY force, month into stored monthly
#     summaries (colocated): runs on the workers.
#  3. The ON CONFLICT ... SET s = m.s + excluded.s merge of later rows.
#  4. rollup_merge split into worker partials (worker_partial_agg) and a
#     coordinator combine (coord_combine_agg): whole country, grouped by
#     month, empty input, toasted values; Citus's binary protocol on and off.
#  5. Accessors over it (scalar and set-returning, in the FROM form).
#  6. Joins with a reference table and a colocated table.
#  7. COPY text and binary, out of and into distributed tables.
#  8. count(DISTINCT s) (the btree operator class), count(DISTINCT s::text).
#  9. What moves rows to the coordinator: rollup (internal state) and
#     offence_summary_agg not grouped by the distribution column; still equal.
# 10. Disclosure control, every setting the README presents: a session's SET
#     on the coordinator (refused where Citus runs accessors on workers, in
#     force where they run on the coordinator); SET LOCAL with
#     citus.propagate_set_commands = 'local'; the floor set by ALTER ROLE and
#     by ALTER DATABASE (propagated by Citus), and by ALTER SYSTEM (on the
#     coordinator alone it does not reach the workers; on every node it does).
# 11. Every sql block of the README's Citus section (but the set-up) runs.
use strict;
use warnings;

use GroomstatsTest;
use PostgreSQL::Test::Utils;
use Test::More;

my $pg_config = $ENV{PG_CONFIG} || 'pg_config';
chomp(my $pkglibdir = `$pg_config --pkglibdir`);
if (!-e "$pkglibdir/citus.so")
{
	plan skip_all => "SKIPPED: Citus is not installed ($pkglibdir/citus.so; not in Debian's archive, "
	  . 'build it from its source release, citusdata/citus v13.2.2): the Citus test did not run';
}

my @citus_conf = ("shared_preload_libraries = 'citus'", 'max_connections = 100', 'citus.shard_count = 32');
my $coord = groomstats_node('coordinator', tcp => 1, conf => \@citus_conf);
my @workers = map { groomstats_node("worker$_", tcp => 1, conf => \@citus_conf) } 1 .. 2;
my $single = groomstats_node('one_node');
my $work = PostgreSQL::Test::Utils::tempdir;

query($_, 'postgres', 'CREATE EXTENSION citus') for $coord, @workers;
query($coord, 'postgres', sprintf("SELECT citus_set_coordinator_host('127.0.0.1', %d)", $coord->port));
query($coord, 'postgres', sprintf("SELECT citus_add_node('127.0.0.1', %d)", $_->port)) for @workers;
note 'Citus ' . query($coord, 'postgres', "SELECT extversion FROM pg_extension WHERE extname = 'citus'")
  . ': coordinator and workers ' . join(', ', map { $_->port } $coord, @workers);

# The same tables on both: offences (distributed by force on Citus), the
# stored monthly summaries (colocated), a reference table of regions.
my $setup = <<'SQL';
SET client_min_messages = warning;
CREATE EXTENSION groomstats;
\i test/data/sample_offences.sql
CREATE TABLE offences (LIKE sample_offences, PRIMARY KEY (force, id));
CREATE TABLE monthly (force text, month date, s offence_summary NOT NULL, PRIMARY KEY (force, month));
CREATE TABLE regions (force text PRIMARY KEY, region text NOT NULL);
-- Toasted summaries: 400 days each (about 8 kB), stored out of line.
CREATE TABLE wide (force text, k int, s offence_summary, PRIMARY KEY (force, k));
ALTER TABLE wide ALTER COLUMN s SET STORAGE external;
SQL
query($single, 'postgres', $setup);
query($coord, 'postgres', $setup . <<'SQL');
SELECT create_distributed_table('offences', 'force');
SELECT create_distributed_table('monthly', 'force', colocate_with => 'offences');
SELECT create_distributed_table('wide', 'force', colocate_with => 'offences');
SELECT create_reference_table('regions');
SQL
my $fill = <<'SQL';
INSERT INTO offences SELECT * FROM sample_offences;
INSERT INTO regions
SELECT force, (ARRAY['North', 'Midlands', 'South', 'London', 'Wales'])[1 + (row_number() OVER (ORDER BY force))::int % 5]
FROM (SELECT DISTINCT force FROM sample_offences) f;
INSERT INTO wide
SELECT f, k, offence_summary_agg(d, ARRAY['P' || (i % 7)], i % 18)
FROM (SELECT DISTINCT force AS f FROM sample_offences ORDER BY 1 LIMIT 6) forces,
     generate_series(1, 3) k,
     LATERAL (SELECT '2015-01-01'::date + i * k AS d, i FROM generate_series(1, 400) i) days
GROUP BY 1, 2;
ANALYZE;
SQL
query($_, 'postgres', $fill) for $single, $coord;
is( query($coord, 'postgres',
		"SELECT count(*) FROM pg_dist_shard WHERE logicalrelid IN ('offences'::regclass, 'monthly'::regclass, 'wide'::regclass)"),
	32 * 3, 'Citus: 3 distributed tables of 32 shards');
is( query($coord, 'postgres', q{SELECT count(*) FROM run_command_on_shards('wide',
		$$SELECT attstorage FROM pg_attribute WHERE attrelid = '%s'::regclass AND attname = 's'$$) WHERE result = 'e'}),
	32, 'the shards of wide store summaries out of line (STORAGE external)');
my $toasted = query($single, 'postgres',
	"SELECT count(*) FILTER (WHERE pg_column_size(s) > 2000) || ' of ' || count(*) FROM wide");
note "wide summaries over 2 kB (stored out of line): $toasted";

# Accessors that Citus runs on a worker need the session's threshold passed
# with the transaction (10 below): with no threshold, SET LOCAL 0.
my $local0 = "BEGIN; SET LOCAL citus.propagate_set_commands = 'local'; SET LOCAL groomstats.min_cell_count = 0;";

# The same query on Citus (after `prefix`) and on one node.
sub same
{
	my ($name, $sql, $prefix) = @_;
	my ($c, $s) = (query($coord, 'postgres', ($prefix || '') . $sql), query($single, 'postgres', $sql));
	my $rows = () = $s =~ /\n/g;
	is($c, $s, "$name: equal to one node (" . ($s eq '' ? 0 : $rows + 1) . ' rows)');
	return $c;
}

# EXPLAIN VERBOSE on the coordinator; its lines that say where the work is
# done, as notes.
sub plan_of
{
	my ($sql, $settings) = @_;
	my $plan = query($coord, 'postgres', ($settings || '') . "EXPLAIN (VERBOSE, COSTS OFF) $sql");
	note "    $_" for grep { /Aggregate|Custom Scan|Task Count|Query:|Output: .*(coord_combine|rollup)/ } split /\n/, $plan;
	return $plan;
}

my $agg = 'offence_summary_agg(recorded, platforms, victim_age)';

# 1. Grouped by the distribution column: the whole aggregate on the workers.
my $q1 = "SELECT force, $agg AS s FROM offences GROUP BY force";
my $plan = plan_of($q1);
like($plan, qr/Query: SELECT force, public\.offence_summary_agg\(recorded, platforms, victim_age\).* GROUP BY force/,
	'1. GROUP BY force: offence_summary_agg runs in the workers\' query');
unlike($plan, qr/^\s*(Hash|Group)?Aggregate\n.*Custom Scan/s, '1. GROUP BY force: nothing aggregated on the coordinator');
same('1. GROUP BY force', "$q1 ORDER BY force");

# 2. Stored monthly summaries made on the workers (two thirds of the rows
#    now; the rest merged in 3).
my $month = "date_trunc('month', recorded::timestamp)::date";
my $q2 = "INSERT INTO monthly SELECT force, $month, $agg FROM offences WHERE recorded IS NOT NULL AND id % 3 <> 0 GROUP BY 1, 2";
$plan = plan_of($q2);
like($plan, qr/Query: INSERT INTO public\.monthly_\d+ .*SELECT .*public\.offence_summary_agg\(/,
	'2. INSERT ... SELECT ... GROUP BY force, month: runs on the workers, shard to colocated shard');
query($_, 'postgres', $q2) for $coord, $single;

# 3. The later rows merged in with ON CONFLICT ... SET s = m.s + excluded.s.
my $q3 = "INSERT INTO monthly AS m SELECT force, $month, $agg FROM offences WHERE recorded IS NOT NULL AND id % 3 = 0 GROUP BY 1, 2
  ON CONFLICT (force, month) DO UPDATE SET s = m.s + excluded.s";
$plan = plan_of($q3);
like($plan, qr/Query: INSERT INTO public\.monthly_\d+ .*ON CONFLICT/, '3. the ON CONFLICT merge runs on the workers');
query($_, 'postgres', $q3) for $coord, $single;
same('2, 3. stored monthly summaries after the merge', 'SELECT force, month, s FROM monthly ORDER BY 1, 2');
is( query($coord, 'postgres', "SELECT count(*) FROM monthly m JOIN (SELECT force, $month AS month, $agg AS s
        FROM offences WHERE recorded IS NOT NULL GROUP BY 1, 2) a USING (force, month) WHERE m.s = a.s"),
	query($single, 'postgres', 'SELECT count(*) FROM monthly'),
	'3. (and 6, colocated join) each merged summary = the aggregate of all its rows');

# 4. rollup_merge: partials on the workers, combined on the coordinator.
$plan = plan_of('SELECT rollup_merge(s) FROM monthly');
like($plan, qr/Query: SELECT worker_partial_agg\('public\.rollup_merge\(public\.offence_summary\)'::regprocedure, s\)/,
	'4. rollup_merge: worker_partial_agg on the workers');
like($plan, qr/Output: coord_combine_agg\(/, '4. rollup_merge: coord_combine_agg on the coordinator');
is(query($coord, 'postgres', 'SELECT rollup_merge(s) FROM monthly'),
	query($single, 'postgres', "SELECT $agg FROM offences WHERE recorded IS NOT NULL"),
	'4. rollup_merge of the stored summaries = offence_summary_agg of all dated rows on one node');
$plan = plan_of('SELECT month, rollup_merge(s) FROM monthly GROUP BY month');
like($plan, qr/worker_partial_agg.* GROUP BY month/, '4. by month: partials per month on the workers');
same('4. rollup_merge by month', 'SELECT month, rollup_merge(s) FROM monthly GROUP BY month ORDER BY month');
same('4. rollup_merge over no rows', "SELECT rollup_merge(s) IS NULL, offences(rollup_merge(s)) FROM monthly WHERE force = 'nowhere'");
same('4. rollup_merge over no rows, by month', "SELECT month, rollup_merge(s) FROM monthly WHERE month < '1900-01-01' GROUP BY 1");
same('4. rollup_merge of toasted summaries, by k', 'SELECT k, rollup_merge(s) FROM wide GROUP BY k ORDER BY k');
same('4. rollup_merge of toasted summaries', 'SELECT rollup_merge(s) FROM wide');
for my $binary ('on', 'off')
{
	is( query($coord, 'postgres', "SET citus.enable_binary_protocol = $binary;
		SELECT month, rollup_merge(s) FROM monthly GROUP BY 1 ORDER BY 1"),
		query($single, 'postgres', 'SELECT month, rollup(s) FROM monthly GROUP BY 1 ORDER BY 1'),
		"4. citus.enable_binary_protocol = $binary: rollup_merge by month equal to one node's rollup");
}

# 5. Accessors over it: scalar accessors over rollup_merge grouped by month
#    (on the coordinator), set-returning accessors in the FROM form.
same('5. offences and per_day_rate by month', q{SELECT month, offences(rollup_merge(s)),
	round(per_day_rate(rollup_merge(s), daterange(month, (month + interval '1 month')::date))::numeric, 6)
	FROM monthly GROUP BY month ORDER BY month});
same('5. per_day_rate_ci (FROM form)',
	"SELECT * FROM per_day_rate_ci((SELECT rollup_merge(s) FROM monthly), '[2017-04-03,2018-04-01)')");
same('5. platform_shares (FROM form)',
	'SELECT * FROM platform_shares((SELECT rollup_merge(s) FROM monthly)) ORDER BY rank, platform');
same('5. age_bands (FROM form)', 'SELECT * FROM age_bands((SELECT rollup_merge(s) FROM monthly))');
same('5. platform_shares of one force (FROM form, routed to one worker)',
	"SELECT * FROM platform_shares((SELECT rollup(s) FROM monthly WHERE force = 'Cumbria')) ORDER BY rank, platform",
	$local0);
same('5. offences by force and month (accessor on the workers)',
	'SELECT force, month, offences(s), per_day_rate_ci(s, daterange(month, (month + 7)::date)) FROM monthly ORDER BY 1, 2',
	$local0);
same('5. offence_report', "SELECT offence_report(rollup_merge(s), '[2017-04-03,2018-04-01)', 'England and Wales') FROM monthly");
my ($ok, $out, $err) = (undef, '', '');
$ok = $coord->psql('postgres', "$local0 SELECT (platform_shares(rollup(s))).* FROM monthly", stdout => \$out, stderr => \$err);
note '   set-returning accessor in the select list over rollup(s): '
  . ($ok == 0 ? 'works' : "fails on Citus ($err)");

# 6. Joins: a reference table (regions) and a colocated table (above).
same('6. join with a reference table, rollup_merge by region',
	'SELECT r.region, rollup_merge(m.s) FROM monthly m JOIN regions r USING (force) GROUP BY 1 ORDER BY 1');
$plan = plan_of("SELECT m.force, m.month, m.s = a.s FROM monthly m JOIN (SELECT force, $month AS month, $agg AS s
        FROM offences GROUP BY 1, 2) a USING (force, month)");
like($plan, qr/Query: SELECT .*JOIN .*offence_summary_agg/s, '6. colocated join with an aggregate: pushed down');

# 7. COPY out of and into distributed tables, text and binary.
for my $format ('text', 'binary')
{
	query($coord, 'postgres', "\\copy (SELECT force, month, s FROM monthly) TO '$work/monthly.$format' WITH (FORMAT $format)");
	query($coord, 'postgres', "CREATE TABLE copied_$format (LIKE monthly);
		SELECT create_distributed_table('copied_$format', 'force', colocate_with => 'monthly');
		\\copy copied_$format FROM '$work/monthly.$format' WITH (FORMAT $format)");
	is( query($coord, 'postgres', "SELECT force, month, s FROM copied_$format ORDER BY 1, 2"),
		query($single, 'postgres', 'SELECT force, month, s FROM monthly ORDER BY 1, 2'),
		"7. COPY $format out of and into distributed tables: equal to one node");
}

# 8. count(DISTINCT s): Citus groups the workers' rows by s.
$plan = plan_of('SELECT count(DISTINCT s) FROM monthly');
like($plan, qr/Query: SELECT s AS count FROM .* GROUP BY s/, '8. count(DISTINCT s): the workers group by s');
same('8. count(DISTINCT s), count(DISTINCT s::text), count(DISTINCT md5(s::text))',
	'SELECT count(DISTINCT s), count(DISTINCT s::text), count(DISTINCT md5(s::text)) FROM monthly');
same('8. count(DISTINCT s) by month', 'SELECT month, count(DISTINCT s) FROM monthly GROUP BY 1 ORDER BY 1');
same('8. ORDER BY s, UNION', 'SELECT s::text FROM (SELECT s FROM monthly UNION SELECT s FROM wide) u ORDER BY 1');

# 9. What moves rows: rollup (internal state) and an aggregate not grouped
#    by the distribution column.  Equal still.
$plan = plan_of('SELECT rollup(s) FROM monthly');
like($plan, qr/Query: SELECT s AS rollup FROM/, '9. rollup: the workers send every stored summary');
like($plan, qr/Output: rollup\(remote_scan/, '9. rollup: merged on the coordinator');
same('9. rollup by month', 'SELECT month, rollup(s) FROM monthly GROUP BY 1 ORDER BY 1');
$plan = plan_of("SELECT $month, $agg FROM offences GROUP BY 1");
like($plan, qr/Query: SELECT .*recorded AS offence_summary_agg, platforms AS offence_summary_agg, .*FROM public\.offences_\d+ offences WHERE true/,
	'9. offence_summary_agg by month: the workers send the rows');
same('9. offence_summary_agg by month', "SELECT $month, $agg FROM offences GROUP BY 1 ORDER BY 1");

# 10. Disclosure control.  The reference: one node at threshold N.
sub single_at
{
	my ($n, $sql) = @_;
	return query($single, 'postgres', "SET groomstats.min_cell_count = $n; $sql");
}

# Queries whose accessors Citus runs on the workers (pushed down, routed).
my %on_workers = (
	'offences by force and month' => 'SELECT force, month, offences(s) FROM monthly ORDER BY 1, 2',
	'platform_shares of one force' =>
	  "SELECT * FROM platform_shares((SELECT rollup(s) FROM monthly WHERE force = 'Cumbria')) ORDER BY platform",
	'offence_report by force' => "SELECT force, offence_report(rollup(s), '[2017-04-03,2018-04-01)', force)
	  FROM monthly GROUP BY force ORDER BY force",);
# Queries whose accessors run on the coordinator (over rollup_merge).
my %on_coordinator = (
	'offences by month over rollup_merge' =>
	  'SELECT month, offences(rollup_merge(s)) FROM monthly GROUP BY 1 ORDER BY 1',
	'platform_shares over rollup_merge' =>
	  'SELECT * FROM platform_shares((SELECT rollup_merge(s) FROM monthly)) ORDER BY platform',
	'offences by force over a materialized CTE' =>
	  'WITH f AS MATERIALIZED (SELECT force, rollup(s) AS s FROM monthly GROUP BY force)
	   SELECT force, offences(s), platform_offences(s, ARRAY[\'Kik\']) FROM f ORDER BY force',);

my $hidden = single_at(5, 'SELECT count(*) FILTER (WHERE offences(s) IS NULL) FROM monthly');
my $hidden_cumbria = single_at(5,
	"SELECT count(*) FILTER (WHERE suppressed) FROM platform_shares((SELECT rollup(s) FROM monthly WHERE force = 'Cumbria'))");
note "one node at groomstats.min_cell_count = 5: $hidden months hidden by force, "
  . "$hidden_cumbria platforms of Cumbria hidden";
ok($hidden > 0 && $hidden_cumbria > 0, '10. the sample has small cells to hide');

# Run each query as `user` after `prefix` on the coordinator: refused, or
# equal to one node at `n`.
sub refused
{
	my ($name, $prefix, $sql, $user) = @_;
	my ($out, $err) = ('', '');
	my $ret = $coord->psql('postgres', "$prefix $sql", stdout => \$out, stderr => \$err,
		extra_params => [ '-U', $user || 'postgres' ]);
	ok($ret != 0 && $err =~ /did not receive the session's groomstats\.min_cell_count/,
		"10. $name: refused on the workers") or diag "output: $out\nerror: $err";
}

sub equal_at
{
	my ($name, $n, $prefix, $sql, $user) = @_;
	my ($out, $err) = ('', '');
	$coord->psql('postgres', "$prefix $sql", stdout => \$out, stderr => \$err,
		extra_params => [ '-U', $user || 'postgres' ]);
	is($out, single_at($n, $sql), "10. $name: equal to one node at threshold $n") or diag $err;
}

sub check_setting
{
	my ($setting, $n, $prefix, $user) = @_;
	equal_at("$setting; $_", $n, $prefix, $on_coordinator{$_}, $user) for sort keys %on_coordinator;
	refused("$setting; $_", $prefix, $on_workers{$_}, $user) for sort keys %on_workers;
}

# 10a. A session's SET on the coordinator: in force where the accessors run
#      on the coordinator; refused where Citus runs them on the workers.
check_setting('SET groomstats.min_cell_count = 5', 5, 'SET groomstats.min_cell_count = 5;');
# Without any setting, too: a worker cannot tell "none" from "not passed".
refused('no setting; offences by force and month', '', $on_workers{'offences by force and month'});

# 10b. SET LOCAL with citus.propagate_set_commands = 'local': reaches the
#      workers; every query equal to one node at 5.
my $local = "BEGIN; SET LOCAL citus.propagate_set_commands = 'local'; SET LOCAL groomstats.min_cell_count = 5;";
equal_at("SET LOCAL groomstats.min_cell_count = 5 (propagated); $_", 5, $local, $on_workers{$_})
  for sort keys %on_workers;
equal_at("SET LOCAL groomstats.min_cell_count = 5 (propagated); $_", 5, $local, $on_coordinator{$_})
  for sort keys %on_coordinator;
# SET LOCAL without propagation does not reach them: refused.
refused('SET LOCAL without citus.propagate_set_commands', 'BEGIN; SET LOCAL groomstats.min_cell_count = 5;',
	$on_workers{'offences by force and month'});

# 10c. The floor by ALTER ROLE (Citus propagates it): an analyst's SET LOCAL
#      of 0 cannot lower it on any node.
query($coord, 'postgres', q{CREATE ROLE analyst LOGIN;
GRANT SELECT ON monthly TO analyst;
ALTER ROLE analyst SET groomstats.min_cell_count_floor = 5;
ALTER ROLE analyst SET citus.propagate_set_commands = 'local';});
is(query($workers[0], 'postgres', "SELECT setconfig FROM pg_db_role_setting WHERE setrole = 'analyst'::regrole"),
	'{groomstats.min_cell_count_floor=5,citus.propagate_set_commands=local}',
	'10c. ALTER ROLE ... SET reached the workers');
my $lower = 'BEGIN; SET LOCAL groomstats.min_cell_count = 0;';
equal_at("ALTER ROLE floor 5, SET LOCAL 0; $_", 5, $lower, $on_workers{$_}, 'analyst') for sort keys %on_workers;
equal_at("ALTER ROLE floor 5, SET 0; $_", 5, 'SET groomstats.min_cell_count = 0;', $on_coordinator{$_}, 'analyst')
  for sort keys %on_coordinator;
refused('ALTER ROLE floor 5, no SET LOCAL', '', $on_workers{'offences by force and month'}, 'analyst');

# 10d. The floor by ALTER DATABASE (Citus propagates it).
query($coord, 'postgres', 'ALTER DATABASE postgres SET groomstats.min_cell_count_floor = 4');
is( query($workers[1], 'postgres',
		"SELECT setconfig FROM pg_db_role_setting WHERE setdatabase = (SELECT oid FROM pg_database WHERE datname = 'postgres')"),
	'{groomstats.min_cell_count_floor=4}', '10d. ALTER DATABASE ... SET reached the workers');
equal_at("ALTER DATABASE floor 4, SET LOCAL 0; $_", 4, $local0, $on_workers{$_}) for sort keys %on_workers;
query($coord, 'postgres', 'ALTER DATABASE postgres RESET groomstats.min_cell_count_floor');

# 10e. ALTER SYSTEM: not propagated.  On the coordinator alone the workers
#      do not see it (the README says so); on every node it holds.  (ALTER
#      SYSTEM knows the setting once the library is loaded in the session:
#      the cast loads it.)
my $alter_system = "SELECT 'v1;offences=0;undated=0;days=;no_platform=0;platforms=;combos=;no_age=0;ages='::offence_summary;
  ALTER SYSTEM SET groomstats.min_cell_count_floor = 3; SELECT pg_reload_conf();";
query($coord, 'postgres', $alter_system);
my $sql = $on_workers{'offences by force and month'};
my ($out0, $err0) = ('', '');
$coord->psql('postgres', "$local0 $sql", stdout => \$out0, stderr => \$err0);
isnt($out0, single_at(3, $sql), '10e. ALTER SYSTEM floor 3 on the coordinator alone: the workers do not see it');
for my $node (@workers)
{
	query($node, 'postgres', $alter_system);
}
equal_at("ALTER SYSTEM floor 3 on every node, SET LOCAL 0; $_", 3, $local0, $on_workers{$_}) for sort keys %on_workers;
refused('ALTER SYSTEM floor 3 on every node, no SET LOCAL', '', $sql);

# 11. The README's Citus section: every sql block runs on this cluster as
#     written, but the first (the set-up, with example host names, which the
#     start of this test does with real ones).
my ($section) = slurp_file('README.md') =~ /^### Citus\n(.*?)^#{2,3} /ms;
my @blocks = ($section // '') =~ /^```sql\n(.*?)^```/gms;
ok(@blocks > 1, 'README: the Citus section has sql blocks (' . scalar(@blocks) . ')');
for my $i (1 .. $#blocks)
{
	my ($out, $err) = ('', '');
	my $ret = $coord->psql('postgres', $blocks[$i], stdout => \$out, stderr => \$err, on_error_stop => 1);
	is($ret, 0, '11. README Citus block ' . ($i + 1) . ' runs on the cluster') or diag $err;
}

done_testing();

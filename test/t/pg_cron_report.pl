# Scheduled reports under pg_cron, exactly as README.md sets them up, on a
# node of its own (shared_preload_libraries = 'pg_cron', cron.database_name =
# postgres, jobs in background workers): the recipe's blocks ("-- recipe,
# part ...") in the offences' database, then the pg_cron block in the
# database pg_cron lives in, with the database name and the schedules changed
# to this one and "every minute".
# The offences are the sample's, moved forward in time so that its 2017/18
# falls in the last 12 complete months, the report's default period; after
# the first fill rows arrive, are corrected (one becomes undated) and are
# deleted.  We wait for both jobs to run, then check that they succeeded, that
# the stored summaries equal the table, and that the report's figures are the
# table's for the period.
use strict;
use warnings;

use GroomstatsTest;
use PostgreSQL::Test::Utils;
use Test::More;

my $db = 'groomstats_cron';

# The README's own blocks (test/readme-blocks reads README.md of this tree).
sub readme_blocks
{
	my ($prefix) = @_;
	my $sql = `bash test/readme-blocks '$prefix'`;
	is($?, 0, "README.md has sql blocks starting with '$prefix'");
	return $sql;
}
my $recipe = readme_blocks('-- recipe, part');
my $cron = readme_blocks('CREATE EXTENSION IF NOT EXISTS pg_cron');
like($cron, qr/'offences'\)/, "the README's pg_cron block names the database 'offences'");
$cron =~ s/'offences'\)/'$db')/g;
$cron =~ s{'\*/10 \* \* \* \*'}{'* * * * *'}g;
$cron =~ s{'15 2 \* \* \*'}{'* * * * *'}g;

my $node = groomstats_node(
	'cron',
	conf => [
		"shared_preload_libraries = 'pg_cron'", "cron.database_name = 'postgres'",
		'cron.use_background_workers = on', 'max_worker_processes = 16',
	]);

query($node, 'postgres', "CREATE DATABASE $db");
query($node, $db, <<'SQL');
SET client_min_messages = warning;
CREATE EXTENSION groomstats;
\i test/data/sample_offences.sql
-- The sample moved forward by whole months: its April 2017 becomes the first
-- of the last 12 complete months.
CREATE TABLE shift AS
SELECT (extract(year FROM t) * 12 + extract(month FROM t) - (2017 * 12 + 4))::int AS months
FROM (SELECT date_trunc('month', current_date::timestamp) - interval '12 months' AS t) x;
CREATE TABLE moved AS
SELECT id, force, (recorded + make_interval(months => (SELECT months FROM shift)))::date AS recorded,
       platforms, victim_age, victim_sex
FROM sample_offences;
-- The offences table: all but the last months of the sample so far.
CREATE TABLE offences (LIKE sample_offences INCLUDING ALL);
INSERT INTO offences SELECT * FROM moved
WHERE recorded < date_trunc('month', current_date::timestamp) - interval '1 month' OR recorded IS NULL;
SQL
query($node, $db, $recipe);

# After the first fill: a month of rows arrives, rows are corrected and deleted.
query($node, $db, <<'SQL');
INSERT INTO offences SELECT * FROM moved m WHERE NOT EXISTS (SELECT 1 FROM offences o WHERE o.id = m.id);
UPDATE offences SET recorded = recorded - 40 WHERE id % 97 = 0 AND recorded IS NOT NULL;
UPDATE offences SET recorded = NULL WHERE id % 1009 = 0;
UPDATE offences SET force = 'Kent', victim_age = 12 WHERE id % 503 = 0;
DELETE FROM offences WHERE id % 211 = 0;
SQL
my $queued = query($node, $db, 'SELECT count(*) FROM summary_queue');
note "changes after the first fill: $queued (force, month) notes queued";

query($node, 'postgres', $cron);
my $jobs = "database = '$db' AND command IN ('CALL refresh_summaries()', 'CALL write_report()')";
# pg_cron runs jobs at minute boundaries: wait up to 90 s for both to end.
my $ended = 0;
for (1 .. 90)
{
	$ended = query($node, 'postgres', "SELECT count(DISTINCT command) FROM cron.job_run_details
		WHERE $jobs AND status IN ('succeeded', 'failed')");
	last if $ended == 2;
	sleep 1;
}
note query($node, 'postgres', "SELECT command, status, return_message FROM cron.job_run_details WHERE $jobs ORDER BY runid");
query($node, 'postgres', "SELECT cron.unschedule('groomstats-refresh'); SELECT cron.unschedule('groomstats-report')");
is($ended, 2, 'both pg_cron jobs ran within 90 s');
is(query($node, 'postgres', "SELECT count(*) FROM cron.job_run_details WHERE $jobs AND status <> 'succeeded'"),
	0, 'every pg_cron job succeeded');

# The scheduled report (the newest row) and the stored summaries.
my ($period, $title_ok, $got, $want, $rolled, $differ, $left) = split /\|/, query($node, $db, <<'SQL'), -1;
WITH r AS (SELECT * FROM reports ORDER BY id DESC LIMIT 1),
fresh AS (SELECT force, date_trunc('month', recorded::timestamp)::date AS month,
                 offence_summary_agg(recorded, platforms, victim_age) AS s FROM offences GROUP BY 1, 2)
SELECT replace(r.period::text, ' ', ''),
       r.period = daterange((date_trunc('month', current_date::timestamp) - interval '12 months')::date,
                            date_trunc('month', current_date::timestamp)::date)
         AND r.body LIKE '# England and Wales: 1 % to %',
       substring(r.body FROM '\| Offences recorded in the period \| ([0-9,]+) \|'),
       (SELECT to_char(count(*), 'FM999G999G990') FROM offences o WHERE o.recorded <@ r.period),
       (SELECT rollup(s) FROM monthly_summaries) = (SELECT offence_summary_agg(recorded, platforms, victim_age) FROM offences),
       (SELECT count(*) FROM fresh f FULL JOIN monthly_summaries m
          ON m.force = f.force AND coalesce(m.month, 'infinity') = coalesce(f.month, 'infinity')
        WHERE f.s IS NULL OR m.s IS NULL OR f.s <> m.s),
       (SELECT count(*) FROM summary_queue)
FROM r;
SQL
my $body = query($node, $db, 'SELECT body FROM reports ORDER BY id DESC LIMIT 1');
my @lines = split /\n/, $body;
note join("\n", @lines[ 0 .. ($#lines < 7 ? $#lines : 7) ]);
$_ //= '' for $period, $title_ok, $got, $want, $rolled, $differ, $left;
note "scheduled report: period $period, offences $got (the table: $want)";
is($title_ok, 't', 'the scheduled report covers the last 12 complete months (period and title)');
isnt($got, '', 'the scheduled report gives the offences recorded in the period');
is($got, $want, "the scheduled report's offences are the table's for the period");
is($rolled, 't', 'the stored summaries roll up to the aggregate of the table');
is($differ, '0', 'no stored summary per force per month differs from the table');
is($left, '0', 'the refresh left nothing in the queue');

done_testing();

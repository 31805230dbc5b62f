#!/bin/bash
# Scheduled reports under pg_cron (preloaded by test/run-tests, with
# cron.database_name = postgres and background workers), exactly as README.md
# sets them up: the recipe's blocks ("-- recipe, part ...") in the offences'
# database, then the pg_cron block in the database pg_cron lives in, with the
# database name and the schedules changed to this one and "every minute".
# The offences are the sample's, moved forward in time so that its 2017/18
# falls in the last 12 complete months, the report's default period; after
# the first fill rows arrive, are corrected (one becomes undated) and are
# deleted.  We wait for both jobs to run, then check that they succeeded, that
# the stored summaries equal the table, and that the report's figures are the
# table's for the period.
set -euo pipefail
cd "$(dirname "$0")/../.."
db=groomstats_cron
source test/lib.sh

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
bash test/readme-blocks '-- recipe, part' >"$work/recipe.sql"
bash test/readme-blocks 'CREATE EXTENSION IF NOT EXISTS pg_cron' >"$work/cron.sql"
grep -q "'offences')" "$work/cron.sql" || fail "the README's pg_cron block names no database 'offences'"
sed -i -e "s/'offences')/'$db')/" -e "s|'\*/10 \* \* \* \*'|'* * * * *'|" -e "s|'15 2 \* \* \*'|'* * * * *'|" "$work/cron.sql"

recreate_db "$db"
q -d $db >/dev/null <<'SQL'
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
q -d $db -f "$work/recipe.sql" >/dev/null

# After the first fill: a month of rows arrives, rows are corrected and deleted.
q -d $db >/dev/null <<'SQL'
INSERT INTO offences SELECT * FROM moved m WHERE NOT EXISTS (SELECT 1 FROM offences o WHERE o.id = m.id);
UPDATE offences SET recorded = recorded - 40 WHERE id % 97 = 0 AND recorded IS NOT NULL;
UPDATE offences SET recorded = NULL WHERE id % 1009 = 0;
UPDATE offences SET force = 'Kent', victim_age = 12 WHERE id % 503 = 0;
DELETE FROM offences WHERE id % 211 = 0;
SQL
queued=$(q -d $db -tA -c "SELECT count(*) FROM summary_queue")
echo "changes after the first fill: $queued (force, month) notes queued"

q -d postgres -f "$work/cron.sql" >/dev/null
jobs="database = '$db' AND command IN ('CALL refresh_summaries()', 'CALL write_report()')"
# pg_cron runs jobs at minute boundaries: wait up to 90 s for both to end.
for _ in $(seq 1 90); do
	ended=$(q -d postgres -tA -c "SELECT count(DISTINCT command) FROM cron.job_run_details
		WHERE $jobs AND status IN ('succeeded', 'failed')")
	[ "$ended" = 2 ] && break
	sleep 1
done
q -d postgres -c "SELECT command, status, return_message FROM cron.job_run_details WHERE $jobs ORDER BY runid"
q -d postgres -c "SELECT cron.unschedule('groomstats-refresh')" -c "SELECT cron.unschedule('groomstats-report')" >/dev/null
[ "$ended" = 2 ] || fail "the pg_cron jobs did not both run within 90 s"
bad=$(q -d postgres -tA -c "SELECT count(*) FROM cron.job_run_details WHERE $jobs AND status <> 'succeeded'")
[ "$bad" = 0 ] || fail "a pg_cron job did not succeed"

# The scheduled report (the newest row) and the stored summaries.
read -r period title_ok got want rolled differ queued <<<"$(q -d $db -tA -F ' ' <<'SQL'
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
)"
body=$(q -d $db -tA -c "SELECT body FROM reports ORDER BY id DESC LIMIT 1")
head -8 <<<"$body"
echo "scheduled report: period $period (the last 12 complete months: $title_ok), offences $got (the table: $want)"
echo "stored summaries: rollup equals the table: $rolled; per force per month differing: $differ; queue left: $queued"
[ "$title_ok" = t ] && [ -n "$got" ] && [ "$got" = "$want" ] && [ "$rolled" = t ] && [ "$differ" = 0 ] && [ "$queued" = 0 ] ||
	fail "the scheduled jobs did not keep the summaries and the report right"
drop_db "$db"

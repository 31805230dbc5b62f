#!/bin/bash
# Scheduled reports under pg_cron (preloaded by test/run-tests): a job rolls
# new offence rows into the stored monthly summaries and writes the report
# into a reports table.  We wait for it to run and check the row.
set -euo pipefail
cd "$(dirname "$0")/../.."
db=groomstats_cron
source test/lib.sh

recreate_db "$db"
q -d postgres -c "CREATE EXTENSION IF NOT EXISTS pg_cron"
q -d $db <<'SQL'
SET client_min_messages = warning;
CREATE EXTENSION groomstats;
\i test/data/sample_offences.sql
-- The offences table the job reads: 2017/18 is already summarised; the
-- rows of April 2018 arrive later.
CREATE TABLE offences AS SELECT * FROM sample_offences WHERE recorded < '2018-04-01';
CREATE TABLE monthly (force text, month date, s offence_summary NOT NULL, PRIMARY KEY (force, month));
INSERT INTO monthly
SELECT force, date_trunc('month', recorded)::date, offence_summary_agg(recorded, platforms, victim_age)
FROM offences WHERE recorded IS NOT NULL GROUP BY 1, 2;
CREATE TABLE watermark (last_id bigint NOT NULL);
INSERT INTO watermark SELECT max(id) FROM offences;
CREATE TABLE reports (id serial PRIMARY KEY, made_at timestamptz NOT NULL DEFAULT now(),
                      period daterange NOT NULL, offences bigint, body text NOT NULL);

-- The nightly job: roll rows newer than the watermark into the stored
-- summaries (rollup of the old and the new summary), then write the report.
CREATE PROCEDURE refresh_and_report(period daterange) LANGUAGE plpgsql AS $$
DECLARE
  since bigint;
BEGIN
  SELECT last_id INTO since FROM watermark FOR UPDATE;
  INSERT INTO monthly AS m
  SELECT force, date_trunc('month', recorded)::date, offence_summary_agg(recorded, platforms, victim_age)
  FROM offences WHERE id > since AND recorded IS NOT NULL GROUP BY 1, 2
  ON CONFLICT (force, month) DO UPDATE
    SET s = m.s + excluded.s;
  UPDATE watermark SET last_id = coalesce((SELECT max(id) FROM offences), since);
  INSERT INTO reports (period, offences, body)
  SELECT period, (SELECT offences FROM per_day_rate_ci(rollup(s), period)),
         offence_report(rollup(s), period, 'England and Wales (scheduled)')
  FROM monthly WHERE month >= date_trunc('month', lower(period)) AND month < upper(period);
END $$;

-- New rows arrive after the last run: April 2018.
INSERT INTO offences SELECT * FROM sample_offences
WHERE recorded >= '2018-04-01' AND recorded < '2018-05-01';
SQL

q -d postgres -tA -c "SELECT cron.schedule_in_database('groomstats-report', '* * * * *',
  \$\$CALL refresh_and_report('[2017-04-03,2018-05-01)')\$\$, '$db')" >/dev/null

# pg_cron 1.4 runs jobs at minute boundaries: wait up to 90 s for one run.
for _ in $(seq 1 90); do
	n=$(q -d $db -tA -c "SELECT count(*) FROM reports")
	[ "$n" -gt 0 ] && break
	sleep 1
done
q -d postgres -c "SELECT cron.unschedule('groomstats-report')" >/dev/null
q -d postgres -c "SELECT status, return_message FROM cron.job_run_details ORDER BY runid DESC LIMIT 3"

# The report row: April 2018 rows were rolled in, and the report is right.
expected=$(q -d $db -tA -c "SELECT count(*) FROM sample_offences WHERE recorded >= '2017-04-03' AND recorded < '2018-05-01'")
got=$(q -d $db -tA -c "SELECT offences FROM reports ORDER BY id LIMIT 1")
body=$(q -d $db -tA -c "SELECT body FROM reports ORDER BY id LIMIT 1")
rolled=$(q -d $db -tA -c "SELECT rollup(s) = (SELECT offence_summary_agg(recorded, platforms, victim_age) FROM offences WHERE recorded IS NOT NULL) FROM monthly")
echo "$body" | head -8
echo "report offences: $got (plain SQL: $expected); stored summaries equal the table: $rolled"
[ -n "$got" ] && [ "$got" = "$expected" ] && [ "$rolled" = t ] &&
	grep -q "England and Wales (scheduled): 3 April 2017 to 30 April 2018" <<<"$body"

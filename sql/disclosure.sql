-- Disclosure control: groomstats.min_cell_count hides counts of 1 to N-1
-- offences (and the next-smallest cell where one hidden cell could be
-- recovered from a published total), in every accessor that publishes counts.
SET extra_float_digits = 0;

CREATE TABLE dc (id int, recorded date, platforms text[], victim_age int);
INSERT INTO dc
SELECT i, date '2017-04-03' + (i % 20),
       CASE WHEN i <= 30 THEN '{Facebook}'::text[]
            WHEN i <= 42 THEN '{Snapchat}'
            WHEN i <= 48 THEN '{Instagram}'
            WHEN i <= 50 THEN '{Kik}'
            ELSE NULL END,
       CASE WHEN i <= 3 THEN 10 WHEN i <= 40 THEN 13 WHEN i <= 57 THEN 16 ELSE NULL END
FROM generate_series(1, 60) i;
SELECT offence_summary_agg(recorded, platforms, victim_age) AS s FROM dc \gset

-- Off by default: everything is published.
SHOW groomstats.min_cell_count;
SELECT platform, offences, suppressed FROM platform_shares(:'s');
SELECT band, offences, suppressed FROM age_bands(:'s');

SET groomstats.min_cell_count = 5;
-- Kik (2) is hidden; it alone could be recovered as platform_recorded minus
-- the rest, so the next smallest (Instagram, 6) is hidden too.
SELECT platform, offences, share, lower, upper, rank, suppressed FROM platform_shares(:'s');
-- 0-11 (3) and 'not recorded' (3) are both under 5: two hidden cells, so
-- neither is the total minus the rest, and nothing more is hidden.
SELECT band, offences, share, suppressed FROM age_bands(:'s');
-- Zero cells are never hidden; 'other' does not appear when it is zero.
SELECT band, offences, suppressed FROM age_bands(:'s', '0-9,10-12,13-15,16-17');
-- Days: counts of 3 in a 20-day cycle are all below 5, so all hidden.
SELECT count(*) FILTER (WHERE suppressed) AS hidden_days, count(*) FILTER (WHERE offences = 0) AS zero_days,
       count(*) AS days
FROM daily_counts(:'s', '[2017-04-01,2017-05-01)');
-- Scalars: a small count is NULL.
SELECT offences(:'s') AS offences, platform_offences(:'s', '{Kik}') AS kik,
       platform_offences(:'s', '{Kik,Instagram}') AS kik_or_instagram,
       platform_share(:'s', '{Kik}') AS kik_share, platform_recorded(:'s') AS platform_recorded,
       undated(:'s') AS undated_zero_is_published;
SELECT offences(rollup(s)) AS small_total_hidden
FROM (SELECT offence_summary_agg(recorded, platforms, victim_age) s FROM dc WHERE id <= 4) x;
SELECT per_day_rate(offence_summary_agg(recorded, platforms, victim_age), '[2017-04-03,2017-04-04)') AS small_rate_hidden
FROM dc;

-- No hidden value can be recovered from the other rows of the same output:
-- in each table whose cells add up to a published total, the number of
-- hidden non-zero cells is never exactly one.
CREATE FUNCTION pg_temp.recoverable(hidden_nonzero bigint) RETURNS bool LANGUAGE sql AS 'SELECT hidden_nonzero = 1';
SELECT 'platform_shares' AS output, pg_temp.recoverable(count(*) FILTER (WHERE suppressed)) AS recoverable
FROM platform_shares(:'s')
UNION ALL
SELECT 'age_bands', pg_temp.recoverable(count(*) FILTER (WHERE suppressed)) FROM age_bands(:'s')
UNION ALL
SELECT 'age_bands (custom)', pg_temp.recoverable(count(*) FILTER (WHERE suppressed))
FROM age_bands(:'s', '0-9,10-12,13-15,16-17')
UNION ALL
SELECT 'daily_counts', pg_temp.recoverable(count(*) FILTER (WHERE suppressed))
FROM daily_counts(:'s', '[2017-04-01,2017-05-01)');
-- Exhaustively over many small tables: thresholds 2..6, 40 age mixes.
CREATE FUNCTION pg_temp.recoverable_tables() RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
  found bigint := 0;
  hidden bigint;
  s offence_summary;
BEGIN
  FOR t IN 2..6 LOOP
    PERFORM set_config('groomstats.min_cell_count', t::text, true);
    FOR k IN 1..40 LOOP
      SELECT offence_summary_agg(NULL::date, NULL::text, CASE WHEN i % 7 = 0 THEN NULL ELSE (i * k) % 18 END)
        INTO s FROM generate_series(1, 20 + k) i;
      SELECT count(*) FILTER (WHERE suppressed) INTO hidden FROM age_bands(s, '0-3,4-7,8-11,12-15');
      found := found + (hidden = 1)::int;
    END LOOP;
  END LOOP;
  RETURN found;
END $$;
SELECT pg_temp.recoverable_tables() AS recoverable_tables;
SET groomstats.min_cell_count = 5;

-- The report marks hidden cells as <5.
\pset format unaligned
\pset tuples_only on
SELECT offence_report(:'s', '[2017-04-03,2017-04-23)', 'Small force');
\pset format aligned
\pset tuples_only off

-- An administrator's floor cannot be lowered by a session.
SET groomstats.min_cell_count = 0;
SET groomstats.min_cell_count_floor = 10;
SELECT platform, offences, suppressed FROM platform_shares(:'s');
CREATE ROLE gs_disclosure_analyst;
GRANT SELECT ON dc TO gs_disclosure_analyst;
SET ROLE gs_disclosure_analyst;
SHOW groomstats.min_cell_count_floor;
\set VERBOSITY sqlstate
SET groomstats.min_cell_count_floor = 0;
\set VERBOSITY default
SET groomstats.min_cell_count_floor = 0;
-- The session can raise its own threshold above the floor, never below.
SET groomstats.min_cell_count = 3;
SELECT platform, offences, suppressed FROM platform_shares(:'s');
SET groomstats.min_cell_count = 40;
SELECT platform, offences, suppressed FROM platform_shares(:'s');
RESET ROLE;
\set VERBOSITY sqlstate
SET ROLE gs_disclosure_analyst;
ALTER ROLE gs_disclosure_analyst SET groomstats.min_cell_count_floor = 0;
RESET ROLE;
\set VERBOSITY default
RESET groomstats.min_cell_count_floor;
RESET groomstats.min_cell_count;
DROP OWNED BY gs_disclosure_analyst;
DROP ROLE gs_disclosure_analyst;

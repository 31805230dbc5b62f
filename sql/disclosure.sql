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
-- Kik (2) is hidden; alone it would be platform_recorded (50, which any share
-- gives away) minus the rest, so the next smallest (Instagram, 6) is hidden
-- too: Kik could then be 1 to 4, Instagram 5 to 7.
SELECT platform, offences, share, lower, upper, rank, suppressed FROM platform_shares(:'s');
-- 0-11 (3) is hidden; the bands add up to age_recorded (57, which any share
-- gives away), so the next smallest band (16-17, 17) is hidden too.  'Not
-- recorded' (3) is outside that total and is hidden on its own.
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

-- No hidden value can be recovered from the other rows of the same output.
-- A reader who knows the method knows, for the cells of a table that add up
-- to a total they can work out (here age_recorded and platform_recorded are
-- count / share of any visible row), the sum of the hidden cells, that each
-- primary one is 1..N-1 and each secondary one at least N.  A hidden cell is
-- safe only if that leaves it at least two possible values.  This check reads
-- each output twice, without and with the threshold, and works out from the
-- true counts of the hidden cells (k primary, s secondary, T in all) the range
-- each could take.
CREATE FUNCTION pg_temp.recoverable(q text, n int) RETURNS bool LANGUAGE plpgsql AS $$
DECLARE
  k bigint;
  sec bigint;
  total bigint;
  lo bigint;
  hi bigint;
  floor text := current_setting('groomstats.min_cell_count_floor');
BEGIN
  PERFORM set_config('groomstats.min_cell_count_floor', '0', true);
  PERFORM set_config('groomstats.min_cell_count', '0', true);
  EXECUTE 'CREATE TEMP TABLE truth AS ' || q;
  PERFORM set_config('groomstats.min_cell_count_floor', floor, true);
  PERFORM set_config('groomstats.min_cell_count', n::text, true);
  EXECUTE 'CREATE TEMP TABLE shown AS ' || q;
  SELECT count(*) FILTER (WHERE t.offences < n), count(*) FILTER (WHERE t.offences >= n),
         coalesce(sum(t.offences), 0)
    INTO k, sec, total
    FROM truth t JOIN shown h USING (key) WHERE h.suppressed;
  DROP TABLE truth;
  DROP TABLE shown;
  -- a primary cell: total minus the others, within 1..N-1
  lo := CASE WHEN sec > 0 THEN 1 ELSE greatest(1, total - (k - 1) * (n - 1)) END;
  hi := least(n - 1, total - (k - 1) - sec * n);
  IF k > 0 AND hi - lo < 1 THEN
    RETURN true;
  END IF;
  -- a secondary cell: at least N
  lo := CASE WHEN sec > 1 THEN n ELSE greatest(n, total - k * (n - 1)) END;
  hi := total - k - (sec - 1) * n;
  IF sec > 0 AND hi - lo < 1 THEN
    RETURN true;
  END IF;
  RETURN false;
END $$;
CREATE FUNCTION pg_temp.bands_q(s offence_summary, bands text DEFAULT '0-11,12-15,16-17') RETURNS text
LANGUAGE sql AS $$
  SELECT format('SELECT band AS key, offences, suppressed FROM age_bands(%L, %L) WHERE band <> %L', s, bands, 'not recorded')
$$;
CREATE FUNCTION pg_temp.platforms_q(s offence_summary) RETURNS text LANGUAGE sql AS $$
  SELECT format('SELECT platform AS key, offences, suppressed FROM platform_shares(%L)', s)
$$;
SELECT 'platform_shares' AS output, pg_temp.recoverable(pg_temp.platforms_q(:'s'), 5) AS recoverable
UNION ALL
SELECT 'age_bands', pg_temp.recoverable(pg_temp.bands_q(:'s'), 5)
UNION ALL
SELECT 'age_bands (custom)', pg_temp.recoverable(pg_temp.bands_q(:'s', '0-9,10-12,13-15,16-17'), 5)
UNION ALL
SELECT 'daily_counts', pg_temp.recoverable(format('SELECT day::text AS key, offences, suppressed FROM daily_counts(%L, %L)', :'s', '[2017-04-01,2017-05-01)'), 5);
-- Cases a first, weaker rule (hide one more cell only when exactly one is
-- hidden) got wrong: two small platforms; a small one beside one of exactly
-- N; a small age band beside a small 'not recorded' outside the denominator.
CREATE TABLE dc_cases (name text, s offence_summary);
INSERT INTO dc_cases
SELECT 'A=1 B=1 C=100', offence_summary_agg(NULL, p, NULL)
FROM (SELECT 'A' p UNION ALL SELECT 'B' UNION ALL SELECT 'C' FROM generate_series(1, 100)) x
UNION ALL
SELECT 'A=1 B=5 C=100', offence_summary_agg(NULL, p, NULL)
FROM (SELECT 'A' p UNION ALL SELECT 'B' FROM generate_series(1, 5) UNION ALL SELECT 'C' FROM generate_series(1, 100)) x
UNION ALL
SELECT 'ages 2/50/30, 7 unknown', offence_summary_agg(NULL, NULL::text, a)
FROM (SELECT 5 a FROM generate_series(1, 2) UNION ALL SELECT 13 FROM generate_series(1, 50)
      UNION ALL SELECT 16 FROM generate_series(1, 30) UNION ALL SELECT NULL FROM generate_series(1, 7)) x;
SELECT name, platform AS cell, offences, suppressed FROM dc_cases, platform_shares(s) WHERE name LIKE 'A=%'
UNION ALL
SELECT name, band, offences, suppressed FROM dc_cases, age_bands(s) WHERE name LIKE 'ages%'
ORDER BY 1, 2;
SELECT name, pg_temp.recoverable(pg_temp.platforms_q(s), 5) OR pg_temp.recoverable(pg_temp.bands_q(s), 5) AS recoverable
FROM dc_cases ORDER BY 1;
-- Exhaustively: thresholds 3..10, 40 mixes of ages and of platforms each.
-- (A threshold of 2 hides counts of 1: a hidden cell is then known to be 1.)
CREATE FUNCTION pg_temp.recoverable_tables() RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
  found bigint := 0;
  s offence_summary;
BEGIN
  FOR t IN 3..10 LOOP
    FOR k IN 1..40 LOOP
      SELECT offence_summary_agg(NULL::date, 'P' || ((i * i * k) % 9),
                                 CASE WHEN i % 7 = 0 THEN NULL ELSE (i * k) % 18 END)
        INTO s FROM generate_series(1, 20 + k) i;
      found := found + pg_temp.recoverable(pg_temp.bands_q(s, '0-3,4-7,8-11,12-15'), t)::int
                     + pg_temp.recoverable(pg_temp.platforms_q(s), t)::int;
    END LOOP;
  END LOOP;
  RETURN found;
END $$;
SELECT pg_temp.recoverable_tables() AS recoverable_tables;
-- The same with a floor of 3: thresholds 4 to 10 are then worked out from
-- the table at the floor (sql/disclosure_sweep.sql), and must hold the same
-- rule at each threshold.
SET groomstats.min_cell_count_floor = 3;
SELECT pg_temp.recoverable_tables() AS recoverable_tables_floor_3;
RESET groomstats.min_cell_count_floor;

-- suppressed_cells: the accessors' routine for a table of one's own.
SET groomstats.min_cell_count = 5;
SELECT suppressed_cells('{30,12,6,2}'::bigint[]) AS like_platform_shares,
       suppressed_cells('{30,12,6,2}'::bigint[], false) AS not_additive,
       suppressed_cells('{}'::bigint[]) AS empty,
       suppressed_cells('{0,0,7}'::bigint[]) AS zeros_never_hidden;
-- Cells of the same count are hidden together: which of two equal cells was
-- taken would tell the reader which is the smaller.
SELECT suppressed_cells('{2,9,9,40}'::bigint[]) AS ties_together;
WITH cells AS (SELECT k, 'P' || (i * i * k) % 9 AS p FROM generate_series(1, 40) k, generate_series(1, 20 + k) i),
     counts AS (SELECT k, array_agg(n ORDER BY p) AS counts
                FROM (SELECT k, p, count(*) AS n FROM cells GROUP BY k, p) c GROUP BY k),
     summaries AS (SELECT k, offence_summary_agg(NULL::date, p, NULL::integer) AS s FROM cells GROUP BY k)
SELECT count(*) AS tables,
       count(*) FILTER (WHERE suppressed_cells(counts)
                              = ARRAY(SELECT suppressed FROM platform_shares(s) ORDER BY platform)) AS same_as_platform_shares
FROM counts JOIN summaries USING (k);
\set VERBOSITY sqlstate
SELECT suppressed_cells('{1,NULL}'::bigint[]);
SELECT suppressed_cells('{1,-1}'::bigint[]);
SELECT suppressed_cells('{{1,2},{3,4}}'::bigint[]);
\set VERBOSITY default
SELECT suppressed_cells('{1,-1}'::bigint[]);
RESET groomstats.min_cell_count;
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

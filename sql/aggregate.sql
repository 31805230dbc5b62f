-- offence_summary_agg and rollup: NULL semantics, exact counts against
-- plain SQL, rollup of any split equal to the whole, parallel plans.
SET extra_float_digits = 0;

-- A small table with every awkward case: several platforms, duplicates in
-- one offence, NULL / '' / empty / all-NULL platforms, NULL dates and ages,
-- ages 0 and 150, gaps of days.
CREATE TABLE t (id int, force text, recorded date, platforms text[], platform text, victim_age int);
INSERT INTO t VALUES
 (1, 'A', '2017-04-03', '{Facebook}', 'Facebook', 13),
 (2, 'A', '2017-04-03', '{Facebook,Snapchat}', 'Snapchat', 14),
 (3, 'A', '2017-04-05', '{Snapchat,Snapchat}', 'Snapchat', 0),
 (4, 'B', '2017-04-05', '{Instagram,Facebook,Instagram}', 'Instagram', 150),
 (5, 'B', NULL, '{Instagram}', 'Instagram', NULL),
 (6, 'B', '2017-04-10', NULL, NULL, 12),
 (7, 'C', '2017-04-10', '{}', '', 15),
 (8, 'C', '2017-05-01', '{""}', '', 15),
 (9, 'C', '2017-05-01', '{NULL}', NULL, 11),
 (10, 'C', NULL, '{NULL,Kik}', 'Kik', 16),
 (11, 'A', '2018-01-01', '{"Xbox Live"}', 'Xbox Live', 9);

SELECT offence_summary_agg(recorded, platforms, victim_age) AS s FROM t \gset
SELECT :'s'::offence_summary;

-- Each NULL is counted, never dropped.
SELECT offences(:'s') AS offences, undated(:'s') AS undated,
       platform_recorded(:'s') AS platform_recorded, age_recorded(:'s') AS age_recorded;
SELECT count(*) AS offences,
       count(*) FILTER (WHERE recorded IS NULL) AS undated,
       count(*) FILTER (WHERE EXISTS (SELECT 1 FROM unnest(platforms) p WHERE p <> '')) AS platform_recorded,
       count(victim_age) AS age_recorded
FROM t;

-- Offences per platform: plain SQL counts each offence once per platform.
SELECT platform, offences, rank FROM platform_shares(:'s') ORDER BY platform;
SELECT p AS platform, count(DISTINCT id) AS offences
FROM t, unnest(platforms) p WHERE p <> '' GROUP BY p ORDER BY p;

-- The text variant: one platform per offence.
SELECT offence_summary_agg(recorded, platform, victim_age) AS s1 FROM t \gset
SELECT platform_recorded(:'s1') AS recorded_text_variant,
       (SELECT count(*) FROM t WHERE platform <> '') AS plain_sql;
SELECT platform, offences FROM platform_shares(:'s1') ORDER BY platform;
SELECT platform, count(*) AS offences FROM t WHERE platform <> '' GROUP BY 1 ORDER BY 1;

-- No rows: an empty summary, not NULL.
SELECT offence_summary_agg(recorded, platforms, victim_age) FROM t WHERE false;
SELECT rollup(s) FROM (SELECT NULL::offence_summary AS s) x;
SELECT offences(rollup(s)) FROM (VALUES (NULL::offence_summary)) v(s);

-- Bad ages and dates: errors naming the value.
\set VERBOSITY sqlstate
SELECT offence_summary_agg(d, NULL::text, a) FROM (VALUES ('2017-04-03'::date, 151)) v(d, a);
\set VERBOSITY default
SELECT offence_summary_agg(d, NULL::text, a) FROM (VALUES ('2017-04-03'::date, 151)) v(d, a);
SELECT offence_summary_agg(d, NULL::text, a) FROM (VALUES ('2017-04-03'::date, -1)) v(d, a);
SELECT offence_summary_agg(d, NULL::text, a) FROM (VALUES ('infinity'::date, 1)) v(d, a);

-- rollup of any split equals the whole, byte for byte.
SELECT rollup(s) = :'s'::offence_summary AS by_force
FROM (SELECT offence_summary_agg(recorded, platforms, victim_age) s FROM t GROUP BY force) x;
SELECT rollup(s) = :'s'::offence_summary AS by_month
FROM (SELECT offence_summary_agg(recorded, platforms, victim_age) s FROM t
      GROUP BY date_trunc('month', recorded)) x;
SELECT rollup(s ORDER BY id DESC) = :'s'::offence_summary AS by_row_reversed
FROM (SELECT id, offence_summary_agg(recorded, platforms, victim_age) s FROM t GROUP BY id) x;
SELECT rollup(s) = :'s'::offence_summary AS nested
FROM (SELECT rollup(s) s FROM (SELECT id % 3 g, offence_summary_agg(recorded, platforms, victim_age) s
                               FROM t GROUP BY id) x GROUP BY g) y;
-- Rows in another order make the same bytes (canonical form).
SELECT offence_summary_agg(recorded, platforms, victim_age ORDER BY id DESC) = :'s'::offence_summary AS reordered FROM t;
SELECT offence_summary_agg(recorded, platforms, victim_age) <> :'s'::offence_summary AS differs
FROM t WHERE id > 1;

-- A larger generated table for parallel plans (deterministic).
CREATE TABLE big AS
SELECT i AS id,
       (ARRAY['North','South','East','West'])[1 + i % 4] AS force,
       CASE WHEN i % 97 = 0 THEN NULL ELSE date '2017-04-03' + (i * 7919) % 1096 END AS recorded,
       CASE WHEN i % 3 = 0 THEN NULL
            WHEN i % 11 = 0 THEN ARRAY['P' || (i % 7), 'P' || (i % 5), 'P' || (i % 7)]
            ELSE ARRAY['P' || (i % 13)] END AS platforms,
       CASE WHEN i % 5 = 0 THEN NULL ELSE 4 + i % 14 END AS victim_age
FROM generate_series(1, 60000) i;
ANALYZE big;

SELECT offence_summary_agg(recorded, platforms, victim_age) AS serial FROM big \gset
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
SET parallel_leader_participation = off;
EXPLAIN (COSTS OFF) SELECT offence_summary_agg(recorded, platforms, victim_age) FROM big;
SELECT offence_summary_agg(recorded, platforms, victim_age) = :'serial'::offence_summary AS parallel_equals_serial
FROM big;
EXPLAIN (COSTS OFF) SELECT force, offence_summary_agg(recorded, platforms, victim_age) FROM big GROUP BY force;
SELECT rollup(s) = :'serial'::offence_summary AS grouped_parallel_rollup_equals
FROM (SELECT force, offence_summary_agg(recorded, platforms, victim_age) s FROM big GROUP BY force) x;
-- rollup itself in parallel over stored summaries.
CREATE TABLE stored AS
SELECT force, date_trunc('month', recorded)::date AS month,
       offence_summary_agg(recorded, platforms, victim_age) AS s
FROM big GROUP BY 1, 2;
ANALYZE stored;
EXPLAIN (COSTS OFF) SELECT rollup(s) FROM stored;
SELECT rollup(s) = :'serial'::offence_summary AS parallel_rollup_equals FROM stored;
RESET parallel_leader_participation;

-- Partitionwise aggregate over a table partitioned by force.
CREATE TABLE parts (LIKE big) PARTITION BY LIST (force);
CREATE TABLE parts_n PARTITION OF parts FOR VALUES IN ('North');
CREATE TABLE parts_s PARTITION OF parts FOR VALUES IN ('South');
CREATE TABLE parts_ew PARTITION OF parts FOR VALUES IN ('East', 'West');
INSERT INTO parts SELECT * FROM big;
ANALYZE parts;
SET enable_partitionwise_aggregate = on;
EXPLAIN (COSTS OFF) SELECT force, offence_summary_agg(recorded, platforms, victim_age) FROM parts GROUP BY force;
SELECT rollup(s) = :'serial'::offence_summary AS partitionwise_equals
FROM (SELECT force, offence_summary_agg(recorded, platforms, victim_age) s FROM parts GROUP BY force) x;
SELECT offence_summary_agg(recorded, platforms, victim_age) = :'serial'::offence_summary AS partial_partitionwise_equals
FROM parts;
RESET ALL;

-- The big table's counts against plain SQL.
SELECT offences(:'serial') = (SELECT count(*) FROM big) AS offences_ok,
       undated(:'serial') = (SELECT count(*) FROM big WHERE recorded IS NULL) AS undated_ok,
       age_recorded(:'serial') = (SELECT count(victim_age) FROM big) AS ages_ok;
SELECT count(*) AS platforms_differing FROM (
  SELECT platform, offences FROM platform_shares(:'serial')
  EXCEPT
  SELECT p, count(DISTINCT id) FROM big, unnest(platforms) p GROUP BY p) x;
SELECT count(*) AS days_differing FROM (
  SELECT day, offences FROM daily_counts(:'serial', '[2017-04-03,2020-04-03)') WHERE offences > 0
  EXCEPT
  SELECT recorded, count(*) FROM big WHERE recorded IS NOT NULL GROUP BY 1) x;

-- The published figures the demo prints, computed by groomstats from the
-- sample's offence rows (test/data/README.md lists them and their sources),
-- each beside the same figure in plain SQL.
SET extra_float_digits = 0;
\set ECHO none
SET client_min_messages = warning;
\i test/data/sample_offences.sql
RESET client_min_messages;
\set ECHO all

CREATE TABLE monthly AS
SELECT force, date_trunc('month', recorded)::date AS month,
       offence_summary_agg(recorded, platforms, victim_age) AS s
FROM sample_offences GROUP BY 1, 2;
CREATE TABLE years (name text, period daterange, s offence_summary);
INSERT INTO years
SELECT y.name, y.period,
       (SELECT rollup(s) FROM monthly WHERE month >= date_trunc('month', lower(y.period)) AND month < upper(y.period))
FROM (VALUES ('2017/18', daterange('2017-04-03', '2018-04-01')),
             ('2018/19', daterange('2018-04-01', '2019-04-01')),
             ('2019/20', daterange('2019-04-01', '2020-04-01')),
             ('2020/21', daterange('2020-04-01', '2021-04-01'))) y(name, period);

-- Offences per year, the 2017/18 rate (3,171 in 363 days: 8.74 a day), and
-- the forces.
SELECT name, offences(s), (SELECT count(*) FROM sample_offences WHERE recorded <@ period) AS plain_sql,
       (period_days).days, round((period_days).rate::numeric, 2) AS per_day
FROM years, LATERAL (SELECT per_day_rate_ci(s, period) AS period_days) x ORDER BY name;
SELECT count(DISTINCT force) AS forces, count(*) FILTER (WHERE n = 4) AS forces_in_every_year
FROM (SELECT force, count(DISTINCT y.name) n FROM sample_offences o JOIN years y ON o.recorded <@ y.period GROUP BY force) f;

-- 2017/18 platforms: recorded for 2,097; 80 distinct; top three.
SELECT platform_recorded(s), (SELECT count(*) FROM platform_shares(s)) AS distinct_platforms
FROM years WHERE name = '2017/18';
SELECT platform, offences, round(100 * share::numeric, 1) AS pct, rank
FROM years, platform_shares(s) WHERE name = '2017/18' AND rank <= 3;
SELECT platform_offences(s, '{Facebook,Snapchat,Instagram}') AS any_fsi,
       round(100 * platform_share(s, '{Facebook,Snapchat,Instagram}')::numeric, 1) AS pct_where_recorded,
       (SELECT count(*) FROM sample_offences WHERE recorded <@ period
          AND platforms && '{Facebook,Snapchat,Instagram}') AS plain_sql
FROM years WHERE name = '2017/18';

-- 2017/18 ages: most of those recorded are 12-15; the youngest is 5.
SELECT band, offences, round(100 * share::numeric, 1) AS pct
FROM years, age_bands(s) WHERE name = '2017/18';
SELECT (SELECT min(k::int) FROM jsonb_object_keys(s::jsonb -> 'ages') k) AS youngest,
       (SELECT min(victim_age) FROM sample_offences WHERE recorded <@ period) AS plain_sql
FROM years WHERE name = '2017/18';

-- Cambridgeshire 2017/18: 66 offences, 27 (40.9%) on Facebook, Snapchat or Instagram.
SELECT offences(c.s), platform_offences(c.s, '{Facebook,Snapchat,Instagram}') AS any_fsi,
       round(100.0 * platform_offences(c.s, '{Facebook,Snapchat,Instagram}') / offences(c.s), 1) AS pct_of_all
FROM (SELECT rollup(s) s FROM monthly WHERE force = 'Cambridgeshire' AND month <@ '[2017-04-01,2018-04-01)'::daterange) c;

-- 2018/19: about 1 in 5 aged 11 or under; Instagram the most used platform.
SELECT band, round(100 * share::numeric, 1) AS pct FROM years, age_bands(s, '0-11') WHERE name = '2018/19';
SELECT platform, rank FROM years, platform_shares(s) WHERE name = '2018/19' AND rank = 1;

-- 2017/18 to 2018/19: up 37%, exact conditional interval and p-value.
SELECT round(ratio::numeric, 3) AS ratio, round(lower::numeric, 3) AS lower, round(upper::numeric, 3) AS upper,
       p_value < 1e-30 AS p_below_1e_30
FROM (SELECT rollup(s) s FROM monthly) a,
     rate_ratio(a.s, '[2018-04-01,2019-04-01)', a.s, '[2017-04-03,2018-04-01)');

-- Instagram over the four years: about 29% where recorded.
SELECT round(100 * platform_share(rollup(s), '{Instagram}')::numeric, 1) AS instagram_pct FROM years;

-- Undated records are counted in the whole summary, never in a year.
SELECT undated(rollup(s)) AS undated, (SELECT count(*) FROM sample_offences WHERE recorded IS NULL) AS plain_sql
FROM monthly;

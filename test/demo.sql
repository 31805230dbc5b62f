-- groomstats demo: the 2018 NSPCC figures, reproduced from offence-level
-- records (a SYNTHETIC sample calibrated to them, see test/data/README.md).
\set ECHO none
\pset footer off
SET client_min_messages = warning;
CREATE EXTENSION groomstats;
\i test/data/sample_offences.sql

-- Step 1: summarise once, per force per month, and store.
CREATE TABLE monthly AS
SELECT force, date_trunc('month', recorded)::date AS month,
       offence_summary_agg(recorded, platforms, victim_age) AS s
FROM sample_offences
GROUP BY 1, 2;

\echo
\echo 'groomstats demo: synthetic sample calibrated to NSPCC figures (not real police data)'
SELECT count(*) AS offence_rows, (SELECT count(*) FROM monthly) AS stored_monthly_summaries,
       (SELECT pg_size_pretty(sum(pg_column_size(s))) FROM monthly) AS summaries_size
FROM sample_offences;

-- Step 2: roll up and ask.
\pset format unaligned
\pset tuples_only on
SELECT offence_report(rollup(s), '[2017-04-03,2018-04-01)', 'England and Wales, 2017/18')
FROM monthly WHERE month >= '2017-04-01' AND month < '2018-04-01';
\echo
\pset format aligned
\pset tuples_only off
\echo '## Year-on-year change, 2017/18 to 2018/19 (ratio of daily rates, exact conditional interval)'
SELECT y1.offences AS offences_2017_18, y2.offences AS offences_2018_19,
       round(y1.rate::numeric, 2) AS per_day_2017_18, round(y2.rate::numeric, 2) AS per_day_2018_19,
       round(r.ratio::numeric, 3) AS rate_ratio, round(r.lower::numeric, 3) AS lower_95,
       round(r.upper::numeric, 3) AS upper_95, to_char(r.p_value, '9.9EEEE') AS p_value
FROM (SELECT rollup(s) AS s FROM monthly) a,
     LATERAL per_day_rate_ci(a.s, '[2017-04-03,2018-04-01)') y1,
     LATERAL per_day_rate_ci(a.s, '[2018-04-01,2019-04-01)') y2,
     LATERAL rate_ratio(a.s, '[2018-04-01,2019-04-01)', a.s, '[2017-04-03,2018-04-01)') r;
\echo
\pset format unaligned
\pset tuples_only on
SELECT offence_report(rollup(s), '[2017-04-03,2018-04-01)', 'Cambridgeshire, 2017/18', top_platforms => 5)
FROM monthly WHERE force = 'Cambridgeshire' AND month >= '2017-04-01' AND month < '2018-04-01';
\echo
-- Series (issue 13): counts by financial year with the trend, and the
-- series section of the report for England and Wales.
\pset format aligned
\pset tuples_only off
\echo '## Offences by financial year, England and Wales (counts_by), and the trend (rate_trend)'
SELECT to_char(c.start, 'YYYY') || '/' || to_char(c.start + 365, 'YY') AS financial_year, c.days, c.offences,
       round(100.0 * (c.offences - lag(c.offences) OVER (ORDER BY c.start)) / lag(c.offences) OVER (ORDER BY c.start), 1) AS pct_change
FROM (SELECT rollup(s) AS s FROM monthly) a, LATERAL counts_by(a.s, '[2017-04-01,2021-04-01)', 'financial_year') c;
SELECT family, round(t.ratio::numeric, 3) AS ratio_per_year, round(t.lower::numeric, 3) AS lower_95,
       round(t.upper::numeric, 3) AS upper_95, to_char(t.p_value, '9.9EEEE') AS p_value,
       round(t.dispersion::numeric, 1) AS dispersion
FROM (SELECT rollup(s) AS s FROM monthly) a, (VALUES ('poisson'), ('quasipoisson')) f(family),
     LATERAL rate_trend(a.s, '[2017-04-01,2021-04-01)', 'financial_year', 0.95, f.family) t;
\echo
\pset format unaligned
\pset tuples_only on
SELECT offence_series_report(rollup(s), '[2017-04-01,2021-04-01)', 'England and Wales') FROM monthly;
\echo

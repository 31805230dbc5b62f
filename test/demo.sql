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
\pset format aligned
\pset tuples_only off
\echo '## Each force against England and Wales, 2017/18: offences per 100,000 children aged 0-17'
\echo 'Exact Poisson test against the national rate; limits: the range of rates labelled similar (95%).'
\echo 'Populations: approximate, and children SYNTHETIC (test/data/README.md): not official figures.'
\i test/data/force_populations.sql
CREATE TEMP TABLE force_2017 AS
SELECT force, rollup(s) AS s FROM monthly
WHERE month >= '2017-04-01' AND month < '2018-04-01' GROUP BY force;
CREATE TEMP TABLE force_comparison AS
SELECT f.force, p.children, c.*, c998.significance AS significance_998
FROM force_2017 f JOIN force_populations p USING (force),
     LATERAL compare_rate(f.s, p.children, (SELECT rollup(s) FROM force_2017),
                          (SELECT sum(children) FROM force_populations)::float8,
                          '[2017-04-03,2018-04-01)') c,
     LATERAL compare_rate(f.s, p.children, (SELECT rollup(s) FROM force_2017),
                          (SELECT sum(children) FROM force_populations)::float8,
                          '[2017-04-03,2018-04-01)', 0.998) c998;
SELECT force, to_char(children, 'FM9,999,999') AS children, offences,
       round(rate::numeric, 1) AS per_100k, round(lower::numeric, 1) AS lower_95,
       round(upper::numeric, 1) AS upper_95, to_char(p_value, '9.99EEEE') AS p_value,
       significance AS at_95, significance_998 AS at_99_8
FROM force_comparison ORDER BY rate DESC;
SELECT round(min(benchmark_rate)::numeric, 2) AS england_and_wales_per_100k,
       count(*) FILTER (WHERE significance = 'higher') AS higher_95,
       count(*) FILTER (WHERE significance = 'lower') AS lower_95,
       count(*) FILTER (WHERE significance_998 <> 'similar') AS outside_99_8
FROM force_comparison;
\echo '## Allowing for overdispersion (Spiegelhalter 2005): forces differ in recording practice'
SELECT area AS force, round(value::numeric, 1) AS per_100k, round(z::numeric, 2) AS z,
       round(z_additive::numeric, 2) AS z_additive, significance_additive,
       round(phi::numeric, 3) AS phi, round(sqrt(tau2)::numeric, 2) AS tau_per_100k
FROM overdispersion((SELECT array_agg(force ORDER BY force) FROM force_comparison),
                    (SELECT array_agg(offences::float8 ORDER BY force) FROM force_comparison),
                    (SELECT array_agg(children::float8 ORDER BY force) FROM force_comparison))
WHERE significance_additive <> 'similar' OR abs(z) > 1.96
ORDER BY z DESC;
\echo '## Funnel plot'
\pset format unaligned
\pset tuples_only on
\o /tmp/groomstats-demo-funnel.svg
SELECT funnel_svg(array_agg(force ORDER BY force), array_agg(offences::float8 ORDER BY force),
                  array_agg(children::float8 ORDER BY force),
                  title => 'Offences per 100,000 children, 2017/18 (synthetic sample)',
                  x_label => 'Children aged 0-17 (synthetic)')
FROM force_comparison;
\o
\echo 'The funnel plot (SVG, open it in a browser) is written to /tmp/groomstats-demo-funnel.svg'
\echo 'Its limit lines, as rows for a chart tool (funnel_limits, PHEindicatormethods method), first points:'
\pset format aligned
\pset tuples_only off
SELECT level, side, point, round(denominator::numeric) AS children, round(value::numeric, 1) AS per_100k
FROM funnel_limits((SELECT array_agg(offences::float8) FROM force_comparison),
                   (SELECT array_agg(children::float8) FROM force_comparison))
WHERE point IN (10, 50, 100) ORDER BY level, side, point;

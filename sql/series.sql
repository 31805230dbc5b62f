-- Series: counts_by and rolling_counts against plain SQL on data with gaps,
-- leap days, periods starting and ending mid-bucket and undated offences;
-- against daily_counts summed; count_change and rate_trend behaviour;
-- disclosure control over the buckets of a period; the report section.
-- Periods with no recorded day are cases here: the NOTICE saying so
-- (tested in sql/summary_rows.sql) would repeat per case.
SET client_min_messages = warning;
SET extra_float_digits = 0;
SET datestyle = ISO;

-- Offences from 2015 to 2021 with gaps: none in July 2016, none in the
-- whole of 2018 Q2, none on Sundays in 2019; both leap days; 40 undated.
CREATE TABLE series_offences AS
SELECT CASE WHEN i % 97 = 0 THEN NULL ELSE date '2015-01-01' + (i * 7919) % 2557 END AS recorded
FROM generate_series(1, 3880) i;
DELETE FROM series_offences
WHERE recorded >= '2016-07-01' AND recorded < '2016-08-01'
   OR recorded >= '2018-04-01' AND recorded < '2018-07-01'
   OR extract(isodow FROM recorded) = 7 AND extract(year FROM recorded) = 2019;
INSERT INTO series_offences SELECT d FROM (VALUES (date '2016-02-29'), ('2016-02-29'), ('2020-02-29')) v(d);
SELECT count(*) AS offences, count(*) FILTER (WHERE recorded IS NULL) AS undated,
       count(*) FILTER (WHERE recorded IN ('2016-02-29', '2020-02-29')) AS on_leap_days,
       min(recorded), max(recorded)
FROM series_offences;
CREATE TABLE series_summary AS
SELECT offence_summary_agg(recorded, NULL::text, NULL::int) AS s FROM series_offences;

-- Plain SQL buckets: PostgreSQL's date_trunc (week is ISO, Monday), and
-- the financial year as the year of the date three months earlier.
CREATE FUNCTION pg_temp.bucket(unit text, d date) RETURNS date LANGUAGE sql IMMUTABLE AS $$
	SELECT CASE unit WHEN 'financial_year' THEN (date_trunc('year', d - interval '3 months') + interval '3 months')::date
	                 ELSE date_trunc(unit, d)::date END
$$;
CREATE FUNCTION pg_temp.step(unit text) RETURNS interval LANGUAGE sql IMMUTABLE AS $$
	SELECT CASE unit WHEN 'week' THEN interval '1 week' WHEN 'month' THEN interval '1 month'
	                 WHEN 'quarter' THEN interval '3 months' ELSE interval '1 year' END
$$;
CREATE FUNCTION pg_temp.plain_counts(unit text, period daterange)
RETURNS TABLE(start date, days int, offences bigint) LANGUAGE sql STABLE AS $$
	SELECT lo, hi - lo, (SELECT count(*) FROM series_offences o WHERE o.recorded >= lo AND o.recorded < hi)
	FROM generate_series(pg_temp.bucket(unit, lower(period))::timestamp, (upper(period) - 1)::timestamp,
	                     pg_temp.step(unit)) g(b),
	     LATERAL (SELECT greatest(g.b::date, lower(period)) AS lo,
	                     least((g.b + pg_temp.step(unit))::date, upper(period)) AS hi) x
$$;
CREATE TABLE periods (period daterange);
INSERT INTO periods VALUES ('[2015-01-01,2022-01-01)'), ('[2015-03-15,2021-11-20)'), ('[2016-02-29,2016-03-01)'),
	('[2016-02-10,2016-03-10)'), ('[2019-12-30,2020-01-06)'), ('[2018-03-31,2018-07-02)'), ('[2014-06-01,2015-02-01)'),
	('[2017-04-01,2020-03-31]'), ('[2020-12-31,2021-01-01)'),
	('[0003-05-05 BC,0002-03-03)'), ('[294270-02-02,294275-11-11)');
CREATE TABLE units (unit text);
INSERT INTO units VALUES ('week'), ('month'), ('quarter'), ('year'), ('financial_year');

-- counts_by equals the plain SQL, row for row (both directions), in order.
SELECT u.unit, count(*) AS periods,
       sum((SELECT count(*) FROM counts_by(s, p.period, u.unit))) AS buckets,
       sum((SELECT count(*) FROM (SELECT start, days, offences FROM counts_by(s, p.period, u.unit)
                                  EXCEPT ALL SELECT * FROM pg_temp.plain_counts(u.unit, p.period)) d)
         + (SELECT count(*) FROM (SELECT * FROM pg_temp.plain_counts(u.unit, p.period)
                                  EXCEPT ALL SELECT start, days, offences FROM counts_by(s, p.period, u.unit)) d)) AS differences,
       bool_and((SELECT bool_and(ordered) FROM (SELECT start > lag(start) OVER (ORDER BY k) OR k = 1 AS ordered
                  FROM counts_by(s, p.period, u.unit) WITH ORDINALITY c(start, days, offences, suppressed, k)) o)) AS in_order,
       bool_and((SELECT sum(days) FROM counts_by(s, p.period, u.unit)) = upper(p.period) - lower(p.period)) AS days_cover_period,
       bool_and((SELECT sum(offences) FROM counts_by(s, p.period, u.unit))
                = (SELECT count(*) FROM series_offences WHERE recorded <@ p.period)) AS totals_match
FROM series_summary, units u, periods p GROUP BY u.unit ORDER BY u.unit;

-- Against daily_counts summed per bucket.
SELECT u.unit, bool_and(NOT EXISTS (
	SELECT c.start, c.offences FROM counts_by(s, p.period, u.unit) c
	EXCEPT
	SELECT greatest(pg_temp.bucket(u.unit, d.day), lower(p.period)), sum(d.offences)
	FROM daily_counts(s, p.period) d GROUP BY 1)) AS equals_daily_counts_summed
FROM series_summary, units u, periods p GROUP BY u.unit ORDER BY u.unit;

-- Clipped buckets at both ends, gaps zero-filled, the leap days.
SELECT f.* FROM series_summary, counts_by(s, '[2016-02-10,2016-03-10)', 'week') f;
SELECT f.* FROM series_summary, counts_by(s, '[2016-05-15,2016-09-15)', 'month') f;
SELECT f.* FROM series_summary, counts_by(s, '[2015-03-15,2021-11-20)', 'financial_year') f;
SELECT f.* FROM series_summary, counts_by(s, '[2018-01-01,2019-01-01)', 'quarter') f;

-- rolling_counts against plain SQL: N whole months ending at each month end.
CREATE FUNCTION pg_temp.plain_rolling(period daterange, months int)
RETURNS TABLE(ending date, start date, days int, offences bigint) LANGUAGE sql STABLE AS $$
	SELECT e, ws, e + 1 - ws,
	       (SELECT count(*) FROM series_offences o WHERE o.recorded >= ws AND o.recorded <= e)
	FROM generate_series(date_trunc('month', lower(period)::timestamp), (upper(period) - 1)::timestamp, interval '1 month') g(m),
	     LATERAL (SELECT (date_trunc('month', g.m) + interval '1 month' - interval '1 day')::date AS e) x,
	     LATERAL (SELECT (date_trunc('month', g.m) - (months - 1) * interval '1 month')::date AS ws) y
	WHERE e < upper(period)
$$;
SELECT n AS months, count(*) AS periods,
       sum((SELECT count(*) FROM rolling_counts(s, p.period, n))) AS windows,
       sum((SELECT count(*) FROM (SELECT ending, start, days, offences FROM rolling_counts(s, p.period, n)
                                  EXCEPT ALL SELECT * FROM pg_temp.plain_rolling(p.period, n)) d)
         + (SELECT count(*) FROM (SELECT * FROM pg_temp.plain_rolling(p.period, n)
                                  EXCEPT ALL SELECT ending, start, days, offences FROM rolling_counts(s, p.period, n)) d)) AS differences,
       bool_and((SELECT bool_and(per_day = offences::float8 / days) FROM rolling_counts(s, p.period, n))) AS per_day_is_offences_over_days
FROM series_summary, periods p, (VALUES (1), (3), (12), (24)) v(n) GROUP BY n ORDER BY n;
-- Year ending each month of 2019/20 (the leap day inside the windows ending Feb 2020 on).
SELECT f.* FROM series_summary, rolling_counts(s, '[2019-04-15,2020-04-15)') f;
-- The 12-month total ending March equals the financial year's bucket.
SELECT r.offences = c.offences AS year_ending_march_is_financial_year
FROM series_summary,
     LATERAL (SELECT offences FROM rolling_counts(s, '[2020-03-01,2020-04-01)')) r,
     LATERAL (SELECT offences FROM counts_by(s, '[2019-04-01,2020-04-01)', 'financial_year')) c;

-- count_change: the later period first, the base second.
SELECT offences1, days1, offences2, days2, change, round(pct_change::numeric, 3) AS pct_change,
       round(rate_pct_change::numeric, 3) AS rate_pct_change, round(lower::numeric, 3) AS lower,
       round(upper::numeric, 3) AS upper, round(p_value::numeric, 4) AS p_value
FROM series_summary, count_change(s, '[2020-01-01,2021-01-01)', s, '[2019-01-01,2020-01-01)');
SELECT offences1, offences2, change, pct_change, rate_pct_change, p_value
FROM series_summary, count_change(s, '[2030-01-01,2031-01-01)', s, '[2031-01-01,2032-01-01)');

-- rate_trend: by year over the seven years, and errors.
SELECT round(ratio::numeric, 6) AS ratio, round(lower::numeric, 6) AS lower, round(upper::numeric, 6) AS upper,
       round(p_value::numeric, 6) AS p_value, round(dispersion::numeric, 6) AS dispersion
FROM series_summary, rate_trend(s, '[2015-01-01,2022-01-01)');
SELECT round(ratio::numeric, 6) AS ratio, round(lower::numeric, 6) AS lower, round(upper::numeric, 6) AS upper,
       round(p_value::numeric, 6) AS p_value
FROM series_summary, rate_trend(s, '[2015-01-01,2022-01-01)', 'quarter', 0.9, 'quasipoisson');
SELECT f.* FROM series_summary, rate_trend(s, '[2040-01-01,2045-01-01)') f;
SELECT f.* FROM series_summary, rate_trend(s, '[2015-01-01,2016-06-01)') f;
SELECT f.* FROM series_summary, rate_trend(s, '[2015-01-01,2022-01-01)', 'decade') f;
SELECT f.* FROM series_summary, rate_trend(s, '[2015-01-01,2022-01-01)', 'year', 1.5) f;
SELECT f.* FROM series_summary, rate_trend(s, '[2015-01-01,2022-01-01)', 'year', 0.95, 'binomial') f;
SELECT f.* FROM series_summary, counts_by(s, '[2015-01-01,2022-01-01)', 'fortnight') f;
SELECT f.* FROM series_summary, counts_by(s, '[2015-01-01,)', 'month') f;
SELECT f.* FROM series_summary, counts_by(s, '[2015-01-01,2022-01-01)', NULL) f;
SELECT f.* FROM series_summary, rolling_counts(s, '[2015-01-01,2022-01-01)', 0) f;
SELECT count(*) AS no_month_end FROM series_summary, rolling_counts(s, '[2015-01-05,2015-01-20)');

-- Disclosure control.  Buckets of 1 to N-1 offences are hidden; the
-- buckets of a period add up to its total, so where one hidden bucket could
-- be recovered from it the next-smallest is hidden too.
CREATE TABLE small AS
SELECT offence_summary_agg(d, NULL::text, NULL::int) AS s
FROM (SELECT date '2020-01-10' FROM generate_series(1, 10)
      UNION ALL SELECT date '2020-02-10' FROM generate_series(1, 2)
      UNION ALL SELECT date '2020-03-10' FROM generate_series(1, 30)
      UNION ALL SELECT date '2020-05-10' FROM generate_series(1, 40)) x(d);
SET groomstats.min_cell_count = 5;
SELECT f.* FROM small, counts_by(s, '[2020-01-01,2020-07-01)', 'month') f;
-- The total of the period is published (82), the hidden cells stay two.
SELECT offences(s), round(per_day_rate(s, '[2020-01-01,2020-07-01)') * 182) AS period_total FROM small;
-- Over quarters the small month is inside a bucket of 42: nothing hidden.
SELECT f.* FROM small, counts_by(s, '[2020-01-01,2020-07-01)', 'quarter') f;
-- Rolling totals: each window alone (2 in February only).
SELECT ending, offences, per_day, suppressed FROM small, rolling_counts(s, '[2020-01-01,2020-06-01)', 1);
-- count_change hides everything but the days when either count is small.
SELECT f.* FROM small, count_change(s, '[2020-02-01,2020-03-01)', s, '[2020-01-01,2020-02-01)') f;
-- rate_trend is NULL when any bucket would be hidden.
SELECT f.* FROM small, rate_trend(s, '[2020-01-01,2020-07-01)', 'month') f;
SELECT round(ratio::numeric, 4) AS ratio FROM small, rate_trend(s, '[2020-03-01,2020-07-01)', 'month');
-- On the test data at threshold 10, over many periods and units: where a
-- bucket is hidden and any non-zero bucket is shown, at least two are
-- hidden, so the period's total does not give one back (a lone hidden
-- bucket is the whole total, itself under the threshold).
SET groomstats.min_cell_count = 10;
CREATE TABLE hidden_tables AS
SELECT (SELECT count(*) FROM counts_by(s, p.period, u.unit) WHERE suppressed) AS hidden,
       (SELECT count(*) FROM counts_by(s, p.period, u.unit) WHERE offences > 0) AS shown,
       (SELECT count(*) FROM series_offences WHERE recorded <@ p.period) AS total
FROM series_summary,
     (SELECT period FROM periods UNION ALL
      SELECT daterange(d::date, d::date + 40) FROM generate_series(date '2015-01-01', '2021-12-01', '17 days') d
      UNION ALL
      SELECT daterange(d::date, d::date + 3) FROM generate_series(date '2015-01-01', '2021-12-01', '29 days') d) p,
     units u;
SELECT count(*) AS tables, count(*) FILTER (WHERE hidden > 0) AS tables_with_hidden_buckets,
       count(*) FILTER (WHERE hidden = 1 AND shown > 0) AS one_hidden_bucket_beside_shown_ones,
       count(*) FILTER (WHERE hidden = 1 AND shown = 0 AND total >= 10) AS one_hidden_bucket_of_a_large_total
FROM hidden_tables;
-- The report prints hidden counts as <N.
SELECT offence_series_report(s, '[2020-01-01,2020-07-01)', 'Small') FROM small;
RESET groomstats.min_cell_count;

-- The report section over the seven years (trend shown: five years or more).
SELECT offence_series_report(s, '[2015-01-01,2022-01-01)', 'Test data') FROM series_summary;
SELECT offence_series_report(s, '[2021-01-10,2021-01-20)') FROM series_summary;
SELECT offence_series_report(NULL, '[2021-01-10,2021-01-20)');

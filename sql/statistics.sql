-- Statistics: rates with confidence intervals, rate ratios and Wilson
-- shares, checked against reference values made by R (test/stats/, made by
-- test/stats/make_reference.R; see test/stats/README.md).  Every case must
-- agree with R within 1e-9 relative: each block prints its number of cases,
-- whether the largest relative difference is below 1e-9, and how many cases
-- are not (0).
SET extra_float_digits = 0;

-- A summary with x offences inside the period [first, first + days), split
-- between its first and last days, and offences that must not count: 3 the
-- day before, 4 the day after, 2 undated.
CREATE FUNCTION stats_test_summary(x bigint, first date, days integer)
RETURNS offence_summary LANGUAGE sql IMMUTABLE AS $$
	SELECT format('v1;offences=%s;undated=2;days=%s;no_platform=%s;platforms=;combos=;no_age=%s;ages=',
				  x + 9, string_agg(to_char(d, 'YYYY-MM-DD') || ':' || n, ',' ORDER BY d),
				  x + 9, x + 9)::offence_summary
	FROM (SELECT d, sum(c) AS n
		  FROM (VALUES (first - 1, 3::bigint), (first, x / 2), (first + days - 1, x - x / 2),
					   (first + days, 4)) AS v(d, c)
		  GROUP BY d HAVING sum(c) > 0) AS t
$$;

-- A summary where x of n offences with a platform recorded involve platform
-- "A" (the rest "B"), and x of n with an age recorded are aged 10 (the rest
-- 14); 5 more have neither, and stay out of both denominators.
CREATE FUNCTION stats_test_shares(x bigint, n bigint)
RETURNS offence_summary LANGUAGE sql IMMUTABLE AS $$
	SELECT format('v1;offences=%s;undated=%s;days=;no_platform=5;platforms=%s;combos=%s;no_age=5;ages=%s',
				  n + 5, n + 5,
				  concat_ws(',', CASE WHEN x > 0 THEN '"A"' END, CASE WHEN x < n THEN '"B"' END),
				  concat_ws(',', CASE WHEN x > 0 THEN '1:' || x END,
							CASE WHEN x < n THEN (CASE WHEN x > 0 THEN 2 ELSE 1 END) || ':' || n - x END),
				  concat_ws(',', CASE WHEN x > 0 THEN '10:' || x END,
							CASE WHEN x < n THEN '14:' || n - x END))::offence_summary
$$;

-- Relative difference from R's value b: both NULL, both NaN or the same
-- infinity are equal.
CREATE FUNCTION stats_test_rel_diff(a float8, b float8)
RETURNS float8 LANGUAGE sql IMMUTABLE AS $$
	SELECT CASE WHEN a IS NOT DISTINCT FROM b THEN 0
				WHEN a IS NULL OR b IS NULL THEN 'Infinity'
				ELSE abs(a - b) / greatest(abs(b), 1e-300) END
$$;

CREATE TEMP TABLE rate_reference (kind text, offences bigint, days integer, population bigint,
								  per integer, level float8, method text, rate float8,
								  lower float8, upper float8);
\copy rate_reference FROM 'test/stats/rate_reference.csv' WITH (FORMAT csv, HEADER true)
CREATE TEMP TABLE ratio_reference (offences1 bigint, days1 integer, offences2 bigint,
								   days2 integer, level float8, ratio float8, lower float8,
								   upper float8, p_value float8);
\copy ratio_reference FROM 'test/stats/ratio_reference.csv' WITH (FORMAT csv, HEADER true)
CREATE TEMP TABLE wilson_reference (offences bigint, recorded bigint, level float8,
									share float8, lower float8, upper float8);
\copy wilson_reference FROM 'test/stats/wilson_reference.csv' WITH (FORMAT csv, HEADER true)

-- per_day_rate_ci: R's poisson.test(x, days) and PHE's phe_rate.
CREATE TEMP TABLE per_day_diff AS
SELECT r.method, r.offences, r.days, r.level,
	   CASE WHEN f.offences = r.offences AND f.days = r.days
			THEN greatest(stats_test_rel_diff(f.rate, r.rate),
						  stats_test_rel_diff(f.lower, r.lower),
						  stats_test_rel_diff(f.upper, r.upper))
			ELSE 'Infinity' END AS diff
FROM rate_reference r,
	 LATERAL per_day_rate_ci(stats_test_summary(r.offences, '2017-04-03', r.days),
							 daterange('2017-04-03', date '2017-04-03' + r.days),
							 r.level, r.method) f
WHERE r.kind = 'day';
SELECT method, count(*) AS cases, max(diff) < 1e-9 AS within_1e9,
	   count(*) FILTER (WHERE NOT diff < 1e-9) AS failing
FROM per_day_diff GROUP BY ROLLUP (method) ORDER BY method;
-- The cases cover counts 0 to thousands, 1 day to 3 years, three levels.
SELECT count(DISTINCT offences) AS counts, min(offences), max(offences),
	   min(days) AS shortest, max(days) AS longest, array_agg(DISTINCT level) AS levels
FROM per_day_diff;

-- rate_per_population: phe_rate(x, population, multiplier = per).
CREATE TEMP TABLE population_diff AS
SELECT r.method,
	   CASE WHEN f.offences = r.offences AND f.days = r.days
			THEN greatest(stats_test_rel_diff(f.rate, r.rate),
						  stats_test_rel_diff(f.lower, r.lower),
						  stats_test_rel_diff(f.upper, r.upper))
			ELSE 'Infinity' END AS diff
FROM rate_reference r,
	 LATERAL rate_per_population(stats_test_summary(r.offences, '2017-04-03', r.days),
								 daterange('2017-04-03', date '2017-04-03' + r.days),
								 r.population, r.per, r.level, r.method) f
WHERE r.kind = 'population';
SELECT method, count(*) AS cases, max(diff) < 1e-9 AS within_1e9,
	   count(*) FILTER (WHERE NOT diff < 1e-9) AS failing
FROM population_diff GROUP BY ROLLUP (method) ORDER BY method;

-- rate_ratio: R's poisson.test(c(x1, x2), c(days1, days2)): estimate,
-- conf.int and p.value.  The two periods come from two summaries.
CREATE TEMP TABLE ratio_diff AS
SELECT r.*,
	   stats_test_rel_diff(f.ratio, r.ratio) AS ratio_diff,
	   greatest(stats_test_rel_diff(f.lower, r.lower),
				stats_test_rel_diff(f.upper, r.upper)) AS interval_diff,
	   stats_test_rel_diff(f.p_value, r.p_value) AS p_value_diff
FROM ratio_reference r,
	 LATERAL rate_ratio(stats_test_summary(r.offences1, '2016-01-01', r.days1),
						daterange('2016-01-01', date '2016-01-01' + r.days1),
						stats_test_summary(r.offences2, '2019-04-01', r.days2),
						daterange('2019-04-01', date '2019-04-01' + r.days2),
						r.level) f;
SELECT count(*) AS cases,
	   max(greatest(ratio_diff, interval_diff, p_value_diff)) < 1e-9 AS within_1e9,
	   count(*) FILTER (WHERE NOT greatest(ratio_diff, interval_diff, p_value_diff) < 1e-9) AS failing,
	   count(*) FILTER (WHERE offences1 = 0) AS x1_zero,
	   count(*) FILTER (WHERE offences2 = 0) AS x2_zero,
	   count(*) FILTER (WHERE offences1 * days2 = offences2 * days1) AS equal_rates,
	   max(offences1 + offences2) AS largest_total
FROM ratio_diff;

-- Wilson intervals (R's prop.test(x, n, correct = FALSE)): through
-- platform_shares (platform "A": x of the n offences with a platform
-- recorded; x > 0, or "A" has no row) and age_bands (band 0-11: x of the n
-- offences with an age recorded, x = 0 included).
CREATE TEMP TABLE wilson_diff AS
SELECT 'platform_shares' AS function, r.offences, r.recorded, r.level,
	   CASE WHEN f.offences = r.offences
			THEN greatest(stats_test_rel_diff(f.share, r.share),
						  stats_test_rel_diff(f.lower, r.lower),
						  stats_test_rel_diff(f.upper, r.upper))
			ELSE 'Infinity' END AS diff
FROM wilson_reference r
	 LEFT JOIN LATERAL platform_shares(stats_test_shares(r.offences, r.recorded), r.level) f
	 ON f.platform = 'A'
WHERE r.offences > 0
UNION ALL
SELECT 'age_bands', r.offences, r.recorded, r.level,
	   CASE WHEN f.offences = r.offences
			THEN greatest(stats_test_rel_diff(f.share, r.share),
						  stats_test_rel_diff(f.lower, r.lower),
						  stats_test_rel_diff(f.upper, r.upper))
			ELSE 'Infinity' END
FROM wilson_reference r
	 LEFT JOIN LATERAL age_bands(stats_test_shares(r.offences, r.recorded), '0-11,12-15', r.level) f
	 ON f.band = '0-11';
SELECT function, count(*) AS cases, max(diff) < 1e-9 AS within_1e9,
	   count(*) FILTER (WHERE NOT diff < 1e-9) AS failing,
	   count(*) FILTER (WHERE offences = 0) AS x_zero,
	   count(*) FILTER (WHERE offences = recorded) AS x_all,
	   array_agg(DISTINCT level) AS levels
FROM wilson_diff GROUP BY function ORDER BY function;

-- The 2018 figure: 3,171 offences recorded from 3 April 2017 to 31 March
-- 2018 (363 days), 8.74 a day.  R: poisson.test(3171, 363)$conf.int is
-- 8.434109 to 9.044987; Byar's (and so PHE's, 3171 >= 10) 8.434108 to
-- 9.044988; at 99.8%, 8.2640 to 9.2256.
CREATE TEMP TABLE year2018 AS
SELECT offence_summary_agg(date '2017-04-03' + (i % 363), NULL::text, NULL::integer) AS s
FROM generate_series(1, 3171) AS i;
SELECT m.method, f.offences, f.days, round(f.rate::numeric, 4) AS rate,
	   round(f.lower::numeric, 4) AS lower, round(f.upper::numeric, 4) AS upper
FROM year2018, unnest(ARRAY['exact', 'byar', 'phe']) AS m(method),
	 LATERAL per_day_rate_ci(s, '[2017-04-03,2018-04-01)', 0.95, m.method) f;
SELECT round(lower::numeric, 4) AS lower_998, round(upper::numeric, 4) AS upper_998
FROM year2018, LATERAL per_day_rate_ci(s, '[2017-04-03,2018-03-31]', 0.998);
-- The defaults: 95%, exact.
SELECT per_day_rate_ci(s, '[2017-04-03,2018-04-01)') =
	   per_day_rate_ci(s, '[2017-04-03,2018-04-01)', 0.95, 'exact') AS defaults
FROM year2018;
-- Per 100,000 of a population of 56,286,961.  R: 5.6336 (5.4392 to 5.8332).
SELECT offences, days, round(rate::numeric, 4) AS rate, round(lower::numeric, 4) AS lower,
	   round(upper::numeric, 4) AS upper
FROM year2018, LATERAL rate_per_population(s, '[2017-04-03,2018-04-01)', 56286961);

-- This year against last, from one summary: 4,373 offences in the 365
-- days from 1 April 2018 against 3,171 in the 363 before.  R:
-- poisson.test(c(4373, 3171), c(365, 363)) gives 1.3715 (1.3099 to 1.4361),
-- p-value 2.85e-42.
SELECT round(ratio::numeric, 4) AS ratio, round(lower::numeric, 4) AS lower,
	   round(upper::numeric, 4) AS upper, p_value < 1e-30 AS p_below_1e30
FROM rate_ratio('v1;offences=7544;undated=0;days=2017-04-03:3171,2018-04-01:4373;no_platform=7544;platforms=;combos=;no_age=7544;ages=',
				'[2018-04-01,2019-04-01)',
				'v1;offences=7544;undated=0;days=2017-04-03:3171,2018-04-01:4373;no_platform=7544;platforms=;combos=;no_age=7544;ages=',
				'[2017-04-03,2018-04-01)');
-- No offence in either period: nothing to compare, a row of NULLs.
SELECT * FROM rate_ratio(stats_test_summary(0, '2017-04-03', 10), '[2017-04-03,2017-04-13)',
						 stats_test_summary(0, '2018-04-03', 10), '[2018-04-03,2018-04-13)');
-- An empty summary has a rate of 0 with a real upper limit (R: 3.688879).
SELECT offences, days, rate, lower, round(upper::numeric, 6) AS upper
FROM per_day_rate_ci('v1;offences=0;undated=0;days=;no_platform=0;platforms=;combos=;no_age=0;ages=',
					 '[2017-04-03,2017-04-04)');

-- Disclosure control hides a small count's rate, interval and ratios.
SET groomstats.min_cell_count = 5;
SELECT * FROM per_day_rate_ci(stats_test_summary(3, '2017-04-03', 7), '[2017-04-03,2017-04-10)');
SELECT * FROM rate_per_population(stats_test_summary(3, '2017-04-03', 7), '[2017-04-03,2017-04-10)', 1000);
SELECT * FROM rate_ratio(stats_test_summary(3, '2017-04-03', 7), '[2017-04-03,2017-04-10)',
						 stats_test_summary(50, '2017-04-03', 7), '[2017-04-03,2017-04-10)');
SELECT offences, days, round(rate::numeric, 4) AS rate
FROM per_day_rate_ci(stats_test_summary(50, '2017-04-03', 7), '[2017-04-03,2017-04-10)');
RESET groomstats.min_cell_count;

-- Extreme inputs end (R itself could not allocate the ratio's p-value scan
-- here), and levels near 0 and 1 work.  Byar at 10 offences, level 1e-12:
-- R gives 9.6704 to 10.6700.
SELECT offences, rate > 4e18 AS huge_rate, lower <= upper AS ordered
FROM per_day_rate_ci('v1;offences=9223372036854775807;undated=0;days=2017-04-03:9223372036854775806,2017-04-04:1;no_platform=9223372036854775807;platforms=;combos=;no_age=9223372036854775807;ages=',
					 '[2017-04-03,2017-04-05)', 1 - 1e-12, 'exact');
SELECT p_value >= 0 AND p_value <= 1 AS p_in_range
FROM rate_ratio('v1;offences=9223372036854775807;undated=0;days=2017-04-03:9223372036854775806,2017-04-04:1;no_platform=9223372036854775807;platforms=;combos=;no_age=9223372036854775807;ages=',
				'[2017-04-03,2017-04-04)', stats_test_summary(5, '2017-04-03', 1), '[2017-04-03,2017-04-04)', 1e-12);
SELECT round(lower::numeric, 4) AS lower, round(upper::numeric, 4) AS upper
FROM per_day_rate_ci(stats_test_summary(10, '2017-04-03', 1), '[2017-04-03,2017-04-04)', 1e-12, 'phe');

-- Errors, with their SQLSTATEs.
\set VERBOSITY sqlstate
SELECT * FROM per_day_rate_ci(stats_test_summary(5, '2017-04-03', 7), '[2017-04-03,2017-04-10)', 0);
SELECT * FROM per_day_rate_ci(stats_test_summary(5, '2017-04-03', 7), '[2017-04-03,2017-04-10)', 1);
SELECT * FROM per_day_rate_ci(stats_test_summary(5, '2017-04-03', 7), '[2017-04-03,2017-04-10)', 'NaN');
SELECT * FROM per_day_rate_ci(stats_test_summary(5, '2017-04-03', 7), '[2017-04-03,2017-04-10)', -1);
SELECT * FROM per_day_rate_ci(stats_test_summary(5, '2017-04-03', 7), '[2017-04-03,2017-04-10)', 0.95, 'wilson');
SELECT * FROM per_day_rate_ci(stats_test_summary(5, '2017-04-03', 7), '[2017-04-03,)');
SELECT * FROM per_day_rate_ci(stats_test_summary(5, '2017-04-03', 7), '(,2017-04-10)');
SELECT * FROM per_day_rate_ci(stats_test_summary(5, '2017-04-03', 7), 'empty');
SELECT * FROM rate_per_population(stats_test_summary(5, '2017-04-03', 7), '[2017-04-03,2017-04-10)', 0);
SELECT * FROM rate_per_population(stats_test_summary(5, '2017-04-03', 7), '[2017-04-03,2017-04-10)', -1000);
SELECT * FROM rate_per_population(stats_test_summary(5, '2017-04-03', 7), '[2017-04-03,2017-04-10)', 1000, 0);
SELECT * FROM rate_per_population(stats_test_summary(5, '2017-04-03', 7), '[2017-04-03,2017-04-10)', 1000, 1000, 1.5);
SELECT * FROM rate_per_population(stats_test_summary(5, '2017-04-03', 7), '[2017-04-03,2017-04-10)', 1000, 1000, 0.95, 'normal');
SELECT * FROM rate_ratio(stats_test_summary(5, '2017-04-03', 7), '[2017-04-03,2017-04-10)',
						 stats_test_summary(5, '2017-04-03', 7), '[2017-04-03,2017-04-10)', 0);
SELECT * FROM rate_ratio(stats_test_summary(5, '2017-04-03', 7), '[2017-04-03,2017-04-10)',
						 stats_test_summary(5, '2017-04-03', 7), 'empty');
SELECT * FROM platform_shares(stats_test_shares(3, 10), 1);
SELECT * FROM age_bands(stats_test_shares(3, 10), '0-11', 'NaN');
\set VERBOSITY default
-- The messages name the value.
SELECT * FROM per_day_rate_ci(stats_test_summary(5, '2017-04-03', 7), '[2017-04-03,2017-04-10)', 1.5);
SELECT * FROM per_day_rate_ci(stats_test_summary(5, '2017-04-03', 7), '[2017-04-03,2017-04-10)', 0.95, 'wilson');
SELECT * FROM rate_per_population(stats_test_summary(5, '2017-04-03', 7), '[2017-04-03,2017-04-10)', -1000);

DROP FUNCTION stats_test_summary(bigint, date, integer);
DROP FUNCTION stats_test_shares(bigint, bigint);
DROP FUNCTION stats_test_rel_diff(float8, float8);

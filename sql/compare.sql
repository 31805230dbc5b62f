-- Comparing areas with a benchmark (issue 12): compare_rate, compare_share,
-- funnel_limits, overdispersion and funnel_svg, checked against reference
-- values made by R (test/stats/make_compare_reference.R; see
-- test/stats/README.md): p-values and labels exactly (1e-9 relative),
-- funnel rows within 1e-6 of PHEindicatormethods' method, overdispersion
-- within 1e-9 of the same formulas in R.  Each block prints its number of
-- cases, whether all agree, and how many do not (0).
SET extra_float_digits = 0;
-- The test summaries of 0 offences in the period hold days outside it only:
-- the NOTICE saying so (sql/summary_rows.sql tests it) would repeat per case.
SET client_min_messages = warning;

-- x offences inside [2017-05-01, 2017-05-02) of the period used below, and
-- offences that must not count: 3 on 2016-01-01, 2 undated.
CREATE FUNCTION compare_test_summary(x bigint)
RETURNS offence_summary LANGUAGE sql IMMUTABLE AS $$
	SELECT format('v1;offences=%s;undated=2;days=2016-01-01:3%s;no_platform=%s;platforms=;combos=;no_age=%s;ages=',
				  x + 5, CASE WHEN x > 0 THEN ',2017-05-01:' || x ELSE '' END, x + 5, x + 5)::offence_summary
$$;

-- x of n offences with a platform recorded involve "A" (the rest "B"); 5
-- more have no platform recorded.
CREATE FUNCTION compare_test_shares(x bigint, n bigint)
RETURNS offence_summary LANGUAGE sql IMMUTABLE AS $$
	SELECT format('v1;offences=%s;undated=%s;days=;no_platform=5;platforms=%s;combos=%s;no_age=%s;ages=',
				  n + 5, n + 5,
				  concat_ws(',', CASE WHEN x > 0 THEN '"A"' END, CASE WHEN x < n THEN '"B"' END),
				  concat_ws(',', CASE WHEN x > 0 THEN '1:' || x END,
							CASE WHEN x < n THEN (CASE WHEN x > 0 THEN 2 ELSE 1 END) || ':' || n - x END),
				  n + 5)::offence_summary
$$;

CREATE FUNCTION compare_test_rel_diff(a float8, b float8)
RETURNS float8 LANGUAGE sql IMMUTABLE AS $$
	SELECT CASE WHEN a IS NOT DISTINCT FROM b THEN 0
				WHEN a IS NULL OR b IS NULL THEN 'Infinity'
				ELSE abs(a - b) / greatest(abs(b), 1e-300) END
$$;

-- SQLSTATE and message of a statement that must fail.
CREATE FUNCTION compare_test_error(statement text)
RETURNS text LANGUAGE plpgsql AS $$
BEGIN
	EXECUTE statement;
	RETURN 'no error';
EXCEPTION WHEN OTHERS THEN
	RETURN SQLSTATE || ': ' || SQLERRM;
END $$;

CREATE TEMP TABLE compare_rate_reference (offences bigint, population float8,
	benchmark_offences bigint, benchmark_population float8, level float8, per float8,
	rate float8, benchmark_rate float8, expected float8, lower float8, upper float8,
	p_value float8, significance text);
\copy compare_rate_reference FROM 'test/stats/compare_rate_reference.csv' WITH (FORMAT csv, HEADER true)
CREATE TEMP TABLE compare_share_reference (offences bigint, recorded bigint,
	benchmark_offences bigint, benchmark_recorded bigint, level float8, share float8,
	benchmark_share float8, lower float8, upper float8, p_value float8, significance text);
\copy compare_share_reference FROM 'test/stats/compare_share_reference.csv' WITH (FORMAT csv, HEADER true)
CREATE TEMP TABLE funnel_input (dataset text, area text, numerator float8, denominator float8);
\copy funnel_input FROM 'test/stats/funnel_input.csv' WITH (FORMAT csv, HEADER true)
CREATE TEMP TABLE funnel_reference (dataset text, statistic text, multiplier float8,
	years_of_data float8, point integer, events float8, denominator float8, level float8,
	side text, value float8, baseline float8);
\copy funnel_reference FROM 'test/stats/funnel_reference.csv' WITH (FORMAT csv, HEADER true)
CREATE TEMP TABLE overdispersion_reference (dataset text, statistic text, benchmark float8,
	level float8, multiplier float8, winsorise float8, area text, value float8, z float8,
	z_multiplicative float8, lower_multiplicative float8, upper_multiplicative float8,
	significance_multiplicative text, z_additive float8, lower_additive float8,
	upper_additive float8, significance_additive text, phi float8, tau2 float8);
\copy overdispersion_reference FROM 'test/stats/overdispersion_reference.csv' WITH (FORMAT csv, HEADER true)

-- compare_rate against R: poisson.test(x, 1, r = expected)$p.value, the tail
-- rule, and the limits.
CREATE TEMP TABLE rate_diff AS
SELECT r.*, f.significance AS got_significance,
	   greatest(compare_test_rel_diff(f.rate, r.rate),
				compare_test_rel_diff(f.benchmark_rate, r.benchmark_rate),
				compare_test_rel_diff(f.expected, r.expected),
				compare_test_rel_diff(f.lower, r.lower),
				compare_test_rel_diff(f.upper, r.upper),
				compare_test_rel_diff(f.p_value, r.p_value),
				CASE WHEN f.offences = r.offences THEN 0 ELSE 'Infinity'::float8 END) AS diff,
	   f.rate AS got_rate, f.lower AS got_lower, f.upper AS got_upper
FROM compare_rate_reference r,
	 LATERAL compare_rate(compare_test_summary(r.offences), r.population,
						  compare_test_summary(r.benchmark_offences), r.benchmark_population,
						  '[2017-04-03,2018-04-01)', r.level, r.per) f;
SELECT level, count(*) AS cases, max(diff) < 1e-9 AS within_1e9,
	   count(*) FILTER (WHERE NOT diff < 1e-9) AS failing,
	   count(*) FILTER (WHERE got_significance IS DISTINCT FROM significance) AS labels_differ
FROM rate_diff GROUP BY ROLLUP (level) ORDER BY level;
-- similar exactly when the rate lies within the limits
SELECT count(*) AS cases,
	   count(*) FILTER (WHERE (got_significance = 'similar')
						  <> (got_rate >= got_lower AND got_rate <= got_upper)) AS inconsistent
FROM rate_diff;
-- coverage: x = 0, tiny and huge populations, the benchmark equal to the area
SELECT count(*) FILTER (WHERE offences = 0) AS x_zero, min(population) AS smallest,
	   max(population) AS largest, max(expected) AS largest_expected,
	   count(*) FILTER (WHERE offences = benchmark_offences
						  AND population = benchmark_population) AS benchmark_is_area,
	   array_agg(DISTINCT significance ORDER BY significance) AS labels
FROM compare_rate_reference;

-- compare_share against R: binom.test(k, n, p0)$p.value.
CREATE TEMP TABLE share_diff AS
SELECT r.*, f.significance AS got_significance,
	   greatest(compare_test_rel_diff(f.share, r.share),
				compare_test_rel_diff(f.benchmark_share, r.benchmark_share),
				compare_test_rel_diff(f.lower, r.lower),
				compare_test_rel_diff(f.upper, r.upper),
				compare_test_rel_diff(f.p_value, r.p_value),
				CASE WHEN f.offences = r.offences AND f.recorded = r.recorded
					 THEN 0 ELSE 'Infinity'::float8 END) AS diff,
	   f.share AS got_share, f.lower AS got_lower, f.upper AS got_upper
FROM compare_share_reference r,
	 LATERAL compare_share(compare_test_shares(r.offences, r.recorded), '{A}',
						   compare_test_shares(r.benchmark_offences, r.benchmark_recorded),
						   r.level) f;
SELECT level, count(*) AS cases, max(diff) < 1e-9 AS within_1e9,
	   count(*) FILTER (WHERE NOT diff < 1e-9) AS failing,
	   count(*) FILTER (WHERE got_significance IS DISTINCT FROM significance) AS labels_differ,
	   count(*) FILTER (WHERE (got_significance = 'similar')
						  <> (got_share >= got_lower AND got_share <= got_upper)) AS inconsistent
FROM share_diff GROUP BY ROLLUP (level) ORDER BY level;

-- funnel_limits against PHEindicatormethods' calculate_funnel_limits method,
-- written out in R: every plotting row within 1e-6 (relative).
CREATE TEMP TABLE funnel_diff AS
WITH sets AS (
	SELECT i.dataset, r.statistic, r.multiplier, r.years_of_data,
		   array_agg(i.numerator ORDER BY i.area) AS numerators,
		   array_agg(i.denominator ORDER BY i.area) AS denominators
	FROM funnel_input i
	JOIN (SELECT DISTINCT dataset, statistic, multiplier, years_of_data FROM funnel_reference) r
	  USING (dataset)
	GROUP BY 1, 2, 3, 4)
SELECT r.dataset, r.statistic,
	   greatest(compare_test_rel_diff(f.denominator, r.denominator),
				compare_test_rel_diff(f.value, r.value),
				compare_test_rel_diff(f.baseline, r.baseline),
				CASE WHEN f.events IS NOT DISTINCT FROM r.events THEN 0 ELSE 'Infinity'::float8 END) AS diff
FROM sets s
CROSS JOIN LATERAL funnel_limits(s.numerators, s.denominators, s.statistic, s.multiplier,
								 s.years_of_data) f
FULL JOIN funnel_reference r
  ON r.dataset = s.dataset AND r.point = f.point AND r.level = f.level AND r.side = f.side;
SELECT dataset, statistic, count(*) AS rows, max(diff) < 1e-6 AS within_1e6,
	   count(*) FILTER (WHERE NOT diff < 1e-6) AS failing
FROM funnel_diff GROUP BY 1, 2 ORDER BY 1;

-- overdispersion against the same formulas in R.
CREATE TEMP TABLE od_diff AS
WITH cases AS (
	SELECT DISTINCT dataset, statistic, benchmark, level, multiplier, winsorise
	FROM overdispersion_reference),
sets AS (
	SELECT c.*, array_agg(i.area ORDER BY i.area) AS areas,
		   array_agg(i.numerator ORDER BY i.area) AS numerators,
		   array_agg(i.denominator ORDER BY i.area) AS denominators
	FROM cases c JOIN funnel_input i USING (dataset)
	GROUP BY 1, 2, 3, 4, 5, 6)
SELECT r.dataset, r.level, r.winsorise,
	   greatest(compare_test_rel_diff(f.value, r.value), compare_test_rel_diff(f.z, r.z),
				compare_test_rel_diff(f.z_multiplicative, r.z_multiplicative),
				compare_test_rel_diff(f.lower_multiplicative, r.lower_multiplicative),
				compare_test_rel_diff(f.upper_multiplicative, r.upper_multiplicative),
				compare_test_rel_diff(f.z_additive, r.z_additive),
				compare_test_rel_diff(f.lower_additive, r.lower_additive),
				compare_test_rel_diff(f.upper_additive, r.upper_additive),
				compare_test_rel_diff(f.phi, r.phi), compare_test_rel_diff(f.tau2, r.tau2)) AS diff,
	   f.significance_multiplicative IS DISTINCT FROM r.significance_multiplicative
	   OR f.significance_additive IS DISTINCT FROM r.significance_additive AS label_differs
FROM sets s
CROSS JOIN LATERAL overdispersion(s.areas, s.numerators, s.denominators, s.statistic,
								  s.benchmark, s.level, s.multiplier, s.winsorise) f
FULL JOIN overdispersion_reference r
  ON r.dataset = s.dataset AND r.area = f.area AND r.benchmark IS NOT DISTINCT FROM s.benchmark
 AND r.level = s.level AND r.winsorise = s.winsorise;
SELECT dataset, count(*) AS rows, max(diff) < 1e-9 AS within_1e9,
	   count(*) FILTER (WHERE NOT diff < 1e-9) AS failing,
	   count(*) FILTER (WHERE label_differs) AS labels_differ
FROM od_diff GROUP BY 1 ORDER BY 1;
-- the forces are overdispersed: phi and tau2 of the sample
SELECT DISTINCT round(phi::numeric, 4) AS phi, tau2 > 0 AS tau2_positive
FROM overdispersion_reference WHERE dataset = 'forces_children' AND benchmark IS NULL
  AND level = 0.95 AND winsorise = 0.1;

-- The sample: every force against England and Wales, 2017/18, per 100,000
-- children (approximate / synthetic populations, test/data/README.md).
\set QUIET on
\i test/data/sample_offences.sql
\i test/data/force_populations.sql
\set QUIET off
CREATE TEMP TABLE by_force AS
SELECT force, offence_summary_agg(recorded, platforms, victim_age) AS s
FROM sample_offences GROUP BY force;
CREATE TEMP TABLE forces_2017 AS
SELECT b.force, p.children, c.*
FROM by_force b JOIN force_populations p USING (force),
	 LATERAL compare_rate(b.s, p.children, (SELECT rollup(s) FROM by_force),
						  (SELECT sum(children) FROM force_populations)::float8,
						  '[2017-04-03,2018-04-01)') c;
SELECT significance, count(*) FROM forces_2017 GROUP BY 1 ORDER BY 1;
SELECT force, offences, round(rate::numeric, 2) AS rate, round(lower::numeric, 2) AS lower,
	   round(upper::numeric, 2) AS upper, significance
FROM forces_2017 WHERE force IN ('Cambridgeshire', 'City of London', 'Metropolitan Police')
ORDER BY force;
-- the same figures as the R reference's forces
SELECT count(DISTINCT f.force) AS forces,
	   count(*) FILTER (WHERE compare_test_rel_diff(f.p_value, r.p_value) >= 1e-9
						   OR f.significance <> r.significance) AS differ
FROM forces_2017 f JOIN compare_rate_reference r
  ON r.offences = f.offences AND r.population = f.children AND r.level = 0.95
 AND r.benchmark_population = 12510400 AND r.per = 100000;

-- funnel_svg: one point per force, carrying compare_rate's figures.
CREATE TEMP TABLE svg AS
SELECT funnel_svg(array_agg(force ORDER BY force), array_agg(offences::float8 ORDER BY force),
				  array_agg(children::float8 ORDER BY force), 'rate', 100000,
				  'Forces, 2017/18', 'Children aged 0-17') AS doc
FROM forces_2017;
SELECT xml_is_well_formed_document(doc) AS well_formed, doc LIKE '<svg xmlns=%' AS standalone,
	   doc !~* '<script|href=|@import|url\((?!#)' AS no_external
FROM svg;
CREATE TEMP TABLE svg_points AS
SELECT (xpath('/*/@data-area', p))[1]::text AS area,
	   (xpath('/*/@data-value', p))[1]::text::float8 AS value,
	   (xpath('/*/@data-denominator', p))[1]::text::float8 AS denominator,
	   (xpath('/*/@data-significance-95', p))[1]::text AS significance_95,
	   (xpath('/*/@data-significance-998', p))[1]::text AS significance_998
FROM svg, unnest(xpath('//s:circle[@class="area"]', doc::xml,
					   ARRAY[ARRAY['s', 'http://www.w3.org/2000/svg']])) AS p;
SELECT count(*) AS points,
	   count(*) FILTER (WHERE compare_test_rel_diff(p.value, f.rate) >= 1e-12
						   OR p.denominator <> f.children
						   OR p.significance_95 <> f.significance) AS differ_95,
	   count(*) FILTER (WHERE p.significance_998 <> c.significance) AS differ_998
FROM svg_points p JOIN forces_2017 f ON f.force = p.area
JOIN by_force b ON b.force = p.area,
	 LATERAL compare_rate(b.s, f.children, (SELECT rollup(s) FROM by_force),
						  (SELECT sum(children) FROM force_populations)::float8,
						  '[2017-04-03,2018-04-01)', 0.998) c;
SELECT count(*) AS limit_lines,
	   count(*) FILTER (WHERE (xpath('/*/@data-level', l))[1]::text = '0.998') AS at_998
FROM svg, unnest(xpath('//s:polyline[@class="limit"]', doc::xml,
					   ARRAY[ARRAY['s', 'http://www.w3.org/2000/svg']])) AS l;

-- Disclosure control: every count these functions publish.
SET groomstats.min_cell_count = 5;
SELECT * FROM compare_rate(compare_test_summary(3), 1000, compare_test_summary(3171), 12510400,
						   '[2017-04-03,2018-04-01)');
SELECT * FROM compare_rate(compare_test_summary(30), 1000, compare_test_summary(4), 12510400,
						   '[2017-04-03,2018-04-01)');
SELECT offences, recorded, share IS NULL AS share_hidden, lower IS NULL AS limits_hidden,
	   significance FROM compare_share(compare_test_shares(3, 40), '{A}', compare_test_shares(1468, 2097));
SELECT offences, recorded, share IS NULL AS share_hidden, significance
FROM compare_share(compare_test_shares(38, 40), '{A}', compare_test_shares(1468, 2097));
SELECT offences, recorded, lower IS NULL AS limits_hidden
FROM compare_share(compare_test_shares(2, 4), '{A}', compare_test_shares(1468, 2097));
SELECT area, value IS NULL AS value_hidden, z IS NULL AS z_hidden, lower_additive IS NOT NULL AS has_limits,
	   significance_additive
FROM overdispersion('{a,b,c}', '{3,40,60}', '{1000,10000,20000}');
SELECT count(*) AS rows FROM funnel_limits('{1,2}', '{100,200}');
SELECT (xpath('//s:text[@class="hidden-areas"]/@data-count', funnel_svg('{a,b,c}', '{3,40,60}', '{1000,10000,20000}')::xml,
			  ARRAY[ARRAY['s', 'http://www.w3.org/2000/svg']]))[1]::text AS hidden_areas;
RESET groomstats.min_cell_count;

-- Bad input: class 22 errors that name the value.
SELECT compare_test_error(format($$SELECT * FROM compare_rate(compare_test_summary(3), %s,
	compare_test_summary(30), 1000, '[2017-04-03,2018-04-01)')$$, p))
FROM unnest(ARRAY['0', '-5', '''NaN''', '''Infinity''']) AS p;
SELECT compare_test_error($$SELECT * FROM compare_rate(compare_test_summary(3), 100,
	compare_test_summary(30), 0, '[2017-04-03,2018-04-01)')$$);
SELECT compare_test_error($$SELECT * FROM compare_rate(compare_test_summary(3), 100,
	compare_test_summary(0), 1000, '[2017-04-03,2018-04-01)')$$);
SELECT compare_test_error(format($$SELECT * FROM compare_rate(compare_test_summary(3), 100,
	compare_test_summary(30), 1000, '[2017-04-03,2018-04-01)', %s)$$, l))
FROM unnest(ARRAY['0', '1', '1.5', '''NaN''']) AS l;
SELECT compare_test_error($$SELECT * FROM compare_rate(compare_test_summary(3), 100,
	compare_test_summary(30), 1000, '[2017-04-03,2018-04-01)', 0.95, 0)$$);
SELECT compare_test_error($$SELECT * FROM compare_share(compare_test_shares(3, 40), '{A}',
	'v1;offences=2;undated=2;days=;no_platform=2;platforms=;combos=;no_age=2;ages=', 0.95)$$);
SELECT compare_test_error($$SELECT * FROM compare_share(compare_test_shares(3, 40), '{A}',
	compare_test_shares(3, 40), 2)$$);
SELECT compare_test_error(q) FROM unnest(ARRAY[
	$$SELECT * FROM funnel_limits('{1,NULL}', '{10,20}')$$,
	$$SELECT * FROM funnel_limits('{1,-2}', '{10,20}')$$,
	$$SELECT * FROM funnel_limits('{1,2}', '{10,0}')$$,
	$$SELECT * FROM funnel_limits('{1,2}', '{10,NaN}')$$,
	$$SELECT * FROM funnel_limits('{1,2,3}', '{10,20}')$$,
	$$SELECT * FROM funnel_limits('{}', '{}')$$,
	$$SELECT * FROM funnel_limits('{0,0}', '{10,20}')$$,
	$$SELECT * FROM funnel_limits('{11,2}', '{10,20}', 'proportion', 100)$$,
	$$SELECT * FROM funnel_limits('{1,2}', '{10,20}', 'ratio')$$,
	$$SELECT * FROM funnel_limits('{1,2}', '{10,20}', 'rate', -1)$$,
	$$SELECT * FROM overdispersion('{a}', '{1}', '{10}')$$,
	$$SELECT * FROM overdispersion('{a,b}', '{1,2}', '{10,20}', winsorise => 0.5)$$,
	$$SELECT * FROM overdispersion('{a,b}', '{1,2}', '{10,20}', level => 1)$$,
	$$SELECT * FROM overdispersion('{a,b}', '{1,2}', '{10,20}', benchmark => 0)$$,
	$$SELECT * FROM overdispersion('{a,b}', '{1,2}', '{10,20}', 'proportion', benchmark => 100, multiplier => 100)$$,
	$$SELECT * FROM overdispersion('{a}', '{1,2}', '{10,20}')$$,
	$$SELECT funnel_svg('{a,b}', '{1,2}', '{10,-20}')$$]) AS q;

-- A funnel of proportions: its y axis stops at the whole (100%).
SELECT xml_is_well_formed_document(doc) AS well_formed,
	   (SELECT max(replace((xpath('/*/text()', t))[1]::text, ',', '')::numeric)
		FROM unnest(xpath('//s:g[@class="ticks"]/s:text', doc::xml,
						  ARRAY[ARRAY['s', 'http://www.w3.org/2000/svg']])) AS t
		WHERE (xpath('/*/@text-anchor', t))[1]::text = 'end') AS top_tick
FROM (SELECT funnel_svg('{a,b,c}', '{5,30,60}', '{10,50,100}', 'proportion', 100) AS doc) s;

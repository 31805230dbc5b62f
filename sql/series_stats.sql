-- Series statistics against R (test/stats/make_series_reference.R):
-- rate_trend against glm(count ~ t + offset(log(days)), family = poisson and
-- quasipoisson), count_change against poisson.test.  Each case's counts are
-- put into a summary on its buckets' days; the buckets' days are checked
-- against R's calendar first.
-- Periods with no recorded day are cases here: the NOTICE saying so
-- (tested in sql/summary_rows.sql) would repeat per case.
SET client_min_messages = warning;
SET extra_float_digits = 0;

CREATE TABLE trend_reference (case_id int, unit text, first date, "end" date, level float8,
                              family text, counts text, days text, ratio float8, lower float8,
                              upper float8, p_value float8, dispersion float8);
\copy trend_reference FROM 'test/stats/trend_reference.csv' WITH (FORMAT csv, HEADER true)
SELECT count(*) AS trend_cases, count(DISTINCT counts) AS series,
       min(array_length(string_to_array(counts, ';'), 1)) AS shortest,
       max(array_length(string_to_array(counts, ';'), 1)) AS longest,
       count(*) FILTER (WHERE '0' = ANY (string_to_array(counts, ';'))) AS with_zeros,
       count(*) FILTER (WHERE dispersion > 2) AS overdispersed,
       array_agg(DISTINCT unit ORDER BY unit) AS units
FROM trend_reference;

-- One summary per series: each bucket's offences on its first day.
CREATE TABLE trend_series AS
SELECT r.first, r."end", r.unit, r.counts, r.days,
       (SELECT offence_summary_agg(b.start, NULL::text, NULL::int)
        FROM counts_by((SELECT offence_summary_agg(NULL::date, NULL::text, NULL::int) WHERE false),
                       daterange(r.first, r."end"), r.unit) WITH ORDINALITY b(start, days, offences, suppressed, k)
        JOIN unnest(string_to_array(r.counts, ';')::int[]) WITH ORDINALITY c(n, k) USING (k),
        generate_series(1, c.n)) AS s
FROM (SELECT DISTINCT first, "end", unit, counts, days FROM trend_reference) r;

-- The buckets are R's buckets: same days, same counts.
SELECT count(*) AS series_with_other_buckets
FROM trend_series t
WHERE (SELECT string_agg(b.days::text, ';' ORDER BY b.start) FROM counts_by(t.s, daterange(t.first, t."end"), t.unit) b) <> t.days
   OR (SELECT string_agg(b.offences::text, ';' ORDER BY b.start) FROM counts_by(t.s, daterange(t.first, t."end"), t.unit) b) <> t.counts;

-- Below the smallest normal double (2.2e-308) two p-values are both 0: the
-- reference (R 4.2) has 0 for case 265 where Debian 13's libRmath gives a
-- subnormal 3.7e-316.
CREATE FUNCTION pg_temp.rel(a float8, b float8) RETURNS float8 LANGUAGE sql IMMUTABLE AS
$$ SELECT CASE WHEN a = b OR greatest(abs(a), abs(b)) < 2.2250738585072014e-308 THEN 0
               ELSE abs(a - b) / greatest(abs(a), abs(b)) END $$;

CREATE TABLE trend_result AS
SELECT r.case_id, r.family, r.ratio AS r_ratio, r.lower AS r_lower, r.upper AS r_upper, r.p_value AS r_p,
       r.dispersion AS r_dispersion, g.*
FROM trend_reference r
JOIN trend_series t USING (first, "end", unit, counts)
CROSS JOIN LATERAL rate_trend(t.s, daterange(r.first, r."end"), r.unit, r.level, r.family) g;

-- Ratio and limits within 1e-7 relative (the issue's bar), p-value and
-- dispersion within 1e-7 too.
SELECT family, count(*) AS cases,
       count(*) FILTER (WHERE pg_temp.rel(ratio, r_ratio) > 1e-7) AS ratio_off,
       count(*) FILTER (WHERE pg_temp.rel(lower, r_lower) > 1e-7) AS lower_off,
       count(*) FILTER (WHERE pg_temp.rel(upper, r_upper) > 1e-7) AS upper_off,
       count(*) FILTER (WHERE pg_temp.rel(p_value, r_p) > 1e-7) AS p_off,
       count(*) FILTER (WHERE pg_temp.rel(dispersion, r_dispersion) > 1e-7) AS dispersion_off,
       count(*) FILTER (WHERE ratio IS NULL) AS not_fitted
FROM trend_result GROUP BY family ORDER BY family;
-- How close (order of magnitude of the worst relative difference).
SELECT family,
       max(pg_temp.rel(ratio, r_ratio)) < 1e-9 AS ratio_within_1e_9,
       max(greatest(pg_temp.rel(lower, r_lower), pg_temp.rel(upper, r_upper))) < 1e-9 AS limits_within_1e_9
FROM trend_result GROUP BY family ORDER BY family;
-- Any case off, for the diff.
SELECT case_id, family, ratio, r_ratio, lower, r_lower, upper, r_upper, p_value, r_p
FROM trend_result
WHERE greatest(pg_temp.rel(ratio, r_ratio), pg_temp.rel(lower, r_lower), pg_temp.rel(upper, r_upper),
               pg_temp.rel(p_value, r_p), pg_temp.rel(dispersion, r_dispersion)) > 1e-7
   OR ratio IS NULL
ORDER BY case_id;

-- The NSPCC's three years by financial year.
SELECT round(ratio::numeric, 6) AS ratio, round(lower::numeric, 6) AS lower,
       round(upper::numeric, 6) AS upper, round(dispersion::numeric, 4) AS dispersion
FROM trend_result WHERE r_ratio = (SELECT ratio FROM trend_reference WHERE counts = '3171;4373;5335' LIMIT 1)
ORDER BY family;

-- count_change against poisson.test(c(x1, x2), c(t1, t2)).
CREATE TABLE change_reference (case_id int, offences1 bigint, days1 int, offences2 bigint, days2 int,
                               level float8, ratio float8, lower float8, upper float8, p_value float8);
\copy change_reference FROM 'test/stats/change_reference.csv' WITH (FORMAT csv, HEADER true)
-- The base period2 first, then period1.
CREATE TABLE change_result AS
SELECT r.*, c.offences1 AS g_offences1, c.days1 AS g_days1, c.offences2 AS g_offences2, c.days2 AS g_days2,
       c.change, c.pct_change, c.rate_pct_change, c.lower AS g_lower, c.upper AS g_upper, c.p_value AS g_p
FROM change_reference r
CROSS JOIN LATERAL (
	SELECT offence_summary_agg(d, NULL::text, NULL::int) AS s
	FROM (SELECT date '2001-01-01' + i % r.days2 AS d FROM generate_series(1, r.offences2::int) i
	      UNION ALL
	      SELECT date '2001-01-01' + r.days2 + i % r.days1 FROM generate_series(1, r.offences1::int) i) x) a
CROSS JOIN LATERAL count_change(a.s, daterange(date '2001-01-01' + r.days2, date '2001-01-01' + r.days2 + r.days1),
                                a.s, daterange(date '2001-01-01', date '2001-01-01' + r.days2), r.level) c;
SELECT count(*) AS change_cases,
       count(*) FILTER (WHERE g_offences1 <> offences1 OR g_offences2 <> offences2
                          OR g_days1 <> days1 OR g_days2 <> days2 OR change <> offences1 - offences2) AS counts_off,
       count(*) FILTER (WHERE offences2 > 0 AND pg_temp.rel(pct_change, 100.0 * (offences1 - offences2) / offences2) > 1e-12) AS pct_off,
       count(*) FILTER (WHERE pg_temp.rel(1 + rate_pct_change / 100, ratio) > 1e-9) AS rate_off,
       count(*) FILTER (WHERE pg_temp.rel(1 + g_lower / 100, lower) > 1e-9
                           OR pg_temp.rel(1 + g_upper / 100, upper) > 1e-9) AS interval_off,
       count(*) FILTER (WHERE pg_temp.rel(g_p, p_value) > 1e-9) AS p_off
FROM change_result;
SELECT offences1, offences2, change, round(pct_change::numeric, 4) AS pct_change,
       round(rate_pct_change::numeric, 4) AS rate_pct_change, round(g_lower::numeric, 4) AS lower,
       round(g_upper::numeric, 4) AS upper
FROM change_result WHERE case_id IN (1, 2, 3) ORDER BY case_id;

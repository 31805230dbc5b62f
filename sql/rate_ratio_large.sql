-- rate_ratio at counts where R's poisson.test gives NaN limits (equal counts
-- of 1e17 and more) or inaccurate ones (a huge count against a small one):
-- issue 11, item 14.  Reference limits from test/stats/ratio_large.R (R
-- itself where it is accurate, R with the small Beta shape first, or the
-- asymptotic normal limit of the log ratio); every limit must be finite and
-- within 1e-13 relative of the reference.  1.0 gave NaN for the equal ones.
SET extra_float_digits = 0;

-- x1 offences on 3 April 2017, x2 on 3 April 2018: one day each.
CREATE FUNCTION ratio_large_summary(x1 bigint, x2 bigint)
RETURNS offence_summary LANGUAGE sql IMMUTABLE AS $$
	SELECT format('v1;offences=%s;undated=0;days=2017-04-03:%s,2018-04-03:%s;no_platform=%s;platforms=;combos=;no_age=%s;ages=',
				  x1 + x2, x1, x2, x1 + x2, x1 + x2)::offence_summary
$$;

CREATE TABLE ratio_large_reference (x1 bigint, x2 bigint, how text, lower float8, upper float8);
\copy ratio_large_reference FROM 'test/stats/ratio_large_reference.csv' WITH (FORMAT csv, HEADER true)

SELECT ref.how, count(*) AS cases,
       count(*) FILTER (WHERE r.lower = 'NaN' OR r.upper = 'NaN' OR r.lower IS NULL OR r.upper IS NULL) AS nan_or_null,
       count(*) FILTER (WHERE abs(r.lower - ref.lower) > 1e-13 * ref.lower
                           OR abs(r.upper - ref.upper) > 1e-13 * ref.upper) AS beyond_1e_13,
       max(greatest(abs(r.lower - ref.lower) / ref.lower, abs(r.upper - ref.upper) / ref.upper)) < 1e-13 AS max_rel_below_1e_13
FROM ratio_large_reference ref,
     LATERAL rate_ratio(ratio_large_summary(ref.x1, ref.x2), '[2017-04-03,2017-04-04)',
                        ratio_large_summary(ref.x1, ref.x2), '[2018-04-03,2018-04-04)') r
GROUP BY ref.how ORDER BY ref.how;

-- Equal counts: the ratio is 1, its limits bracket it, and the p-value is 1.
SELECT x, r.ratio, r.lower < 1 AND r.upper > 1 AS brackets_1, r.p_value
FROM unnest('{100000000000000000,1000000000000000000,4611686018427387903}'::bigint[]) x,
     LATERAL rate_ratio(ratio_large_summary(x, x), '[2017-04-03,2017-04-04)',
                        ratio_large_summary(x, x), '[2018-04-03,2018-04-04)') r
ORDER BY x;

-- Below 1e15 (where R is accurate) nothing changed: the limits are R's own
-- poisson.test (the cases of sql/statistics.sql), e.g. 1e12 and 1e12:
SELECT r.lower = 0.99999722819519299 AS lower_as_r, r.upper = 1.0000027718124898 AS upper_as_r
FROM rate_ratio(ratio_large_summary(1000000000000, 1000000000000), '[2017-04-03,2017-04-04)',
                ratio_large_summary(1000000000000, 1000000000000), '[2018-04-03,2018-04-04)') r;

-- 1.0 to 1.1: comparing areas with a benchmark (issue 12); new objects, as in sql/install/85_compare.sql.
--
-- compare_rate and compare_share read summaries and publish counts: STABLE,
-- with disclosure control (groomstats.min_cell_count).  funnel_limits,
-- overdispersion and funnel_svg take the areas' numerators and
-- denominators as arrays (one element per area, in the same order) and
-- hide what small numerators would give away; STABLE for the same reason.

CREATE FUNCTION @extschema@.compare_rate(s @extschema@.offence_summary,
										 population pg_catalog.float8,
										 benchmark @extschema@.offence_summary,
										 benchmark_population pg_catalog.float8,
										 period pg_catalog.daterange,
										 level pg_catalog.float8 DEFAULT 0.95::pg_catalog.float8,
										 per pg_catalog.float8 DEFAULT 100000::pg_catalog.float8)
RETURNS TABLE(offences pg_catalog.int8, rate pg_catalog.float8, benchmark_rate pg_catalog.float8,
			  expected pg_catalog.float8, lower pg_catalog.float8, upper pg_catalog.float8,
			  p_value pg_catalog.float8, significance pg_catalog.text)
AS 'MODULE_PATHNAME', 'offence_summary_compare_rate'
LANGUAGE C STABLE STRICT PARALLEL SAFE ROWS 1;

CREATE FUNCTION @extschema@.compare_share(s @extschema@.offence_summary,
										  platforms pg_catalog.text[],
										  benchmark @extschema@.offence_summary,
										  level pg_catalog.float8 DEFAULT 0.95::pg_catalog.float8)
RETURNS TABLE(offences pg_catalog.int8, recorded pg_catalog.int8, share pg_catalog.float8,
			  benchmark_share pg_catalog.float8, lower pg_catalog.float8, upper pg_catalog.float8,
			  p_value pg_catalog.float8, significance pg_catalog.text)
AS 'MODULE_PATHNAME', 'offence_summary_compare_share'
LANGUAGE C STABLE STRICT PARALLEL SAFE ROWS 1;

CREATE FUNCTION @extschema@.funnel_limits(numerators pg_catalog.float8[],
										  denominators pg_catalog.float8[],
										  statistic pg_catalog.text DEFAULT 'rate'::pg_catalog.text,
										  multiplier pg_catalog.float8 DEFAULT 100000::pg_catalog.float8,
										  years_of_data pg_catalog.float8 DEFAULT 1::pg_catalog.float8)
RETURNS TABLE(point pg_catalog.int4, events pg_catalog.float8, denominator pg_catalog.float8,
			  level pg_catalog.float8, side pg_catalog.text, value pg_catalog.float8,
			  baseline pg_catalog.float8)
AS 'MODULE_PATHNAME', 'groomstats_funnel_limits'
LANGUAGE C STABLE STRICT PARALLEL SAFE ROWS 400;

CREATE FUNCTION @extschema@.overdispersion(areas pg_catalog.text[],
										   numerators pg_catalog.float8[],
										   denominators pg_catalog.float8[],
										   statistic pg_catalog.text DEFAULT 'rate'::pg_catalog.text,
										   benchmark pg_catalog.float8 DEFAULT NULL::pg_catalog.float8,
										   level pg_catalog.float8 DEFAULT 0.95::pg_catalog.float8,
										   multiplier pg_catalog.float8 DEFAULT 100000::pg_catalog.float8,
										   winsorise pg_catalog.float8 DEFAULT 0.1::pg_catalog.float8)
RETURNS TABLE(area pg_catalog.text, value pg_catalog.float8, z pg_catalog.float8,
			  z_multiplicative pg_catalog.float8, lower_multiplicative pg_catalog.float8,
			  upper_multiplicative pg_catalog.float8, significance_multiplicative pg_catalog.text,
			  z_additive pg_catalog.float8, lower_additive pg_catalog.float8,
			  upper_additive pg_catalog.float8, significance_additive pg_catalog.text,
			  phi pg_catalog.float8, tau2 pg_catalog.float8)
AS 'MODULE_PATHNAME', 'groomstats_overdispersion'
LANGUAGE C STABLE PARALLEL SAFE ROWS 50;

CREATE FUNCTION @extschema@.funnel_svg(areas pg_catalog.text[],
									   numerators pg_catalog.float8[],
									   denominators pg_catalog.float8[],
									   statistic pg_catalog.text DEFAULT 'rate'::pg_catalog.text,
									   multiplier pg_catalog.float8 DEFAULT 100000::pg_catalog.float8,
									   title pg_catalog.text DEFAULT NULL::pg_catalog.text,
									   x_label pg_catalog.text DEFAULT NULL::pg_catalog.text,
									   y_label pg_catalog.text DEFAULT NULL::pg_catalog.text,
									   years_of_data pg_catalog.float8 DEFAULT 1::pg_catalog.float8)
RETURNS pg_catalog.text
AS 'MODULE_PATHNAME', 'groomstats_funnel_svg'
LANGUAGE C STABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.compare_rate(@extschema@.offence_summary, pg_catalog.float8, @extschema@.offence_summary, pg_catalog.float8, pg_catalog.daterange, pg_catalog.float8, pg_catalog.float8) IS
'One row comparing the offences of s recorded in the period, per per people of population, with the benchmark''s rate (benchmark offences in the period / benchmark_population * per). expected = benchmark offences / benchmark_population * population; p_value: exact two-sided Poisson test of offences against expected, as R poisson.test(offences, 1, r = expected)$p.value; significance: higher when P(X >= offences) < (1 - level)/2, lower when P(X <= offences) < (1 - level)/2, else similar (X Poisson with mean expected); lower/upper: the lowest and highest rate (whole counts / population * per) labelled similar, so similar exactly when rate lies within them. Population, benchmark_population or per not positive and finite, level outside (0, 1), no benchmark offences in the period: 22023. Disclosure control: a hidden count hides offences, rate, p_value and significance; a hidden benchmark count hides everything made from the benchmark.';
COMMENT ON FUNCTION @extschema@.compare_share(@extschema@.offence_summary, pg_catalog.text[], @extschema@.offence_summary, pg_catalog.float8) IS
'One row comparing the share of offences involving any of the platforms (over offences with a platform recorded, as platform_share) with the benchmark''s share. p_value: exact two-sided binomial test, as R binom.test(offences, recorded, benchmark_share)$p.value; significance: higher when P(X >= offences) < (1 - level)/2, lower when P(X <= offences) < (1 - level)/2, else similar (X binomial, recorded trials, benchmark_share); lower/upper: the lowest and highest share (whole counts / recorded) labelled similar. No platform recorded in s: share and what is made from it NULL. Level outside (0, 1), benchmark with no platform recorded: 22023. Disclosure control: a hidden count or complement hides offences, share, p_value and significance; a hidden recorded count hides the limits too; a hidden benchmark count hides everything made from the benchmark.';
COMMENT ON FUNCTION @extschema@.funnel_limits(pg_catalog.float8[], pg_catalog.float8[], pg_catalog.text, pg_catalog.float8, pg_catalog.float8) IS
'Rows for drawing a funnel plot of areas with these numerators and denominators (one element per area), by the method of PHEindicatormethods calculate_funnel_limits: 100 points per line, for the lower and upper limits at level 0.95 and 0.998 (400 rows; x = denominator, per year of data for rates; y = value, times multiplier) around baseline, the pooled average times multiplier. statistic ''rate'' (PHE statistic = "rate", rate_type = "crude"): points are event counts (events), placed by PHE''s Poisson funnel; ''proportion'': points are denominators, limits PHE''s sigma_adjustment (Wilson). Bad arrays (NULL, NaN or negative elements, lengths that differ, no area), no events for a rate, multiplier or years_of_data not positive: 22004 / 22023. No rows when disclosure control would hide the total numerator.';
COMMENT ON FUNCTION @extschema@.overdispersion(pg_catalog.text[], pg_catalog.float8[], pg_catalog.float8[], pg_catalog.text, pg_catalog.float8, pg_catalog.float8, pg_catalog.float8, pg_catalog.float8) IS
'Funnel comparison of all areas at once, adjusted for overdispersion (Spiegelhalter 2005): z = (y - theta) / s with y = numerator / denominator, theta the benchmark (given per multiplier, or NULL: the pooled average) and s = sqrt(theta / denominator) for a rate, sqrt(theta (1 - theta) / denominator) for a proportion; the z-scores winsorised at quantiles winsorise and 1 - winsorise (R type 7) give phi = mean of their squares and the DerSimonian-Laird tau2 = max(0, (I phi - (I - 1)) / (sum w - sum w^2 / sum w)), w = 1 / s^2 (0 when I phi < I - 1). Per area: value (y * multiplier), z, z_multiplicative = z / sqrt(max(phi, 1)) with limits theta +- q sqrt(max(phi, 1)) s, z_additive = (y - theta) / sqrt(s^2 + tau2) with limits theta +- q sqrt(s^2 + tau2) (q = qnorm((1 + level)/2), limits times multiplier, clamped at 0), labels higher / similar / lower by |z| > q; phi and tau2 (in the units of value, squared: tau2 * multiplier^2) in every row. At least 2 areas. Disclosure control: an area with a hidden numerator keeps its limits but not its value, z-scores and labels.';
COMMENT ON FUNCTION @extschema@.funnel_svg(pg_catalog.text[], pg_catalog.float8[], pg_catalog.float8[], pg_catalog.text, pg_catalog.float8, pg_catalog.text, pg_catalog.text, pg_catalog.text, pg_catalog.float8) IS
'A funnel plot as one standalone SVG document (no script or external resource): the limit lines of funnel_limits (95% dashed, 99.8% solid), the pooled benchmark, and a point per area at (denominator per year, value) coloured by the exact tail rule of compare_rate / compare_share at 95% and 99.8% against the pooled average; each point has data-area, data-denominator, data-value, data-significance-95 and data-significance-998 attributes and a <title>. Areas whose numerator disclosure control would hide are not drawn (the legend says how many). NULL when the data are NULL or the total numerator would be hidden.';

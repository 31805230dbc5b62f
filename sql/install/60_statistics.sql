-- Rates with confidence intervals, and comparing two rates.
--
-- Each returns exactly one row (a composite with OUT columns: use
-- SELECT * FROM f(...) or (f(...)).*).  STABLE, not IMMUTABLE, as every
-- accessor that publishes counts: disclosure control
-- (groomstats.min_cell_count) hides the count, rate and interval of a small
-- count.

CREATE FUNCTION @extschema@.per_day_rate_ci(s @extschema@.offence_summary,
											period pg_catalog.daterange,
											level pg_catalog.float8 DEFAULT 0.95,
											method pg_catalog.text DEFAULT 'exact',
											OUT offences pg_catalog.int8,
											OUT days pg_catalog.int4,
											OUT rate pg_catalog.float8,
											OUT lower pg_catalog.float8,
											OUT upper pg_catalog.float8)
RETURNS record
AS 'MODULE_PATHNAME', 'offence_summary_per_day_rate_ci'
LANGUAGE C STABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.rate_per_population(s @extschema@.offence_summary,
												period pg_catalog.daterange,
												population pg_catalog.int8,
												per pg_catalog.int4 DEFAULT 100000,
												level pg_catalog.float8 DEFAULT 0.95,
												method pg_catalog.text DEFAULT 'exact',
												OUT offences pg_catalog.int8,
												OUT days pg_catalog.int4,
												OUT rate pg_catalog.float8,
												OUT lower pg_catalog.float8,
												OUT upper pg_catalog.float8)
RETURNS record
AS 'MODULE_PATHNAME', 'offence_summary_rate_per_population'
LANGUAGE C STABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.rate_ratio(s1 @extschema@.offence_summary,
									   period1 pg_catalog.daterange,
									   s2 @extschema@.offence_summary,
									   period2 pg_catalog.daterange,
									   level pg_catalog.float8 DEFAULT 0.95,
									   OUT ratio pg_catalog.float8,
									   OUT lower pg_catalog.float8,
									   OUT upper pg_catalog.float8,
									   OUT p_value pg_catalog.float8)
RETURNS record
AS 'MODULE_PATHNAME', 'offence_summary_rate_ratio'
LANGUAGE C STABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.per_day_rate_ci(@extschema@.offence_summary, pg_catalog.daterange, pg_catalog.float8, pg_catalog.text) IS
'One row: offences recorded in the period, its days, the per-day rate (offences / days; days with no offence count, undated offences do not) and its confidence interval at level (0 < level < 1): the Poisson interval of the count divided by days. method: ''exact'' (Garwood, as R poisson.test(offences, days, conf.level = level)), ''byar'' (Byar''s approximation, as PHEindicatormethods), ''phe'' (exact below 10 offences, Byar from 10, as PHE phe_rate). Unbounded or empty period, bad level or method: 22023. Count, rate and interval NULL when disclosure control hides the count.';
COMMENT ON FUNCTION @extschema@.rate_per_population(@extschema@.offence_summary, pg_catalog.daterange, pg_catalog.int8, pg_catalog.int4, pg_catalog.float8, pg_catalog.text) IS
'One row: offences recorded in the period, its days, the rate per per people (offences / population * per) and its confidence interval (the Poisson interval of the count / population * per), as PHE phe_rate(offences, population, multiplier = per, confidence = level). method as per_day_rate_ci: ''exact'' (default), ''byar'' or ''phe''. population or per not positive, unbounded or empty period, bad level or method: 22023. Count, rate and interval NULL when disclosure control hides the count.';
COMMENT ON FUNCTION @extschema@.rate_ratio(@extschema@.offence_summary, pg_catalog.daterange, @extschema@.offence_summary, pg_catalog.daterange, pg_catalog.float8) IS
'One row: the per-day rate of s1 in period1 over that of s2 in period2, its exact conditional confidence interval at level and the two-sided p-value for equal rates, as R poisson.test(c(x1, x2), c(days1, days2), conf.level = level) (through binom.test). The periods may overlap or come from one summary. Ratio Infinity when x2 = 0; a row of NULLs when x1 + x2 = 0 (nothing to compare) or when disclosure control hides either count. Unbounded or empty period, bad level: 22023.';

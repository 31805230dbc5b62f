-- groomstats: offence summaries for online grooming statistics.
-- Assembled from sql/install/*.sql at build time.
--
-- Every reference to an object is schema-qualified (@extschema@ or
-- pg_catalog), so nothing here depends on the caller's search_path.

\echo Use "CREATE EXTENSION groomstats" to load this file. \quit
-- The summary type: I/O, equality, hashing, JSON casts.

CREATE TYPE @extschema@.offence_summary;

CREATE FUNCTION @extschema@.offence_summary_in(pg_catalog.cstring)
RETURNS @extschema@.offence_summary
AS 'MODULE_PATHNAME', 'offence_summary_in'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.offence_summary_out(@extschema@.offence_summary)
RETURNS pg_catalog.cstring
AS 'MODULE_PATHNAME', 'offence_summary_out'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.offence_summary_recv(pg_catalog.internal)
RETURNS @extschema@.offence_summary
AS 'MODULE_PATHNAME', 'offence_summary_recv'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.offence_summary_send(@extschema@.offence_summary)
RETURNS pg_catalog.bytea
AS 'MODULE_PATHNAME', 'offence_summary_send'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE @extschema@.offence_summary (
	INPUT = @extschema@.offence_summary_in,
	OUTPUT = @extschema@.offence_summary_out,
	RECEIVE = @extschema@.offence_summary_recv,
	SEND = @extschema@.offence_summary_send,
	INTERNALLENGTH = VARIABLE,
	ALIGNMENT = double,
	STORAGE = extended
);

COMMENT ON TYPE @extschema@.offence_summary IS
'Exact, combinable summary of offence records: offences per recorded day (and undated), per platform combination (and platform not recorded), per victim age (and age not recorded). Made by offence_summary_agg, merged by rollup.';
COMMENT ON FUNCTION @extschema@.offence_summary_in(pg_catalog.cstring) IS
'Text input of offence_summary: the canonical text form only (v1;offences=...), fully validated.';
COMMENT ON FUNCTION @extschema@.offence_summary_out(@extschema@.offence_summary) IS
'Text output of offence_summary: canonical, exact, DateStyle-independent.';
COMMENT ON FUNCTION @extschema@.offence_summary_recv(pg_catalog.internal) IS
'Binary input of offence_summary (COPY BINARY), fully validated.';
COMMENT ON FUNCTION @extschema@.offence_summary_send(@extschema@.offence_summary) IS
'Binary output of offence_summary (COPY BINARY).';

CREATE FUNCTION @extschema@.offence_summary_eq(@extschema@.offence_summary, @extschema@.offence_summary)
RETURNS pg_catalog.bool
AS 'MODULE_PATHNAME', 'offence_summary_eq'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;

CREATE FUNCTION @extschema@.offence_summary_ne(@extschema@.offence_summary, @extschema@.offence_summary)
RETURNS pg_catalog.bool
AS 'MODULE_PATHNAME', 'offence_summary_ne'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;

CREATE FUNCTION @extschema@.offence_summary_hash(@extschema@.offence_summary)
RETURNS pg_catalog.int4
AS 'MODULE_PATHNAME', 'offence_summary_hash'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.offence_summary_eq(@extschema@.offence_summary, @extschema@.offence_summary) IS
'True when two summaries hold the same counts (the stored form is canonical).';
COMMENT ON FUNCTION @extschema@.offence_summary_ne(@extschema@.offence_summary, @extschema@.offence_summary) IS
'True when two summaries differ in any count.';
COMMENT ON FUNCTION @extschema@.offence_summary_hash(@extschema@.offence_summary) IS
'Hash of a summary, for GROUP BY, DISTINCT and hash joins.';

CREATE OPERATOR @extschema@.= (
	LEFTARG = @extschema@.offence_summary,
	RIGHTARG = @extschema@.offence_summary,
	FUNCTION = @extschema@.offence_summary_eq,
	COMMUTATOR = OPERATOR(@extschema@.=),
	NEGATOR = OPERATOR(@extschema@.<>),
	RESTRICT = pg_catalog.eqsel,
	JOIN = pg_catalog.eqjoinsel,
	HASHES
);

CREATE OPERATOR @extschema@.<> (
	LEFTARG = @extschema@.offence_summary,
	RIGHTARG = @extschema@.offence_summary,
	FUNCTION = @extschema@.offence_summary_ne,
	COMMUTATOR = OPERATOR(@extschema@.<>),
	NEGATOR = OPERATOR(@extschema@.=),
	RESTRICT = pg_catalog.neqsel,
	JOIN = pg_catalog.neqjoinsel
);

COMMENT ON OPERATOR @extschema@.= (@extschema@.offence_summary, @extschema@.offence_summary) IS
'equal: the same offences counted';
COMMENT ON OPERATOR @extschema@.<> (@extschema@.offence_summary, @extschema@.offence_summary) IS
'not equal';

CREATE OPERATOR CLASS @extschema@.offence_summary_hash_ops
DEFAULT FOR TYPE @extschema@.offence_summary USING hash AS
	OPERATOR 1 @extschema@.= (@extschema@.offence_summary, @extschema@.offence_summary),
	FUNCTION 1 @extschema@.offence_summary_hash(@extschema@.offence_summary);

CREATE FUNCTION @extschema@.offence_summary_to_jsonb(@extschema@.offence_summary)
RETURNS pg_catalog.jsonb
AS 'MODULE_PATHNAME', 'offence_summary_to_jsonb'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.offence_summary_to_json(@extschema@.offence_summary)
RETURNS pg_catalog.json
AS 'MODULE_PATHNAME', 'offence_summary_to_json'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE CAST (@extschema@.offence_summary AS pg_catalog.jsonb)
	WITH FUNCTION @extschema@.offence_summary_to_jsonb(@extschema@.offence_summary);
CREATE CAST (@extschema@.offence_summary AS pg_catalog.json)
	WITH FUNCTION @extschema@.offence_summary_to_json(@extschema@.offence_summary);

COMMENT ON FUNCTION @extschema@.offence_summary_to_jsonb(@extschema@.offence_summary) IS
'The summary as one jsonb document (s::jsonb): totals, first and last recorded day, days, platforms (offences involving each), combinations, ages. Raw counts: disclosure control does not apply; publish through the accessors.';
COMMENT ON FUNCTION @extschema@.offence_summary_to_json(@extschema@.offence_summary) IS
'The summary as one json document (s::json); to_json(s) and to_jsonb(s) use it.';
-- The aggregates: make a summary from offence rows, and merge summaries.

CREATE FUNCTION @extschema@.offence_summary_trans(pg_catalog.internal, pg_catalog.date, pg_catalog.text, pg_catalog.int4)
RETURNS pg_catalog.internal
AS 'MODULE_PATHNAME', 'offence_summary_trans_text'
LANGUAGE C PARALLEL SAFE;

CREATE FUNCTION @extschema@.offence_summary_trans(pg_catalog.internal, pg_catalog.date, pg_catalog.text[], pg_catalog.int4)
RETURNS pg_catalog.internal
AS 'MODULE_PATHNAME', 'offence_summary_trans_array'
LANGUAGE C PARALLEL SAFE;

CREATE FUNCTION @extschema@.offence_summary_rollup_trans(pg_catalog.internal, @extschema@.offence_summary)
RETURNS pg_catalog.internal
AS 'MODULE_PATHNAME', 'offence_summary_rollup_trans'
LANGUAGE C PARALLEL SAFE;

CREATE FUNCTION @extschema@.offence_summary_combine(pg_catalog.internal, pg_catalog.internal)
RETURNS pg_catalog.internal
AS 'MODULE_PATHNAME', 'offence_summary_combine'
LANGUAGE C PARALLEL SAFE;

CREATE FUNCTION @extschema@.offence_summary_serialize(pg_catalog.internal)
RETURNS pg_catalog.bytea
AS 'MODULE_PATHNAME', 'offence_summary_serialize'
LANGUAGE C STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.offence_summary_deserialize(pg_catalog.bytea, pg_catalog.internal)
RETURNS pg_catalog.internal
AS 'MODULE_PATHNAME', 'offence_summary_deserialize'
LANGUAGE C STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.offence_summary_final(pg_catalog.internal)
RETURNS @extschema@.offence_summary
AS 'MODULE_PATHNAME', 'offence_summary_final'
LANGUAGE C PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.offence_summary_trans(pg_catalog.internal, pg_catalog.date, pg_catalog.text, pg_catalog.int4) IS
'Transition function of offence_summary_agg(date, text, integer).';
COMMENT ON FUNCTION @extschema@.offence_summary_trans(pg_catalog.internal, pg_catalog.date, pg_catalog.text[], pg_catalog.int4) IS
'Transition function of offence_summary_agg(date, text[], integer).';
COMMENT ON FUNCTION @extschema@.offence_summary_rollup_trans(pg_catalog.internal, @extschema@.offence_summary) IS
'Transition function of rollup(offence_summary).';
COMMENT ON FUNCTION @extschema@.offence_summary_combine(pg_catalog.internal, pg_catalog.internal) IS
'Combine function of the groomstats aggregates (parallel and partial aggregation).';
COMMENT ON FUNCTION @extschema@.offence_summary_serialize(pg_catalog.internal) IS
'Serialise function of the groomstats aggregates: the canonical stored form.';
COMMENT ON FUNCTION @extschema@.offence_summary_deserialize(pg_catalog.bytea, pg_catalog.internal) IS
'Deserialise function of the groomstats aggregates: validates, then rebuilds the state.';
COMMENT ON FUNCTION @extschema@.offence_summary_final(pg_catalog.internal) IS
'Final function of the groomstats aggregates: the canonical summary (an empty summary for no rows).';

CREATE AGGREGATE @extschema@.offence_summary_agg(recorded pg_catalog.date, platform pg_catalog.text, victim_age pg_catalog.int4) (
	SFUNC = @extschema@.offence_summary_trans,
	STYPE = pg_catalog.internal,
	FINALFUNC = @extschema@.offence_summary_final,
	FINALFUNC_MODIFY = READ_ONLY,
	COMBINEFUNC = @extschema@.offence_summary_combine,
	SERIALFUNC = @extschema@.offence_summary_serialize,
	DESERIALFUNC = @extschema@.offence_summary_deserialize,
	PARALLEL = SAFE
);

CREATE AGGREGATE @extschema@.offence_summary_agg(recorded pg_catalog.date, platforms pg_catalog.text[], victim_age pg_catalog.int4) (
	SFUNC = @extschema@.offence_summary_trans,
	STYPE = pg_catalog.internal,
	FINALFUNC = @extschema@.offence_summary_final,
	FINALFUNC_MODIFY = READ_ONLY,
	COMBINEFUNC = @extschema@.offence_summary_combine,
	SERIALFUNC = @extschema@.offence_summary_serialize,
	DESERIALFUNC = @extschema@.offence_summary_deserialize,
	PARALLEL = SAFE
);

CREATE AGGREGATE @extschema@.rollup(@extschema@.offence_summary) (
	SFUNC = @extschema@.offence_summary_rollup_trans,
	STYPE = pg_catalog.internal,
	FINALFUNC = @extschema@.offence_summary_final,
	FINALFUNC_MODIFY = READ_ONLY,
	COMBINEFUNC = @extschema@.offence_summary_combine,
	SERIALFUNC = @extschema@.offence_summary_serialize,
	DESERIALFUNC = @extschema@.offence_summary_deserialize,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.offence_summary_agg(pg_catalog.date, pg_catalog.text, pg_catalog.int4) IS
'Summarise offence rows (recorded date, one platform, victim age). NULL date: undated; NULL or '''' platform: not recorded; NULL age: not recorded; age outside 0..150: error 22003. No rows: an empty summary.';
COMMENT ON AGGREGATE @extschema@.offence_summary_agg(pg_catalog.date, pg_catalog.text[], pg_catalog.int4) IS
'Summarise offence rows (recorded date, platforms used, victim age). NULL date: undated; NULL, empty array, or only NULL/'''' elements: platform not recorded; a platform twice in one offence counts once; NULL age: not recorded; age outside 0..150: error 22003. No rows: an empty summary.';
COMMENT ON AGGREGATE @extschema@.rollup(@extschema@.offence_summary) IS
'Merge stored summaries into one: equal, byte for byte, to summarising all their rows at once. NULL summaries hold no offences and are skipped.';

-- Merging stored summaries without an internal state (for Citus).

CREATE FUNCTION @extschema@.offence_summary_merge(@extschema@.offence_summary, @extschema@.offence_summary)
RETURNS @extschema@.offence_summary
AS 'MODULE_PATHNAME', 'offence_summary_merge'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.offence_summary_merge_final(@extschema@.offence_summary)
RETURNS @extschema@.offence_summary
AS 'MODULE_PATHNAME', 'offence_summary_merge_final'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE OPERATOR @extschema@.+ (
	LEFTARG = @extschema@.offence_summary,
	RIGHTARG = @extschema@.offence_summary,
	FUNCTION = @extschema@.offence_summary_merge,
	COMMUTATOR = OPERATOR(@extschema@.+)
);

CREATE AGGREGATE @extschema@.rollup_merge(@extschema@.offence_summary) (
	SFUNC = @extschema@.offence_summary_merge,
	STYPE = @extschema@.offence_summary,
	FINALFUNC = @extschema@.offence_summary_merge_final,
	COMBINEFUNC = @extschema@.offence_summary_merge,
	PARALLEL = SAFE
);

COMMENT ON FUNCTION @extschema@.offence_summary_merge(@extschema@.offence_summary, @extschema@.offence_summary) IS
'Merge two summaries into one (the + operator); ERROR 22003 if a count would exceed bigint.';
COMMENT ON FUNCTION @extschema@.offence_summary_merge_final(@extschema@.offence_summary) IS
'Final function of rollup_merge: an empty summary for no rows.';
COMMENT ON OPERATOR @extschema@.+ (@extschema@.offence_summary, @extschema@.offence_summary) IS
'merge two summaries: s1 + s2 counts the offences of both';
COMMENT ON AGGREGATE @extschema@.rollup_merge(@extschema@.offence_summary) IS
'rollup with an offence_summary (not internal) state and a combine function, for engines that ship aggregate states between nodes as text (Citus). Same result as rollup; rollup is faster on one node.';
-- Counts over time.
--
-- Accessors that publish counts are STABLE, not IMMUTABLE: their results
-- depend on groomstats.min_cell_count (disclosure control), and an IMMUTABLE
-- function could be folded into a cached plan under another threshold.

CREATE FUNCTION @extschema@.offences(s @extschema@.offence_summary)
RETURNS pg_catalog.int8
AS 'MODULE_PATHNAME', 'offence_summary_offences'
LANGUAGE C STABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.undated(s @extschema@.offence_summary)
RETURNS pg_catalog.int8
AS 'MODULE_PATHNAME', 'offence_summary_undated'
LANGUAGE C STABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.first_recorded(s @extschema@.offence_summary)
RETURNS pg_catalog.date
AS 'MODULE_PATHNAME', 'offence_summary_first_recorded'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.last_recorded(s @extschema@.offence_summary)
RETURNS pg_catalog.date
AS 'MODULE_PATHNAME', 'offence_summary_last_recorded'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.per_day_rate(s @extschema@.offence_summary, period pg_catalog.daterange)
RETURNS pg_catalog.float8
AS 'MODULE_PATHNAME', 'offence_summary_per_day_rate'
LANGUAGE C STABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.daily_counts(s @extschema@.offence_summary, period pg_catalog.daterange)
RETURNS TABLE(day pg_catalog.date, offences pg_catalog.int8, suppressed pg_catalog.bool)
AS 'MODULE_PATHNAME', 'offence_summary_daily_counts'
LANGUAGE C STABLE STRICT PARALLEL SAFE ROWS 365;

COMMENT ON FUNCTION @extschema@.offences(@extschema@.offence_summary) IS
'All offences in the summary, dated or not. NULL when disclosure control (groomstats.min_cell_count) hides it.';
COMMENT ON FUNCTION @extschema@.undated(@extschema@.offence_summary) IS
'Offences with no recorded date (counted in offences, never in a rate). NULL when disclosure control hides it.';
COMMENT ON FUNCTION @extschema@.first_recorded(@extschema@.offence_summary) IS
'The first day with a recorded offence; NULL when no offence is dated.';
COMMENT ON FUNCTION @extschema@.last_recorded(@extschema@.offence_summary) IS
'The last day with a recorded offence; NULL when no offence is dated.';
COMMENT ON FUNCTION @extschema@.per_day_rate(@extschema@.offence_summary, pg_catalog.daterange) IS
'Offences recorded inside the period divided by the number of days in the period (days with no offence count; undated offences do not). Unbounded or empty period: error 22023. NULL when disclosure control hides the count.';
COMMENT ON FUNCTION @extschema@.daily_counts(@extschema@.offence_summary, pg_catalog.daterange) IS
'One row per day of the period, in order, 0 on days with no offence. suppressed: the count is hidden by disclosure control (a small count, or the next-smallest when one alone would be recoverable from the period total).';
-- Platforms: the denominator is offences with at least one platform recorded.

CREATE FUNCTION @extschema@.platform_recorded(s @extschema@.offence_summary)
RETURNS pg_catalog.int8
AS 'MODULE_PATHNAME', 'offence_summary_platform_recorded'
LANGUAGE C STABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.platform_shares(s @extschema@.offence_summary, level pg_catalog.float8 DEFAULT 0.95)
RETURNS TABLE(platform pg_catalog.text, offences pg_catalog.int8, share pg_catalog.float8,
			  lower pg_catalog.float8, upper pg_catalog.float8, rank pg_catalog.int4,
			  suppressed pg_catalog.bool)
AS 'MODULE_PATHNAME', 'offence_summary_platform_shares'
LANGUAGE C STABLE STRICT PARALLEL SAFE ROWS 20;

CREATE FUNCTION @extschema@.platform_offences(s @extschema@.offence_summary, platforms pg_catalog.text[])
RETURNS pg_catalog.int8
AS 'MODULE_PATHNAME', 'offence_summary_platform_offences'
LANGUAGE C STABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.platform_share(s @extschema@.offence_summary, platforms pg_catalog.text[])
RETURNS pg_catalog.float8
AS 'MODULE_PATHNAME', 'offence_summary_platform_share'
LANGUAGE C STABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.platform_recorded(@extschema@.offence_summary) IS
'Offences with at least one platform recorded: the denominator of every platform share. NULL when disclosure control hides it.';
COMMENT ON FUNCTION @extschema@.platform_shares(@extschema@.offence_summary, pg_catalog.float8) IS
'Per platform: offences involving it, share of platform_recorded, Wilson score interval at level (as R prop.test(correct = FALSE)), rank (1 = most offences; ties share a rank). Shares overlap: one offence may involve several platforms. Rows hidden by disclosure control have NULL counts, shares and rank and come last.';
COMMENT ON FUNCTION @extschema@.platform_offences(@extschema@.offence_summary, pg_catalog.text[]) IS
'Offences involving at least one of the given platforms, each offence once (e.g. any of Facebook, Snapchat or Instagram). Names match exactly; NULL elements are ignored.';
COMMENT ON FUNCTION @extschema@.platform_share(@extschema@.offence_summary, pg_catalog.text[]) IS
'platform_offences over platform_recorded. NULL when no platform is recorded, or when disclosure control hides the count or its complement.';
-- Victim ages: the denominator is offences with an age recorded.

CREATE FUNCTION @extschema@.age_recorded(s @extschema@.offence_summary)
RETURNS pg_catalog.int8
AS 'MODULE_PATHNAME', 'offence_summary_age_recorded'
LANGUAGE C STABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.median_age(s @extschema@.offence_summary)
RETURNS pg_catalog.float8
AS 'MODULE_PATHNAME', 'offence_summary_median_age'
LANGUAGE C STABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.age_bands(s @extschema@.offence_summary,
									  bands pg_catalog.text DEFAULT '0-11,12-15,16-17',
									  level pg_catalog.float8 DEFAULT 0.95)
RETURNS TABLE(band pg_catalog.text, offences pg_catalog.int8, share pg_catalog.float8,
			  lower pg_catalog.float8, upper pg_catalog.float8, suppressed pg_catalog.bool)
AS 'MODULE_PATHNAME', 'offence_summary_age_bands'
LANGUAGE C STABLE STRICT PARALLEL SAFE ROWS 5;

COMMENT ON FUNCTION @extschema@.age_recorded(@extschema@.offence_summary) IS
'Offences with a victim age recorded: the denominator of age shares. NULL when disclosure control hides it.';
COMMENT ON FUNCTION @extschema@.median_age(@extschema@.offence_summary) IS
'Median recorded victim age, as percentile_cont(0.5) over the ages. NULL when no age is recorded or disclosure control hides age_recorded.';
COMMENT ON FUNCTION @extschema@.age_bands(@extschema@.offence_summary, pg_catalog.text, pg_catalog.float8) IS
'Offences per age band, in the order given (''a-b'' inclusive, ''a+'' open-ended), then ''other'' (recorded ages in no band, if any), then ''not recorded'' (if any; share NULL). Share and Wilson interval over age_recorded. Malformed bands: 22P02; reversed, out of 0..150 or overlapping: 22023.';
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
-- The standard report, as Markdown text that reads well in psql and in a
-- scheduled job's output table.

-- A count as published: thousands separators, or '<N' when disclosure
-- control hides it (as DfE and police FOI tables print small cells).
CREATE FUNCTION @extschema@.report_count(n pg_catalog.int8)
RETURNS pg_catalog.text
LANGUAGE sql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
	SELECT CASE WHEN n IS NULL
		THEN '<' || greatest(coalesce(current_setting('groomstats.min_cell_count', true), '0')::int,
		                     coalesce(current_setting('groomstats.min_cell_count_floor', true), '0')::int)
		ELSE trim(to_char(n, 'FM999G999G999G999G999G990')) END
$$;

-- A share as a percentage with its interval, and a bar of block characters.
CREATE FUNCTION @extschema@.report_share(share pg_catalog.float8, lower pg_catalog.float8,
										 upper pg_catalog.float8, width pg_catalog.int4 DEFAULT 30)
RETURNS pg_catalog.text
LANGUAGE sql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
	SELECT CASE WHEN share IS NULL THEN ''
		ELSE to_char(100 * share, 'FM990.0') || '% (' || to_char(100 * lower, 'FM990.0') || '–'
		     || to_char(100 * upper, 'FM990.0') || ') '
		     || repeat('█', round(width * share)::int) END
$$;

CREATE FUNCTION @extschema@.report_period(period pg_catalog.daterange)
RETURNS pg_catalog.text
LANGUAGE sql STABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
	SELECT to_char(lower(period), 'FMDD FMMonth YYYY') || ' to '
	       || to_char(upper(period) - 1, 'FMDD FMMonth YYYY')
$$;

CREATE FUNCTION @extschema@.offence_report(s @extschema@.offence_summary,
										   period pg_catalog.daterange,
										   title pg_catalog.text DEFAULT NULL,
										   compare_period pg_catalog.daterange DEFAULT NULL,
										   level pg_catalog.float8 DEFAULT 0.95,
										   top_platforms pg_catalog.int4 DEFAULT 10)
RETURNS pg_catalog.text
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	out text[] := '{}';
	r record;
	c record;
	rr record;
	pct text := rtrim(rtrim(to_char(100 * level, 'FM990.9999'), '0'), '.') || '%';
BEGIN
	SELECT * INTO r FROM @extschema@.per_day_rate_ci(s, period, level);
	out := out || ('# ' || coalesce(title, 'Offence report') || ': ' || @extschema@.report_period(period));
	out := out || ''::text;
	out := out || '| Figure | Value |'::text || '|---|---|'::text;
	out := out || ('| Offences recorded in the period | ' || @extschema@.report_count(r.offences) || ' |');
	out := out || ('| Days in the period | ' || r.days || ' |');
	out := out || ('| Offences per day | ' || coalesce(to_char(r.rate, 'FM999G990.00') || ' (' || pct || ' CI '
	               || to_char(r.lower, 'FM999G990.00') || ' to ' || to_char(r.upper, 'FM999G990.00')
	               || ', exact Poisson)', @extschema@.report_count(NULL)) || ' |');
	IF compare_period IS NOT NULL THEN
		SELECT * INTO c FROM @extschema@.per_day_rate_ci(s, compare_period, level);
		SELECT * INTO rr FROM @extschema@.rate_ratio(s, period, s, compare_period, level);
		out := out || ('| ' || @extschema@.report_period(compare_period) || ' | '
		               || @extschema@.report_count(c.offences) || ' offences, '
		               || coalesce(to_char(c.rate, 'FM999G990.00'), '–') || ' a day |');
		out := out || ('| Change in the daily rate | ' || coalesce(
		               to_char(100 * (rr.ratio - 1), 'FMSG990.0') || '% (rate ratio ' || to_char(rr.ratio, 'FM990.000')
		               || ', ' || pct || ' CI ' || to_char(rr.lower, 'FM990.000') || ' to '
		               || to_char(rr.upper, 'FM990.000') || ', p '
		               || CASE WHEN rr.p_value < 0.001 THEN '< 0.001' ELSE '= ' || to_char(rr.p_value, 'FM0.000') END
		               || ')', '–') || ' |');
	END IF;
	out := out || ('| Undated offences in the summary (not in any rate) | ' || @extschema@.report_count(@extschema@.undated(s)) || ' |');

	-- Platform and age figures describe the whole summary: say so if it
	-- reaches beyond the period.
	out := out || ''::text;
	IF @extschema@.first_recorded(s) < lower(period) OR @extschema@.last_recorded(s) >= upper(period)
	   OR @extschema@.undated(s) IS DISTINCT FROM 0 THEN
		out := out || ('Platform and age figures below cover every offence in the summary (recorded '
		               || to_char(@extschema@.first_recorded(s), 'FMDD FMMonth YYYY') || ' to '
		               || to_char(@extschema@.last_recorded(s), 'FMDD FMMonth YYYY')
		               || ', and undated ones), not only those in the period.');
		out := out || ''::text;
	END IF;

	out := out || ('## Platforms (share of ' || @extschema@.report_count(@extschema@.platform_recorded(s))
	               || ' offences with a platform recorded; ' || pct || ' Wilson intervals)');
	out := out || ''::text || '| Rank | Platform | Offences | Share |'::text || '|---|---|---|---|'::text;
	FOR r IN SELECT * FROM @extschema@.platform_shares(s, level) p
	         WHERE p.rank <= top_platforms OR p.suppressed LOOP
		out := out || ('| ' || coalesce(r.rank::text, '') || ' | ' || r.platform || ' | '
		               || @extschema@.report_count(r.offences) || ' | '
		               || @extschema@.report_share(r.share, r.lower, r.upper) || ' |');
	END LOOP;
	out := out || ''::text;
	-- With one of the three hidden above, their total would give it away.
	IF EXISTS (SELECT 1 FROM @extschema@.platform_shares(s, level) p
	           WHERE p.platform IN ('Facebook', 'Snapchat', 'Instagram') AND p.suppressed) THEN
		out := out || 'Any of Facebook, Snapchat or Instagram: hidden (one of them is a small count).'::text;
	ELSE
	out := out || ('Any of Facebook, Snapchat or Instagram: '
	               || @extschema@.report_count(@extschema@.platform_offences(s, '{Facebook,Snapchat,Instagram}'))
	               || ' offences; ' || coalesce(to_char(100 * @extschema@.platform_offences(s, '{Facebook,Snapchat,Instagram}')
	                                  / nullif(@extschema@.offences(s), 0)::float8, 'FM990.0') || '%', '–')
	               || ' of all offences, '
	               || coalesce(to_char(100 * @extschema@.platform_share(s, '{Facebook,Snapchat,Instagram}'), 'FM990.0') || '%', 'a hidden share')
	               || ' of those with a platform recorded.');
	END IF;
	out := out || ''::text;

	out := out || ('## Victim ages (share of ' || @extschema@.report_count(@extschema@.age_recorded(s))
	               || ' offences with an age recorded; median ' || coalesce(to_char(@extschema@.median_age(s), 'FM990.0'), '–') || ')');
	out := out || ''::text || '| Band | Offences | Share |'::text || '|---|---|---|'::text;
	FOR r IN SELECT * FROM @extschema@.age_bands(s, '0-11,12-15,16-17', level) LOOP
		out := out || ('| ' || r.band || ' | ' || @extschema@.report_count(r.offences) || ' | '
		               || @extschema@.report_share(r.share, r.lower, r.upper) || ' |');
	END LOOP;
	IF substr(@extschema@.report_count(NULL), 2)::int > 1 THEN
		out := out || ''::text;
		out := out || ('Disclosure control is on: counts under ' || substr(@extschema@.report_count(NULL), 2)
		               || ' are hidden, with further cells where a table''s total would give them away.'
		               || ' Figures from different tables of this report can still be combined'
		               || ' (e.g. offences minus those with an age recorded): check before publishing.');
	END IF;
	RETURN array_to_string(out, E'\n');
END
$$;

COMMENT ON FUNCTION @extschema@.report_count(pg_catalog.int8) IS
'A count as the report prints it: 3,171; or <N when disclosure control hid it.';
COMMENT ON FUNCTION @extschema@.report_share(pg_catalog.float8, pg_catalog.float8, pg_catalog.float8, pg_catalog.int4) IS
'A share as the report prints it: percentage, interval, and a bar of block characters.';
COMMENT ON FUNCTION @extschema@.report_period(pg_catalog.daterange) IS
'A period as the report prints it: 3 April 2017 to 31 March 2018.';
COMMENT ON FUNCTION @extschema@.offence_report(@extschema@.offence_summary, pg_catalog.daterange, pg_catalog.text, pg_catalog.daterange, pg_catalog.float8, pg_catalog.int4) IS
'The standard report as Markdown: offences and per-day rate in the period with its exact interval, the change against compare_period (rate ratio, interval, p-value), top platforms with Wilson intervals, any of Facebook/Snapchat/Instagram (over all offences and over those with a platform recorded), age bands, with text bar charts. Platform and age figures cover the whole summary.';

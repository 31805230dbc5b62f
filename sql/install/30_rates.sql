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

-- Row estimates for the planner: with a constant period the streaming cores
-- below report their rows (days, buckets, month ends) instead of ROWS.
CREATE FUNCTION @extschema@.period_rows_support(pg_catalog.internal)
RETURNS pg_catalog.internal
AS 'MODULE_PATHNAME', 'offence_summary_period_rows'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

-- daily_counts streams in FROM as in the select list.  A C function in FROM
-- runs under a FunctionScan, which stores its whole result before the first
-- row is read, so a LIMIT there would not shorten the call.  The public
-- function is therefore a LANGUAGE sql wrapper that the planner inlines
-- into the calling query (PostgreSQL's inline_set_returning_function: one
-- SELECT, not STRICT, not VOLATILE, no SET clause, not SECURITY DEFINER);
-- its body calls the C function, daily_counts_stream, in a select list, so
-- it runs under a ProjectSet, one row per call, and a LIMIT stops it.  The
-- C function is called once per row: the subquery x keeps the row whole
-- (a select list with a set-returning function is never flattened) and the
-- outer select list only takes its fields.
--
-- No SET search_path (it would stop the inlining), so the body is written
-- to resolve to exactly one object whatever is on the caller's search path
-- or in the extension's schema: the one call is schema-qualified and its
-- arguments are this function's parameters, typed exactly as the C
-- function's, so an exact match exists and PostgreSQL takes it before any
-- overload; (x.r).day is column syntax on a row of a known type, which
-- PostgreSQL resolves as the column before looking for a function; no
-- operator, literal, cast or unqualified call.  Not STRICT (a STRICT SQL
-- set-returning function is never inlined): with a NULL argument the
-- STRICT C function returns no rows, as daily_counts did.
CREATE FUNCTION @extschema@.daily_counts_stream(s @extschema@.offence_summary, period pg_catalog.daterange)
RETURNS TABLE(day pg_catalog.date, offences pg_catalog.int8, suppressed pg_catalog.bool)
AS 'MODULE_PATHNAME', 'offence_summary_daily_counts'
LANGUAGE C STABLE STRICT PARALLEL SAFE ROWS 365
SUPPORT @extschema@.period_rows_support;

CREATE FUNCTION @extschema@.daily_counts(s @extschema@.offence_summary, period pg_catalog.daterange)
RETURNS TABLE(day pg_catalog.date, offences pg_catalog.int8, suppressed pg_catalog.bool)
LANGUAGE sql STABLE PARALLEL SAFE ROWS 365
AS $$
	SELECT (x.r).day, (x.r).offences, (x.r).suppressed
	FROM (SELECT @extschema@.daily_counts_stream(s, period) AS r) x
$$;

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
COMMENT ON FUNCTION @extschema@.period_rows_support(pg_catalog.internal) IS
'Planner support (row estimates) for daily_counts_stream, counts_by_stream and rolling_counts_stream: with a constant period, the rows of the call (days, about its buckets, about its month ends).';
COMMENT ON FUNCTION @extschema@.daily_counts_stream(@extschema@.offence_summary, pg_catalog.daterange) IS
'The streaming core of daily_counts (one row per call, in C): call daily_counts, which runs this in a select list so that a LIMIT stops the work in FROM too.';

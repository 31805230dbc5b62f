-- daily_counts: 1.0's C function becomes a LANGUAGE sql wrapper over the
-- same C entry point (offence_summary_daily_counts), which the new
-- daily_counts_stream names, so that it streams in FROM too (issue 11 item 12).
-- Same name, arguments, result columns and comment.

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

CREATE OR REPLACE FUNCTION @extschema@.daily_counts(s @extschema@.offence_summary, period pg_catalog.daterange)
RETURNS TABLE(day pg_catalog.date, offences pg_catalog.int8, suppressed pg_catalog.bool)
LANGUAGE sql STABLE PARALLEL SAFE ROWS 365
AS $$
	SELECT (x.r).day, (x.r).offences, (x.r).suppressed
	FROM (SELECT @extschema@.daily_counts_stream(s, period) AS r) x
$$;

COMMENT ON FUNCTION @extschema@.period_rows_support(pg_catalog.internal) IS
'Planner support (row estimates) for daily_counts_stream, counts_by_stream and rolling_counts_stream: with a constant period, the rows of the call (days, about its buckets, about its month ends).';
COMMENT ON FUNCTION @extschema@.daily_counts_stream(@extschema@.offence_summary, pg_catalog.daterange) IS
'The streaming core of daily_counts (one row per call, in C): call daily_counts, which runs this in a select list so that a LIMIT stops the work in FROM too.';

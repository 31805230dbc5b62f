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

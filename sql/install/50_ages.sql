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

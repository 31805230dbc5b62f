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

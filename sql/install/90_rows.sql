-- The whole summary as rows (long format), for tools that do not know the type.

CREATE FUNCTION @extschema@.summary_rows(s @extschema@.offence_summary)
RETURNS TABLE(dimension pg_catalog.text, key pg_catalog.text, offences pg_catalog.int8,
			  suppressed pg_catalog.bool)
AS 'MODULE_PATHNAME', 'offence_summary_rows'
LANGUAGE C STABLE STRICT PARALLEL SAFE ROWS 1000;

COMMENT ON FUNCTION @extschema@.summary_rows(@extschema@.offence_summary) IS
'The whole summary as rows (dimension, key, offences, suppressed): ''offences'' (the total), each ''day'' (key YYYY-MM-DD) and ''undated'', each ''platform'' (offences involving it), each ''combination'' (key a text[] literal: offences involving exactly those platforms) and ''platform_not_recorded'', each ''age'' and ''age_not_recorded''. Disclosure control applies per dimension (days with undated, combinations with no platform, ages with no age are additive tables).';

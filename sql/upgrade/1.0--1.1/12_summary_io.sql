-- Seams (issue 10, issue 11 items 8-9): what text and binary input and output
-- now do (no change of definition, only of the comments that say it).

COMMENT ON FUNCTION @extschema@.offence_summary_in(pg_catalog.cstring) IS
'Text input of offence_summary: the canonical text form (v1;offences=...), platform names in any order (sorted on input), fully validated; a format version this build cannot read is refused by name.';
COMMENT ON FUNCTION @extschema@.offence_summary_recv(pg_catalog.internal) IS
'Binary input of offence_summary (COPY BINARY): platform names converted from the client encoding, as for text, and sorted; fully validated.';
COMMENT ON FUNCTION @extschema@.offence_summary_send(@extschema@.offence_summary) IS
'Binary output of offence_summary (COPY BINARY): platform names converted to the client encoding, as for text.';

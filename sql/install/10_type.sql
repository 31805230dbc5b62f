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
'Text input of offence_summary: the canonical text form (v1;offences=...), platform names in any order (sorted on input), fully validated; a format version this build cannot read is refused by name.';
COMMENT ON FUNCTION @extschema@.offence_summary_out(@extschema@.offence_summary) IS
'Text output of offence_summary: canonical, exact, DateStyle-independent.';
COMMENT ON FUNCTION @extschema@.offence_summary_recv(pg_catalog.internal) IS
'Binary input of offence_summary (COPY BINARY): platform names converted from the client encoding, as for text, and sorted; fully validated.';
COMMENT ON FUNCTION @extschema@.offence_summary_send(@extschema@.offence_summary) IS
'Binary output of offence_summary (COPY BINARY): platform names converted to the client encoding, as for text.';

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

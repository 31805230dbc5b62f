-- A btree operator class for offence_summary: the byte order of the
-- canonical stored form (a total order that agrees with =, and says nothing
-- about the offences).  It makes ORDER BY s, sort-based GROUP BY and
-- DISTINCT, UNION, count(DISTINCT s) (planned by Citus with a sort) and btree
-- indexes work.

CREATE FUNCTION @extschema@.offence_summary_cmp(@extschema@.offence_summary, @extschema@.offence_summary)
RETURNS pg_catalog.int4
AS 'MODULE_PATHNAME', 'offence_summary_cmp'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;

CREATE FUNCTION @extschema@.offence_summary_lt(@extschema@.offence_summary, @extschema@.offence_summary)
RETURNS pg_catalog.bool
AS 'MODULE_PATHNAME', 'offence_summary_lt'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;

CREATE FUNCTION @extschema@.offence_summary_le(@extschema@.offence_summary, @extschema@.offence_summary)
RETURNS pg_catalog.bool
AS 'MODULE_PATHNAME', 'offence_summary_le'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;

CREATE FUNCTION @extschema@.offence_summary_ge(@extschema@.offence_summary, @extschema@.offence_summary)
RETURNS pg_catalog.bool
AS 'MODULE_PATHNAME', 'offence_summary_ge'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;

CREATE FUNCTION @extschema@.offence_summary_gt(@extschema@.offence_summary, @extschema@.offence_summary)
RETURNS pg_catalog.bool
AS 'MODULE_PATHNAME', 'offence_summary_gt'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;

COMMENT ON FUNCTION @extschema@.offence_summary_cmp(@extschema@.offence_summary, @extschema@.offence_summary) IS
'Btree comparison of two summaries (-1, 0, 1): byte order of the canonical stored form, 0 exactly when =.';
COMMENT ON FUNCTION @extschema@.offence_summary_lt(@extschema@.offence_summary, @extschema@.offence_summary) IS
'True when the first summary sorts before the second (byte order of the stored form).';
COMMENT ON FUNCTION @extschema@.offence_summary_le(@extschema@.offence_summary, @extschema@.offence_summary) IS
'True when the first summary sorts before the second or equals it.';
COMMENT ON FUNCTION @extschema@.offence_summary_ge(@extschema@.offence_summary, @extschema@.offence_summary) IS
'True when the first summary sorts after the second or equals it.';
COMMENT ON FUNCTION @extschema@.offence_summary_gt(@extschema@.offence_summary, @extschema@.offence_summary) IS
'True when the first summary sorts after the second (byte order of the stored form).';

CREATE OPERATOR @extschema@.< (
	LEFTARG = @extschema@.offence_summary,
	RIGHTARG = @extschema@.offence_summary,
	FUNCTION = @extschema@.offence_summary_lt,
	COMMUTATOR = OPERATOR(@extschema@.>),
	NEGATOR = OPERATOR(@extschema@.>=),
	RESTRICT = pg_catalog.scalarltsel,
	JOIN = pg_catalog.scalarltjoinsel
);

CREATE OPERATOR @extschema@.<= (
	LEFTARG = @extschema@.offence_summary,
	RIGHTARG = @extschema@.offence_summary,
	FUNCTION = @extschema@.offence_summary_le,
	COMMUTATOR = OPERATOR(@extschema@.>=),
	NEGATOR = OPERATOR(@extschema@.>),
	RESTRICT = pg_catalog.scalarlesel,
	JOIN = pg_catalog.scalarlejoinsel
);

CREATE OPERATOR @extschema@.>= (
	LEFTARG = @extschema@.offence_summary,
	RIGHTARG = @extschema@.offence_summary,
	FUNCTION = @extschema@.offence_summary_ge,
	COMMUTATOR = OPERATOR(@extschema@.<=),
	NEGATOR = OPERATOR(@extschema@.<),
	RESTRICT = pg_catalog.scalargesel,
	JOIN = pg_catalog.scalargejoinsel
);

CREATE OPERATOR @extschema@.> (
	LEFTARG = @extschema@.offence_summary,
	RIGHTARG = @extschema@.offence_summary,
	FUNCTION = @extschema@.offence_summary_gt,
	COMMUTATOR = OPERATOR(@extschema@.<),
	NEGATOR = OPERATOR(@extschema@.<=),
	RESTRICT = pg_catalog.scalargtsel,
	JOIN = pg_catalog.scalargtjoinsel
);

COMMENT ON OPERATOR @extschema@.< (@extschema@.offence_summary, @extschema@.offence_summary) IS
'sorts before (byte order of the stored form; no meaning about the offences)';
COMMENT ON OPERATOR @extschema@.<= (@extschema@.offence_summary, @extschema@.offence_summary) IS
'sorts before or equal (byte order of the stored form)';
COMMENT ON OPERATOR @extschema@.>= (@extschema@.offence_summary, @extschema@.offence_summary) IS
'sorts after or equal (byte order of the stored form)';
COMMENT ON OPERATOR @extschema@.> (@extschema@.offence_summary, @extschema@.offence_summary) IS
'sorts after (byte order of the stored form; no meaning about the offences)';

CREATE OPERATOR CLASS @extschema@.offence_summary_btree_ops
DEFAULT FOR TYPE @extschema@.offence_summary USING btree AS
	OPERATOR 1 @extschema@.< (@extschema@.offence_summary, @extschema@.offence_summary),
	OPERATOR 2 @extschema@.<= (@extschema@.offence_summary, @extschema@.offence_summary),
	OPERATOR 3 @extschema@.= (@extschema@.offence_summary, @extschema@.offence_summary),
	OPERATOR 4 @extschema@.>= (@extschema@.offence_summary, @extschema@.offence_summary),
	OPERATOR 5 @extschema@.> (@extschema@.offence_summary, @extschema@.offence_summary),
	FUNCTION 1 @extschema@.offence_summary_cmp(@extschema@.offence_summary, @extschema@.offence_summary);

-- The aggregates: make a summary from offence rows, and merge summaries.
--
-- SSPACE is the planner's estimate of one group's transition state, in
-- bytes (PostgreSQL assumes 8 kB for an internal state without one).  Hash
-- aggregation admits hash_mem / (SSPACE + its own entry) groups before it
-- spills, so an honest figure keeps the states within hash_mem: a group's
-- state holds only its counts (the platform dictionary is shared by the
-- groups of a call) and starts at about 300 bytes; a summary per force per
-- day of offence rows takes about 1.2 kB, per force per month about 6 kB.
-- rollup's groups merge whole summaries, so they start bigger.

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
	SSPACE = 1280,
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
	SSPACE = 1280,
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
	SSPACE = 4096,
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

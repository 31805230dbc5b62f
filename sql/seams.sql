-- The seams of 1.1 (issue 10): one way in for stored values, one error
-- rule for malformed ones, input that takes platform names in any order.
SET client_min_messages = warning;

-- The SQLSTATE of a statement (or 'ok').
CREATE FUNCTION pg_temp.sqlstate_of(sql text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE sql;
  RETURN 'ok';
EXCEPTION WHEN OTHERS THEN
  RETURN SQLSTATE;
END $$;

-- A binary (send/recv) form without platforms, built field by field.
CREATE FUNCTION pg_temp.wire(version int, offences bigint, undated bigint, days date[],
                             day_counts bigint[], ages int[], age_counts bigint[], no_age bigint)
RETURNS bytea LANGUAGE sql AS $$
  SELECT set_byte('\x00'::bytea, 0, version) || '\x00'::bytea
      || int8send(offences) || int8send(undated) || int8send(offences) || int8send(no_age)
      || int4send(coalesce(cardinality(days), 0))
      || coalesce((SELECT string_agg(int4send(d - DATE '2000-01-01') || int8send(c), ''::bytea ORDER BY i)
                   FROM unnest(days, day_counts) WITH ORDINALITY u(d, c, i)), ''::bytea)
      || int4send(0) || int4send(0)
      || int4send(coalesce(cardinality(ages), 0))
      || coalesce((SELECT string_agg(int4send(a) || int8send(c), ''::bytea ORDER BY i)
                   FROM unnest(ages, age_counts) WITH ORDINALITY u(a, c, i)), ''::bytea)
$$;

-- Binary input goes through COPY BINARY (recv is not callable from SQL).
CREATE TEMP TABLE bin_in (s offence_summary);
CREATE FUNCTION pg_temp.binary_sqlstate(payload bytea) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
  f text := '/tmp/groomstats_regress_seams_' || pg_backend_pid() || '.bin';
  lo oid;
BEGIN
  lo := lo_from_bytea(0, '\x5047434f50590aff0d0a00'::bytea || '\x0000000000000000'::bytea
                         || '\x0001'::bytea || int4send(length(payload)) || payload || '\xffff'::bytea);
  PERFORM lo_export(lo, f);
  PERFORM lo_unlink(lo);
  EXECUTE format('COPY pg_temp.bin_in FROM %L WITH (FORMAT binary)', f);
  RETURN 'ok';
EXCEPTION WHEN OTHERS THEN
  RETURN SQLSTATE;
END $$;

-- 1. One error rule: the same fault has the same SQLSTATE from text and
-- binary input: 22003 for a number outside its field's range, else 22P02
-- (text) / 22P03 (binary).  (1.0 gave 22003 in text but 22P03 in binary for
-- age 151.)
CREATE TEMP TABLE faults (fault text, txt text, bin bytea);
INSERT INTO faults VALUES
 ('a good value',
  'v1;offences=2;undated=0;days=2017-04-03:2;no_platform=2;platforms=;combos=;no_age=0;ages=12:2',
  pg_temp.wire(1, 2, 0, '{2017-04-03}', '{2}', '{12}', '{2}', 0)),
 ('victim age 151',
  'v1;offences=2;undated=0;days=2017-04-03:2;no_platform=2;platforms=;combos=;no_age=0;ages=151:2',
  pg_temp.wire(1, 2, 0, '{2017-04-03}', '{2}', '{151}', '{2}', 0)),
 ('day counts add up beyond bigint',
  'v1;offences=9223372036854775807;undated=0;days=2017-04-03:9223372036854775807,2017-04-04:1;no_platform=9223372036854775807;platforms=;combos=;no_age=9223372036854775807;ages=',
  pg_temp.wire(1, 9223372036854775807, 0, '{2017-04-03,2017-04-04}', '{9223372036854775807,1}', '{}', '{}', 9223372036854775807)),
 ('counts do not add up',
  'v1;offences=3;undated=0;days=2017-04-03:2;no_platform=3;platforms=;combos=;no_age=3;ages=',
  pg_temp.wire(1, 3, 0, '{2017-04-03}', '{2}', '{}', '{}', 3)),
 ('ages out of order',
  'v1;offences=2;undated=0;days=2017-04-03:2;no_platform=2;platforms=;combos=;no_age=0;ages=13:1,12:1',
  pg_temp.wire(1, 2, 0, '{2017-04-03}', '{2}', '{13,12}', '{1,1}', 0)),
 ('a zero count',
  'v1;offences=2;undated=0;days=2017-04-03:2,2017-04-04:0;no_platform=2;platforms=;combos=;no_age=2;ages=',
  pg_temp.wire(1, 2, 0, '{2017-04-03,2017-04-04}', '{2,0}', '{}', '{}', 2)),
 ('format version 2',
  'v2;offences=2;undated=0;days=2017-04-03:2;no_platform=2;platforms=;combos=;no_age=0;ages=12:2',
  pg_temp.wire(2, 2, 0, '{2017-04-03}', '{2}', '{12}', '{2}', 0)),
 ('format version 0',
  'v0;offences=2;undated=0;days=2017-04-03:2;no_platform=2;platforms=;combos=;no_age=0;ages=12:2',
  pg_temp.wire(0, 2, 0, '{2017-04-03}', '{2}', '{12}', '{2}', 0));
SELECT fault,
       pg_temp.sqlstate_of(format('SELECT %L::offence_summary', txt)) AS text_input,
       pg_temp.binary_sqlstate(bin) AS binary_input
FROM faults;

-- Text input says plainly which versions it reads.
SELECT 'v2;offences=0;undated=0;days=;no_platform=0;platforms=;combos=;no_age=0;ages='::offence_summary;
SELECT 'v17;anything'::offence_summary;

-- 2. One way in: every function reading a stored value checks its format
-- version.  A stored value of an unknown version cannot be made by input,
-- so make one from raw bytes (those after the varlena header: version,
-- flags, reserved, six int32 section sizes, four int64 counts, then the
-- sections: an empty summary has one int32 of each start array) with a
-- built-in function that returns its bytea argument as it is.
CREATE FUNCTION pg_temp.raw_summary(bytea, integer) RETURNS offence_summary
  LANGUAGE internal IMMUTABLE STRICT AS 'bytea_substr_no_len';
CREATE TEMP TABLE stored (k text, s offence_summary);
INSERT INTO stored VALUES
  ('v1 empty', pg_temp.raw_summary(decode('01' || repeat('00', 67), 'hex'), 1)),
  ('v2', pg_temp.raw_summary(decode('02' || repeat('00', 67), 'hex'), 1)),
  ('v0', pg_temp.raw_summary(decode('00' || repeat('00', 67), 'hex'), 1)),
  ('v1, one day too few bytes', pg_temp.raw_summary(decode('01000000' || '01000000' || repeat('00', 60), 'hex'), 1)),
  ('shorter than a header', pg_temp.raw_summary(decode('0100', 'hex'), 1));
-- A well-formed v1 value read this way is the empty summary.
SELECT s = (SELECT offence_summary_agg(NULL::date, NULL::text, NULL::integer) WHERE false) AS v1_is_empty_summary,
       s::text, offences(s)
FROM stored WHERE k = 'v1 empty';
-- Every route in refuses the others with 22P03 (invalid binary
-- representation) and says why.
CREATE TEMP TABLE routes AS
SELECT k, f, pg_temp.sqlstate_of(format(
         'SELECT %s FROM pg_temp.stored t, pg_temp.stored e WHERE t.k = %L AND e.k = ''v1 empty''', f, k)) AS sqlstate
FROM (SELECT k FROM stored WHERE k <> 'v1 empty') ks,
     unnest(ARRAY['t.s::text', 't.s::jsonb', 't.s::json', 'offence_summary_send(t.s)', 't.s = e.s', 't.s <> e.s',
                  'e.s = t.s', 'offence_summary_hash(t.s)', 't.s + e.s', 'rollup(t.s)', 'rollup_merge(t.s)',
                  'offences(t.s)', 'undated(t.s)', 'first_recorded(t.s)', 'last_recorded(t.s)',
                  'platform_recorded(t.s)', 'age_recorded(t.s)', 'median_age(t.s)',
                  'per_day_rate(t.s, ''[2017-01-01,2018-01-01)'')',
                  '(SELECT count(*) FROM daily_counts(t.s, ''[2017-01-01,2017-01-05)''))',
                  '(SELECT count(*) FROM platform_shares(t.s))', 'platform_offences(t.s, ''{A}'')',
                  'platform_share(t.s, ''{A}'')', '(SELECT count(*) FROM age_bands(t.s))',
                  'per_day_rate_ci(t.s, ''[2017-01-01,2018-01-01)'')',
                  'rate_per_population(t.s, ''[2017-01-01,2018-01-01)'', 1000)',
                  'rate_ratio(t.s, ''[2017-01-01,2018-01-01)'', e.s, ''[2017-01-01,2018-01-01)'')',
                  'rate_ratio(e.s, ''[2017-01-01,2018-01-01)'', t.s, ''[2017-01-01,2018-01-01)'')']) f;
SELECT k, count(*) AS routes, string_agg(DISTINCT sqlstate, ',') AS sqlstates FROM routes GROUP BY k ORDER BY k;
SELECT k, f, sqlstate FROM routes WHERE sqlstate <> '22P03';
SELECT offences(s) FROM stored WHERE k = 'v2';
SELECT offences(s) FROM stored WHERE k = 'v1, one day too few bytes';
SELECT offences(s) FROM stored WHERE k = 'shorter than a header';

-- 3. Platform names in any order (a dump from a database of another
-- encoding lists them in that encoding's byte order): text and binary input
-- sort them, renumber the combinations and sort those.  1.0 refused these.
SELECT 'v1;offences=4;undated=4;days=;no_platform=0;platforms="Snapchat","Facebook","Kik";combos=1:1,1+2:1,2+3:1,3:1;no_age=4;ages='::offence_summary AS sorted_on_input;
SELECT 'v1;offences=4;undated=4;days=;no_platform=0;platforms="Snapchat","Facebook","Kik";combos=1:1,1+2:1,2+3:1,3:1;no_age=4;ages='::offence_summary
     = offence_summary_agg(NULL::date, p, NULL::integer) AS same_as_aggregate
FROM (VALUES ('{Snapchat}'::text[]), ('{Snapchat,Facebook}'), ('{Facebook,Kik}'), ('{Kik}')) v(p);
-- Everything but the order of the names is still checked.
SELECT 'v1;offences=1;undated=1;days=;no_platform=0;platforms="B","A";combos=2+1:1;no_age=1;ages='::offence_summary;
SELECT 'v1;offences=2;undated=2;days=;no_platform=0;platforms="B","A","B";combos=1:1,2+3:1;no_age=2;ages='::offence_summary;
SELECT 'v1;offences=1;undated=1;days=;no_platform=0;platforms="B","A";combos=1:1;no_age=1;ages='::offence_summary;
SELECT 'v1;offences=2;undated=2;days=;no_platform=0;platforms="A","A";combos=1:1,2:1;no_age=2;ages='::offence_summary;
-- Binary input (names B, A: out of order) is sorted the same way.
TRUNCATE bin_in;
SELECT pg_temp.binary_sqlstate('\x01000000000000000002000000000000000200000000000000000000000000000002'::bytea
       || int4send(0) || int4send(2) || int4send(1) || '\x42'::bytea || int4send(1) || '\x41'::bytea
       || int4send(2) || int4send(1) || int4send(0) || int8send(1) || int4send(1) || int4send(1) || int8send(1)
       || int4send(0)) AS binary_unordered;
SELECT s::text AS binary_sorted FROM bin_in;

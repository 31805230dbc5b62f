-- offence_summary I/O: canonical text form, round trips (text, binary COPY,
-- jsonb), equality, and input that must be refused.
SET extra_float_digits = 0;

CREATE TABLE io (id int, recorded date, platforms text[], victim_age int);
INSERT INTO io VALUES
 (1, '2017-04-03', '{Facebook,"Say \"hi\"",back\\slash}', 13),
 (2, '0001-01-01', '{Snapchat}', 0),
 (3, '0001-12-31 BC', '{Éire,Facebook}', 150),
 (4, '5874897-12-31', NULL, NULL),
 (5, '4713-01-01 BC', '{Snapchat}', 12),
 (6, NULL, '{}', 12);
SELECT offence_summary_agg(recorded, platforms, victim_age) AS s FROM io \gset

-- Text output is ISO dates whatever the DateStyle, and reads back equal.
SET DateStyle = 'SQL, DMY';
SELECT :'s'::offence_summary;
RESET DateStyle;
SELECT :'s'::offence_summary::text::offence_summary = :'s'::offence_summary AS text_round_trip;
SELECT first_recorded(:'s'), last_recorded(:'s');

-- jsonb for BI tools, through the cast and through to_jsonb.
SELECT jsonb_pretty(:'s'::offence_summary::jsonb);
SELECT to_jsonb(:'s'::offence_summary) = :'s'::offence_summary::jsonb AS to_jsonb_same,
       to_json(:'s'::offence_summary)::jsonb = :'s'::offence_summary::jsonb AS to_json_same;
SELECT (:'s'::offence_summary::jsonb ->> 'offences')::bigint = offences(:'s') AS json_offences_ok;

-- The example in README.md reads back as itself.
SELECT 'v1;offences=3;undated=1;days=2017-04-03:2;no_platform=1;platforms="Facebook","Snapchat";combos=1:1,1+2:1;no_age=0;ages=13:2,14:1'::offence_summary::text AS readme_example;

-- The empty summary.
SELECT 'v1;offences=0;undated=0;days=;no_platform=0;platforms=;combos=;no_age=0;ages='::offence_summary;
SELECT 'v1;offences=0;undated=0;days=;no_platform=0;platforms=;combos=;no_age=0;ages='::offence_summary::jsonb;

-- Binary COPY out and in, and text COPY, give equal values.
CREATE TABLE copied (k int, s offence_summary);
INSERT INTO copied
SELECT g, offence_summary_agg(recorded, platforms, victim_age) FROM io, generate_series(1, 5) g
WHERE id <= g GROUP BY g;
INSERT INTO copied VALUES (0, 'v1;offences=0;undated=0;days=;no_platform=0;platforms=;combos=;no_age=0;ages=');
\set binfile '/tmp/groomstats_regress_summary_io.bin'
\set txtfile '/tmp/groomstats_regress_summary_io.txt'
COPY copied TO :'binfile' WITH (FORMAT binary);
COPY copied TO :'txtfile';
CREATE TABLE io_from_binary (LIKE copied);
CREATE TABLE io_from_text (LIKE copied);
COPY io_from_binary FROM :'binfile' WITH (FORMAT binary);
COPY io_from_text FROM :'txtfile';
SELECT count(*) AS rows, count(*) FILTER (WHERE c.s = b.s) AS binary_equal,
       count(*) FILTER (WHERE c.s = t.s) AS text_equal
FROM copied c JOIN io_from_binary b USING (k) JOIN io_from_text t USING (k);

-- Equality, hashing: GROUP BY and DISTINCT on summaries work.
SET enable_sort = off;
SELECT count(*) AS distinct_summaries FROM (SELECT DISTINCT s FROM (SELECT s FROM copied UNION ALL SELECT s FROM copied) x) y;
SELECT count(*) AS groups FROM (SELECT s FROM copied UNION ALL SELECT s FROM copied) x GROUP BY s HAVING count(*) <> 2;
RESET enable_sort;

-- Input that must be refused, each with its reason.
\set VERBOSITY default
SELECT ''::offence_summary;
SELECT 'v2;offences=0;undated=0;days=;no_platform=0;platforms=;combos=;no_age=0;ages='::offence_summary;
SELECT 'v1;offences=1;undated=0;days=;no_platform=1;platforms=;combos=;no_age=1;ages='::offence_summary;
SELECT 'v1;offences=2;undated=0;days=2017-04-05:1,2017-04-03:1;no_platform=2;platforms=;combos=;no_age=2;ages='::offence_summary;
SELECT 'v1;offences=2;undated=0;days=2017-04-03:1,2017-04-03:1;no_platform=2;platforms=;combos=;no_age=2;ages='::offence_summary;
SELECT 'v1;offences=1;undated=0;days=2017-02-30:1;no_platform=1;platforms=;combos=;no_age=1;ages='::offence_summary;
SELECT 'v1;offences=1;undated=1;days=;no_platform=0;platforms="B","A";combos=1+2:1;no_age=1;ages='::offence_summary;
SELECT 'v1;offences=1;undated=1;days=;no_platform=0;platforms="A","B";combos=2+1:1;no_age=1;ages='::offence_summary;
SELECT 'v1;offences=1;undated=1;days=;no_platform=0;platforms="A","B";combos=1:1;no_age=1;ages='::offence_summary;
SELECT 'v1;offences=1;undated=1;days=;no_platform=0;platforms="A";combos=3:1;no_age=1;ages='::offence_summary;
SELECT 'v1;offences=2;undated=2;days=;no_platform=0;platforms="A","B";combos=2:1,1:1;no_age=2;ages='::offence_summary;
SELECT 'v1;offences=1;undated=1;days=;no_platform=1;platforms=;combos=;no_age=0;ages=151:1'::offence_summary;
SELECT 'v1;offences=1;undated=1;days=;no_platform=1;platforms=;combos=;no_age=0;ages=12:0'::offence_summary;
SELECT 'v1;offences=99999999999999999999;undated=0;days=;no_platform=0;platforms=;combos=;no_age=0;ages='::offence_summary;
SELECT 'v1;offences=0;undated=0;days=;no_platform=0;platforms=;combos=;no_age=0;ages= '::offence_summary;
SELECT 'v1;offences=1;undated=1;days=;no_platform=0;platforms="";combos=1:1;no_age=1;ages='::offence_summary;
SELECT 'v1;offences=1;undated=1;days=;no_platform=0;platforms="A\n";combos=1:1;no_age=1;ages='::offence_summary;

-- Binary input: each payload is sent as one field of a COPY BINARY file.
CREATE TEMP TABLE bin_in (s offence_summary);
CREATE FUNCTION pg_temp.try_binary(payload bytea) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
  f text := '/tmp/groomstats_regress_' || pg_backend_pid() || '.bin';
  lo oid;
  d text;
BEGIN
  lo := lo_from_bytea(0, '\x5047434f50590aff0d0a00'::bytea || '\x0000000000000000'::bytea
                         || '\x0001'::bytea || int4send(length(payload)) || payload || '\xffff'::bytea);
  PERFORM lo_export(lo, f);
  PERFORM lo_unlink(lo);
  EXECUTE format('COPY pg_temp.bin_in FROM %L WITH (FORMAT binary)', f);
  RETURN 'accepted';
EXCEPTION WHEN OTHERS THEN
  GET STACKED DIAGNOSTICS d = PG_EXCEPTION_DETAIL;
  RETURN SQLSTATE || ': ' || SQLERRM || ' ' || d;
END $$;
SELECT offence_summary_send(s) AS good FROM copied WHERE k = 5 \gset
SELECT pg_temp.try_binary(:'good') AS good_value;
SELECT (SELECT s FROM bin_in) = (SELECT s FROM copied WHERE k = 5) AS binary_value_equal;
SELECT length(:'good'::bytea) AS good_length;
SELECT n AS truncated_to, pg_temp.try_binary(substr(:'good'::bytea, 1, n)) AS result
FROM unnest(ARRAY[0, 1, 2, 10, 33, 37, 60, 100]) n;
SELECT pg_temp.try_binary(:'good'::bytea || '\x00'::bytea) AS trailing_byte;
SELECT pg_temp.try_binary(set_byte(:'good'::bytea, 0, 2)) AS version_2;
SELECT pg_temp.try_binary(set_byte(:'good'::bytea, 1, 1)) AS flag_set;
-- offences field (bytes 2..9) set to a huge count: sums no longer match.
SELECT pg_temp.try_binary(overlay(:'good'::bytea placing '\x7fffffffffffffff'::bytea from 3 for 8)) AS huge_offences;
-- day count (bytes 34..37) claiming a billion days.
SELECT pg_temp.try_binary(overlay(:'good'::bytea placing '\x3b9aca00'::bytea from 35 for 4)) AS billion_days;
SELECT pg_temp.try_binary(overlay(:'good'::bytea placing '\xffffffff'::bytea from 35 for 4)) AS negative_days;

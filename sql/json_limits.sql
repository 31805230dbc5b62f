-- s::jsonb and s::json of a big summary (issue 11, item 13): written
-- straight from the summary, in memory in proportion to the output, and
-- cancelled by statement_timeout within a second.  1.0 printed text and
-- parsed it back: for 2M platforms 3.6 GB and 31 s, and a 300 ms
-- statement_timeout fired after 7 s.
SET extra_float_digits = 0;

-- The documents equal what 1.0 made (the text form parsed by jsonb_in):
-- the sample, edge cases (days before 1 AD and after 294276 AD, names that
-- need escaping, sorting by length in jsonb), and an empty summary.
\set ECHO none
SET client_min_messages = warning;
\i test/data/sample_offences.sql
RESET client_min_messages;
\set ECHO all
CREATE TABLE json_cases AS
SELECT 'sample' AS name, offence_summary_agg(recorded, platforms, victim_age) AS s FROM sample_offences
UNION ALL
SELECT 'edge', offence_summary_agg(d, p, a)
FROM (VALUES ('4713-01-01 BC'::date, ARRAY['Say "hi"', E'back\\slash', 'Éire', 'b', 'aa'], 0),
             ('0044-03-15 BC', ARRAY['aa', E'tab\there'], 12),
             ('0045-03-15 BC', ARRAY['b'], 12),
             ('0001-01-01 BC', ARRAY['b'], 12),
             ('0001-01-01', ARRAY['b'], 12),
             ('9999-12-31', ARRAY['zzz'], 150),
             ('10000-01-01', NULL, NULL),
             ('5874897-12-31', ARRAY[E'new\nline', 'co,mma'], 150),
             (NULL, NULL, NULL)) v(d, p, a)
UNION ALL
SELECT 'empty', offence_summary_agg(NULL::date, NULL::text[], NULL::int) FROM sample_offences WHERE false;
SELECT name, s::jsonb = (s::json::text)::jsonb AS jsonb_as_parsed_json,
       pg_column_size(s::jsonb) = pg_column_size((s::json::text)::jsonb) AS same_size,
       to_jsonb(s) = s::jsonb AS to_jsonb_same, s::jsonb -> 'first_recorded' AS first_recorded
FROM json_cases ORDER BY name;
-- Every key is found by jsonb's binary search (so keys are in its order).
SELECT name, (SELECT count(*) FROM unnest('{days,platforms,ages}'::text[]) d,
                   LATERAL jsonb_each((s::json::text)::jsonb -> d) e
              WHERE s::jsonb -> d -> e.key IS DISTINCT FROM e.value) AS keys_not_found
FROM json_cases ORDER BY name;
SELECT s::jsonb FROM json_cases WHERE name = 'edge';

-- 1M platforms, each in a combination of its own.
CREATE TABLE json_big AS
SELECT format('v1;offences=%s;undated=0;days=2017-04-03:%s;no_platform=0;platforms=%s;combos=%s;no_age=%s;ages=',
              n, n, (SELECT string_agg(format('"p%s"', lpad(i::text, 7, '0')), ',' ORDER BY i) FROM generate_series(1, n) i),
              (SELECT string_agg(format('%s:1', i), ',' ORDER BY i) FROM generate_series(1, n) i), n)::offence_summary AS s
FROM (VALUES (1000000)) v(n);
SELECT jsonb_array_length(j -> 'combinations') AS combinations, j -> 'platforms' -> 'p0999999' AS p0999999,
       j -> 'combinations' -> 999998 AS last_but_one
FROM (SELECT s::jsonb AS j FROM json_big) t;

-- Memory: the backend's peak resident size grows by less than three times
-- the document (about 1.6 for jsonb, 2.3 for json; 1.0: about seventeen for
-- jsonb).  Under AddressSanitizer (make test-sanitize) the peak measures the
-- sanitizer's redzones and quarantine of freed memory, not this code: not
-- checked there.
\c
CREATE FUNCTION json_peak_kb() RETURNS bigint LANGUAGE sql AS $$
	SELECT (regexp_match(pg_read_file('/proc/' || pg_backend_pid() || '/status'), 'VmHWM:\s*(\d+)'))[1]::bigint
$$;
CREATE FUNCTION json_under_asan() RETURNS bool LANGUAGE sql AS $$
	SELECT pg_read_file('/proc/' || pg_backend_pid() || '/maps') LIKE '%libasan%'
$$;
SELECT json_peak_kb() AS before_kb \gset
SELECT pg_column_size(s::jsonb) / 1024 AS doc_kb FROM json_big \gset
SELECT (json_peak_kb() - :before_kb) < 3 * :doc_kb OR json_under_asan() AS jsonb_peak_under_3x_document;
\c
SELECT json_peak_kb() AS before_kb \gset
SELECT pg_column_size(s::json) / 1024 AS doc_kb FROM json_big \gset
SELECT (json_peak_kb() - :before_kb) < 3 * :doc_kb OR json_under_asan() AS json_peak_under_3x_document;

-- Cancellation: each conversion is timed, then run again under a
-- statement_timeout of a quarter of that time: it must be cancelled, within
-- a second of the timeout firing.
CREATE TABLE json_timing (what text, took interval);
CREATE PROCEDURE json_time(what text, sql text) LANGUAGE plpgsql AS $$
DECLARE t0 timestamptz := clock_timestamp();
BEGIN
	EXECUTE sql;
	INSERT INTO json_timing VALUES (what, clock_timestamp() - t0);
EXCEPTION WHEN query_canceled THEN
	INSERT INTO json_timing VALUES (what || ' cancelled', clock_timestamp() - t0);
END $$;
CALL json_time('jsonb', 'SELECT pg_column_size(s::jsonb) FROM json_big');
CALL json_time('json', 'SELECT pg_column_size(s::json) FROM json_big');
SELECT greatest(20, extract(epoch FROM took) * 250)::int AS timeout_ms FROM json_timing WHERE what = 'jsonb' \gset
SET statement_timeout = :timeout_ms;
CALL json_time('jsonb', 'SELECT pg_column_size(s::jsonb) FROM json_big');
RESET statement_timeout;
INSERT INTO json_timing VALUES ('jsonb timeout', :timeout_ms * interval '1 ms');
SELECT greatest(20, extract(epoch FROM took) * 250)::int AS timeout_ms FROM json_timing WHERE what = 'json' \gset
SET statement_timeout = :timeout_ms;
CALL json_time('json', 'SELECT pg_column_size(s::json) FROM json_big');
RESET statement_timeout;
INSERT INTO json_timing VALUES ('json timeout', :timeout_ms * interval '1 ms');
SELECT k AS conversion,
       EXISTS (SELECT 1 FROM json_timing WHERE what = k || ' cancelled') AS cancelled,
       (SELECT took FROM json_timing WHERE what = k || ' cancelled')
         < (SELECT took FROM json_timing WHERE what = k || ' timeout') + interval '1 s' AS within_1s_of_timeout
FROM unnest('{json,jsonb}'::text[]) k;
DROP TABLE json_big;

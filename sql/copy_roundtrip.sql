-- COPY round trips of many random summaries: text, CSV and binary, out and
-- in, and chained; every summary equal (=, and the same text and bytes)
-- after each trip.  The summaries are made deterministically (setseed and
-- random(), PostgreSQL 15's pg_prng) from rows with varied days (some
-- undated, some at the ends of the date range), platforms (names with quotes,
-- commas, semicolons, backslashes, tabs, newlines, non-ASCII; NULL, '' and
-- duplicate elements; NULL and empty arrays) and ages (NULL, 0, 150).
-- Files are written by the server (it runs as postgres) under /tmp, named
-- by the cluster's port so that concurrent clusters do not collide.
-- Tables are named copyrt_*: the pg_regress tests share one database.

SELECT setseed(0.20170403);

-- The platform pool: a NULL element and '' mean "not recorded".
CREATE TABLE copyrt_pool AS
SELECT ARRAY['Facebook', 'Snapchat', 'Instagram', 'WhatsApp', 'Kik', 'Say "hi"',
             E'back\\slash', E'\\', '"', 'co,mma', 'semi;colon', 'eq=sign', 'colon:x',
             'plus+1', '  spaces  ', E'tab\there', E'new\nline', E'cr\rx', '\N', '\.',
             'Éire', 'Ælfrēd ☃', '🚀 rocket', '日本語', '', NULL] AS p;

-- How many rows each of 500 summaries gets: 0 for some (the empty summary,
-- and the NULL summaries below).
CREATE TABLE copyrt_sizes AS
SELECT k, CASE WHEN k % 50 = 0 OR k % 97 = 0 THEN 0 ELSE floor(random() ^ 2 * 40)::int + 1 END AS n
FROM generate_series(1, 500) k;

CREATE TABLE copyrt_src_rows AS
SELECT k,
       CASE WHEN r1 < 0.08 THEN NULL
            WHEN r1 < 0.09 THEN '4713-01-01 BC'::date
            WHEN r1 < 0.10 THEN '5874897-12-31'::date
            ELSE '2015-01-01'::date + floor(r2 * 2500)::int END AS recorded,
       CASE WHEN r3 < 0.05 THEN NULL
            WHEN r3 < 0.10 THEN '{}'::text[]
            ELSE (ARRAY[p[i1], p[i2], p[i3]])[1:1 + floor(r4 * 3)::int] END AS platforms,
       CASE WHEN r5 < 0.10 THEN NULL
            WHEN r5 < 0.12 THEN 0
            WHEN r5 < 0.14 THEN 150
            ELSE 8 + floor(r6 * 10)::int END AS victim_age
FROM (SELECT s.k, random() AS r1, random() AS r2, random() AS r3, random() AS r4,
             random() AS r5, random() AS r6,
             1 + floor(random() * 26)::int AS i1, 1 + floor(random() * 26)::int AS i2,
             1 + floor(random() * 26)::int AS i3
      FROM copyrt_sizes s, generate_series(1, s.n) j
      ORDER BY s.k, j) r, copyrt_pool;

-- 500 summaries (a NULL every 97th), plus 10 larger ones rolled up from them.
CREATE TABLE copyrt_orig (k int PRIMARY KEY, s offence_summary);
INSERT INTO copyrt_orig
SELECT z.k, CASE WHEN z.k % 97 = 0 THEN NULL
                 ELSE offence_summary_agg(r.recorded, r.platforms, r.victim_age) FILTER (WHERE r.k IS NOT NULL) END
FROM copyrt_sizes z LEFT JOIN copyrt_src_rows r USING (k)
GROUP BY z.k;
INSERT INTO copyrt_orig SELECT 1000 + k % 10, rollup(s) FROM copyrt_orig GROUP BY k % 10;

-- What was made: enough variety to mean something.
SELECT count(*) AS summaries,
       count(*) FILTER (WHERE s IS NULL) AS null_summaries,
       count(*) FILTER (WHERE offences(s) = 0) AS empty,
       count(*) FILTER (WHERE undated(s) > 0) AS with_undated,
       count(*) FILTER (WHERE first_recorded(s) < '0001-01-01') AS with_bc_dates,
       count(*) FILTER (WHERE last_recorded(s) = '5874897-12-31') AS with_last_date,
       count(*) FILTER (WHERE s::text LIKE '%\\%') AS with_backslash,
       count(*) FILTER (WHERE s::text ~ E'[\\t\\n\\r]') AS with_control_chars,
       count(*) FILTER (WHERE s::text ~ '[^\x01-\x7f]') AS with_non_ascii,
       count(*) FILTER (WHERE s::text ~ 'ages=(.*,)?(0|150):') AS with_age_0_or_150,
       sum(offences(s)) FILTER (WHERE k < 1000) AS offences
FROM copyrt_orig;
SELECT sum(offences(s)) = (SELECT count(*) FROM copyrt_src_rows) AS all_rows_counted
FROM copyrt_orig WHERE k < 1000;

-- File names.
SELECT '/tmp/groomstats_regress_copy_roundtrip_' || current_setting('port') AS prefix \gset
\set txt :prefix '.txt'
\set csv :prefix '.csv'
\set bin :prefix '.bin'
\set bin2 :prefix '_2.bin'
\set txt2 :prefix '_2.txt'
\set astext :prefix '_astext.txt'

-- Compare a copy with the original (copyrt_orig): same keys, equal (=) summaries, the same
-- text, the same binary form.
CREATE FUNCTION pg_temp.compare(copy regclass)
RETURNS TABLE (rows bigint, missing bigint, equal bigint, same_text bigint, same_binary bigint)
LANGUAGE plpgsql AS $$
BEGIN
  RETURN QUERY EXECUTE format($q$
    SELECT count(*),
           count(*) FILTER (WHERE o.k IS NULL OR c.k IS NULL),
           count(*) FILTER (WHERE o.s IS NOT DISTINCT FROM c.s),
           count(*) FILTER (WHERE o.s::text IS NOT DISTINCT FROM c.s::text),
           count(*) FILTER (WHERE offence_summary_send(o.s) IS NOT DISTINCT FROM offence_summary_send(c.s))
    FROM copyrt_orig o FULL JOIN %s c USING (k)$q$, copy);
END $$;

-- Text: out and in.
COPY copyrt_orig TO :'txt';
CREATE TABLE copyrt_from_text (LIKE copyrt_orig);
COPY copyrt_from_text FROM :'txt';
SELECT * FROM pg_temp.compare('copyrt_from_text');

-- CSV: the text form's quotes and commas are quoted again.
COPY copyrt_orig TO :'csv' WITH (FORMAT csv, HEADER);
CREATE TABLE copyrt_from_csv (LIKE copyrt_orig);
COPY copyrt_from_csv FROM :'csv' WITH (FORMAT csv, HEADER);
SELECT * FROM pg_temp.compare('copyrt_from_csv');

-- Binary: out and in.
COPY copyrt_orig TO :'bin' WITH (FORMAT binary);
CREATE TABLE copyrt_from_binary (LIKE copyrt_orig);
COPY copyrt_from_binary FROM :'bin' WITH (FORMAT binary);
SELECT * FROM pg_temp.compare('copyrt_from_binary');

-- Chained: what came in as text goes out as binary, back in, out as text,
-- and in again.
COPY copyrt_from_text TO :'bin2' WITH (FORMAT binary);
CREATE TABLE copyrt_text_binary (LIKE copyrt_orig);
COPY copyrt_text_binary FROM :'bin2' WITH (FORMAT binary);
COPY copyrt_text_binary TO :'txt2';
CREATE TABLE copyrt_text_binary_text (LIKE copyrt_orig);
COPY copyrt_text_binary_text FROM :'txt2';
SELECT * FROM pg_temp.compare('copyrt_text_binary');
SELECT * FROM pg_temp.compare('copyrt_text_binary_text');

-- The files are identical at each step: the output is canonical.
SELECT pg_read_binary_file(:'bin') = pg_read_binary_file(:'bin2') AS same_binary_file,
       pg_read_binary_file(:'txt') = pg_read_binary_file(:'txt2') AS same_text_file;

-- COPY of s::text writes the same file as COPY of s, and text read into a
-- text column casts back equal.
COPY (SELECT k, s::text FROM copyrt_orig) TO :'astext';
SELECT pg_read_binary_file(:'txt') = pg_read_binary_file(:'astext') AS text_cast_same_file;
CREATE TABLE copyrt_as_text (k int, t text);
COPY copyrt_as_text FROM :'astext';
SELECT count(*) AS rows, count(*) FILTER (WHERE o.s IS NOT DISTINCT FROM a.t::offence_summary) AS equal
FROM copyrt_orig o JOIN copyrt_as_text a USING (k);

-- Rollup of the copies equals rollup of the originals.
SELECT (SELECT rollup(s) FROM copyrt_orig) = (SELECT rollup(s) FROM copyrt_from_text) AS text_rollup_equal,
       (SELECT rollup(s) FROM copyrt_orig) = (SELECT rollup(s) FROM copyrt_from_binary) AS binary_rollup_equal,
       (SELECT rollup(s) FROM copyrt_orig WHERE k < 1000) = (SELECT offence_summary_agg(recorded, platforms, victim_age) FROM copyrt_src_rows) AS rollup_equals_rows;

-- Leave empty files behind, not data.
COPY (SELECT WHERE false) TO :'txt';
COPY (SELECT WHERE false) TO :'csv';
COPY (SELECT WHERE false) TO :'bin';
COPY (SELECT WHERE false) TO :'bin2';
COPY (SELECT WHERE false) TO :'txt2';
COPY (SELECT WHERE false) TO :'astext';

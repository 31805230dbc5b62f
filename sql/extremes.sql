-- Extremes (issue 6, "Bad input"): each gives a result or a clear error of
-- SQLSTATE class 22 or 54 (or 57014 when a statement is cancelled), never a
-- crash, a hang or a wrapped count.  After each error the SQLSTATE is echoed.
--   1. infinite dates
--   2. the first and last days PostgreSQL has (4714-11-24 BC, 5874897-12-31;
--      the documentation rounds the first to 4713 BC)
--   3. a 1 MB platform name
--   4. 100,000 distinct platforms
--   5. a period of thousands of years in daily_counts
--   6. cancelling a period of millions of years (statement_timeout)
--   7. counts beyond bigint when merging (rollup, rollup_merge, +)
SET extra_float_digits = 0;
SELECT pg_backend_pid() AS pid \gset
\set binfile '/tmp/groomstats_regress_extremes_' :pid '.bin'

-- 1. Infinite dates: not a day; 22008 from the aggregate, 22023 as a period bound.
SELECT offence_summary_agg(d, 'Facebook'::text, 13) FROM (VALUES ('infinity'::date)) v(d);
\echo :LAST_ERROR_SQLSTATE
SELECT offence_summary_agg(d, '{Facebook}'::text[], 13) FROM (VALUES ('2017-04-03'::date), ('-infinity')) v(d);
\echo :LAST_ERROR_SQLSTATE
SELECT per_day_rate(offence_summary_agg('2017-04-03', 'Facebook'::text, 13), '[2017-04-01,infinity)');
\echo :LAST_ERROR_SQLSTATE
SELECT count(*) FROM daily_counts((SELECT offence_summary_agg('2017-04-03', 'Facebook'::text, 13)), '[-infinity,2017-04-05)');
\echo :LAST_ERROR_SQLSTATE
-- ... and in text input.
SELECT 'v1;offences=1;undated=0;days=infinity:1;no_platform=1;platforms=;combos=;no_age=1;ages='::offence_summary;
\echo :LAST_ERROR_SQLSTATE

-- 2. The ends of PostgreSQL's date range, through the aggregate, text and
-- binary round trips, and the accessors.
CREATE TABLE ends (s offence_summary);
INSERT INTO ends
SELECT offence_summary_agg(d, 'Facebook'::text, a)
FROM (VALUES ('4714-11-24 BC'::date, 0), ('4713-01-01 BC', 150), ('5874897-12-31', 12),
             ('5874897-12-31', NULL)) v(d, a);
SELECT s FROM ends;
SELECT first_recorded(s), last_recorded(s), offences(s) FROM ends;
SELECT s::text::offence_summary = s AS text_round_trip FROM ends;
COPY ends TO :'binfile' WITH (FORMAT binary);
CREATE TABLE ends_back (LIKE ends);
COPY ends_back FROM :'binfile' WITH (FORMAT binary);
SELECT e.s = b.s AS binary_round_trip, b.s::text = e.s::text AS same_text FROM ends e, ends_back b;
SELECT * FROM daily_counts((SELECT s FROM ends), '[4714-11-24 BC,4714-11-27 BC)');
SELECT count(*), sum(offences) FROM daily_counts((SELECT s FROM ends), '[4714-11-24 BC,4713-01-02 BC)');
SELECT * FROM daily_counts((SELECT s FROM ends), '[5874897-12-29,5874897-12-31)');
-- The whole range is one period of 2,147,483,493 days (a daterange cannot
-- include 5874897-12-31 itself, whose next day does not exist).
SELECT offences, days, rate > 0 AS positive_rate, lower < rate AND rate < upper AS in_interval
FROM per_day_rate_ci((SELECT s FROM ends), '[4714-11-24 BC,5874897-12-31)');
SELECT per_day_rate(s, '[4714-11-24 BC,5874897-12-31)') > 0 AS positive_rate FROM ends;
SELECT (s::jsonb -> 'days') FROM ends;
-- A day beyond either end is refused in text input.
SELECT 'v1;offences=1;undated=0;days=-4713-11-23:1;no_platform=1;platforms=;combos=;no_age=1;ages='::offence_summary;
\echo :LAST_ERROR_SQLSTATE
SELECT 'v1;offences=1;undated=0;days=5874898-01-01:1;no_platform=1;platforms=;combos=;no_age=1;ages='::offence_summary;
\echo :LAST_ERROR_SQLSTATE

-- 3. A 1 MB platform name.
CREATE TABLE big_name AS
SELECT offence_summary_agg(d, p, 14) AS s
FROM (VALUES ('2017-04-03'::date, repeat('x', 1048576)), ('2017-04-04', 'Facebook'),
             ('2017-04-05', repeat('x', 1048576))) v(d, p);
SELECT offences(s), platform_recorded(s), octet_length(s::text) AS text_bytes FROM big_name;
SELECT length(platform) AS name_length, offences, share FROM platform_shares((SELECT s FROM big_name)) ORDER BY rank;
SELECT s::text::offence_summary = s AS text_round_trip FROM big_name;
COPY big_name TO :'binfile' WITH (FORMAT binary);
CREATE TABLE big_name_back (LIKE big_name);
COPY big_name_back FROM :'binfile' WITH (FORMAT binary);
SELECT a.s = b.s AS binary_round_trip FROM big_name a, big_name_back b;
SELECT offences(rollup(s)), platform_offences(rollup(s), ARRAY[repeat('x', 1048576)])
FROM (SELECT s FROM big_name UNION ALL SELECT s FROM big_name_back) u;
SELECT octet_length(k) AS json_name_bytes FROM big_name, jsonb_object_keys(s::jsonb -> 'platforms') k ORDER BY 1;

-- 4. 100,000 distinct platforms, and their rollup from two halves.
CREATE TABLE many AS
SELECT g, date '2017-04-03' + g % 365 AS d, 'platform ' || g AS p, g % 18 AS a
FROM generate_series(1, 100000) g;
CREATE TABLE many_s AS
SELECT (SELECT offence_summary_agg(d, p, a) FROM many) AS whole,
       (SELECT rollup(s) FROM (SELECT offence_summary_agg(d, p, a) AS s FROM many GROUP BY g % 2) h) AS halves;
SELECT offences(whole), platform_recorded(whole), whole = halves AS rollup_equal,
       whole::text::offence_summary = whole AS text_round_trip
FROM many_s;
SELECT count(*) AS platforms, sum(offences) AS offences, max(rank) AS max_rank
FROM platform_shares((SELECT whole FROM many_s));
SELECT platform_offences(whole, ARRAY['platform 1', 'platform 99999', 'nowhere']) FROM many_s;
COPY (SELECT whole FROM many_s) TO :'binfile' WITH (FORMAT binary);
CREATE TABLE many_back (s offence_summary);
COPY many_back FROM :'binfile' WITH (FORMAT binary);
SELECT s = (SELECT whole FROM many_s) AS binary_round_trip FROM many_back;

-- 5. A period of 3,000 years in daily_counts: one row per day, zero-filled.
SELECT count(*) AS days, sum(offences) AS offences, count(*) FILTER (WHERE offences > 0) AS nonzero_days
FROM daily_counts((SELECT s FROM ends), '[0001-01-01,3001-01-01)');
SELECT count(*) AS days, sum(offences) AS offences, min(day), max(day)
FROM daily_counts((SELECT whole FROM many_s), '[1017-04-03,4017-04-03)');

-- 6. Millions of years: statement_timeout cancels it (57014), the session goes on.
SET statement_timeout = '100ms';
SELECT count(*) FROM daily_counts((SELECT s FROM ends), '[0001-01-01,5874000-01-01)');
\echo :LAST_ERROR_SQLSTATE
RESET statement_timeout;
SELECT offences(s) FROM ends;

-- 7. Counts beyond bigint: merging raises 22003, never a wrapped count.
CREATE TABLE near_max (k text, s offence_summary);
INSERT INTO near_max VALUES
 ('max', 'v1;offences=9223372036854775807;undated=0;days=2017-04-03:9223372036854775807;no_platform=0;platforms="Facebook";combos=1:9223372036854775807;no_age=0;ages=13:9223372036854775807'),
 ('half', 'v1;offences=4611686018427387904;undated=4611686018427387904;days=;no_platform=4611686018427387904;platforms=;combos=;no_age=4611686018427387904;ages='),
 ('one', 'v1;offences=1;undated=0;days=2017-04-03:1;no_platform=0;platforms="Facebook";combos=1:1;no_age=0;ages=13:1');
SELECT k, offences(s), undated(s), platform_recorded(s), age_recorded(s) FROM near_max ORDER BY k;
-- max + one: every counter would pass bigint.
SELECT offences(rollup(s)) FROM near_max WHERE k IN ('max', 'one');
\echo :LAST_ERROR_SQLSTATE
SELECT offences(rollup_merge(s)) FROM near_max WHERE k IN ('max', 'one');
\echo :LAST_ERROR_SQLSTATE
SELECT offences(a.s + b.s) FROM near_max a, near_max b WHERE a.k = 'max' AND b.k = 'one';
\echo :LAST_ERROR_SQLSTATE
-- half + half is 2^63: one more than bigint holds.
SELECT offences(a.s + b.s) FROM near_max a, near_max b WHERE a.k = 'half' AND b.k = 'half';
\echo :LAST_ERROR_SQLSTATE
SELECT offences(rollup(s)) FROM near_max, generate_series(1, 2) WHERE k = 'half';
\echo :LAST_ERROR_SQLSTATE
-- With a parallel plan (partial states serialised, deserialised and combined)
-- it is refused too.
CREATE TABLE near_max_rows AS SELECT s FROM near_max, generate_series(1, 1000) WHERE k = 'one';
INSERT INTO near_max_rows SELECT s FROM near_max WHERE k = 'max';
ANALYZE near_max_rows;
SET max_parallel_workers_per_gather = 2;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
EXPLAIN (COSTS OFF) SELECT offences(rollup(s)) FROM near_max_rows;
-- (which operands meet first depends on the workers, so only the SQLSTATE is shown)
\set VERBOSITY sqlstate
SELECT offences(rollup(s)) FROM near_max_rows;
\set VERBOSITY default
RESET max_parallel_workers_per_gather;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
-- Just below the limit is exact: max - 1 (as text) + one = max.
SELECT offences(a.s + b.s) = 9223372036854775807 AS exact_at_the_limit
FROM (SELECT 'v1;offences=9223372036854775806;undated=9223372036854775806;days=;no_platform=9223372036854775806;platforms=;combos=;no_age=9223372036854775806;ages='::offence_summary AS s) a,
     near_max b WHERE b.k = 'one';
-- A count beyond bigint in text input: 22003.
SELECT 'v1;offences=9223372036854775808;undated=9223372036854775808;days=;no_platform=9223372036854775808;platforms=;combos=;no_age=9223372036854775808;ages='::offence_summary;
\echo :LAST_ERROR_SQLSTATE

\set rmcmd 'rm -f ' :binfile
COPY (SELECT) TO PROGRAM :'rmcmd';
DROP TABLE ends, ends_back, big_name, big_name_back, many, many_s, many_back, near_max, near_max_rows;

-- The btree operator class: byte order of the canonical stored form.
-- ORDER BY s, count(DISTINCT s), UNION, a btree index, and sort-based
-- GROUP BY / DISTINCT agreeing with hash-based.  The order itself depends
-- on the machine's byte order, so nothing here prints summaries in it: only
-- counts and checks.  Tables are named ord_*: the tests share one database.
SET client_min_messages = warning;  -- the sample may be loaded already
\i test/data/sample_offences.sql
RESET client_min_messages;

-- Summaries per force and month, with duplicates (each month-force summary
-- twice, and months of one offence, many of which are equal), an empty
-- summary, a toasted one (the whole sample) and NULLs.
CREATE TABLE ord_s AS
SELECT force, date_trunc('month', recorded)::date AS month,
       offence_summary_agg(recorded, platforms, victim_age) AS s
FROM sample_offences GROUP BY 1, 2;
INSERT INTO ord_s SELECT force, month, s FROM ord_s;
INSERT INTO ord_s SELECT 'empty', NULL, offence_summary_agg(recorded, platforms, victim_age)
FROM sample_offences WHERE false;
INSERT INTO ord_s SELECT 'all', NULL, offence_summary_agg(recorded, platforms, victim_age)
FROM sample_offences;
INSERT INTO ord_s VALUES ('null', NULL, NULL), ('null', NULL, NULL);
SELECT pg_column_size(s) < octet_length(s::text) AS compressed_or_toasted
FROM ord_s WHERE force = 'all';

SELECT count(*) AS rows, count(s) AS summaries, count(DISTINCT s) AS distinct_summaries,
       (SELECT count(*) FROM (SELECT DISTINCT s::text FROM ord_s WHERE s IS NOT NULL) d) AS distinct_texts
FROM ord_s;

-- The comparison agrees with =, and < <= >= > with it, on every pair of
-- distinct summaries (a sample of pairs: every summary against 60 others).
CREATE TABLE ord_d AS SELECT DISTINCT s FROM ord_s WHERE s IS NOT NULL;
CREATE TABLE ord_pairs AS
SELECT a.s AS a, b.s AS b, offence_summary_cmp(a.s, b.s) AS c
FROM (SELECT s, row_number() OVER (ORDER BY s::text) AS i FROM ord_d) a
JOIN (SELECT s, row_number() OVER (ORDER BY s::text) AS i FROM ord_d) b
  ON b.i BETWEEN a.i - 30 AND a.i + 30;
SELECT count(*) AS pairs,
       count(*) FILTER (WHERE (c = 0) <> (a = b)) AS cmp_disagrees_with_eq,
       count(*) FILTER (WHERE c <> -offence_summary_cmp(b, a)) AS not_antisymmetric,
       count(*) FILTER (WHERE (a < b) <> (c < 0) OR (a <= b) <> (c <= 0)
                           OR (a >= b) <> (c >= 0) OR (a > b) <> (c > 0)) AS operators_disagree,
       count(*) FILTER (WHERE c NOT IN (-1, 0, 1)) AS out_of_range
FROM ord_pairs;

-- ORDER BY s: a sort whose neighbours are in order (<=, and < between
-- distinct values), NULLs last; DESC is the reverse.
CREATE TABLE ord_sorted AS
SELECT row_number() OVER () AS i, s FROM (SELECT s FROM ord_s ORDER BY s) o;
SELECT count(*) FILTER (WHERE NOT (a.s <= b.s)) AS out_of_order,
       count(*) FILTER (WHERE a.s < b.s) + 1 AS distinct_steps
FROM ord_sorted a JOIN ord_sorted b ON b.i = a.i + 1
WHERE a.s IS NOT NULL AND b.s IS NOT NULL;
SELECT (SELECT count(*) FROM ord_sorted WHERE s IS NULL AND i > (SELECT count(s) FROM ord_s)) AS nulls_last;
SELECT (SELECT array_agg(s::text ORDER BY s DESC) FROM ord_d)
     = (SELECT array_agg(t ORDER BY i DESC) FROM (SELECT s::text AS t, row_number() OVER (ORDER BY s) AS i FROM ord_d) x)
  AS desc_is_reverse;
-- The order is that of the stored bytes.
SELECT offence_summary_cmp(offence_summary_agg(d, NULL::text, NULL::int),
                           offence_summary_agg(d, NULL::text, NULL::int)) AS same,
       offence_summary_agg(NULL::date, NULL::text, NULL::int)
         < offence_summary_agg('2017-04-03'::date, 'Facebook'::text, 13) AS shorter_prefix_first
FROM (VALUES ('2017-04-03'::date)) v(d);

-- Sort-based and hash-based grouping give the same groups.
SET enable_hashagg = off;
EXPLAIN (COSTS OFF) SELECT s, count(*) FROM ord_s GROUP BY s;
CREATE TABLE ord_sort_groups AS SELECT s, count(*) AS n FROM ord_s GROUP BY s;
CREATE TABLE ord_sort_distinct AS SELECT DISTINCT s FROM ord_s;
RESET enable_hashagg;
SET enable_sort = off;
CREATE TABLE ord_hash_groups AS SELECT s, count(*) AS n FROM ord_s GROUP BY s;
RESET enable_sort;
SELECT (SELECT count(*) FROM ord_sort_groups) AS groups,
       (SELECT count(*) FROM ((TABLE ord_sort_groups EXCEPT ALL TABLE ord_hash_groups)
                              UNION ALL (TABLE ord_hash_groups EXCEPT ALL TABLE ord_sort_groups)) d) AS differ,
       (SELECT count(*) FROM ord_sort_distinct) AS sort_distinct;

-- UNION (sorted or hashed) and count(DISTINCT s) by force.
SET enable_hashagg = off;
SELECT count(*) AS union_rows FROM (SELECT s FROM ord_s UNION SELECT s FROM ord_d) u;
SELECT count(*) AS forces, sum(n) AS sum_distinct_per_force
FROM (SELECT force, count(DISTINCT s) AS n FROM ord_s GROUP BY force) f;
RESET enable_hashagg;
SELECT count(*) AS union_rows_hashed FROM (SELECT s FROM ord_s UNION SELECT s FROM ord_d) u;

-- A btree index: used for =, and for an ordered scan.  A btree entry must
-- fit in a third of a page (about 2.7 kB after compression), so a large
-- summary cannot be indexed by btree (the hash index has no such limit).
CREATE INDEX ord_s_btree_all ON ord_s (s);
CREATE INDEX ord_s_btree ON ord_s (s) WHERE force <> 'all';
SET enable_seqscan = off;
SET enable_bitmapscan = off;
-- (The plan is checked for its index scan on s rather than printed: how a
-- subquery's value is shown changed in PostgreSQL 17.)
CREATE FUNCTION pg_temp.equality_uses_btree(q text) RETURNS boolean LANGUAGE plpgsql AS $$
DECLARE
  line text;
  scan boolean := false;
  cond boolean := false;
BEGIN
  FOR line IN EXECUTE 'EXPLAIN (COSTS OFF) ' || q LOOP
    scan := scan OR line ~ 'Index Only Scan using ord_s_btree on ord_s$';
    cond := cond OR line ~ 'Index Cond: \(s = ';
  END LOOP;
  RETURN scan AND cond;
END $$;
SELECT pg_temp.equality_uses_btree($q$SELECT count(*) FROM ord_s WHERE s = (SELECT s FROM ord_s WHERE force = 'Kent' AND month = '2018-04-01' LIMIT 1) AND force <> 'all'$q$) AS equality_uses_btree;
SELECT count(*) AS found_by_index FROM ord_s WHERE s = (SELECT s FROM ord_s WHERE force = 'Kent' AND month = '2018-04-01' LIMIT 1) AND force <> 'all';
EXPLAIN (COSTS OFF) SELECT s FROM ord_s WHERE force <> 'all' ORDER BY s;
SELECT (SELECT array_agg(s::text) FROM (SELECT s FROM ord_s WHERE force <> 'all' ORDER BY s) x)
     = (SELECT array_agg(s::text ORDER BY i) FROM ord_sorted
        WHERE s IS DISTINCT FROM (SELECT s FROM ord_s WHERE force = 'all')) AS index_order_is_sort_order;
RESET enable_seqscan;
RESET enable_bitmapscan;
-- A unique btree index refuses a duplicate summary.
DELETE FROM ord_d WHERE s = (SELECT s FROM ord_s WHERE force = 'all');
CREATE UNIQUE INDEX ord_d_unique ON ord_d (s);
INSERT INTO ord_d SELECT s FROM ord_s WHERE force = 'Kent' AND month = '2018-04-01' LIMIT 1;

DROP TABLE ord_s, ord_d, ord_pairs, ord_sorted, ord_sort_groups, ord_sort_distinct, ord_hash_groups;
DROP TABLE sample_offences;

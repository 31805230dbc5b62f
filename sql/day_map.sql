-- The day map behind the aggregate (dense window plus hash map) against
-- plain SQL, over day distributions that move days between the two.

CREATE TABLE day_map_rows (k text, id int, d date, p text[], a int);

-- random order over three years (the window forms after some hashed days)
INSERT INTO day_map_rows SELECT 'random_3y', i, date '2019-01-01' + (hashint4(i) & 1048575) % 1096, NULL, NULL
FROM generate_series(1, 50000) i;
-- date order over thirty years (the window grows to its cap, then hash)
INSERT INTO day_map_rows SELECT 'sorted_30y', i, date '1990-01-01' + i / 4, NULL, NULL
FROM generate_series(1, 44000) i;
-- descending order over thirty years
INSERT INTO day_map_rows SELECT 'desc_30y', i, date '2020-01-01' - i / 4, NULL, NULL
FROM generate_series(1, 44000) i;
-- sparse days over ten thousand years (mostly hash)
INSERT INTO day_map_rows SELECT 'sparse', i, date '0001-01-01' + (hashint4(i) & 2147483647) % 3652000, NULL, NULL
FROM generate_series(1, 3000) i;
-- sparse first, then a dense cluster (hash days migrate into the window)
INSERT INTO day_map_rows SELECT 'sparse_then_dense', i,
	CASE WHEN i <= 300 THEN date '1900-01-01' + (hashint4(i) & 2147483647) % 73000
	     ELSE date '1995-01-01' + (hashint4(i) & 1048575) % 2000 END, NULL, NULL
FROM generate_series(1, 40000) i;
-- two dense clusters a century apart, interleaved
INSERT INTO day_map_rows SELECT 'two_clusters', i,
	CASE WHEN i % 2 = 0 THEN date '1920-01-01' ELSE date '2020-01-01' END + (hashint4(i) & 1048575) % 900,
	NULL, NULL
FROM generate_series(1, 40000) i;
-- a single day, repeated; and undated rows mixed in
INSERT INTO day_map_rows SELECT 'one_day', i, CASE WHEN i % 3 = 0 THEN NULL ELSE date '2021-06-30' END, NULL, NULL
FROM generate_series(1, 1000) i;
-- days at the ends of the date range
INSERT INTO day_map_rows SELECT 'extremes', i,
	CASE i % 4 WHEN 0 THEN date '4713-01-01 BC' + i % 50 WHEN 1 THEN date '5874897-12-31' - i % 50
	           WHEN 2 THEN date '2000-01-01' + i % 50 ELSE date '5874897-12-31' END, NULL, NULL
FROM generate_series(1, 2000) i;
UPDATE day_map_rows SET p = CASE id % 3 WHEN 0 THEN NULL WHEN 1 THEN '{x}'::text[] ELSE '{y,x}'::text[] END, a = id % 20;

CREATE TEMP TABLE cases AS
SELECT k,
       offence_summary_agg(d, p, a ORDER BY id) AS s,
       offence_summary_agg(d, p, a ORDER BY id DESC) AS s_desc
FROM day_map_rows GROUP BY k;

-- plain SQL's days, in the summary's text form (astronomical years)
CREATE TEMP TABLE expected AS
SELECT k, string_agg(
	CASE WHEN y < 0 THEN '-' ELSE '' END
	|| lpad(abs(y)::text, greatest(4, length(abs(y)::text)), '0')
	|| '-' || lpad(extract(month FROM d)::text, 2, '0') || '-' || lpad(extract(day FROM d)::text, 2, '0')
	|| ':' || n, ',' ORDER BY d) AS days
FROM (SELECT k, d, count(*) AS n,
             CASE WHEN extract(year FROM d) < 0 THEN extract(year FROM d)::int + 1
                  ELSE extract(year FROM d)::int END AS y
      FROM day_map_rows WHERE d IS NOT NULL GROUP BY k, d) q
GROUP BY k;

CREATE TEMP TABLE splits AS
SELECT k, rollup(s) AS r
FROM (SELECT k, id % 7 AS part, offence_summary_agg(d, p, a) AS s FROM day_map_rows GROUP BY k, id % 7) q
GROUP BY k;

SELECT format('%-20s %s', c.k,
	CASE WHEN substring(c.s::text FROM 'days=([^;]*)') IS NOT DISTINCT FROM e.days
	      AND c.s = c.s_desc AND c.s = sp.r AND c.s::text::offence_summary = c.s
	     THEN 'ok' ELSE 'FAILED' END)
FROM cases c LEFT JOIN expected e USING (k) JOIN splits sp USING (k)
ORDER BY c.k;

-- the whole table at once, serial and parallel
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
CREATE TEMP TABLE par AS SELECT offence_summary_agg(d, p, a) AS s FROM day_map_rows;
RESET max_parallel_workers_per_gather;
SET max_parallel_workers_per_gather = 0;
SELECT format('%-20s %s', 'all_parallel',
	CASE WHEN (SELECT s FROM par) = (SELECT offence_summary_agg(d, p, a) FROM day_map_rows)
	      AND (SELECT s FROM par) = (SELECT rollup(s) FROM cases)
	     THEN 'ok' ELSE 'FAILED' END);
DROP TABLE day_map_rows;

-- Disclosure control against a reader who knows the method and reads the
-- same table at every threshold from the floor up (issue 11, item 5).
--
-- The reader's view of one table: its total (any visible count over its
-- share) and, at each threshold, what the accessor shows: platform_shares
-- over a summary with platforms P1, P2, ... of those counts, and age_bands
-- over one with those counts at ages 0, 1, ... and a band per age (3 cells).
-- Candidates for the true table are every table of the same total that the
-- accessor shows exactly so at every threshold read.  Enumerated here: every table of
-- 3 platforms of 0..8 offences and of 4 platforms of 0..4, with candidates
-- over every table of the same size and total; floors 3, 4 and 5 (3 and 4
-- for 4 cells: at 5 they are all hidden), thresholds from the floor to 10.  The claims:
--   sweep_narrows = 0: reading every threshold from the floor up leaves
--     exactly the candidates the floor reading alone leaves;
--   pinned = 0: every cell hidden at the floor keeps at least two candidate
--     values, for every table with a non-zero cell left visible (a table
--     whose non-zero cells are all hidden shows only which cells are zero;
--     its total is published or hidden on its own, as a scalar count).
-- groomstats 1.0 fails both: from the readings at 4, 5, ... a reader
-- narrows what the floor reading left.
SET extra_float_digits = 0;
SET client_min_messages = warning;

CREATE TABLE sweep_tables (id serial PRIMARY KEY, k int, cells int[], total int, s offence_summary,
                           ages offence_summary);
INSERT INTO sweep_tables (k, cells, total)
SELECT 3, ARRAY[a, b, c], a + b + c
FROM generate_series(0, 24) a, generate_series(0, 24) b, generate_series(0, 24) c
WHERE a + b + c BETWEEN 1 AND 24
UNION ALL
SELECT 4, ARRAY[a, b, c, d], a + b + c + d
FROM generate_series(0, 16) a, generate_series(0, 16) b, generate_series(0, 16) c, generate_series(0, 16) d
WHERE a + b + c + d BETWEEN 1 AND 16;
UPDATE sweep_tables t SET s = x.s, ages = x.ages
FROM (SELECT id, offence_summary_agg(NULL::date, 'P' || cell, NULL::integer) AS s,
             offence_summary_agg(NULL::date, NULL::text, cell - 1) AS ages
      FROM sweep_tables, generate_subscripts(cells, 1) cell, generate_series(1, cells[cell])
      GROUP BY id) x
WHERE x.id = t.id;
-- The tables whose reading is checked (candidates are all of them).
CREATE TABLE sweep_truths AS
SELECT id FROM sweep_tables WHERE (k = 3 AND 8 >= ALL (cells)) OR (k = 4 AND 4 >= ALL (cells));
SELECT k, count(*) AS tables, count(*) FILTER (WHERE id IN (SELECT id FROM sweep_truths)) AS checked
FROM sweep_tables GROUP BY k ORDER BY k;

-- What platform_shares shows of each table at each floor and threshold.
CREATE TABLE sweep_readings (accessor text, floor int, threshold int, id int, shown text, hidden int[]);
CREATE FUNCTION pg_temp.read_all() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  FOR f IN 3..5 LOOP
    FOR n IN f..10 LOOP
      PERFORM set_config('groomstats.min_cell_count_floor', f::text, false);
      PERFORM set_config('groomstats.min_cell_count', n::text, false);
      INSERT INTO sweep_readings
      SELECT 'platform_shares', f, n, t.id,
             coalesce(string_agg(p.platform || '=' || coalesce(p.offences::text, 'hidden'), ' '
                                 ORDER BY p.platform), ''),
             coalesce(array_agg(substr(p.platform, 2)::int ORDER BY p.platform)
                      FILTER (WHERE p.suppressed), '{}')
      FROM sweep_tables t LEFT JOIN LATERAL platform_shares(t.s) p ON true
      WHERE t.k = 3 OR f < 5
      GROUP BY t.id;
      INSERT INTO sweep_readings
      SELECT 'age_bands', f, n, t.id,
             string_agg(b.band || '=' || coalesce(b.offences::text, 'hidden'), ' ' ORDER BY b.band),
             coalesce(array_agg(1 + split_part(b.band, '-', 1)::int ORDER BY b.band) FILTER (WHERE b.suppressed), '{}')
      FROM sweep_tables t,
           LATERAL age_bands(t.ages, CASE t.k WHEN 3 THEN '0-0,1-1,2-2' ELSE '0-0,1-1,2-2,3-3' END) b
      WHERE b.band <> 'not recorded' AND t.k = 3
      GROUP BY t.id;
    END LOOP;
  END LOOP;
  RESET groomstats.min_cell_count;
  RESET groomstats.min_cell_count_floor;
END $$;
SELECT pg_temp.read_all();

-- Each table's view: at the floor alone, and over the whole sweep.
CREATE TABLE sweep_views AS
SELECT r.accessor, r.floor, r.id, t.k, t.total,
       max(r.shown) FILTER (WHERE r.threshold = r.floor) AS at_floor,
       string_agg(r.shown, ' | ' ORDER BY r.threshold) AS sweep,
       max(r.hidden) FILTER (WHERE r.threshold = r.floor) AS hidden_at_floor
FROM sweep_readings r JOIN sweep_tables t USING (id)
GROUP BY r.accessor, r.floor, r.id, t.k, t.total;
CREATE INDEX ON sweep_views (accessor, floor, k, total, sweep);
CREATE INDEX ON sweep_views (accessor, floor, k, total, at_floor);

-- Candidates left for each checked table, and the values each cell hidden
-- at the floor can still take.
CREATE TABLE sweep_results AS
SELECT v.accessor, v.floor, v.k, v.id,
       (SELECT count(*) FROM sweep_views c
        WHERE (c.accessor, c.floor, c.k, c.total, c.at_floor) = (v.accessor, v.floor, v.k, v.total, v.at_floor)) AS floor_candidates,
       (SELECT count(*) FROM sweep_views c
        WHERE (c.accessor, c.floor, c.k, c.total, c.sweep) = (v.accessor, v.floor, v.k, v.total, v.sweep)) AS sweep_candidates,
       (SELECT min(n) FROM (SELECT count(DISTINCT ct.cells[h]) n
                            FROM unnest(v.hidden_at_floor) h, sweep_views c JOIN sweep_tables ct USING (id)
                            WHERE (c.accessor, c.floor, c.k, c.total, c.sweep) = (v.accessor, v.floor, v.k, v.total, v.sweep)
                            GROUP BY h) per_cell) AS fewest_values,
       (SELECT bool_and(tt.cells[i] = 0 OR i = ANY (v.hidden_at_floor))
        FROM sweep_tables tt, generate_subscripts(tt.cells, 1) i WHERE tt.id = v.id) AS all_nonzero_hidden
FROM sweep_views v
WHERE v.id IN (SELECT id FROM sweep_truths) AND cardinality(v.hidden_at_floor) > 0;

SELECT accessor, floor, k, count(*) AS tables_with_hidden_cells,
       count(*) FILTER (WHERE all_nonzero_hidden) AS all_nonzero_hidden,
       count(*) FILTER (WHERE sweep_candidates < floor_candidates) AS sweep_narrows,
       count(*) FILTER (WHERE fewest_values < 2 AND NOT all_nonzero_hidden) AS pinned
FROM sweep_results GROUP BY accessor, floor, k ORDER BY accessor DESC, floor, k;

-- The example of issue 11: floor 3, A=1 B=1 C=50 D=60.  At the floor A, B
-- and C are hidden (52 between them).  Candidates: every A, B, C of that
-- sum.  On 1.0 the readings at 3 to 8 left one set of hidden values,
-- {1, 1, 50} (in any order of A, B, C); now the readings at 4, 5, ... are
-- worked out from the reading at 3, and leave what it left.
CREATE TABLE sweep_example AS
SELECT a, b, c, offence_summary_agg(NULL::date, p, NULL::integer) AS s
FROM (SELECT a, b, 52 - a - b AS c FROM generate_series(1, 50) a, generate_series(1, 50) b WHERE a + b < 52) x,
     LATERAL (SELECT 'A' p FROM generate_series(1, a) UNION ALL SELECT 'B' FROM generate_series(1, b)
              UNION ALL SELECT 'C' FROM generate_series(1, c) UNION ALL SELECT 'D' FROM generate_series(1, 60)) y
GROUP BY a, b, c;
CREATE FUNCTION pg_temp.example_sweep(s offence_summary, top int) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
  out text := '';
BEGIN
  PERFORM set_config('groomstats.min_cell_count_floor', '3', true);
  FOR n IN 3..top LOOP
    PERFORM set_config('groomstats.min_cell_count', n::text, true);
    out := out || (SELECT string_agg(platform || '=' || coalesce(offences::text, '?'), ' ' ORDER BY platform)
                   FROM platform_shares(s)) || ' | ';
  END LOOP;
  RETURN out;
END $$;
SELECT count(*) AS candidates_after_reading_3_to_8, count(DISTINCT a) AS values_of_a,
       count(DISTINCT ARRAY(SELECT v FROM unnest(ARRAY[a, b, c]) v ORDER BY v)) AS sets_of_hidden_values
FROM sweep_example
WHERE pg_temp.example_sweep(s, 8) = (SELECT pg_temp.example_sweep(s, 8) FROM sweep_example WHERE (a, b) = (1, 1));
-- What is shown at some thresholds.  D is hidden at 50 alone: the floor
-- reading allows one of A, B, C to be 50 and the others 1, which D's count
-- would give away at threshold 50; at 51 no hidden cell can be 51 or more.
SELECT split_part(pg_temp.example_sweep(s, 60), ' | ', n - 2) AS reading, n AS threshold
FROM sweep_example, generate_series(3, 60) n
WHERE (a, b) = (1, 1) AND n IN (3, 8, 50, 51, 60);

-- Larger tables, at random, through suppressed_cells (the routine the
-- accessors use): 12 cells of 0..40, floors 3 to 5.  Whenever moving one
-- offence between two cells hidden at the floor leaves the floor reading as
-- it was, the readings at every threshold up to 30 must be unchanged too
-- (what a reading above the floor shows depends on the floor reading alone).
CREATE FUNCTION pg_temp.reading(counts bigint[], floor int, threshold int) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
  PERFORM set_config('groomstats.min_cell_count_floor', floor::text, true);
  PERFORM set_config('groomstats.min_cell_count', threshold::text, true);
  RETURN (SELECT string_agg(CASE WHEN h THEN '?' ELSE c::text END, ',' ORDER BY i)
          FROM unnest(counts, suppressed_cells(counts)) WITH ORDINALITY u(c, h, i));
END $$;
CREATE FUNCTION pg_temp.random_sweeps(trials int) RETURNS TABLE(pairs_compared bigint, readings_that_differ bigint)
LANGUAGE plpgsql AS $$
DECLARE
  c bigint[];
  x bigint[];
  f int;
  hidden int[];
  i int;
  j int;
BEGIN
  pairs_compared := 0;
  readings_that_differ := 0;
  PERFORM setseed(0.25);
  FOR t IN 1..trials LOOP
    c := ARRAY(SELECT (CASE WHEN random() < 0.5 THEN floor(random() * 6) ELSE floor(random() * 41) END)::bigint
               FROM generate_series(1, 12));
    f := 3 + floor(random() * 3)::int;
    hidden := ARRAY(SELECT p FROM generate_subscripts(c, 1) p WHERE pg_temp.reading(c, f, f) IS NOT NULL
                    AND split_part(pg_temp.reading(c, f, f), ',', p) = '?');
    CONTINUE WHEN cardinality(hidden) < 2;
    i := hidden[1 + floor(random() * cardinality(hidden))::int];
    j := hidden[1 + floor(random() * cardinality(hidden))::int];
    CONTINUE WHEN i = j OR c[i] < 2;
    x := c;
    x[i] := x[i] - 1;
    x[j] := x[j] + 1;
    CONTINUE WHEN pg_temp.reading(x, f, f) <> pg_temp.reading(c, f, f);
    pairs_compared := pairs_compared + 1;
    FOR n IN f + 1..30 LOOP
      IF pg_temp.reading(x, f, n) <> pg_temp.reading(c, f, n) THEN
        readings_that_differ := readings_that_differ + 1;
      END IF;
    END LOOP;
  END LOOP;
  RETURN NEXT;
END $$;
SELECT * FROM pg_temp.random_sweeps(400);

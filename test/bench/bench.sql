-- Helpers for the benchmark (run once after generate.sql).  Timings land in
-- bench_times, other figures in bench_figures; report.sql reads both.

\set ON_ERROR_STOP on
SET client_min_messages = warning;

DROP TABLE IF EXISTS bench_times, bench_figures;
CREATE TABLE bench_times (figure text NOT NULL, run int NOT NULL, ms float8 NOT NULL);
CREATE TABLE bench_figures (figure text PRIMARY KEY, value float8, note text);

-- A line of EXPLAIN (ANALYZE) output matching a pattern, as a number:
-- e.g. the HashAggregate's "Memory Usage: 123kB", or "Workers Launched: 2".
CREATE OR REPLACE FUNCTION bench_explain_number(query text, pattern text)
RETURNS float8 LANGUAGE plpgsql AS $$
DECLARE
	line text;
	m text[];
BEGIN
	FOR line IN EXECUTE 'EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) ' || query LOOP
		m := regexp_match(line, pattern);
		IF m IS NOT NULL THEN
			RETURN m[1]::float8;
		END IF;
	END LOOP;
	RETURN NULL;
END
$$;

-- The whole EXPLAIN (ANALYZE) text of a query, for the log.
CREATE OR REPLACE FUNCTION bench_explain(query text)
RETURNS SETOF text LANGUAGE plpgsql AS $$
BEGIN
	RETURN QUERY EXECUTE 'EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) ' || query;
END
$$;

-- The backend's memory now, in bytes: called in a query's output row, it
-- sees what the query still holds after its aggregates have seen every row.
CREATE OR REPLACE FUNCTION bench_backend_bytes()
RETURNS float8 LANGUAGE sql VOLATILE AS $$
	SELECT sum(total_bytes)::float8 FROM pg_backend_memory_contexts
$$;

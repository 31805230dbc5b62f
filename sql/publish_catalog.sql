-- Every function of the extension that returns a count (a bigint result, or
-- a bigint OUT or TABLE column) publishes it through the one way out
-- (src/publish.h): it is STABLE (it reads groomstats.min_cell_count), and,
-- by behaviour, with the threshold on a summary of one offence shows no
-- count of 1 through it, while with the threshold off it does (so the
-- arguments below reach the offence).  A new accessor is found here from
-- the catalog; if it takes an argument type with no sample below, this
-- test says so.
SET client_min_messages = warning;

-- Two summaries of one offence: a dated one, and an undated one (for undated()).
CREATE TEMP TABLE one_offence (variant int PRIMARY KEY, s offence_summary);
INSERT INTO one_offence
SELECT 1, offence_summary_agg(DATE '2018-01-05', '{Facebook}'::text[], 14) UNION ALL
SELECT 2, offence_summary_agg(NULL::date, '{Facebook}'::text[], 14);

-- A sample argument per type; a function whose argument of that type means
-- something else (a unit, a statistic) names its own (func not NULL).
CREATE TEMP TABLE sample_argument (func text, type regtype, value text, UNIQUE (func, type));
INSERT INTO sample_argument VALUES
  (NULL, 'offence_summary', '(SELECT s FROM pg_temp.one_offence WHERE variant = $1)'),
  (NULL, 'daterange', '''[2018-01-01,2018-01-11)''::daterange'),
  (NULL, 'float8', '0.95::float8'),
  (NULL, 'int8', '100000::int8'),
  (NULL, 'int4', '100000::int4'),
  (NULL, 'text', '''Facebook''::text'),
  (NULL, 'text[]', '''{Facebook}''::text[]'),
  ('counts_by', 'text', '''month''::text'),
  ('rolling_counts', 'int4', '1::int4');

-- The functions of the extension returning a count, and their bigint outputs.
CREATE TEMP VIEW count_functions AS
SELECT p.oid, p.oid::regprocedure::text AS signature, p.provolatile,
       CASE WHEN p.proallargtypes IS NULL THEN ARRAY[NULL::text]
            ELSE ARRAY(SELECT n FROM unnest(p.proallargtypes, p.proargmodes, p.proargnames) a(t, m, n)
                       WHERE t = 'int8'::regtype AND m IN ('o', 't', 'b')) END AS count_columns
FROM pg_proc p
JOIN pg_depend d ON d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e'
JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'groomstats'
WHERE p.prokind = 'f'
  AND (p.prorettype = 'int8'::regtype
       OR EXISTS (SELECT FROM unnest(p.proallargtypes, p.proargmodes) a(t, m)
                  WHERE t = 'int8'::regtype AND m IN ('o', 't', 'b')));

-- The counts a function shows on the sample arguments (required arguments only: defaults apply).
CREATE FUNCTION pg_temp.counts_shown(f oid, count_columns text[]) RETURNS bigint[] LANGUAGE plpgsql AS $$
DECLARE
  args text;
  rows jsonb;
  more jsonb;
  missing text;
BEGIN
  SELECT string_agg(s.value, ', ' ORDER BY a.i), string_agg(a.t::regtype::text, ', ') FILTER (WHERE s.value IS NULL)
    INTO args, missing
  FROM pg_proc p, unnest(p.proargtypes::oid[]) WITH ORDINALITY a(t, i)
  LEFT JOIN LATERAL (SELECT value FROM pg_temp.sample_argument s
                     WHERE s.type = a.t AND (s.func IS NULL OR s.func = p.proname::text)
                     ORDER BY s.func IS NULL LIMIT 1) s ON true
  WHERE p.oid = f AND a.i <= p.pronargs - p.pronargdefaults;
  IF missing IS NOT NULL THEN
    RAISE EXCEPTION 'no sample argument of type % for %: add one to this test', missing, f::regprocedure;
  END IF;
  -- A variant the function refuses (e.g. a benchmark with no dated
  -- offence) shows nothing; the other must then show the 1.
  BEGIN
    EXECUTE format('SELECT jsonb_agg(to_jsonb(t)) FROM %s(%s) AS t', f::regproc, coalesce(args, '')) INTO rows USING 1;
  EXCEPTION WHEN data_exception THEN rows := NULL;
  END;
  BEGIN
    EXECUTE format('SELECT jsonb_agg(to_jsonb(t)) FROM %s(%s) AS t', f::regproc, coalesce(args, '')) INTO more USING 2;
  EXCEPTION WHEN data_exception THEN more := NULL;
  END;
  rows := coalesce(rows, '[]') || coalesce(more, '[]');
  RETURN ARRAY(SELECT (CASE WHEN c IS NULL THEN r ELSE r -> c END)::text::bigint
               FROM jsonb_array_elements(coalesce(rows, '[]')) r, unnest(count_columns) c
               WHERE CASE WHEN c IS NULL THEN r ELSE r -> c END <> 'null'::jsonb);
END $$;

SET groomstats.min_cell_count = 0;
CREATE TEMP TABLE off AS SELECT oid, pg_temp.counts_shown(oid, count_columns) AS shown FROM count_functions;
SET groomstats.min_cell_count = 3;
CREATE TEMP TABLE on3 AS SELECT oid, pg_temp.counts_shown(oid, count_columns) AS shown FROM count_functions;
RESET groomstats.min_cell_count;

-- Only the failures are printed, so that a new accessor needs no change
-- here: each row is a function that is not STABLE, whose sample call never
-- reaches the offence, or that shows a count of 1 with the threshold on.
SELECT count(*) >= 10 AS found_the_count_functions FROM count_functions;
SELECT f.signature,
       f.provolatile = 's' AS stable,
       coalesce(1 = ANY (off.shown), false) AS shows_1_when_off,
       coalesce(1 = ANY (on3.shown), false) AS shows_1_at_threshold_3
FROM count_functions f JOIN off USING (oid) JOIN on3 USING (oid)
WHERE f.provolatile <> 's' OR NOT coalesce(1 = ANY (off.shown), false) OR coalesce(1 = ANY (on3.shown), false)
ORDER BY f.signature COLLATE "C";

-- summary_rows (the long format) against plain SQL, and the NOTICEs for
-- answers that are silently zero (unknown platform names, periods outside
-- the summary).
SET client_min_messages = notice;
CREATE TABLE rows_offences (id int, recorded date, platforms text[], victim_age int);
INSERT INTO rows_offences
SELECT i,
       CASE WHEN i % 17 = 0 THEN NULL ELSE date '2019-12-25' + (i * 7919) % 20 END,
       CASE i % 6 WHEN 0 THEN NULL WHEN 1 THEN '{Facebook}' WHEN 2 THEN '{Snapchat,Facebook}'
                  WHEN 3 THEN '{"Snap chat",Instagram}' WHEN 4 THEN '{"a,b\"c"}' ELSE '{}' END::text[],
       CASE WHEN i % 11 = 0 THEN NULL ELSE 10 + i % 7 END
FROM generate_series(1, 500) i;
CREATE TABLE rows_summary AS
SELECT offence_summary_agg(recorded, platforms, victim_age) AS s FROM rows_offences;

-- Every row, as a tool would read it.
SELECT r.* FROM rows_summary, summary_rows(s) r WHERE r.dimension <> 'day';
SELECT count(*) AS day_rows, sum(offences) AS dated FROM rows_summary, summary_rows(s) r WHERE r.dimension = 'day';

-- Each dimension equals plain SQL over the rows (0 rows = equal).
WITH long AS (SELECT r.* FROM rows_summary, summary_rows(s) r),
plain AS (
  SELECT 'offences' AS dimension, NULL::text AS key, count(*) AS offences FROM rows_offences
  UNION ALL SELECT 'day', to_char(recorded, 'YYYY-MM-DD'), count(*) FROM rows_offences WHERE recorded IS NOT NULL GROUP BY recorded
  UNION ALL SELECT 'undated', NULL, count(*) FROM rows_offences WHERE recorded IS NULL
  UNION ALL SELECT 'platform', p, count(DISTINCT id) FROM rows_offences, unnest(platforms) p GROUP BY p
  UNION ALL SELECT 'combination', (SELECT array_agg(p ORDER BY p COLLATE "C") FROM (SELECT DISTINCT p FROM unnest(platforms) p) d)::text, count(*)
            FROM rows_offences WHERE cardinality(platforms) > 0 GROUP BY 2
  UNION ALL SELECT 'platform_not_recorded', NULL, count(*) FROM rows_offences WHERE coalesce(cardinality(platforms), 0) = 0
  UNION ALL SELECT 'age', victim_age::text, count(*) FROM rows_offences WHERE victim_age IS NOT NULL GROUP BY victim_age
  UNION ALL SELECT 'age_not_recorded', NULL, count(*) FROM rows_offences WHERE victim_age IS NULL)
SELECT 'missing' AS side, * FROM (SELECT dimension, key, offences FROM plain EXCEPT SELECT dimension, key, offences FROM long) a
UNION ALL
SELECT 'extra', * FROM (SELECT dimension, key, offences FROM long EXCEPT SELECT dimension, key, offences FROM plain) b;

-- The combination key is a text[] literal: it reads back as the array.
SELECT key::text[] AS members, offences FROM rows_summary, summary_rows(s) r
WHERE dimension = 'combination' ORDER BY offences DESC, key;

-- An empty summary is one row: offences 0.
SELECT r.* FROM summary_rows((SELECT offence_summary_agg(NULL::date, NULL::text, NULL::int) WHERE false)) r;

-- Disclosure control: small cells hidden per dimension, with secondary cells
-- where the dimension's total would give them away.
CREATE TABLE rows_small AS
SELECT offence_summary_agg(d, p, a) AS s
FROM (VALUES ('2020-01-01'::date, 'A'::text, 12), ('2020-01-01', 'A', 12), ('2020-01-01', 'A', 12),
             ('2020-01-01', 'A', 13), ('2020-01-02', 'B', 13), ('2020-01-02', 'A', 13),
             ('2020-01-02', 'A', 14), ('2020-01-03', 'C', 14), (NULL, 'A', 14), (NULL, NULL, NULL)) v(d, p, a);
SELECT r.* FROM rows_small, summary_rows(s) r;
SET groomstats.min_cell_count = 3;
SELECT r.* FROM rows_small, summary_rows(s) r;
-- Within each additive dimension, no hidden cell is pinned by the others:
-- at least two cells hidden wherever any is.
SELECT dimension, count(*) FILTER (WHERE suppressed) AS hidden
FROM rows_small, summary_rows(s) r
WHERE dimension IN ('day', 'undated') GROUP BY ROLLUP (dimension) ORDER BY 1;
RESET groomstats.min_cell_count;

-- NOTICEs: names that do not occur (another case, a typo, not at all), the
-- numbers unchanged.
SELECT platform_offences(s, '{facebook}') FROM rows_summary;
SELECT platform_offences(s, '{Facebok,Snapchat,TikTok}') FROM rows_summary;
SELECT platform_share(s, '{FACEBOOK}') FROM rows_summary;
SELECT platform_offences(s, '{Facebook,NULL}') FROM rows_summary;  -- no notice
-- A period wholly outside the recorded days (2019-12-25 to 2020-01-13).
SELECT per_day_rate(s, '[2018-01-01,2019-01-01)') FROM rows_summary;
SELECT offences, days, rate FROM rows_summary, per_day_rate_ci(s, '[2020-01-14,2020-02-01)');
SELECT count(*), sum(offences) FROM rows_summary, daily_counts(s, '[2010-01-01,2010-01-08)');
SELECT per_day_rate(s, '[2020-01-13,2020-01-14)') FROM rows_summary;  -- overlaps: no notice
SELECT per_day_rate(offence_summary_agg(NULL::date, 'x'::text, 1), '[2020-01-01,2020-01-02)');
DROP TABLE rows_offences, rows_summary, rows_small;

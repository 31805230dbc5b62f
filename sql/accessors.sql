-- Every accessor against the same figure computed with plain SQL on the
-- same rows.
SET extra_float_digits = 0;

CREATE TABLE acc (id int, force text, recorded date, platforms text[], victim_age int);
INSERT INTO acc VALUES
 (1, 'Cambridgeshire', '2017-04-03', '{Facebook}', 13),
 (2, 'Cambridgeshire', '2017-04-03', '{Facebook,Snapchat}', 14),
 (3, 'Cambridgeshire', '2017-04-05', '{Snapchat,Snapchat}', 0),
 (4, 'Cambridgeshire', '2017-04-05', '{Instagram,Facebook}', 150),
 (5, 'Cambridgeshire', NULL, '{Instagram}', NULL),
 (6, 'Cambridgeshire', '2017-04-10', NULL, 12),
 (7, 'Cambridgeshire', '2017-04-10', '{}', 15),
 (8, 'Cambridgeshire', '2017-05-01', '{WhatsApp}', 15),
 (9, 'Cambridgeshire', '2017-05-01', '{Kik}', 11),
 (10, 'Cambridgeshire', '2017-03-31', '{Kik,WhatsApp}', 16),
 (11, 'Cambridgeshire', '2018-04-01', '{Kik}', 9);
SELECT offence_summary_agg(recorded, platforms, victim_age) AS s FROM acc \gset

-- offences, undated, first_recorded, last_recorded
SELECT offences(:'s'), undated(:'s'), first_recorded(:'s'), last_recorded(:'s');
SELECT count(*), count(*) FILTER (WHERE recorded IS NULL), min(recorded), max(recorded) FROM acc;

-- per_day_rate: offences inside [2017-04-01, 2018-04-01) over its 365 days,
-- days with no offence counted; outside days and undated offences excluded.
SELECT per_day_rate(:'s', '[2017-04-01,2018-04-01)') AS rate,
       (SELECT count(*) FROM acc WHERE recorded >= '2017-04-01' AND recorded < '2018-04-01')::float8
       / ('2018-04-01'::date - '2017-04-01'::date) AS plain_sql;
-- Inclusive and exclusive bounds mean what they say.
SELECT per_day_rate(:'s', '[2017-04-03,2017-04-05]') AS three_days_inclusive,
       per_day_rate(:'s', '(2017-04-02,2017-04-06)') AS same_three_days;
SELECT per_day_rate(:'s', '[1990-01-01,1990-01-02)') AS no_offences_that_day;

-- daily_counts: every day, zero-filled, in order; equals plain SQL.
SELECT * FROM daily_counts(:'s', '[2017-04-02,2017-04-11)');
SELECT count(*) AS days_differing FROM (
  SELECT day, offences FROM daily_counts(:'s', '[2017-03-01,2018-05-01)')
  EXCEPT
  SELECT d::date, (SELECT count(*) FROM acc WHERE recorded = d::date)
  FROM generate_series('2017-03-01'::date, '2018-04-30'::date, '1 day') d) x;
SELECT count(*) AS rows, sum(offences) AS total FROM daily_counts(:'s', '[2017-03-01,2018-05-01)');

-- platform_recorded and platform_shares (Wilson intervals checked against R in statistics.sql).
SELECT platform_recorded(:'s') AS platform_recorded,
       (SELECT count(*) FROM acc WHERE cardinality(platforms) > 0) AS plain_sql;
SELECT platform, offences, round(share::numeric, 6) AS share, round(lower::numeric, 6) AS lower,
       round(upper::numeric, 6) AS upper, rank, suppressed
FROM platform_shares(:'s');
SELECT p, count(DISTINCT id), round(count(DISTINCT id)::numeric / 9, 6)
FROM acc, unnest(platforms) p GROUP BY p ORDER BY 2 DESC, 1;

-- platform_offences / platform_share: any of a set, each offence once.
SELECT platform_offences(:'s', '{Facebook,Snapchat,Instagram}') AS fsi,
       (SELECT count(*) FROM acc WHERE platforms && '{Facebook,Snapchat,Instagram}') AS plain_sql,
       round(platform_share(:'s', '{Facebook,Snapchat,Instagram}')::numeric, 6) AS share,
       round((SELECT count(*) FROM acc WHERE platforms && '{Facebook,Snapchat,Instagram}')::numeric / 9, 6) AS plain_share;
SELECT platform_offences(:'s', '{}') AS none, platform_offences(:'s', '{Nowhere,NULL}') AS unknown,
       platform_offences(:'s', '{Kik,Kik}') AS kik_twice;
SELECT platform_share(offence_summary_agg(recorded, platforms, victim_age), '{Kik}') AS no_platform_recorded
FROM acc WHERE platforms IS NULL;

-- age_recorded, median_age (as percentile_cont(0.5))
SELECT age_recorded(:'s'), median_age(:'s'),
       (SELECT count(victim_age) FROM acc), (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY victim_age) FROM acc);
SELECT median_age(offence_summary_agg(recorded, platforms, victim_age)) AS odd_count,
       (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY victim_age) FROM acc WHERE id <> 1) AS plain_sql
FROM acc WHERE id <> 1;
SELECT median_age(offence_summary_agg(recorded, platforms, victim_age)) AS no_ages FROM acc WHERE victim_age IS NULL;

-- age_bands: bands in the order given, then 'other', then 'not recorded'.
SELECT band, offences, round(share::numeric, 6) AS share, suppressed FROM age_bands(:'s');
SELECT count(*) FILTER (WHERE victim_age BETWEEN 0 AND 11) AS "0-11",
       count(*) FILTER (WHERE victim_age BETWEEN 12 AND 15) AS "12-15",
       count(*) FILTER (WHERE victim_age BETWEEN 16 AND 17) AS "16-17",
       count(*) FILTER (WHERE victim_age > 17) AS other,
       count(*) FILTER (WHERE victim_age IS NULL) AS not_recorded
FROM acc;
SELECT band, offences FROM age_bands(:'s', ' 12 - 15 , 0-11, 16+ ');
SELECT band, offences FROM age_bands(:'s', '150+,0-0');
SELECT b.* FROM (SELECT offence_summary_agg(recorded, platforms, victim_age) s FROM acc WHERE victim_age IS NULL) x,
       age_bands(x.s) b;

-- Errors, each with its SQLSTATE.
\set VERBOSITY sqlstate
SELECT per_day_rate(:'s', '[2017-04-01,)');
SELECT per_day_rate(:'s', '(,2017-04-01)');
SELECT per_day_rate(:'s', 'empty');
SELECT per_day_rate(:'s', '[2017-04-01,infinity)');
SELECT * FROM daily_counts(:'s', '[2017-04-01,)');
SELECT * FROM platform_shares(:'s', 0);
SELECT * FROM platform_shares(:'s', 1);
SELECT * FROM platform_shares(:'s', 'NaN');
SELECT * FROM age_bands(:'s', '0-11', 1.5);
SELECT * FROM age_bands(:'s', '');
SELECT * FROM age_bands(:'s', '0-11,x');
SELECT * FROM age_bands(:'s', '15-12');
SELECT * FROM age_bands(:'s', '0-11,10-15');
SELECT * FROM age_bands(:'s', '0-200');
SELECT * FROM age_bands(:'s', '12-');
\set VERBOSITY default
-- The messages name the bad value.
SELECT per_day_rate(:'s', '[2017-04-01,)');
SELECT * FROM platform_shares(:'s', 'NaN');
SELECT * FROM age_bands(:'s', '0-11,x');
SELECT * FROM age_bands(:'s', '15-12');
SELECT * FROM age_bands(:'s', '0-11,10-15');
SELECT * FROM age_bands(:'s', '0-200');

--
-- sample_calibration: the SYNTHETIC sample data set (test/data/) matches the
-- figures it was calibrated to.  Plain SQL only: no extension functions.
-- Sources and which figures are only plausible choices: test/data/README.md.
--
SET client_min_messages = warning;
\set ECHO none
\i test/data/sample_offences.sql
\set ECHO all
RESET client_min_messages;

-- One row per offence with its financial year and its distinct recorded
-- platforms (NULL, '{}', '{""}' and '{NULL}' all mean "not recorded";
-- a platform repeated inside one array counts once).
CREATE TEMP VIEW calib AS
SELECT id, force, recorded, victim_age, victim_sex, platforms,
       CASE
         WHEN recorded BETWEEN '2017-04-03' AND '2018-03-31' THEN '2017/18'
         WHEN recorded BETWEEN '2018-04-01' AND '2019-03-31' THEN '2018/19'
         WHEN recorded BETWEEN '2019-04-01' AND '2020-03-31' THEN '2019/20'
         WHEN recorded BETWEEN '2020-04-01' AND '2021-03-31' THEN '2020/21'
       END AS fy,
       ARRAY(SELECT DISTINCT p FROM unnest(platforms) AS p
             WHERE p IS NOT NULL AND p <> '' ORDER BY p) AS plats
FROM sample_offences;

-- ids are 1..N
SELECT count(*) AS rows, min(id) AS min_id, max(id) AS max_id,
       count(DISTINCT id) = count(*) AS ids_unique
FROM sample_offences;

-- no offence before 3 April 2017; dated rows only within the four years
SELECT to_char(min(recorded), 'YYYY-MM-DD') AS first_day,
       to_char(max(recorded), 'YYYY-MM-DD') AS last_day,
       count(*) FILTER (WHERE recorded IS NOT NULL AND fy IS NULL)
         AS dated_outside_years
FROM calib;

-- offences per year (2017/18 3171, 2018/19 4373, 2019/20 5335,
-- 2020/21 5441) and the undated rows, which belong to no year
SELECT coalesce(fy, 'undated') AS year, count(*) AS offences
FROM calib GROUP BY fy ORDER BY fy NULLS LAST;

SELECT count(*) AS offences_2017_18 FROM calib WHERE fy = '2017/18';

SELECT round(100.0 * count(*) FILTER (WHERE recorded IS NULL)
             / count(*) FILTER (WHERE recorded IS NOT NULL), 2)
         AS undated_pct_of_dated
FROM calib;

-- 43 forces, each with offences in every year; Metropolitan largest
SELECT count(DISTINCT force) AS forces FROM calib;

SELECT count(*) AS forces_in_all_four_years
FROM (SELECT force FROM calib WHERE fy IS NOT NULL
      GROUP BY force HAVING count(DISTINCT fy) = 4) AS f;

SELECT DISTINCT ON (fy) fy AS year, force AS largest_force,
       count(*) AS offences
FROM calib WHERE fy IS NOT NULL
GROUP BY fy, force
ORDER BY fy, count(*) DESC, force;

SELECT fy AS year, min(n) AS smallest_force_count
FROM (SELECT fy, force, count(*) AS n FROM calib
      WHERE fy IS NOT NULL GROUP BY fy, force) AS c
GROUP BY fy ORDER BY fy;

-- Cambridgeshire 2017/18: 66 offences, 27 involving Facebook, Snapchat or
-- Instagram (each offence counted once)
SELECT count(*) AS cambs_2017_18,
       count(*) FILTER (WHERE plats && ARRAY['Facebook', 'Snapchat', 'Instagram'])
         AS cambs_fb_sc_ig
FROM calib WHERE fy = '2017/18' AND force = 'Cambridgeshire';

-- 2017/18: 2097 with a platform recorded, 1074 without
SELECT count(*) FILTER (WHERE cardinality(plats) > 0) AS with_platform,
       count(*) FILTER (WHERE cardinality(plats) = 0) AS without_platform
FROM calib WHERE fy = '2017/18';

-- the forms "not recorded" takes in 2017/18
SELECT CASE WHEN platforms IS NULL THEN 'NULL'
            ELSE platforms::text END AS not_recorded_as,
       count(*) AS offences
FROM calib WHERE fy = '2017/18' AND cardinality(plats) = 0
GROUP BY 1 ORDER BY 1;

-- 2017/18: 80 distinct platform names
SELECT count(DISTINCT p) AS platforms_2017_18
FROM calib, unnest(plats) AS p WHERE fy = '2017/18';

-- 2017/18 top platforms, share of offences with a platform recorded:
-- Facebook ~30%, Snapchat ~20%, Instagram ~20% (each +/- 2 pp)
WITH rec AS (SELECT * FROM calib WHERE fy = '2017/18' AND cardinality(plats) > 0),
     c AS (SELECT p AS platform, count(*) AS offences
           FROM rec, unnest(plats) AS p GROUP BY p)
SELECT platform, offences,
       round(100.0 * offences / (SELECT count(*) FROM rec), 1) AS pct
FROM c ORDER BY offences DESC, platform LIMIT 5;

WITH rec AS (SELECT * FROM calib WHERE fy = '2017/18' AND cardinality(plats) > 0)
SELECT t.platform, t.target,
       abs(100.0 * count(*) FILTER (WHERE t.platform = ANY (plats))
           / count(*) - t.target) <= 2 AS within_2pp
FROM rec,
     (VALUES ('Facebook', 30), ('Snapchat', 20), ('Instagram', 20))
       AS t(platform, target)
GROUP BY t.platform, t.target ORDER BY t.target DESC, t.platform;

-- 2017/18: any of the three ~70% (+/- 3 pp)
SELECT count(*) FILTER (WHERE plats && ARRAY['Facebook', 'Snapchat', 'Instagram'])
         AS any_of_three,
       count(*) AS with_platform,
       round(100.0 * count(*) FILTER (WHERE plats && ARRAY['Facebook', 'Snapchat', 'Instagram'])
             / count(*), 1) AS pct,
       abs(100.0 * count(*) FILTER (WHERE plats && ARRAY['Facebook', 'Snapchat', 'Instagram'])
           / count(*) - 70) <= 3 AS within_3pp
FROM calib WHERE fy = '2017/18' AND cardinality(plats) > 0;

-- 2017/18 ages: most recorded victims aged 12-15; youngest is 5
SELECT count(*) FILTER (WHERE victim_age BETWEEN 12 AND 15) AS aged_12_15,
       count(victim_age) AS age_recorded,
       round(100.0 * count(*) FILTER (WHERE victim_age BETWEEN 12 AND 15)
             / count(victim_age), 1) AS pct,
       2 * count(*) FILTER (WHERE victim_age BETWEEN 12 AND 15)
         > count(victim_age) AS majority,
       min(victim_age) AS youngest
FROM calib WHERE fy = '2017/18';

-- 2018/19: about 1 in 5 recorded victims aged 11 or under (19-21%)
SELECT count(*) FILTER (WHERE victim_age <= 11) AS aged_11_or_under,
       count(victim_age) AS age_recorded,
       round(100.0 * count(*) FILTER (WHERE victim_age <= 11)
             / count(victim_age), 1) AS pct,
       100.0 * count(*) FILTER (WHERE victim_age <= 11) / count(victim_age)
         BETWEEN 19 AND 21 AS within_19_21
FROM calib WHERE fy = '2018/19';

-- 2018/19: Instagram the most used platform (strictly)
SELECT p AS platform, count(*) AS offences
FROM calib, unnest(plats) AS p WHERE fy = '2018/19'
GROUP BY p ORDER BY count(*) DESC, p LIMIT 3;

-- April 2017 - March 2019: Facebook, Facebook Messenger, Instagram,
-- WhatsApp or Snapchat in more than 70% of offences with a platform recorded
SELECT round(100.0 * count(*) FILTER (WHERE plats && ARRAY['Facebook',
               'Facebook Messenger', 'Instagram', 'WhatsApp', 'Snapchat'])
             / count(*), 1) AS pct_fb_apps_or_snapchat,
       100.0 * count(*) FILTER (WHERE plats && ARRAY['Facebook',
               'Facebook Messenger', 'Instagram', 'WhatsApp', 'Snapchat'])
         / count(*) > 70 AS over_70
FROM calib WHERE fy IN ('2017/18', '2018/19') AND cardinality(plats) > 0;

-- Instagram share of offences with a platform recorded, April 2017 -
-- March 2021 (~29%, +/- 2 pp); also April 2017 - March 2020 and by year
SELECT coalesce(fy, 'all four') AS years,
       count(*) FILTER (WHERE 'Instagram' = ANY (plats)) AS instagram,
       count(*) AS with_platform,
       round(100.0 * count(*) FILTER (WHERE 'Instagram' = ANY (plats))
             / count(*), 1) AS pct
FROM calib WHERE fy IS NOT NULL AND cardinality(plats) > 0
GROUP BY ROLLUP (fy) ORDER BY fy NULLS LAST;

SELECT abs(100.0 * count(*) FILTER (WHERE 'Instagram' = ANY (plats))
           / count(*) - 29) <= 2 AS four_years_within_2pp
FROM calib WHERE fy IS NOT NULL AND cardinality(plats) > 0;

SELECT round(100.0 * count(*) FILTER (WHERE 'Instagram' = ANY (plats))
             / count(*), 1) AS pct_2017_2020
FROM calib WHERE fy <> '2020/21' AND cardinality(plats) > 0;

-- victims mostly girls: ~80% (+/- 3 pp) of offences with recorded sex
SELECT count(*) FILTER (WHERE victim_sex = 'female') AS female,
       count(*) FILTER (WHERE victim_sex = 'male') AS male,
       count(*) FILTER (WHERE victim_sex IS NULL) AS sex_not_recorded,
       round(100.0 * count(*) FILTER (WHERE victim_sex = 'female')
             / count(victim_sex), 1) AS pct_female,
       abs(100.0 * count(*) FILTER (WHERE victim_sex = 'female')
           / count(victim_sex) - 80) <= 3 AS within_3pp
FROM calib;

SELECT coalesce(victim_sex, '(not recorded)') AS victim_sex, count(*) AS offences
FROM calib GROUP BY victim_sex ORDER BY victim_sex;

-- several platforms per offence: 2+ distinct in at least 5% of offences with
-- a platform recorded, some with 3; duplicates inside an array count once
SELECT count(*) FILTER (WHERE cardinality(plats) >= 2) AS two_plus,
       count(*) FILTER (WHERE cardinality(plats) >= 3) AS three_plus,
       count(*) AS with_platform,
       round(100.0 * count(*) FILTER (WHERE cardinality(plats) >= 2)
             / count(*), 1) AS pct_two_plus,
       count(*) FILTER (WHERE cardinality(plats) < cardinality(platforms))
         AS with_duplicate_element
FROM calib WHERE cardinality(plats) > 0;

-- missing values: undated, no platform, no age (~15-20%), no sex
SELECT count(*) FILTER (WHERE recorded IS NULL) AS undated,
       count(*) FILTER (WHERE cardinality(plats) = 0) AS no_platform,
       count(*) FILTER (WHERE victim_age IS NULL) AS no_age,
       round(100.0 * count(*) FILTER (WHERE victim_age IS NULL) / count(*), 1)
         AS pct_no_age,
       count(*) FILTER (WHERE victim_sex IS NULL) AS no_sex
FROM calib;

-- ages are children's ages
SELECT min(victim_age) AS min_age, max(victim_age) AS max_age,
       count(*) FILTER (WHERE victim_age NOT BETWEEN 0 AND 150) AS out_of_range
FROM calib;

-- daily counts in 2017/18 vary (weekday and season); small forces have
-- days without offences
SELECT count(DISTINCT recorded) AS days_with_offences,
       ('2018-03-31'::date - '2017-04-03'::date + 1) AS days_in_year
FROM calib WHERE fy = '2017/18';

SELECT min(n) AS min_per_day, max(n) AS max_per_day,
       round(avg(n), 2) AS mean_per_day
FROM (SELECT recorded, count(*) AS n FROM calib
      WHERE fy = '2017/18' GROUP BY recorded) AS d;

SELECT to_char(recorded, 'ID Dy') AS weekday, count(*) AS offences_2017_18
FROM calib WHERE fy = '2017/18' GROUP BY 1 ORDER BY 1;

SELECT count(DISTINCT recorded) AS city_of_london_days_2017_18
FROM calib WHERE fy = '2017/18' AND force = 'City of London';

DROP VIEW calib;

-- offence_report: what NULL arguments mean, dates past 294276 AD, Markdown
-- escaping, hidden platforms collapsed into one line, "not applicable" where
-- a denominator is 0 (issue 11 item 14, issue 15), and the
-- groomstats_functions view.
SET extra_float_digits = 0;

CREATE TABLE report_cases (name text, s offence_summary);
INSERT INTO report_cases
SELECT 'markdown', offence_summary_agg(d, p, a)
FROM (VALUES ('2017-04-03'::date, ARRAY['A|B', '*bold* _it_', E'two\nlines', '<b>x</b>', 'back\slash', '[link](x)'], 12),
             ('2017-04-04', ARRAY['A|B', 'Facebook'], 13),
             ('2017-04-05', ARRAY['A|B'], 14)) v(d, p, a);
-- A day past 294276 AD, where timestamps (and to_char) end.
INSERT INTO report_cases
SELECT 'far future', offence_summary_agg(d, ARRAY['Kik'], 13)
FROM (VALUES ('2017-04-03'::date), ('2017-04-04'), ('300000-01-01')) v(d);
-- 12 platforms of 1 offence each, 2 of 40, 1 of 50.
INSERT INTO report_cases
SELECT 'many small', offence_summary_agg('2017-04-03'::date + i % 20, ARRAY[p], 10 + i % 8)
FROM (SELECT i, CASE WHEN i <= 12 THEN 'Small ' || lpad(i::text, 2, '0')
                     WHEN i <= 52 THEN 'Facebook' WHEN i <= 92 THEN 'Snapchat' ELSE 'Instagram' END AS p
      FROM generate_series(1, 142) i) t;
-- No platform, no age recorded.
INSERT INTO report_cases
SELECT 'nothing recorded', offence_summary_agg('2017-04-03'::date + i, NULL::text[], NULL::int)
FROM generate_series(0, 9) i;

-- NULL s, period, level or top_platforms: NULL, as a STRICT function gives
-- (1.0 printed a report with "<0" counts and no title).
SELECT offence_report(NULL, '[2017-04-03,2017-05-03)') IS NULL AS null_summary,
       offence_report(s, NULL) IS NULL AS null_period,
       offence_report(s, '[2017-04-03,2017-05-03)', level => NULL) IS NULL AS null_level,
       offence_report(s, '[2017-04-03,2017-05-03)', top_platforms => NULL) IS NULL AS null_top_platforms,
       split_part(offence_report(s, '[2017-04-03,2017-05-03)', NULL, NULL), E'\n', 1) AS null_title_and_compare
FROM report_cases WHERE name = 'markdown';

-- Names and the title escaped for Markdown: each row still has its cells.
\pset format unaligned
SELECT offence_report(s, '[2017-04-03,2017-04-06)', 'Kent | *draft*') FROM report_cases WHERE name = 'markdown';

-- A summary holding a day past 294276 AD: every period works (1.0: 22008).
SELECT offence_report(s, '[2017-04-03,2017-04-05)', 'Far') FROM report_cases WHERE name = 'far future';
SELECT split_part(offence_report(s, '[299999-12-31,300000-01-02)'), E'\n', 1) FROM report_cases WHERE name = 'far future';

-- Three or more hidden platforms are one line; fewer, one line each.
SET groomstats.min_cell_count = 5;
SELECT offence_report(s, '[2017-04-03,2017-04-23)', 'Many small', top_platforms => 3) FROM report_cases WHERE name = 'many small';
SET groomstats.min_cell_count = 0;

-- "not applicable" where a share or change has nothing to divide by.
SELECT offence_report(s, '[2017-04-03,2017-04-13)', 'Nothing recorded', '[2016-04-03,2016-04-13)') FROM report_cases WHERE name = 'nothing recorded';
\pset format aligned

-- groomstats_functions lists every function of the extension with its
-- comment (what \dx+ does not show).
SELECT (SELECT count(*) FROM groomstats_functions)
     = (SELECT count(*) FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass AND d.deptype = 'e'
          AND d.refobjid = (SELECT oid FROM pg_extension WHERE extname = 'groomstats')) AS lists_every_function,
       (SELECT count(*) FROM groomstats_functions WHERE description IS NULL) AS without_description;
SELECT name, arguments, result, kind FROM groomstats_functions WHERE name IN ('offence_report', 'rollup') ORDER BY 1;

-- Disclosure control in a fragment of a Citus distributed query
-- (src/disclosure_citus.c), without Citus: a backend whose application_name
-- is Citus's for its own connections publishes counts only when
-- groomstats.min_cell_count has a session-level value there (as Citus's
-- propagated SET LOCAL gives it); test/t/citus.pl checks it on a cluster.
CREATE TABLE dcitus AS
SELECT offence_summary_agg(d, 'Facebook'::text, 13) AS s
FROM (VALUES ('2017-04-03'::date), ('2017-04-03'), ('2017-04-04')) v(d);

-- An ordinary session: the threshold is 0 (off) and counts are published.
SELECT offences(s), undated(s) FROM dcitus;

-- As a Citus fragment with no threshold passed: refused.
SET application_name = 'citus_internal gpid=10000000001';
SELECT offences(s) FROM dcitus;
SELECT * FROM platform_shares((SELECT s FROM dcitus));
-- Accessors that publish no count still work.
SELECT first_recorded(s), last_recorded(s) FROM dcitus;

-- A session-level value (what Citus's SET LOCAL propagation gives): in force.
BEGIN;
SET LOCAL groomstats.min_cell_count = 5;
SELECT offences(s), undated(s) FROM dcitus;
SELECT day, offences, suppressed FROM daily_counts((SELECT s FROM dcitus), '[2017-04-03,2017-04-05)');
COMMIT;
-- It ended with the transaction: refused again.
SELECT offences(s) FROM dcitus;
-- A session's own SET in a fragment also counts (only Citus opens such
-- backends; a user who imitates the name only gets refusals, never a lower
-- threshold).
SET groomstats.min_cell_count = 0;
SELECT offences(s) FROM dcitus;
RESET groomstats.min_cell_count;
SELECT offences(s) FROM dcitus;

-- Any other application_name: as before.
SET application_name = 'citus';
SELECT offences(s) FROM dcitus;
RESET application_name;
DROP TABLE dcitus;

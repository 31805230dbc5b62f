-- The aggregates' transition states hold only their group's counts since 1.1
-- (the platform dictionary is shared by the groups of one call), and tell the
-- planner their size (SSPACE in sql/install/20_aggregates.sql).  CREATE
-- AGGREGATE cannot be replaced, and DROP AGGREGATE would drop the users'
-- views that call them; ALTER AGGREGATE changes no SSPACE.  So the catalog
-- row is updated in place: the extension script runs as superuser, and
-- aggtransspace is only a planner estimate.
UPDATE pg_catalog.pg_aggregate SET aggtransspace = 1280::pg_catalog.int4
WHERE aggfnoid OPERATOR(pg_catalog.=) '@extschema@.offence_summary_agg(pg_catalog.date, pg_catalog.text, pg_catalog.int4)'::pg_catalog.regprocedure
   OR aggfnoid OPERATOR(pg_catalog.=) '@extschema@.offence_summary_agg(pg_catalog.date, pg_catalog.text[], pg_catalog.int4)'::pg_catalog.regprocedure;
UPDATE pg_catalog.pg_aggregate SET aggtransspace = 4096::pg_catalog.int4
WHERE aggfnoid OPERATOR(pg_catalog.=) '@extschema@.rollup(@extschema@.offence_summary)'::pg_catalog.regprocedure;

-- groomstats_functions: the extension's functions and what each does, as a
-- view to query (\dx+ lists objects without their comments; \df+ shows the
-- comments of whatever matches, extension or not).
--
-- Resolved when the script runs, in a schema someone else may own: every
-- name and operator qualified, every literal typed (see 70_report.sql).
-- CREATE OR REPLACE: this file is also the 1.0--1.1 upgrade fragment
-- (sql/upgrade/1.0--1.1/75_functions.sql is a link to it).

CREATE OR REPLACE VIEW @extschema@.groomstats_functions WITH (security_invoker = true) AS
SELECT p.proname::pg_catalog.text AS name,
	   pg_catalog.pg_get_function_identity_arguments(p.oid) AS arguments,
	   pg_catalog.pg_get_function_result(p.oid) AS result,
	   CASE p.prokind WHEN 'a'::pg_catalog.char THEN 'aggregate'::pg_catalog.text
	                  WHEN 'p'::pg_catalog.char THEN 'procedure'::pg_catalog.text
	                  WHEN 'w'::pg_catalog.char THEN 'window'::pg_catalog.text
	                  ELSE 'function'::pg_catalog.text END AS kind,
	   pg_catalog.obj_description(p.oid, 'pg_proc'::pg_catalog.name) AS description
FROM pg_catalog.pg_depend d
JOIN pg_catalog.pg_extension e ON d.refobjid OPERATOR(pg_catalog.=) e.oid
JOIN pg_catalog.pg_proc p ON d.objid OPERATOR(pg_catalog.=) p.oid
WHERE d.classid OPERATOR(pg_catalog.=) 'pg_catalog.pg_proc'::pg_catalog.regclass
  AND d.refclassid OPERATOR(pg_catalog.=) 'pg_catalog.pg_extension'::pg_catalog.regclass
  AND d.deptype OPERATOR(pg_catalog.=) 'e'::pg_catalog.char
  AND e.extname OPERATOR(pg_catalog.=) 'groomstats'::pg_catalog.name;

COMMENT ON VIEW @extschema@.groomstats_functions IS
'Every function and aggregate of groomstats with its arguments, result, kind and comment: SELECT name, arguments, description FROM groomstats_functions ORDER BY 1, 2.';

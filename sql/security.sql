-- Security: a trusted extension a non-superuser can install and use;
-- schema-qualified internals that look-alike objects in public cannot
-- hijack; SECURITY INVOKER functions that honour row-level security.
SET extra_float_digits = 0;
\set regress_db :DBNAME

-- Every function is SECURITY INVOKER.
SELECT count(*) AS security_definer_functions
FROM pg_depend d JOIN pg_proc p ON d.classid = 'pg_proc'::regclass AND d.objid = p.oid
WHERE d.refclassid = 'pg_extension'::regclass
  AND d.refobjid = (SELECT oid FROM pg_extension WHERE extname = 'groomstats') AND p.prosecdef;
SELECT extname, (SELECT trusted FROM pg_available_extension_versions v
                 WHERE v.name = e.extname AND v.version = e.extversion) AS trusted
FROM pg_extension e WHERE extname = 'groomstats';

-- Every function, aggregate, type and operator has a comment (\df+, \dx+).
SELECT pg_describe_object(d.classid, d.objid, 0) AS without_comment
FROM pg_depend d
WHERE d.refclassid = 'pg_extension'::regclass AND d.deptype = 'e'
  AND d.refobjid = (SELECT oid FROM pg_extension WHERE extname = 'groomstats')
  AND d.classid IN ('pg_proc'::regclass, 'pg_type'::regclass, 'pg_operator'::regclass)
  AND obj_description(d.objid, d.classid::regclass::name) IS NULL
  AND NOT EXISTS (SELECT 1 FROM pg_type t WHERE d.classid = 'pg_type'::regclass AND t.oid = d.objid AND (t.typelem <> 0 OR t.typrelid <> 0))
ORDER BY 1;
SELECT d.classid::regclass AS catalog, count(*) > 0 AS objects_checked
FROM pg_depend d
WHERE d.refclassid = 'pg_extension'::regclass AND d.deptype = 'e'
  AND d.refobjid = (SELECT oid FROM pg_extension WHERE extname = 'groomstats')
  AND d.classid IN ('pg_proc'::regclass, 'pg_type'::regclass, 'pg_operator'::regclass)
  -- array types and the row types of views: PostgreSQL 17 records them as
  -- members too, 15 does not (a view's row type has the view's comment)
  AND NOT EXISTS (SELECT 1 FROM pg_type t WHERE d.classid = 'pg_type'::regclass AND t.oid = d.objid AND (t.typelem <> 0 OR t.typrelid <> 0))
GROUP BY 1 ORDER BY 1;

-- A non-superuser with CREATE on a database installs it there.
CREATE ROLE gs_owner;
CREATE ROLE gs_analyst;
CREATE DATABASE gs_security_regress OWNER gs_owner;
\c gs_security_regress
SET extra_float_digits = 0;
SET ROLE gs_owner;
CREATE SCHEMA gs;
CREATE EXTENSION groomstats SCHEMA gs;
SELECT extname, extversion, extowner::regrole, extnamespace::regnamespace FROM pg_extension WHERE extname = 'groomstats';

-- Offences with a row-level security policy that hides one force.
CREATE TABLE offences (id int, force text, recorded date, platforms text[], victim_age int);
INSERT INTO offences
SELECT i, (ARRAY['Cambridgeshire', 'Kent', 'Hidden'])[1 + i % 3], date '2017-04-03' + i % 30,
       (ARRAY['{Facebook}', '{Snapchat,Instagram}', NULL, '{Kik}'])[1 + i % 4]::text[], 10 + i % 7
FROM generate_series(1, 300) i;
ALTER TABLE offences ENABLE ROW LEVEL SECURITY;
CREATE POLICY not_hidden ON offences FOR SELECT TO gs_analyst USING (force <> 'Hidden');
GRANT USAGE ON SCHEMA gs TO gs_analyst;
GRANT SELECT ON offences TO gs_analyst;

SELECT gs.offences(gs.offence_summary_agg(recorded, platforms, victim_age)) AS owner_sees FROM offences;
SET ROLE gs_analyst;
SELECT gs.offences(gs.offence_summary_agg(recorded, platforms, victim_age)) AS analyst_sees,
       (SELECT count(*) FROM offences) AS analyst_rows,
       (SELECT count(*) FROM offences WHERE force = 'Hidden') AS hidden_rows_visible
FROM offences;
SELECT force, gs.offences(gs.offence_summary_agg(recorded, platforms, victim_age)) FROM offences GROUP BY force ORDER BY force;
RESET ROLE;
SET ROLE gs_owner;

-- Reference results before any look-alike exists.
CREATE TABLE reference AS
SELECT gs.offence_summary_agg(recorded, platforms, victim_age) AS s FROM offences;
CREATE TABLE reference_report AS
SELECT gs.offence_report(s, '[2017-04-03,2017-05-03)', 'Reference', '[2017-04-03,2017-04-18)') AS r FROM reference;

-- Look-alike functions and operators in public, which comes first on the
-- search path: if groomstats relied on search_path they would be called.
RESET ROLE;
GRANT CREATE ON SCHEMA public TO gs_owner;
SET ROLE gs_owner;
CREATE FUNCTION public.per_day_rate_ci(s gs.offence_summary, period daterange, level float8 DEFAULT 0.95,
                                       method text DEFAULT 'exact',
                                       OUT offences bigint, OUT days integer, OUT rate float8, OUT lower float8, OUT upper float8)
  LANGUAGE sql AS 'SELECT -1::bigint, -1, -1::float8, -1::float8, -1::float8';
CREATE FUNCTION public.offences(s gs.offence_summary) RETURNS bigint LANGUAGE sql AS 'SELECT -1::bigint';
CREATE FUNCTION public.platform_offences(s gs.offence_summary, p text[]) RETURNS bigint LANGUAGE sql AS 'SELECT -1::bigint';
CREATE FUNCTION public.lower(daterange) RETURNS date LANGUAGE sql AS 'SELECT date ''1900-01-01''';
CREATE FUNCTION public.to_char(float8, text) RETURNS text LANGUAGE sql AS 'SELECT ''hijacked''';
CREATE FUNCTION public.repeat(text, integer) RETURNS text LANGUAGE sql AS 'SELECT ''hijacked''';
CREATE FUNCTION public.lookalike_eq(gs.offence_summary, gs.offence_summary) RETURNS bool LANGUAGE sql AS 'SELECT false';
CREATE OPERATOR public.= (LEFTARG = gs.offence_summary, RIGHTARG = gs.offence_summary, FUNCTION = public.lookalike_eq);
CREATE FUNCTION public.lookalike_concat(text[], text) RETURNS text[] LANGUAGE sql AS 'SELECT ARRAY[''hijacked'']';
CREATE OPERATOR public.|| (LEFTARG = text[], RIGHTARG = text, FUNCTION = public.lookalike_concat);

SET search_path = public, gs;
SELECT offence_report(s, '[2017-04-03,2017-05-03)', 'Reference', '[2017-04-03,2017-04-18)') = (SELECT r FROM reference_report) AS report_unchanged
FROM reference;
SELECT rollup(x) OPERATOR(gs.=) (SELECT s FROM reference) AS rollup_unchanged
FROM (SELECT offence_summary_agg(recorded, platforms, victim_age) x FROM offences GROUP BY force) y;
SELECT (gs.per_day_rate_ci(s, '[2017-04-03,2017-05-03)')).offences AS qualified_call_unchanged FROM reference;
RESET search_path;
RESET ROLE;

-- PostgreSQL lets the extension's owner DROP EXTENSION ... CASCADE, which
-- drops other roles' columns of its type (the README's security section
-- says so): gs_owner, owning neither the table nor any privilege on it,
-- drops gs_analyst's column.
GRANT CREATE ON SCHEMA public TO gs_analyst;
SET ROLE gs_analyst;
CREATE TABLE public.analyst_summaries (force text, s gs.offence_summary);
INSERT INTO public.analyst_summaries SELECT 'Kent', gs.offence_summary_agg(NULL::date, NULL::text, NULL::int);
SET ROLE gs_owner;
SELECT has_table_privilege('public.analyst_summaries', 'UPDATE') AS owner_may_update;
SET client_min_messages = warning;  -- the NOTICE lists the look-alikes above too
DROP EXTENSION groomstats CASCADE;
RESET client_min_messages;
RESET ROLE;
SELECT string_agg(attname, ', ' ORDER BY attnum) AS columns_left FROM pg_attribute
WHERE attrelid = 'public.analyst_summaries'::regclass AND attnum > 0 AND NOT attisdropped;

\c :regress_db
DROP DATABASE gs_security_regress;
DROP ROLE gs_analyst;
DROP ROLE gs_owner;

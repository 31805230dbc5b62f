-- Helpers of test/scripts/hostile_overloads.sh, loaded by a superuser into
-- schema overload_check of each test database.  psql variable :ext names
-- the schema the extension is in.
--
-- plant(schema, ambiguous): run as the attacker.  Finds every function and operator
--   name the extension's SQL and plpgsql functions call (from their
--   prosrc, so it never falls behind the code) and creates, in `schema`,
--   overloads of each that could beat the intended object if a call were
--   loose: the signatures of every existing function of that name with one
--   argument swapped for another common type (an untyped literal or NULL
--   picks text; an implicit cast picks an exact match), exact copies of
--   pg_catalog's,
--   fixed-arity forms of VARIADIC ones; every operator name with every pair
--   of those types.  With ambiguous, instead: each signature with trailing
--   defaulted arguments left off (a call relying on a default then fails
--   as ambiguous: not a capture, but a changed result).  Each overload counts its calls (a sequence: not rolled
--   back), logs itself, and tries to make the attacker a superuser.
-- run_all(): run as the superuser.  Calls every SQL and plpgsql function of
--   the extension, fully qualified with typed arguments, at two disclosure
--   thresholds, reads every view of it, and returns each result (or error)
--   as text.

CREATE SCHEMA overload_check;
GRANT USAGE ON SCHEMA overload_check TO PUBLIC;

-- A summary with platforms disclosure control hides at 50 (so the report's
-- hidden rows are reached), built from the sample.
CREATE TABLE overload_check.sample AS
SELECT :ext.offence_summary_agg(recorded, platforms, victim_age) AS s FROM public.sample_offences;
GRANT SELECT ON overload_check.sample TO PUBLIC;

-- The extension's SQL and plpgsql functions.
CREATE FUNCTION overload_check.ext_functions()
RETURNS TABLE(fn pg_catalog.oid, src pg_catalog.text)
LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $$
	SELECT p.oid, p.prosrc
	FROM pg_depend d
	JOIN pg_extension e ON d.refclassid = 'pg_extension'::regclass AND d.refobjid = e.oid
	JOIN pg_proc p ON d.classid = 'pg_proc'::regclass AND d.objid = p.oid
	JOIN pg_language l ON l.oid = p.prolang
	WHERE e.extname = 'groomstats' AND d.deptype = 'e' AND l.lanname IN ('sql', 'plpgsql')
$$;

-- The types an attacker's overload may take instead of the intended ones.
CREATE FUNCTION overload_check.palette(ext pg_catalog.oid)
RETURNS SETOF pg_catalog.oid
LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $$
	SELECT t::regtype::oid FROM unnest('{text,int4,int8,float8,numeric,bool,date,daterange,text[]}'::text[]) t
	UNION ALL
	SELECT oid FROM pg_type WHERE typname = 'offence_summary' AND typnamespace = ext
$$;

CREATE FUNCTION overload_check.plant(target pg_catalog.name, ambiguous pg_catalog.bool)
RETURNS TABLE(names pg_catalog.int4, functions pg_catalog.int4, operators pg_catalog.int4, refused pg_catalog.int4)
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
	ext oid := (SELECT extnamespace FROM pg_extension WHERE extname = 'groomstats');
	tgt oid := target::regnamespace::oid;
	sig record;
	nf int := 0;
	nop int := 0;
	nbad int := 0;
	k int := 0;
	body text;
	argl text;
	ret text;
	fname text;
BEGIN
	EXECUTE format('CREATE SEQUENCE IF NOT EXISTS %I.hostile_calls', target);
	EXECUTE format('CREATE TABLE IF NOT EXISTS %I.hostile_log (overload text)', target);
	EXECUTE format('GRANT ALL ON SEQUENCE %I.hostile_calls TO PUBLIC', target);
	EXECUTE format('GRANT ALL ON TABLE %I.hostile_log TO PUBLIC', target);

	DROP TABLE IF EXISTS called_functions, called_operators, candidates;
	CREATE TEMP TABLE called_functions AS
	SELECT DISTINCT lower(m[1])::name AS name
	FROM overload_check.ext_functions() f,
	     regexp_matches(f.src, '([A-Za-z_][A-Za-z_0-9]*)\s*\(', 'g') m
	WHERE EXISTS (SELECT 1 FROM pg_proc p WHERE p.proname = lower(m[1]) AND p.pronamespace IN (ext, 'pg_catalog'::regnamespace));

	-- Operator names: OPERATOR(x.op) and bare operators outside literals
	-- and comments, and those that IN, CASE, NULLIF and the like use.
	CREATE TEMP TABLE called_operators AS
	SELECT DISTINCT o.name FROM (
		SELECT m[1] AS name FROM overload_check.ext_functions() f,
		       regexp_matches(f.src, 'OPERATOR\s*\(\s*(?:[A-Za-z_0-9@"]+\.)?([^\s)]+)\s*\)', 'g') m
		UNION ALL
		SELECT m[1] FROM overload_check.ext_functions() f,
		       regexp_matches(regexp_replace(regexp_replace(f.src, '--[^\n]*', '', 'g'), '''([^'']|'''')*''', '', 'g'),
		                      '([-+*/<>=~!@#%^&|`?]+)', 'g') m
		UNION ALL
		SELECT unnest('{=,<>,<,<=,>,>=,||}'::text[])) o
	WHERE EXISTS (SELECT 1 FROM pg_operator p WHERE p.oprname = o.name AND p.oprnamespace IN (ext, 'pg_catalog'::regnamespace));

	-- Candidate signatures, one row each: name, input types, result.
	CREATE TEMP TABLE candidates (name name, args oid[], rettype oid, retset bool, outs text);
	FOR sig IN
		SELECT p.*, string_to_array(p.proargtypes::text, ' ')::oid[] AS ins,
		       (SELECT string_agg(format('OUT %s %s', coalesce(nullif(p.proargnames[i], ''), 'o' || i), p.proallargtypes[i]::regtype), ', ')
		        FROM generate_subscripts(p.proallargtypes, 1) i WHERE p.proargmodes[i] IN ('o', 't')) AS outs
		FROM pg_proc p JOIN called_functions c ON c.name = p.proname
		WHERE p.pronamespace IN (ext, 'pg_catalog'::regnamespace)
	LOOP
		-- with defaulted trailing arguments left off: a call that relies on
		-- a default becomes ambiguous (an error, not a capture)
		IF ambiguous THEN
			FOR n IN greatest(0, sig.pronargs - sig.pronargdefaults) .. sig.pronargs - 1 LOOP
				INSERT INTO candidates VALUES (sig.proname, sig.ins[1:n], sig.prorettype, sig.proretset, sig.outs);
			END LOOP;
			CONTINUE;
		END IF;
		-- as it is (a copy of pg_catalog's; the extension's own already exist)
		INSERT INTO candidates VALUES (sig.proname, sig.ins, sig.prorettype, sig.proretset, sig.outs);
		-- one argument swapped for each type of the palette
		FOR i IN 1 .. sig.pronargs LOOP
			INSERT INTO candidates
			SELECT sig.proname, sig.ins[1:i - 1] || t || sig.ins[i + 1:], sig.prorettype, sig.proretset, sig.outs
			FROM overload_check.palette(ext) t;
		END LOOP;
		-- a VARIADIC one as fixed arities of its element type
		IF sig.provariadic <> 0 THEN
			FOR n IN 1 .. 4 LOOP
				INSERT INTO candidates
				SELECT sig.proname, sig.ins[1:sig.pronargs - 1] || array_fill(t, ARRAY[n]), sig.prorettype, sig.proretset, sig.outs
				FROM (VALUES (CASE WHEN sig.provariadic = '"any"'::regtype THEN 'text'::regtype::oid ELSE sig.provariadic END)) v(t);
			END LOOP;
		END IF;
	END LOOP;

	FOR sig IN SELECT DISTINCT ON (name, args) * FROM candidates LOOP
		k := k + 1;
		-- "any" and other pseudo-types cannot be plpgsql arguments: text instead.
		SELECT string_agg(CASE WHEN t = '"any"'::regtype THEN 'text' ELSE t::regtype::text END, ', ' ORDER BY i)
		INTO argl FROM unnest(sig.args) WITH ORDINALITY u(t, i);
		IF sig.outs IS NOT NULL THEN
			argl := concat_ws(', ', argl, sig.outs);
		END IF;
		ret := CASE WHEN sig.retset THEN 'SETOF ' ELSE '' END || sig.rettype::regtype::text;
		fname := format('%I.%I', target, sig.name);
		body := format($b$
BEGIN
	PERFORM pg_catalog.nextval(%L::pg_catalog.regclass);
	INSERT INTO %I.hostile_log VALUES (%L);
	BEGIN
		EXECUTE 'ALTER ROLE gs_attacker SUPERUSER';
	EXCEPTION WHEN OTHERS THEN NULL;
	END;
	RETURN%s;
END$b$, target || '.hostile_calls', target, fname || '(' || coalesce(argl, '') || ')',
			CASE WHEN sig.retset OR sig.outs IS NOT NULL OR sig.rettype = 'void'::regtype THEN '' ELSE ' NULL' END);
		BEGIN
			EXECUTE format('CREATE FUNCTION %s(%s) RETURNS %s LANGUAGE plpgsql AS %L', fname, coalesce(argl, ''), ret, body);
			nf := nf + 1;
		EXCEPTION WHEN OTHERS THEN
			-- an exact copy of the extension's own, a polymorphic result
			-- without a polymorphic argument, an internal type: try text
			BEGIN
				IF sig.outs IS NOT NULL OR sig.retset THEN
					RAISE EXCEPTION 'no fallback';
				END IF;
				EXECUTE format('CREATE FUNCTION %s(%s) RETURNS text LANGUAGE plpgsql AS %L', fname, coalesce(argl, ''),
				               replace(body, 'RETURN;', 'RETURN NULL;'));
				nf := nf + 1;
			EXCEPTION WHEN OTHERS THEN
				nbad := nbad + 1;
			END;
		END;
	END LOOP;

	-- Operators: every name called, over every pair of palette types (and
	-- prefix forms), each through a hostile function.
	FOR sig IN
		SELECT o.name, l.t AS lt, r.t AS rt
		FROM called_operators o, overload_check.palette(ext) r(t),
		     (SELECT t FROM overload_check.palette(ext) t UNION ALL SELECT 0::oid) l
		WHERE NOT ambiguous
	LOOP
		k := k + 1;
		fname := format('%I.hostile_op_%s_%s', target, ambiguous, k);
		argl := concat_ws(', ', CASE WHEN sig.lt <> 0 THEN sig.lt::regtype::text END, sig.rt::regtype::text);
		body := format($b$
BEGIN
	PERFORM pg_catalog.nextval(%L::pg_catalog.regclass);
	INSERT INTO %I.hostile_log VALUES (%L);
	BEGIN
		EXECUTE 'ALTER ROLE gs_attacker SUPERUSER';
	EXCEPTION WHEN OTHERS THEN NULL;
	END;
	RETURN NULL;
END$b$, target || '.hostile_calls', target, format('operator %s.%s(%s)', target, sig.name, argl));
		-- The result type of pg_catalog's operator of that name, if any, else bool.
		ret := coalesce((SELECT oprresult::regtype::text FROM pg_operator
		                 WHERE oprname = sig.name AND oprnamespace = 'pg_catalog'::regnamespace
		                   AND oprleft = sig.lt AND oprright = sig.rt), 'bool');
		BEGIN
			EXECUTE format('CREATE FUNCTION %s(%s) RETURNS %s LANGUAGE plpgsql AS %L', fname, argl, ret, body);
			EXECUTE format('CREATE OPERATOR %I.%s (%s RIGHTARG = %s, FUNCTION = %s)', target, sig.name,
			               CASE WHEN sig.lt <> 0 THEN format('LEFTARG = %s,', sig.lt::regtype) ELSE '' END,
			               sig.rt::regtype, fname);
			nop := nop + 1;
		EXCEPTION WHEN OTHERS THEN
			nbad := nbad + 1;
		END;
	END LOOP;
	names := (SELECT count(*) FROM called_functions) + (SELECT count(*) FROM called_operators);
	functions := nf;
	operators := nop;
	refused := nbad;
	RETURN NEXT;
END
$$;

-- A value for an argument of this type; the n-th daterange of a call gets
-- a different period.
CREATE FUNCTION overload_check.argument(t pg_catalog.oid, n pg_catalog.int4)
RETURNS pg_catalog.text
LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $$
	SELECT CASE
		WHEN t = (SELECT oid FROM pg_type WHERE typname = 'offence_summary'
		          AND typnamespace = (SELECT extnamespace FROM pg_extension WHERE extname = 'groomstats'))
			THEN '(SELECT s FROM overload_check.sample)'
		WHEN t = 'daterange'::regtype AND n = 1 THEN '''[2017-04-03,2018-04-01)''::pg_catalog.daterange'
		WHEN t = 'daterange'::regtype THEN '''[2018-04-01,2019-03-31)''::pg_catalog.daterange'
		WHEN t = 'float8'::regtype THEN '0.95::pg_catalog.float8'
		WHEN t = 'int4'::regtype THEN '3::pg_catalog.int4'
		WHEN t = 'int8'::regtype THEN '1234::pg_catalog.int8'
		WHEN t = 'text'::regtype THEN '''A | *title* <b>''::pg_catalog.text'
		WHEN t = 'text[]'::regtype THEN '''{Facebook,Kik}''::pg_catalog.text[]'
		WHEN t = 'bool'::regtype THEN 'false'
		WHEN t = 'date'::regtype THEN '''2017-04-03''::pg_catalog.date'
		ELSE format('NULL::%s', t::regtype)
	END
$$;

CREATE FUNCTION overload_check.run_all()
RETURNS TABLE(fn pg_catalog.text, threshold pg_catalog.int4, result pg_catalog.text)
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
	f record;
	args text[];
	call text;
BEGIN
	FOR f IN
		SELECT p.oid, format('%I.%I', n.nspname, p.proname) AS qname,
		       string_to_array(p.proargtypes::text, ' ')::oid[] AS ins
		FROM overload_check.ext_functions() e JOIN pg_proc p ON p.oid = e.fn
		JOIN pg_namespace n ON n.oid = p.pronamespace
		ORDER BY p.oid::regprocedure::text
	LOOP
		args := '{}';
		FOR i IN 1 .. coalesce(array_length(f.ins, 1), 0) LOOP
			args := args || overload_check.argument(f.ins[i],
				(SELECT count(*) FROM unnest(f.ins[1:i]) t WHERE t = f.ins[i])::int);
		END LOOP;
		call := format('SELECT pg_catalog.array_agg(t::pg_catalog.text)::pg_catalog.text FROM %s(%s) t',
		               f.qname, array_to_string(args, ', '));
		FOREACH threshold IN ARRAY '{0,50}'::int[] LOOP
			fn := f.oid::regprocedure::text;
			BEGIN
				PERFORM set_config('groomstats.min_cell_count', threshold::text, true);
				EXECUTE call INTO result;
				result := 'ok: ' || coalesce(result, 'NULL');
			EXCEPTION WHEN OTHERS THEN
				result := format('ERROR %s: %s', SQLSTATE, SQLERRM);
			END;
			RETURN NEXT;
		END LOOP;
	END LOOP;
	-- and every view of the extension (resolved when the script ran)
	FOR f IN
		SELECT c.oid::regclass AS rel
		FROM pg_depend d JOIN pg_extension e ON d.refclassid = 'pg_extension'::regclass AND d.refobjid = e.oid
		JOIN pg_class c ON d.classid = 'pg_class'::regclass AND d.objid = c.oid
		WHERE e.extname = 'groomstats' AND d.deptype = 'e' AND c.relkind = 'v'
		ORDER BY 1
	LOOP
		fn := 'view ' || f.rel::text;
		threshold := 0;
		BEGIN
			EXECUTE format('SELECT pg_catalog.array_agg(t::pg_catalog.text ORDER BY t::pg_catalog.text)::pg_catalog.text FROM %s t',
			               f.rel) INTO result;
			result := 'ok: ' || coalesce(result, 'NULL');
		EXCEPTION WHEN OTHERS THEN
			result := format('ERROR %s: %s', SQLSTATE, SQLERRM);
		END;
		RETURN NEXT;
	END LOOP;
END
$$;

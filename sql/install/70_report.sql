-- The standard report, as Markdown text that reads well in psql and in a
-- scheduled job's output table.  Its functions run with lc_numeric and
-- lc_time 'C': the report is English whatever the server's locale, and
-- to_char under a UTF-8 locale fails in a MULE_INTERNAL database (PostgreSQL
-- has no conversion from UTF8 to it).  Its non-ASCII characters come from
-- report_glyph (69_report_glyphs.sql), so this file is ASCII.
--
-- offence_report joins sections; each section is a function of its own that
-- returns its Markdown, or NULL to leave it out (concat_ws skips NULLs), so a
-- new section is one function and one line in offence_report.
--
-- These functions are SQL and plpgsql, and run with the privileges of
-- whoever calls them (a superuser's scheduled job, say), while the schema
-- they live in may belong to someone else (a trusted extension's owner, or
-- anyone with CREATE on public).  So every call here names exactly one
-- object whatever that schema holds (issue 11): functions qualified with
-- @extschema@ or pg_catalog and given arguments of exactly their declared
-- types (literals and NULLs cast, every argument written out, no VARIADIC
-- helpers), operators written OPERATOR(pg_catalog.x), types qualified.
-- test/scripts/hostile_overloads.sh plants overloads of every name these
-- bodies call and checks that none is ever chosen.
--
-- CREATE OR REPLACE throughout: this file is also the 1.0--1.1 upgrade
-- fragment (sql/upgrade/1.0--1.1/70_report.sql is a link to it).

-- The disclosure threshold in force, as the report states it (0: off).
CREATE OR REPLACE FUNCTION @extschema@.report_threshold()
RETURNS pg_catalog.int4
LANGUAGE sql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
SET lc_numeric = 'C' SET lc_time = 'C'
AS $$
	SELECT GREATEST(
		COALESCE(pg_catalog.current_setting('groomstats.min_cell_count'::pg_catalog.text, true),
		         '0'::pg_catalog.text)::pg_catalog.int4,
		COALESCE(pg_catalog.current_setting('groomstats.min_cell_count_floor'::pg_catalog.text, true),
		         '0'::pg_catalog.text)::pg_catalog.int4)
$$;

-- A count as published: thousands separators, or '<N' when disclosure
-- control hides it (as DfE and police FOI tables print small cells).
CREATE OR REPLACE FUNCTION @extschema@.report_count(n pg_catalog.int8)
RETURNS pg_catalog.text
LANGUAGE sql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
SET lc_numeric = 'C' SET lc_time = 'C'
AS $$
	SELECT CASE WHEN n IS NULL
		THEN pg_catalog.concat('<'::pg_catalog.text, @extschema@.report_threshold())
		ELSE pg_catalog.btrim(pg_catalog.to_char(n, 'FM999G999G999G999G999G990'::pg_catalog.text)) END
$$;

-- Text from the data (platform names, bands, titles) as Markdown shows it
-- literally: punctuation that Markdown or a table reads is escaped with a
-- backslash, and line breaks and other control characters become spaces
-- (a newline would end the table row).
CREATE OR REPLACE FUNCTION @extschema@.report_text(t pg_catalog.text)
RETURNS pg_catalog.text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
SET lc_numeric = 'C' SET lc_time = 'C'
AS $$
	SELECT pg_catalog.regexp_replace(
		pg_catalog.regexp_replace(t, '[[:cntrl:]]+'::pg_catalog.text, ' '::pg_catalog.text, 'g'::pg_catalog.text),
		'([\\`*_\[\]<>|~&])'::pg_catalog.text, '\\\1'::pg_catalog.text, 'g'::pg_catalog.text)
$$;

-- One table row from its cells (already formatted and escaped).
CREATE OR REPLACE FUNCTION @extschema@.report_row(cells pg_catalog.text[])
RETURNS pg_catalog.text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
SET lc_numeric = 'C' SET lc_time = 'C'
AS $$
	SELECT pg_catalog.concat('| '::pg_catalog.text,
	                         pg_catalog.array_to_string(cells, ' | '::pg_catalog.text, ''::pg_catalog.text),
	                         ' |'::pg_catalog.text)
$$;

-- A day as the report prints it, 3 April 2017, for every date PostgreSQL
-- has (to_char goes through timestamp, which ends in 294276 AD).
CREATE OR REPLACE FUNCTION @extschema@.report_date(d pg_catalog.date)
RETURNS pg_catalog.text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
SET lc_numeric = 'C' SET lc_time = 'C'
AS $$
	SELECT pg_catalog.format('%s %s %s'::pg_catalog.text,
		EXTRACT(DAY FROM d),
		('{January,February,March,April,May,June,July,August,September,October,November,December}'::pg_catalog.text[])
			[EXTRACT(MONTH FROM d)::pg_catalog.int4],
		CASE WHEN EXTRACT(YEAR FROM d) OPERATOR(pg_catalog.>) 0::pg_catalog.numeric
		     THEN EXTRACT(YEAR FROM d)::pg_catalog.text
		     ELSE pg_catalog.concat(OPERATOR(pg_catalog.-) EXTRACT(YEAR FROM d), ' BC'::pg_catalog.text) END)
$$;

CREATE OR REPLACE FUNCTION @extschema@.report_period(period pg_catalog.daterange)
RETURNS pg_catalog.text
LANGUAGE sql STABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
SET lc_numeric = 'C' SET lc_time = 'C'
AS $$
	SELECT pg_catalog.concat(@extschema@.report_date(pg_catalog.lower(period)), ' to '::pg_catalog.text,
	                         @extschema@.report_date(pg_catalog.upper(period) OPERATOR(pg_catalog.-) 1::pg_catalog.int4))
$$;

-- A confidence level as a percentage: 95%, 99.8%.
CREATE OR REPLACE FUNCTION @extschema@.report_level(level pg_catalog.float8)
RETURNS pg_catalog.text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
SET lc_numeric = 'C' SET lc_time = 'C'
AS $$
	SELECT pg_catalog.concat(
		pg_catalog.rtrim(pg_catalog.rtrim(
			pg_catalog.to_char(100::pg_catalog.float8 OPERATOR(pg_catalog.*) level, 'FM990.9999'::pg_catalog.text),
			'0'::pg_catalog.text), '.'::pg_catalog.text),
		'%'::pg_catalog.text)
$$;

-- A share as a percentage with its interval, and a bar of block characters
-- ('' for NULL: the caller says why there is none).
CREATE OR REPLACE FUNCTION @extschema@.report_share(share pg_catalog.float8, lower pg_catalog.float8,
													upper pg_catalog.float8, width pg_catalog.int4 DEFAULT 30)
RETURNS pg_catalog.text
LANGUAGE sql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
SET lc_numeric = 'C' SET lc_time = 'C'
AS $$
	SELECT CASE WHEN share IS NULL THEN ''::pg_catalog.text
		ELSE pg_catalog.format('%s%% (%s%s%s) %s'::pg_catalog.text,
			pg_catalog.to_char(100::pg_catalog.float8 OPERATOR(pg_catalog.*) share, 'FM990.0'::pg_catalog.text),
			pg_catalog.to_char(100::pg_catalog.float8 OPERATOR(pg_catalog.*) lower, 'FM990.0'::pg_catalog.text),
			@extschema@.report_glyph('dash'::pg_catalog.text),
			pg_catalog.to_char(100::pg_catalog.float8 OPERATOR(pg_catalog.*) upper, 'FM990.0'::pg_catalog.text),
			pg_catalog.repeat(@extschema@.report_glyph('bar'::pg_catalog.text),
				pg_catalog.round(width::pg_catalog.float8 OPERATOR(pg_catalog.*) share)::pg_catalog.int4)) END
$$;

-- The share cell of a table row: the share; empty when disclosure control
-- hid it (the count cell says <N); 'not applicable' when there is no share.
CREATE OR REPLACE FUNCTION @extschema@.report_share_cell(share pg_catalog.float8, lower pg_catalog.float8,
														 upper pg_catalog.float8, suppressed pg_catalog.bool)
RETURNS pg_catalog.text
LANGUAGE sql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
SET lc_numeric = 'C' SET lc_time = 'C'
AS $$
	SELECT CASE WHEN suppressed THEN ''::pg_catalog.text
	            WHEN share IS NULL THEN 'not applicable'::pg_catalog.text
	            ELSE @extschema@.report_share(share, lower, upper, 30::pg_catalog.int4) END
$$;

-- A percentage of a denominator, or why there is none.
CREATE OR REPLACE FUNCTION @extschema@.report_percent(part pg_catalog.float8, whole pg_catalog.float8)
RETURNS pg_catalog.text
LANGUAGE sql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
SET lc_numeric = 'C' SET lc_time = 'C'
AS $$
	SELECT CASE WHEN whole OPERATOR(pg_catalog.=) 0::pg_catalog.float8 THEN 'not applicable'::pg_catalog.text
	            WHEN part IS NULL OR whole IS NULL THEN 'hidden'::pg_catalog.text
	            ELSE pg_catalog.concat(pg_catalog.to_char(100::pg_catalog.float8 OPERATOR(pg_catalog.*) part
	                                                      OPERATOR(pg_catalog./) whole, 'FM990.0'::pg_catalog.text),
	                                   '%'::pg_catalog.text) END
$$;

-- Section: the title and the table of figures for the period (and the
-- comparison with compare_period when it is given).
CREATE OR REPLACE FUNCTION @extschema@.report_figures(s @extschema@.offence_summary,
													  period pg_catalog.daterange,
													  title pg_catalog.text,
													  compare_period pg_catalog.daterange,
													  level pg_catalog.float8)
RETURNS pg_catalog.text
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
SET lc_numeric = 'C' SET lc_time = 'C'
AS $$
DECLARE
	r record;
	c record;
	rr record;
	pct pg_catalog.text := @extschema@.report_level(level);
	rate_text pg_catalog.text;
	compare_rows pg_catalog.text;
BEGIN
	-- First, so that a bad period or level is refused before anything else.
	SELECT * INTO r FROM @extschema@.per_day_rate_ci(s, period, level, 'exact'::pg_catalog.text);
	rate_text := CASE WHEN r.offences IS NULL THEN 'hidden'::pg_catalog.text
		ELSE pg_catalog.format('%s (%s CI %s to %s, exact Poisson)'::pg_catalog.text,
			pg_catalog.to_char(r.rate, 'FM999G990.00'::pg_catalog.text), pct,
			pg_catalog.to_char(r.lower, 'FM999G990.00'::pg_catalog.text),
			pg_catalog.to_char(r.upper, 'FM999G990.00'::pg_catalog.text)) END;

	IF compare_period IS NOT NULL THEN
		-- The change as published: the count's percentage change ("up 38%
		-- on the year before"), then the daily rate's with its exact test.
		SELECT * INTO c FROM @extschema@.per_day_rate_ci(s, compare_period, level, 'exact'::pg_catalog.text);
		SELECT * INTO rr FROM @extschema@.count_change(s, period, s, compare_period, level);
		compare_rows := pg_catalog.concat_ws(E'\n'::pg_catalog.text,
			@extschema@.report_row(ARRAY[@extschema@.report_period(compare_period),
				CASE WHEN c.offences IS NULL THEN 'hidden'::pg_catalog.text
				ELSE pg_catalog.format('%s offences, %s a day'::pg_catalog.text,
					@extschema@.report_count(c.offences),
					pg_catalog.to_char(c.rate, 'FM999G990.00'::pg_catalog.text)) END]),
			@extschema@.report_row(ARRAY['Change in offences'::pg_catalog.text,
				CASE
				WHEN rr.offences1 IS NULL THEN 'hidden'::pg_catalog.text
				WHEN rr.offences2 OPERATOR(pg_catalog.=) 0::pg_catalog.int8
					THEN 'not applicable (no offences in the comparison period)'::pg_catalog.text
				ELSE pg_catalog.format('%s%% (%s against %s)'::pg_catalog.text,
					pg_catalog.to_char(rr.pct_change, 'FMSG990.0'::pg_catalog.text),
					@extschema@.report_count(rr.offences1), @extschema@.report_count(rr.offences2)) END]),
			@extschema@.report_row(ARRAY['Change in the daily rate'::pg_catalog.text,
				CASE
				WHEN rr.offences1 IS NULL THEN 'hidden'::pg_catalog.text
				WHEN rr.rate_pct_change IS NULL THEN 'not applicable (no offences in either period)'::pg_catalog.text
				WHEN rr.rate_pct_change OPERATOR(pg_catalog.=) 'Infinity'::pg_catalog.float8
					THEN 'not applicable (no offences in the comparison period)'::pg_catalog.text
				ELSE pg_catalog.format('%s%% (%s CI %s%% to %s%%, exact conditional test, p %s)'::pg_catalog.text,
					pg_catalog.to_char(rr.rate_pct_change, 'FMSG990.0'::pg_catalog.text), pct,
					pg_catalog.to_char(rr.lower, 'FMSG990.0'::pg_catalog.text),
					pg_catalog.to_char(rr.upper, 'FMSG990.0'::pg_catalog.text),
					CASE WHEN rr.p_value OPERATOR(pg_catalog.<) 0.001::pg_catalog.float8 THEN '< 0.001'::pg_catalog.text
					     ELSE pg_catalog.concat('= '::pg_catalog.text,
					                            pg_catalog.to_char(rr.p_value, 'FM0.000'::pg_catalog.text)) END) END]));
	END IF;

	RETURN pg_catalog.concat_ws(E'\n'::pg_catalog.text,
		pg_catalog.format('# %s: %s'::pg_catalog.text,
			@extschema@.report_text(COALESCE(title, 'Offence report'::pg_catalog.text)),
			@extschema@.report_period(period)),
		''::pg_catalog.text,
		'| Figure | Value |'::pg_catalog.text,
		'|---|---|'::pg_catalog.text,
		@extschema@.report_row(ARRAY['Offences recorded in the period'::pg_catalog.text,
			@extschema@.report_count(r.offences)]),
		@extschema@.report_row(ARRAY['Days in the period'::pg_catalog.text, r.days::pg_catalog.text]),
		@extschema@.report_row(ARRAY['Offences per day'::pg_catalog.text, rate_text]),
		compare_rows,
		@extschema@.report_row(ARRAY['Undated offences in the summary (not in any rate)'::pg_catalog.text,
			@extschema@.report_count(@extschema@.undated(s))]));
END
$$;

-- Section: platform and age figures describe the whole summary; say so
-- when it reaches beyond the period (NULL when it does not).
CREATE OR REPLACE FUNCTION @extschema@.report_scope_note(s @extschema@.offence_summary,
														 period pg_catalog.daterange)
RETURNS pg_catalog.text
LANGUAGE sql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
SET lc_numeric = 'C' SET lc_time = 'C'
AS $$
	SELECT CASE
		WHEN @extschema@.first_recorded(s) IS NULL AND @extschema@.offences(s) OPERATOR(pg_catalog.=) 0::pg_catalog.int8
			THEN NULL::pg_catalog.text
		WHEN @extschema@.first_recorded(s) IS NULL
			THEN 'Platform and age figures below cover every offence in the summary (none of them dated), not only those in the period.'::pg_catalog.text
		WHEN @extschema@.first_recorded(s) OPERATOR(pg_catalog.<) pg_catalog.lower(period)
		  OR @extschema@.last_recorded(s) OPERATOR(pg_catalog.>=) pg_catalog.upper(period)
		  OR @extschema@.undated(s) IS NULL
		  OR @extschema@.undated(s) OPERATOR(pg_catalog.<>) 0::pg_catalog.int8
			THEN pg_catalog.format('Platform and age figures below cover every offence in the summary (recorded %s to %s%s), not only those in the period.'::pg_catalog.text,
				@extschema@.report_date(@extschema@.first_recorded(s)),
				@extschema@.report_date(@extschema@.last_recorded(s)),
				CASE WHEN @extschema@.undated(s) OPERATOR(pg_catalog.=) 0::pg_catalog.int8 THEN ''::pg_catalog.text
				     ELSE ', and undated ones'::pg_catalog.text END)
		END
$$;

-- Rows of a platform table, beyond which hidden rows are one line.
CREATE OR REPLACE FUNCTION @extschema@.report_hidden_run()
RETURNS pg_catalog.int4
LANGUAGE sql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
SET lc_numeric = 'C' SET lc_time = 'C'
AS $$ SELECT 3::pg_catalog.int4 $$;

-- Section: the top platforms with their shares; the platforms disclosure
-- control hides (platform_shares puts them last), one line each or, three
-- or more, one line for all; any of Facebook, Snapchat or Instagram.
CREATE OR REPLACE FUNCTION @extschema@.report_platforms(s @extschema@.offence_summary,
														level pg_catalog.float8,
														top_platforms pg_catalog.int4)
RETURNS pg_catalog.text
LANGUAGE sql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
SET lc_numeric = 'C' SET lc_time = 'C'
AS $$
	WITH p AS (
		SELECT * FROM @extschema@.platform_shares(s, level)
			WITH ORDINALITY AS p(platform, offences, share, lower, upper, rank, suppressed, ord)),
	hidden AS (SELECT pg_catalog.count(*) AS n FROM p WHERE p.suppressed),
	-- Those of the three the summary holds (the count is the same, and
	-- absent names would draw a NOTICE meant for a user's typo).
	fsi_names AS (
		SELECT COALESCE(pg_catalog.array_agg(p.platform), '{}'::pg_catalog.text[]) AS names,
		       pg_catalog.bool_or(p.suppressed) AS any_hidden
		FROM p WHERE p.platform OPERATOR(pg_catalog.=) ANY ('{Facebook,Snapchat,Instagram}'::pg_catalog.text[])),
	fsi AS (
		SELECT n.any_hidden, @extschema@.platform_offences(s, n.names) AS offences,
		       @extschema@.platform_share(s, n.names) AS share
		FROM fsi_names n)
	SELECT pg_catalog.concat_ws(E'\n'::pg_catalog.text,
		pg_catalog.format('## Platforms (share of %s offences with a platform recorded; %s Wilson intervals)'::pg_catalog.text,
			@extschema@.report_count(@extschema@.platform_recorded(s)), @extschema@.report_level(level)),
		''::pg_catalog.text,
		'| Rank | Platform | Offences | Share |'::pg_catalog.text,
		'|---|---|---|---|'::pg_catalog.text,
		(SELECT pg_catalog.string_agg(@extschema@.report_row(ARRAY[COALESCE(p.rank::pg_catalog.text, ''::pg_catalog.text),
				@extschema@.report_text(p.platform), @extschema@.report_count(p.offences),
				@extschema@.report_share_cell(p.share, p.lower, p.upper, p.suppressed)]),
				E'\n'::pg_catalog.text ORDER BY p.ord)
		 FROM p, hidden
		 WHERE p.rank OPERATOR(pg_catalog.<=) top_platforms
		    OR (p.suppressed AND hidden.n OPERATOR(pg_catalog.<) @extschema@.report_hidden_run()::pg_catalog.int8)),
		(SELECT @extschema@.report_row(ARRAY[''::pg_catalog.text,
				pg_catalog.format('%s platforms with fewer than %s offences, or hidden with them'::pg_catalog.text,
					hidden.n, @extschema@.report_threshold()),
				'hidden'::pg_catalog.text, 'hidden'::pg_catalog.text])
		 FROM hidden WHERE hidden.n OPERATOR(pg_catalog.>=) @extschema@.report_hidden_run()::pg_catalog.int8),
		''::pg_catalog.text,
		(SELECT CASE
			WHEN fsi.any_hidden
				THEN 'Any of Facebook, Snapchat or Instagram: hidden (disclosure control hides one of them).'::pg_catalog.text
			ELSE pg_catalog.format('Any of Facebook, Snapchat or Instagram: %s offences; %s, %s.'::pg_catalog.text,
				@extschema@.report_count(fsi.offences),
				CASE WHEN @extschema@.offences(s) OPERATOR(pg_catalog.=) 0::pg_catalog.int8
					THEN 'share of all offences not applicable (there are none)'::pg_catalog.text
					ELSE pg_catalog.concat(@extschema@.report_percent(fsi.offences::pg_catalog.float8,
					                                                   @extschema@.offences(s)::pg_catalog.float8),
					                       ' of all offences'::pg_catalog.text) END,
				CASE WHEN @extschema@.platform_recorded(s) OPERATOR(pg_catalog.=) 0::pg_catalog.int8
					THEN 'share of those with a platform recorded not applicable (none has one)'::pg_catalog.text
					WHEN fsi.share IS NULL THEN 'a hidden share of those with a platform recorded'::pg_catalog.text
					ELSE pg_catalog.concat(@extschema@.report_percent(fsi.share, 1::pg_catalog.float8),
					                       ' of those with a platform recorded'::pg_catalog.text) END)
			END
		 FROM fsi))
$$;

-- Section: victim ages in the standard bands.
CREATE OR REPLACE FUNCTION @extschema@.report_ages(s @extschema@.offence_summary, level pg_catalog.float8)
RETURNS pg_catalog.text
LANGUAGE sql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
SET lc_numeric = 'C' SET lc_time = 'C'
AS $$
	SELECT pg_catalog.concat_ws(E'\n'::pg_catalog.text,
		pg_catalog.format('## Victim ages (share of %s offences with an age recorded; median %s)'::pg_catalog.text,
			@extschema@.report_count(@extschema@.age_recorded(s)),
			CASE WHEN @extschema@.age_recorded(s) OPERATOR(pg_catalog.=) 0::pg_catalog.int8 THEN 'not applicable'::pg_catalog.text
			     ELSE COALESCE(pg_catalog.to_char(@extschema@.median_age(s), 'FM990.0'::pg_catalog.text),
			                   'hidden'::pg_catalog.text) END),
		''::pg_catalog.text,
		'| Band | Offences | Share |'::pg_catalog.text,
		'|---|---|---|'::pg_catalog.text,
		(SELECT pg_catalog.string_agg(@extschema@.report_row(ARRAY[@extschema@.report_text(b.band),
				@extschema@.report_count(b.offences),
				@extschema@.report_share_cell(b.share, b.lower, b.upper, b.suppressed)]),
				E'\n'::pg_catalog.text ORDER BY b.ord)
		 FROM @extschema@.age_bands(s, '0-11,12-15,16-17'::pg_catalog.text, level)
			WITH ORDINALITY AS b(band, offences, share, lower, upper, suppressed, ord)))
$$;

-- Section: what disclosure control does, when it is on (NULL when off).
CREATE OR REPLACE FUNCTION @extschema@.report_disclosure_note()
RETURNS pg_catalog.text
LANGUAGE sql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
SET lc_numeric = 'C' SET lc_time = 'C'
AS $$
	SELECT CASE WHEN @extschema@.report_threshold() OPERATOR(pg_catalog.>) 1::pg_catalog.int4 THEN
		pg_catalog.format('Disclosure control is on: counts under %s are hidden, with further cells where a table''s total would give them away. Figures from different tables of this report can still be combined (e.g. offences minus those with an age recorded): check before publishing.'::pg_catalog.text,
			@extschema@.report_threshold()) END
$$;

-- The report: its sections in order.  NULL s, period, level or
-- top_platforms give NULL, as a STRICT function would (title and
-- compare_period may be NULL: the default title, no comparison).
CREATE OR REPLACE FUNCTION @extschema@.offence_report(s @extschema@.offence_summary,
													  period pg_catalog.daterange,
													  title pg_catalog.text DEFAULT NULL,
													  compare_period pg_catalog.daterange DEFAULT NULL,
													  level pg_catalog.float8 DEFAULT 0.95,
													  top_platforms pg_catalog.int4 DEFAULT 10)
RETURNS pg_catalog.text
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
SET lc_numeric = 'C' SET lc_time = 'C'
AS $$
BEGIN
	IF s IS NULL OR period IS NULL OR level IS NULL OR top_platforms IS NULL THEN
		RETURN NULL;
	END IF;
	RETURN pg_catalog.concat_ws(E'\n\n'::pg_catalog.text,
		@extschema@.report_figures(s, period, title, compare_period, level),
		@extschema@.report_scope_note(s, period),
		@extschema@.report_platforms(s, level, top_platforms),
		@extschema@.report_ages(s, level),
		@extschema@.report_disclosure_note());
END
$$;

COMMENT ON FUNCTION @extschema@.report_threshold() IS
'The disclosure threshold in force as the report states it: the larger of groomstats.min_cell_count and groomstats.min_cell_count_floor (0: off).';
COMMENT ON FUNCTION @extschema@.report_count(pg_catalog.int8) IS
'A count as the report prints it: 3,171; or <N when disclosure control hid it (NULL).';
COMMENT ON FUNCTION @extschema@.report_text(pg_catalog.text) IS
'Text from the data (a platform name, a band, a title) as Markdown shows it literally: Markdown punctuation (\ ` * _ [ ] < > | ~ &) escaped with a backslash, control characters (newlines, tabs) as spaces.';
COMMENT ON FUNCTION @extschema@.report_row(pg_catalog.text[]) IS
'One Markdown table row from its cells, which the caller has formatted and escaped: | a | b |.';
COMMENT ON FUNCTION @extschema@.report_date(pg_catalog.date) IS
'A day as the report prints it: 3 April 2017; any date, to 5874897 AD and back to 4713 BC.';
COMMENT ON FUNCTION @extschema@.report_period(pg_catalog.daterange) IS
'A period as the report prints it: 3 April 2017 to 31 March 2018.';
COMMENT ON FUNCTION @extschema@.report_level(pg_catalog.float8) IS
'A confidence level as the report prints it: 95%, 99.8%.';
COMMENT ON FUNCTION @extschema@.report_share(pg_catalog.float8, pg_catalog.float8, pg_catalog.float8, pg_catalog.int4) IS
'A share as the report prints it: percentage, interval, and a bar of block characters; '''' when the share is NULL.';
COMMENT ON FUNCTION @extschema@.report_share_cell(pg_catalog.float8, pg_catalog.float8, pg_catalog.float8, pg_catalog.bool) IS
'The share cell of a report table: report_share; empty when suppressed (the count cell shows <N); not applicable (no share: a denominator of 0, or a row outside the denominator).';
COMMENT ON FUNCTION @extschema@.report_percent(pg_catalog.float8, pg_catalog.float8) IS
'part over whole as the report prints it: 48.2%; not applicable when whole is 0; hidden when either is NULL.';
COMMENT ON FUNCTION @extschema@.report_figures(@extschema@.offence_summary, pg_catalog.daterange, pg_catalog.text, pg_catalog.daterange, pg_catalog.float8) IS
'Report section: the title and the table of figures for the period (offences, days, per-day rate with its exact interval; the comparison period and rate ratio when compare_period is not NULL; undated offences).';
COMMENT ON FUNCTION @extschema@.report_scope_note(@extschema@.offence_summary, pg_catalog.daterange) IS
'Report section: a note that platform and age figures cover the whole summary, when it holds offences outside the period (undated ones included); NULL otherwise.';
COMMENT ON FUNCTION @extschema@.report_hidden_run() IS
'How many hidden platforms the report prints as one line instead of one line each (3).';
COMMENT ON FUNCTION @extschema@.report_platforms(@extschema@.offence_summary, pg_catalog.float8, pg_catalog.int4) IS
'Report section: the top_platforms platforms with Wilson intervals; hidden platforms one line each, or one line for all when there are report_hidden_run() or more; any of Facebook, Snapchat or Instagram.';
COMMENT ON FUNCTION @extschema@.report_ages(@extschema@.offence_summary, pg_catalog.float8) IS
'Report section: victim ages in the bands 0-11, 12-15 and 16-17 (then other and not recorded), with Wilson intervals and the median.';
COMMENT ON FUNCTION @extschema@.report_disclosure_note() IS
'Report section: what disclosure control hides and what a reader can still combine, when it is on; NULL when it is off.';
COMMENT ON FUNCTION @extschema@.offence_report(@extschema@.offence_summary, pg_catalog.daterange, pg_catalog.text, pg_catalog.daterange, pg_catalog.float8, pg_catalog.int4) IS
'The standard report as Markdown: offences and per-day rate in the period with its exact interval, the change against compare_period (count_change: the percentage change of offences, and of the daily rate with its exact interval and p-value), top platforms with Wilson intervals, any of Facebook/Snapchat/Instagram (over all offences and over those with a platform recorded), age bands, with text bar charts. Platform and age figures cover the whole summary. Names and the title are escaped for Markdown; "hidden" marks what disclosure control hid, "not applicable" a share or change with nothing to divide by. NULL s, period, level or top_platforms: NULL (title and compare_period may be NULL).';

-- The standard report, as Markdown text that reads well in psql and in a
-- scheduled job's output table.  Its functions run with lc_numeric and
-- lc_time 'C': the report is English whatever the server's locale, and
-- to_char under a UTF-8 locale fails in a MULE_INTERNAL database (PostgreSQL
-- has no conversion from UTF8 to it).

-- A count as published: thousands separators, or '<N' when disclosure
-- control hides it (as DfE and police FOI tables print small cells).
CREATE FUNCTION @extschema@.report_count(n pg_catalog.int8)
RETURNS pg_catalog.text
LANGUAGE sql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
SET lc_numeric = 'C' SET lc_time = 'C'
AS $$
	SELECT CASE WHEN n IS NULL
		THEN '<' || greatest(coalesce(current_setting('groomstats.min_cell_count', true), '0')::int,
		                     coalesce(current_setting('groomstats.min_cell_count_floor', true), '0')::int)
		ELSE trim(to_char(n, 'FM999G999G999G999G999G990')) END
$$;

-- A share as a percentage with its interval, and a bar of block characters.
CREATE FUNCTION @extschema@.report_share(share pg_catalog.float8, lower pg_catalog.float8,
										 upper pg_catalog.float8, width pg_catalog.int4 DEFAULT 30)
RETURNS pg_catalog.text
LANGUAGE sql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
SET lc_numeric = 'C' SET lc_time = 'C'
AS $$
	SELECT CASE WHEN share IS NULL THEN ''
		ELSE to_char(100 * share, 'FM990.0') || '% (' || to_char(100 * lower, 'FM990.0')
		     || @extschema@.report_glyph('dash'::pg_catalog.text)
		     || to_char(100 * upper, 'FM990.0') || ') '
		     || repeat(@extschema@.report_glyph('bar'::pg_catalog.text), round(width * share)::int) END
$$;

CREATE FUNCTION @extschema@.report_period(period pg_catalog.daterange)
RETURNS pg_catalog.text
LANGUAGE sql STABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
SET lc_numeric = 'C' SET lc_time = 'C'
AS $$
	SELECT to_char(lower(period), 'FMDD FMMonth YYYY') || ' to '
	       || to_char(upper(period) - 1, 'FMDD FMMonth YYYY')
$$;

CREATE FUNCTION @extschema@.offence_report(s @extschema@.offence_summary,
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
DECLARE
	out text[] := '{}';
	r record;
	c record;
	rr record;
	pct text := rtrim(rtrim(to_char(100 * level, 'FM990.9999'), '0'), '.') || '%';
BEGIN
	SELECT * INTO r FROM @extschema@.per_day_rate_ci(s, period, level);
	out := out || ('# ' || coalesce(title, 'Offence report') || ': ' || @extschema@.report_period(period));
	out := out || ''::text;
	out := out || '| Figure | Value |'::text || '|---|---|'::text;
	out := out || ('| Offences recorded in the period | ' || @extschema@.report_count(r.offences) || ' |');
	out := out || ('| Days in the period | ' || r.days || ' |');
	out := out || ('| Offences per day | ' || coalesce(to_char(r.rate, 'FM999G990.00') || ' (' || pct || ' CI '
	               || to_char(r.lower, 'FM999G990.00') || ' to ' || to_char(r.upper, 'FM999G990.00')
	               || ', exact Poisson)', @extschema@.report_count(NULL)) || ' |');
	IF compare_period IS NOT NULL THEN
		SELECT * INTO c FROM @extschema@.per_day_rate_ci(s, compare_period, level);
		SELECT * INTO rr FROM @extschema@.rate_ratio(s, period, s, compare_period, level);
		out := out || ('| ' || @extschema@.report_period(compare_period) || ' | '
		               || @extschema@.report_count(c.offences) || ' offences, '
		               || coalesce(to_char(c.rate, 'FM999G990.00'), @extschema@.report_glyph('dash'::pg_catalog.text)) || ' a day |');
		out := out || ('| Change in the daily rate | ' || coalesce(
		               to_char(100 * (rr.ratio - 1), 'FMSG990.0') || '% (rate ratio ' || to_char(rr.ratio, 'FM990.000')
		               || ', ' || pct || ' CI ' || to_char(rr.lower, 'FM990.000') || ' to '
		               || to_char(rr.upper, 'FM990.000') || ', p '
		               || CASE WHEN rr.p_value < 0.001 THEN '< 0.001' ELSE '= ' || to_char(rr.p_value, 'FM0.000') END
		               || ')', @extschema@.report_glyph('dash'::pg_catalog.text)) || ' |');
	END IF;
	out := out || ('| Undated offences in the summary (not in any rate) | ' || @extschema@.report_count(@extschema@.undated(s)) || ' |');

	-- Platform and age figures describe the whole summary: say so if it
	-- reaches beyond the period.
	out := out || ''::text;
	IF @extschema@.first_recorded(s) < lower(period) OR @extschema@.last_recorded(s) >= upper(period)
	   OR @extschema@.undated(s) IS DISTINCT FROM 0 THEN
		out := out || ('Platform and age figures below cover every offence in the summary (recorded '
		               || to_char(@extschema@.first_recorded(s), 'FMDD FMMonth YYYY') || ' to '
		               || to_char(@extschema@.last_recorded(s), 'FMDD FMMonth YYYY')
		               || ', and undated ones), not only those in the period.');
		out := out || ''::text;
	END IF;

	out := out || ('## Platforms (share of ' || @extschema@.report_count(@extschema@.platform_recorded(s))
	               || ' offences with a platform recorded; ' || pct || ' Wilson intervals)');
	out := out || ''::text || '| Rank | Platform | Offences | Share |'::text || '|---|---|---|---|'::text;
	FOR r IN SELECT * FROM @extschema@.platform_shares(s, level) p
	         WHERE p.rank <= top_platforms OR p.suppressed LOOP
		out := out || ('| ' || coalesce(r.rank::text, '') || ' | ' || r.platform || ' | '
		               || @extschema@.report_count(r.offences) || ' | '
		               || @extschema@.report_share(r.share, r.lower, r.upper) || ' |');
	END LOOP;
	out := out || ''::text;
	-- With one of the three hidden above, their total would give it away.
	IF EXISTS (SELECT 1 FROM @extschema@.platform_shares(s, level) p
	           WHERE p.platform IN ('Facebook', 'Snapchat', 'Instagram') AND p.suppressed) THEN
		out := out || 'Any of Facebook, Snapchat or Instagram: hidden (one of them is a small count).'::text;
	ELSE
	out := out || ('Any of Facebook, Snapchat or Instagram: '
	               || @extschema@.report_count(@extschema@.platform_offences(s, '{Facebook,Snapchat,Instagram}'))
	               || ' offences; ' || coalesce(to_char(100 * @extschema@.platform_offences(s, '{Facebook,Snapchat,Instagram}')
	                                  / nullif(@extschema@.offences(s), 0)::float8, 'FM990.0') || '%', @extschema@.report_glyph('dash'::pg_catalog.text))
	               || ' of all offences, '
	               || coalesce(to_char(100 * @extschema@.platform_share(s, '{Facebook,Snapchat,Instagram}'), 'FM990.0') || '%', 'a hidden share')
	               || ' of those with a platform recorded.');
	END IF;
	out := out || ''::text;

	out := out || ('## Victim ages (share of ' || @extschema@.report_count(@extschema@.age_recorded(s))
	               || ' offences with an age recorded; median ' || coalesce(to_char(@extschema@.median_age(s), 'FM990.0'), @extschema@.report_glyph('dash'::pg_catalog.text)) || ')');
	out := out || ''::text || '| Band | Offences | Share |'::text || '|---|---|---|'::text;
	FOR r IN SELECT * FROM @extschema@.age_bands(s, '0-11,12-15,16-17', level) LOOP
		out := out || ('| ' || r.band || ' | ' || @extschema@.report_count(r.offences) || ' | '
		               || @extschema@.report_share(r.share, r.lower, r.upper) || ' |');
	END LOOP;
	IF substr(@extschema@.report_count(NULL), 2)::int > 1 THEN
		out := out || ''::text;
		out := out || ('Disclosure control is on: counts under ' || substr(@extschema@.report_count(NULL), 2)
		               || ' are hidden, with further cells where a table''s total would give them away.'
		               || ' Figures from different tables of this report can still be combined'
		               || ' (e.g. offences minus those with an age recorded): check before publishing.');
	END IF;
	RETURN array_to_string(out, E'\n');
END
$$;

COMMENT ON FUNCTION @extschema@.report_count(pg_catalog.int8) IS
'A count as the report prints it: 3,171; or <N when disclosure control hid it.';
COMMENT ON FUNCTION @extschema@.report_share(pg_catalog.float8, pg_catalog.float8, pg_catalog.float8, pg_catalog.int4) IS
'A share as the report prints it: percentage, interval, and a bar of block characters.';
COMMENT ON FUNCTION @extschema@.report_period(pg_catalog.daterange) IS
'A period as the report prints it: 3 April 2017 to 31 March 2018.';
COMMENT ON FUNCTION @extschema@.offence_report(@extschema@.offence_summary, pg_catalog.daterange, pg_catalog.text, pg_catalog.daterange, pg_catalog.float8, pg_catalog.int4) IS
'The standard report as Markdown: offences and per-day rate in the period with its exact interval, the change against compare_period (rate ratio, interval, p-value), top platforms with Wilson intervals, any of Facebook/Snapchat/Instagram (over all offences and over those with a platform recorded), age bands, with text bar charts. Platform and age figures cover the whole summary.';

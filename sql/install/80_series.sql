-- Series over time: counts by calendar bucket, "year ending" totals, the
-- change on a base period, and the Poisson trend; a Markdown section for
-- reports and an SVG line chart.
--
-- Set-returning accessors over periods (counts_by, rolling_counts, and
-- daily_counts) return one row per call, in the select list and in FROM: a
-- LIMIT stops the work; a statement timeout cancels a long one.  Every
-- count goes through disclosure control (groomstats.min_cell_count),
-- decided over the whole period before the first row.
--
-- As daily_counts (30_rates.sql, which explains why and how): the public
-- counts_by and rolling_counts are LANGUAGE sql wrappers that the planner
-- inlines, calling their C core (counts_by_stream, rolling_counts_stream)
-- once per row in a select list (a ProjectSet, which streams), never in a
-- FunctionScan (which would store every row first).  Their bodies, with no
-- SET search_path (that would stop the inlining), resolve to exactly one
-- object whatever the search path or the extension's schema holds: one
-- schema-qualified call on the wrapper's own parameters, typed exactly as
-- the C function's (an exact match wins over any overload), and field
-- selection, which PostgreSQL resolves as the column first; no operator,
-- literal or unqualified name.  Not STRICT, so that they inline; the STRICT
-- C core returns no rows for a NULL argument, as before.

CREATE FUNCTION @extschema@.counts_by_stream(s @extschema@.offence_summary,
											 period pg_catalog.daterange,
											 unit pg_catalog.text)
RETURNS TABLE(start pg_catalog.date, days pg_catalog.int4, offences pg_catalog.int8,
			  suppressed pg_catalog.bool)
AS 'MODULE_PATHNAME', 'offence_summary_counts_by'
LANGUAGE C STABLE STRICT PARALLEL SAFE ROWS 60
SUPPORT @extschema@.period_rows_support;

CREATE FUNCTION @extschema@.counts_by(s @extschema@.offence_summary,
									  period pg_catalog.daterange,
									  unit pg_catalog.text)
RETURNS TABLE(start pg_catalog.date, days pg_catalog.int4, offences pg_catalog.int8,
			  suppressed pg_catalog.bool)
LANGUAGE sql STABLE PARALLEL SAFE ROWS 60
AS $$
	SELECT (x.r).start, (x.r).days, (x.r).offences, (x.r).suppressed
	FROM (SELECT @extschema@.counts_by_stream(s, period, unit) AS r) x
$$;

CREATE FUNCTION @extschema@.rolling_counts_stream(s @extschema@.offence_summary,
												  period pg_catalog.daterange,
												  months pg_catalog.int4)
RETURNS TABLE(ending pg_catalog.date, start pg_catalog.date, days pg_catalog.int4,
			  offences pg_catalog.int8, per_day pg_catalog.float8, suppressed pg_catalog.bool)
AS 'MODULE_PATHNAME', 'offence_summary_rolling_counts'
LANGUAGE C STABLE STRICT PARALLEL SAFE ROWS 60
SUPPORT @extschema@.period_rows_support;

CREATE FUNCTION @extschema@.rolling_counts(s @extschema@.offence_summary,
										   period pg_catalog.daterange,
										   months pg_catalog.int4 DEFAULT 12)
RETURNS TABLE(ending pg_catalog.date, start pg_catalog.date, days pg_catalog.int4,
			  offences pg_catalog.int8, per_day pg_catalog.float8, suppressed pg_catalog.bool)
LANGUAGE sql STABLE PARALLEL SAFE ROWS 60
AS $$
	SELECT (x.r).ending, (x.r).start, (x.r).days, (x.r).offences, (x.r).per_day, (x.r).suppressed
	FROM (SELECT @extschema@.rolling_counts_stream(s, period, months) AS r) x
$$;

CREATE FUNCTION @extschema@.count_change(s1 @extschema@.offence_summary,
										 period1 pg_catalog.daterange,
										 s2 @extschema@.offence_summary,
										 period2 pg_catalog.daterange,
										 level pg_catalog.float8 DEFAULT 0.95,
										 OUT offences1 pg_catalog.int8,
										 OUT days1 pg_catalog.int4,
										 OUT offences2 pg_catalog.int8,
										 OUT days2 pg_catalog.int4,
										 OUT change pg_catalog.int8,
										 OUT pct_change pg_catalog.float8,
										 OUT rate_pct_change pg_catalog.float8,
										 OUT lower pg_catalog.float8,
										 OUT upper pg_catalog.float8,
										 OUT p_value pg_catalog.float8)
RETURNS record
AS 'MODULE_PATHNAME', 'offence_summary_count_change'
LANGUAGE C STABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.rate_trend(s @extschema@.offence_summary,
									   period pg_catalog.daterange,
									   unit pg_catalog.text DEFAULT 'year'::pg_catalog.text,
									   level pg_catalog.float8 DEFAULT 0.95::pg_catalog.float8,
									   family pg_catalog.text DEFAULT 'poisson'::pg_catalog.text)
RETURNS TABLE(ratio pg_catalog.float8, lower pg_catalog.float8, upper pg_catalog.float8,
			  p_value pg_catalog.float8, dispersion pg_catalog.float8)
AS 'MODULE_PATHNAME', 'offence_summary_rate_trend'
LANGUAGE C STABLE STRICT PARALLEL SAFE ROWS 1;

COMMENT ON FUNCTION @extschema@.counts_by(@extschema@.offence_summary, pg_catalog.daterange, pg_catalog.text) IS
'One row per calendar bucket overlapping the period, in order, 0 for buckets with no offence: start (the bucket''s first day, or the period''s first day for a clipped first bucket), days (inside the period), offences recorded on those days (undated offences are in no bucket). unit: week (ISO, Monday to Sunday), month, quarter, year, financial_year (1 April to 31 March). suppressed: hidden by disclosure control (a small count, or the next-smallest when one alone could be recovered from the period total). Streams one row per call, in the select list and in FROM (a LIMIT stops the work). Bad unit, unbounded or empty period: 22023.';
COMMENT ON FUNCTION @extschema@.rolling_counts(@extschema@.offence_summary, pg_catalog.daterange, pg_catalog.int4) IS
'"Year ending" totals: for each month end inside the period (ending), the offences recorded in the months (default 12) whole calendar months ending on it, from start (the window may begin before the period), its days, and per_day = offences / days. suppressed: the total is 1 to N-1 offences and hidden (with per_day) by disclosure control. Streams one row per call, in the select list and in FROM (a LIMIT stops the work). months outside 1..12000, unbounded or empty period: 22023.';
COMMENT ON FUNCTION @extschema@.counts_by_stream(@extschema@.offence_summary, pg_catalog.daterange, pg_catalog.text) IS
'The streaming core of counts_by (one row per call, in C): call counts_by, which runs this in a select list so that a LIMIT stops the work in FROM too.';
COMMENT ON FUNCTION @extschema@.rolling_counts_stream(@extschema@.offence_summary, pg_catalog.daterange, pg_catalog.int4) IS
'The streaming core of rolling_counts (one row per call, in C): call rolling_counts, which runs this in a select list so that a LIMIT stops the work in FROM too.';
COMMENT ON FUNCTION @extschema@.count_change(@extschema@.offence_summary, pg_catalog.daterange, @extschema@.offence_summary, pg_catalog.daterange, pg_catalog.float8) IS
'One row: the change from a base (s2 in period2) to s1 in period1: offences1, days1, offences2, days2, change = offences1 - offences2, pct_change = 100 * change / offences2 (the published "up 38%"; Infinity from 0), rate_pct_change = 100 * (rate ratio - 1) of the daily rates, lower and upper its exact conditional interval at level and p_value (two-sided, equal rates), as R poisson.test(c(offences1, offences2), c(days1, days2)) through rate_ratio''s test. Percentages and test NULL when both counts are 0; every count and figure NULL when disclosure control hides either count. Unbounded or empty period, bad level: 22023.';
COMMENT ON FUNCTION @extschema@.rate_trend(@extschema@.offence_summary, pg_catalog.daterange, pg_catalog.text, pg_catalog.float8, pg_catalog.text) IS
'One row: the Poisson log-linear trend of the counts per bucket of the period (counts_by''s buckets, clipped ones included) with log(days) as offset, by iteratively reweighted least squares, as R glm(count ~ t + offset(log(days)), family = poisson): ratio = exp(slope) (the change in the daily rate per unit), lower and upper the Wald interval at level (R confint.default), p_value the Wald test of no trend, dispersion = Pearson chi-square / (buckets - 2). family ''quasipoisson'' widens the standard error by sqrt(dispersion) and takes the p-value from t on buckets - 2 degrees of freedom, as R family = quasipoisson. NULLs when the fit has no finite answer (every count 0, or a fitted mean tending to 0) or when disclosure control would hide any bucket. Fewer than 3 buckets, bad unit, level or family: 22023.';

-- Would a total over [window_start, window_end) give a hidden count back,
-- next to a monthly table of the period whose hidden months start on
-- hidden_months?  Yes when a hidden month lies inside the window, or when
-- the part of the window before the period holds 1 to N-1 offences.
CREATE FUNCTION @extschema@.series_window_pinned(s @extschema@.offence_summary,
												 period pg_catalog.daterange,
												 hidden_months pg_catalog.date[],
												 window_start pg_catalog.date,
												 window_end pg_catalog.date)
RETURNS pg_catalog.bool
LANGUAGE sql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
SET lc_numeric = 'C' SET lc_time = 'C'
AS $$
	SELECT EXISTS (SELECT FROM pg_catalog.unnest(hidden_months) h WHERE h >= window_start AND h < window_end)
	    OR (window_start < pg_catalog.lower(period)
	        AND @extschema@.per_day_rate(s, pg_catalog.daterange(window_start,
	                                        LEAST(window_end, pg_catalog.lower(period)), '[)'::text)) IS NULL)
$$;

COMMENT ON FUNCTION @extschema@.series_window_pinned(@extschema@.offence_summary, pg_catalog.daterange, pg_catalog.date[], pg_catalog.date, pg_catalog.date) IS
'For offence_series_report and series_svg: true when a total over [window_start, window_end) published beside the monthly table of the period would give a hidden count back (a hidden month inside the window, or 1 to N-1 offences in the part of the window before the period).';

-- A monthly series as a Markdown section: counts with a text chart, the
-- year-ending total, the change on the previous 12 months, and the trend
-- over five or more years.
CREATE FUNCTION @extschema@.offence_series_report(s @extschema@.offence_summary,
												  period pg_catalog.daterange,
												  title pg_catalog.text DEFAULT NULL::pg_catalog.text,
												  level pg_catalog.float8 DEFAULT 0.95::pg_catalog.float8)
RETURNS pg_catalog.text
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
SET lc_numeric = 'C' SET lc_time = 'C'
AS $$
DECLARE
	out text[] := '{}';
	r record;
	ye record;
	cc record;
	tr record;
	biggest bigint;
	width constant int := 30;
	ending date;
	years int;
	trend_unit text;
	pct text;
	hidden_months date[] := '{}';
	ye_hidden boolean;
	before_hidden boolean;
BEGIN
	IF s IS NULL OR period IS NULL OR level IS NULL THEN
		RETURN NULL;
	END IF;
	pct := pg_catalog.rtrim(pg_catalog.rtrim(pg_catalog.to_char(100 * level, 'FM990.9999'), '0'), '.') || '%';
	out := out || ('## ' || coalesce(title || ': offences by month, ', 'Offences by month, ')
	               || @extschema@.report_period(period));
	out := out || ''::text || '| Month | Days | Offences | |'::text || '|---|---:|---:|---|'::text;
	SELECT pg_catalog.max(c.offences) INTO biggest
	FROM @extschema@.counts_by(s, period, 'month'::text) c;
	FOR r IN SELECT * FROM @extschema@.counts_by(s, period, 'month'::text) c LOOP
		out := out || ('| ' || pg_catalog.to_char(r.start, 'Mon YYYY') || ' | ' || r.days || ' | '
		               || @extschema@.report_count(r.offences) || ' | '
		               || CASE WHEN r.offences IS NULL OR biggest IS NULL OR biggest = 0 THEN ''
		                       ELSE pg_catalog.repeat(@extschema@.report_glyph('bar'::pg_catalog.text), pg_catalog.round(width * r.offences::float8 / biggest)::int) END
		               || ' |');
		IF r.suppressed THEN
			hidden_months := hidden_months || r.start;
		END IF;
	END LOOP;
	out := out || ''::text;

	-- The year ending with the last month end of the period.
	SELECT * INTO ye FROM @extschema@.rolling_counts(s, period, 12::int4) y ORDER BY y.ending DESC LIMIT 1;
	IF ye.ending IS NULL THEN
		out := out || 'No month ends inside the period: no year-ending total.'::text;
		RETURN pg_catalog.array_to_string(out, E'\n');
	END IF;
	ending := ye.ending;
	-- A 12-month total and the monthly table above add up: with a hidden
	-- month inside its window (or a small count in the part of the window
	-- before the table), the total minus the shown months would give the
	-- hidden count back, so the total is hidden too.
	ye_hidden := ye.suppressed OR @extschema@.series_window_pinned(s, period, hidden_months, ye.start, ending + 1);
	before_hidden := @extschema@.series_window_pinned(s, period, hidden_months,
	                                                  (ye.start - '12 months'::interval)::date, ye.start);
	out := out || '| Figure | Value |'::text || '|---|---|'::text;
	out := out || ('| Year ending ' || pg_catalog.to_char(ending, 'FMMonth YYYY') || ' | '
	               || CASE WHEN ye_hidden THEN 'hidden: it would give a hidden month back'
	                  ELSE @extschema@.report_count(ye.offences) || ' offences ('
	                       || coalesce(pg_catalog.to_char(ye.per_day, 'FM999G990.00'), @extschema@.report_glyph('dash'::pg_catalog.text)) || ' a day)' END || ' |');

	-- The change on the 12 months before, as a percentage of counts.
	SELECT * INTO cc FROM @extschema@.count_change(
		s, pg_catalog.daterange(ye.start, ending + 1, '[)'::text),
		s, pg_catalog.daterange((ye.start - '12 months'::interval)::date, ye.start, '[)'::text), level);
	out := out || ('| Change on the year before' || CASE WHEN ye_hidden OR before_hidden THEN ''
	                                                  ELSE ' (' || @extschema@.report_count(cc.offences2) || ' offences)' END || ' | '
	               || CASE WHEN ye_hidden OR before_hidden THEN 'hidden: it would give a hidden month back'
	               WHEN cc.offences2 OPERATOR(pg_catalog.=) 0::int8 THEN 'none the year before: no percentage change'
	               ELSE coalesce(pg_catalog.to_char(cc.pct_change, 'FMSG999G999G990.0') || '% in offences; daily rate '
	                  || pg_catalog.to_char(cc.rate_pct_change, 'FMSG999G999G990.0') || '% (' || pct || ' CI '
	                  || pg_catalog.to_char(cc.lower, 'FMSG999G999G990.0') || '% to '
	                  || pg_catalog.to_char(cc.upper, 'FMSG999G999G990.0') || '%, p '
	                  || CASE WHEN cc.p_value < 0.001 THEN '< 0.001' ELSE '= ' || pg_catalog.to_char(cc.p_value, 'FM0.000') END
	                  || ', exact)', @extschema@.report_glyph('dash'::pg_catalog.text)) END || ' |');

	-- The trend, by financial year when the period starts on 1 April.
	years := (pg_catalog.upper(period) - pg_catalog.lower(period)) / 365;
	IF years >= 5 THEN
		trend_unit := CASE WHEN pg_catalog.to_char(pg_catalog.lower(period), 'MM-DD') = '04-01'
		                   THEN 'financial_year' ELSE 'year' END;
		SELECT * INTO tr FROM @extschema@.rate_trend(s, period, trend_unit, level, 'quasipoisson'::text);
		out := out || ('| Trend per ' || pg_catalog.replace(trend_unit, '_', ' ') || ' | '
		               || coalesce(pg_catalog.to_char(100 * (tr.ratio - 1), 'FMSG990.0') || '% a year in the daily rate ('
		                  || pct || ' CI ' || pg_catalog.to_char(100 * (tr.lower - 1), 'FMSG990.0') || '% to '
		                  || pg_catalog.to_char(100 * (tr.upper - 1), 'FMSG990.0') || '%, p '
		                  || CASE WHEN tr.p_value < 0.001 THEN '< 0.001' ELSE '= ' || pg_catalog.to_char(tr.p_value, 'FM0.000') END
		                  || '; quasi-Poisson, dispersion ' || pg_catalog.to_char(tr.dispersion, 'FM999G990.00') || ')',
		                  'not shown (a bucket is hidden, or no finite fit)') || ' |');
	ELSE
		out := out || ('| Trend | not shown: under five years in the period |')::text;
	END IF;
	RETURN pg_catalog.array_to_string(out, E'\n');
END
$$;

COMMENT ON FUNCTION @extschema@.offence_series_report(@extschema@.offence_summary, pg_catalog.daterange, pg_catalog.text, pg_catalog.float8) IS
'A series section as Markdown: counts_by month over the period with a text bar chart, the year-ending total at the last month end of the period (rolling_counts), its change on the 12 months before (count_change: percentage of counts, and of the daily rate with its exact interval), and, when the period is five years or more, the quasi-Poisson rate_trend by year (financial_year when the period starts on 1 April). Hidden counts print as <N. NULL when s, period or level is NULL.';

-- A line chart of a monthly series as standalone SVG text (no script, no
-- external reference): counts_by month on the left axis, and from the 12th
-- month of the period on, the year-ending total (rolling_counts, 12 months)
-- on the right axis.  Every point carries its figures as data attributes
-- and a <title> (tooltip), so a test or a reader can check it against the
-- tables; hidden counts are gaps in the line, marked data-suppressed.
CREATE FUNCTION @extschema@.series_svg(s @extschema@.offence_summary,
									   period pg_catalog.daterange,
									   title pg_catalog.text DEFAULT NULL::pg_catalog.text,
									   width pg_catalog.int4 DEFAULT 760::pg_catalog.int4,
									   height pg_catalog.int4 DEFAULT 380::pg_catalog.int4)
RETURNS pg_catalog.text
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
SET lc_numeric = 'C' SET lc_time = 'C'
AS $$
DECLARE
	left_x constant float8 := 70;
	right_margin constant float8 := 80;
	top_y constant float8 := 44;
	bottom_margin constant float8 := 66;
	plot_w float8;
	plot_h float8;
	n int;
	max_month float8;
	max_year float8;
	r record;
	x float8;
	y float8;
	i int;
	month_path text := '';
	year_path text := '';
	pen text;
	points text[] := '{}';
	axes text[] := '{}';
	caption text;
	any_hidden boolean := false;
BEGIN
	IF s IS NULL OR period IS NULL OR width IS NULL OR height IS NULL THEN
		RETURN NULL;
	END IF;
	IF width < 200 OR height < 150 OR width > 10000 OR height > 10000 THEN
		RAISE EXCEPTION 'chart size %x% is out of range', width, height
			USING ERRCODE = '22023', HINT = 'Give a width of 200 to 10000 and a height of 150 to 10000.';
	END IF;
	plot_w := width - left_x - right_margin;
	plot_h := height - top_y - bottom_margin;
	SELECT pg_catalog.count(*), pg_catalog.max(c.offences) INTO n, max_month
	FROM @extschema@.counts_by(s, period, 'month'::text) c;
	SELECT pg_catalog.max(y.offences) INTO max_year
	FROM @extschema@.rolling_counts(s, period, 12::int4) y WHERE y.start >= pg_catalog.lower(period);
	max_month := @extschema@.svg_nice_max(coalesce(max_month, 0::float8));
	max_year := @extschema@.svg_nice_max(coalesce(max_year, 0::float8));
	caption := coalesce(title, 'Offences by month');

	-- Axes: left for months, right for year-ending totals; four steps each.
	axes := axes || pg_catalog.format('<rect x="%s" y="%s" width="%s" height="%s" fill="#ffffff" stroke="#999999"/>',
	                                  left_x, top_y, plot_w, plot_h);
	FOR i IN 0..4 LOOP
		y := top_y + plot_h - plot_h * i / 4;
		axes := axes || pg_catalog.format('<line x1="%s" x2="%s" y1="%s" y2="%s" stroke="#e3e3e3"/>',
		                                  left_x, left_x + plot_w, pg_catalog.round(y::numeric, 1), pg_catalog.round(y::numeric, 1))
		             || pg_catalog.format('<text x="%s" y="%s" text-anchor="end" class="tick">%s</text>',
		                                  left_x - 6, pg_catalog.round(y::numeric + 4, 1), @extschema@.report_count((max_month * i / 4)::int8))
		             || pg_catalog.format('<text x="%s" y="%s" text-anchor="start" class="tick ye">%s</text>',
		                                  left_x + plot_w + 6, pg_catalog.round(y::numeric + 4, 1), @extschema@.report_count((max_year * i / 4)::int8));
	END LOOP;

	i := 0;
	-- A year-ending point whose window holds a hidden month would give it
	-- back (the total minus the other months): it is hidden too.
	FOR r IN SELECT c.start, c.offences, c.suppressed, y.ending, y.start AS ye_start, y.offences AS ye_offences,
	                y.suppressed OR pg_catalog.bool_or(c.suppressed) OVER (ORDER BY c.k ROWS BETWEEN 11 PRECEDING AND CURRENT ROW)
	                  AS ye_suppressed
	         FROM @extschema@.counts_by(s, period, 'month'::text) WITH ORDINALITY c(start, days, offences, suppressed, k)
	         LEFT JOIN @extschema@.rolling_counts(s, period, 12::int4) WITH ORDINALITY
	                   y(ending, start, days, offences, per_day, suppressed, k) ON y.k = c.k
	         ORDER BY c.k LOOP
		x := pg_catalog.round((left_x + plot_w * (i + 0.5) / n)::numeric, 1);
		IF pg_catalog.date_part('month', r.start) = 1 OR i = 0 OR n <= 13 THEN
			axes := axes || pg_catalog.format('<text x="%s" y="%s" text-anchor="middle" class="tick">%s</text>',
			                                  x, top_y + plot_h + 16,
			                                  CASE WHEN n <= 13 THEN pg_catalog.to_char(r.start, 'Mon') ELSE pg_catalog.to_char(r.start, 'YYYY') END);
		END IF;
		IF r.suppressed THEN
			pen := 'M';
			any_hidden := true;
			points := points || pg_catalog.format('<circle class="month" data-start="%s" data-suppressed="true" cx="%s" cy="%s" r="3" fill="none" stroke="#999999"><title>%s: hidden</title></circle>',
			                                      r.start, x, top_y + plot_h, pg_catalog.to_char(r.start, 'FMMonth YYYY'));
		ELSE
			y := pg_catalog.round((top_y + plot_h - plot_h * r.offences / max_month)::numeric, 1);
			month_path := month_path || CASE WHEN month_path = '' OR pen = 'M' THEN 'M' ELSE 'L' END || x || ' ' || y || ' ';
			pen := 'L';
			points := points || pg_catalog.format('<circle class="month" data-start="%s" data-offences="%s" cx="%s" cy="%s" r="3" fill="#1f5fa8"><title>%s: %s offences</title></circle>',
			                                      r.start, r.offences, x, y, pg_catalog.to_char(r.start, 'FMMonth YYYY'), @extschema@.report_count(r.offences));
		END IF;
		IF r.ending IS NOT NULL AND r.ye_start >= pg_catalog.lower(period) THEN
			IF r.ye_suppressed THEN
				year_path := year_path || ' ';
				points := points || pg_catalog.format('<rect class="year-ending" data-ending="%s" data-suppressed="true" x="%s" y="%s" width="6" height="6" fill="none" stroke="#d9a070"><title>Year ending %s: hidden</title></rect>',
				                                      r.ending, x - 3, top_y + plot_h - 3, pg_catalog.to_char(r.ending, 'FMMonth YYYY'));
			ELSE
				y := pg_catalog.round((top_y + plot_h - plot_h * r.ye_offences / max_year)::numeric, 1);
				year_path := year_path || CASE WHEN year_path = '' OR pg_catalog.right(year_path, 1) = ' ' THEN 'M' ELSE 'L' END || x || ' ' || y;
				points := points || pg_catalog.format('<rect class="year-ending" data-ending="%s" data-offences="%s" x="%s" y="%s" width="6" height="6" fill="#d9730d"><title>Year ending %s: %s offences</title></rect>',
				                                      r.ending, r.ye_offences, x - 3, y - 3, pg_catalog.to_char(r.ending, 'FMMonth YYYY'), @extschema@.report_count(r.ye_offences));
			END IF;
		END IF;
		i := i + 1;
	END LOOP;

	RETURN pg_catalog.concat_ws(E'\n',
		pg_catalog.format('<svg xmlns="http://www.w3.org/2000/svg" width="%s" height="%s" viewBox="0 0 %s %s" role="img" aria-label="%s">',
		                  width, height, width, height, @extschema@.svg_escape(caption)),
		'<style>text{font-family:sans-serif;font-size:12px;fill:#333333}.tick{font-size:11px}.ye{fill:#a0520a}.title{font-size:15px;font-weight:bold}</style>',
		pg_catalog.format('<rect width="%s" height="%s" fill="#ffffff"/>', width, height),
		pg_catalog.format('<text class="title" x="%s" y="24">%s</text>', left_x, @extschema@.svg_escape(caption || ', ' || @extschema@.report_period(period))),
		pg_catalog.array_to_string(axes, E'\n'),
		pg_catalog.format('<path class="month-line" d="%s" fill="none" stroke="#1f5fa8" stroke-width="2"/>', pg_catalog.rtrim(month_path)),
		pg_catalog.format('<path class="year-ending-line" d="%s" fill="none" stroke="#d9730d" stroke-width="2" stroke-dasharray="6 3"/>', pg_catalog.rtrim(year_path)),
		pg_catalog.array_to_string(points, E'\n'),
		pg_catalog.format('<text x="%s" y="%s"><tspan fill="#1f5fa8">&#x25CF;</tspan> offences in the month (left axis)</text>', left_x, height - 12)
		|| pg_catalog.format('<text x="%s" y="%s" class="ye">&#x25A0; year-ending total, 12 months (right axis)</text>', left_x + plot_w / 2, height - 12)
		|| CASE WHEN any_hidden THEN pg_catalog.format('<text x="%s" y="%s"><tspan fill="#999999">&#x25CB;</tspan> hidden: a small count (disclosure control)</text>', left_x, height - 28) ELSE '' END,
		'</svg>');
END
$$;

-- A round axis maximum at or above m: 1, 2 or 5 times a power of ten.
CREATE FUNCTION @extschema@.svg_nice_max(m pg_catalog.float8)
RETURNS pg_catalog.float8
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
SET lc_numeric = 'C' SET lc_time = 'C'
AS $$
	SELECT CASE WHEN m <= 1 THEN 1::float8 ELSE
	       (SELECT pg_catalog.min(f * p) FROM (SELECT 10::float8 ^ pg_catalog.floor(pg_catalog.log(m)) AS p) b,
	               (VALUES (1::float8), (2::float8), (5::float8), (10::float8)) v(f) WHERE f * p >= m) END
$$;

-- Text for SVG and XML: & < > " escaped.
CREATE FUNCTION @extschema@.svg_escape(t pg_catalog.text)
RETURNS pg_catalog.text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
SET lc_numeric = 'C' SET lc_time = 'C'
AS $$
	SELECT pg_catalog.replace(pg_catalog.replace(pg_catalog.replace(pg_catalog.replace(t, '&', '&amp;'), '<', '&lt;'), '>', '&gt;'), '"', '&quot;')
$$;

COMMENT ON FUNCTION @extschema@.series_svg(@extschema@.offence_summary, pg_catalog.daterange, pg_catalog.text, pg_catalog.int4, pg_catalog.int4) IS
'A line chart as standalone SVG text: offences by month (counts_by month, left axis) and, for windows inside the period, the year-ending 12-month total (rolling_counts, right axis). Each point is a circle (class month, data-start, data-offences) or square (class year-ending, data-ending, data-offences) with a <title>; hidden counts are gaps (data-suppressed). width 200..10000 and height 150..10000 pixels, else 22023.';
COMMENT ON FUNCTION @extschema@.svg_nice_max(pg_catalog.float8) IS
'Axis maximum for series_svg: the least of 1, 2, 5 or 10 times a power of ten at or above m (1 for m <= 1).';
COMMENT ON FUNCTION @extschema@.svg_escape(pg_catalog.text) IS
'Text escaped for SVG/XML content and attributes (& < > ").';

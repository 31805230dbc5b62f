/*
 * funnel_svg.c
 *	  funnel_svg(areas, numerators, denominators, statistic, multiplier,
 *	  title, x_label, y_label, years_of_data): a funnel plot as one
 *	  standalone SVG document (no script, no external font, style or
 *	  image), for a report, a web page or a file.
 *
 * The limit lines are funnel_limits' rows (funnel.c, PHE's method); the
 * benchmark line is the pooled average; each area is a point at (its
 * denominator per year, its value), coloured by the exact tail rule of
 * compare_rate / compare_share (stats_exact.c) at 95% and 99.8% against
 * the pooled average.  Each point carries its figures as data-*
 * attributes and a <title> (a tooltip), so a test, or a reader's script,
 * can check the picture against the table.
 *
 * Disclosure control: an area whose count would be hidden is not drawn
 * (its value gives the count back); the plot says how many are missing.
 */
#include "postgres.h"

#include <math.h>

#include "fmgr.h"
#include "lib/stringinfo.h"
#include "utils/array.h"
#include "utils/builtins.h"

#include "compare_args.h"
#include "funnel.h"
#include "stats_exact.h"

PG_FUNCTION_INFO_V1(groomstats_funnel_svg);

/* Geometry of the picture, in SVG user units (pixels). */
#define SVG_WIDTH	 900
#define SVG_HEIGHT	 580
#define PLOT_LEFT	 90
#define PLOT_RIGHT	 650
#define PLOT_TOP	 60
#define PLOT_BOTTOM	 500
#define POINT_RADIUS 5
#define OFF_SCALE	 4.0 /* times the benchmark */

typedef struct Scale
{
	double max;	 /* data value at the far end (the near end is 0) */
	double step; /* between ticks */
} Scale;

typedef struct PointStyle
{
	const char *key; /* significance at 95% / 99.8% */
	const char *fill;
	const char *legend;
} PointStyle;

static const PointStyle point_styles[] = {
	{"higher-998", "#b2182b", "Higher (outside 99.8%)"},
	{"higher-95", "#ef8a62", "Higher (outside 95%)"},
	{"similar", "#9e9e9e", "Similar"},
	{"lower-95", "#67a9cf", "Lower (outside 95%)"},
	{"lower-998", "#2166ac", "Lower (outside 99.8%)"},
};

/* Ticks at 1, 2 or 5 times a power of ten, about five of them. */
static Scale
nice_scale(double max)
{
	Scale s;
	double raw;
	double magnitude;
	double f;

	if (!(max > 0.0) || !isfinite(max))
		max = 1.0;
	raw = max / 5.0;
	magnitude = pow(10.0, floor(log10(raw)));
	f = raw / magnitude;
	s.step = (f <= 1.0 ? 1.0 : f <= 2.0 ? 2.0 : f <= 5.0 ? 5.0 : 10.0) * magnitude;
	s.max = ceil(max / s.step - 1e-9) * s.step;
	return s;
}

static double
sx(const Scale *x, double v)
{
	return PLOT_LEFT + (PLOT_RIGHT - PLOT_LEFT) * v / x->max;
}

static double
sy(const Scale *y, double v)
{
	return PLOT_BOTTOM - (PLOT_BOTTOM - PLOT_TOP) * v / y->max;
}

/* Text and attribute values: &, <, >, " and ' escaped. */
static void
append_escaped(StringInfo buf, const char *s)
{
	for (; *s; s++)
	{
		switch (*s)
		{
			case '&':
				appendStringInfoString(buf, "&amp;");
				break;
			case '<':
				appendStringInfoString(buf, "&lt;");
				break;
			case '>':
				appendStringInfoString(buf, "&gt;");
				break;
			case '"':
				appendStringInfoString(buf, "&quot;");
				break;
			case '\'':
				appendStringInfoString(buf, "&apos;");
				break;
			default:
				appendStringInfoChar(buf, *s);
		}
	}
}

/* A number for people: thousands separated by commas, `decimals` places. */
static void
append_number(StringInfo buf, double v, int decimals)
{
	char digits[64];
	char *p;
	char *dot;
	int intlen;

	snprintf(digits, sizeof(digits), "%.*f", decimals, fabs(v) < 1e15 ? v : 0.0);
	p = digits;
	if (*p == '-')
		appendStringInfoChar(buf, *p++);
	dot = strchr(p, '.');
	intlen = dot ? (int) (dot - p) : (int) strlen(p);
	for (int i = 0; i < intlen; i++)
	{
		if (i > 0 && (intlen - i) % 3 == 0)
			appendStringInfoChar(buf, ',');
		appendStringInfoChar(buf, p[i]);
	}
	if (dot)
		appendStringInfoString(buf, dot);
}

static int
tick_decimals(double step)
{
	return (step >= 1.0) ? 0 : (int) ceil(-log10(step) - 1e-9);
}

static void
append_axes(StringInfo buf, const Scale *x, const Scale *y, const char *x_label,
			const char *y_label)
{
	appendStringInfo(buf,
					 "<g class=\"axes\" stroke=\"#444\" stroke-width=\"1\">"
					 "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>"
					 "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/></g>\n",
					 PLOT_LEFT, PLOT_BOTTOM, PLOT_RIGHT, PLOT_BOTTOM, PLOT_LEFT, PLOT_TOP,
					 PLOT_LEFT, PLOT_BOTTOM);
	appendStringInfoString(buf, "<g class=\"ticks\" fill=\"#333\">\n");
	for (double v = 0.0; v <= x->max + x->step / 2.0; v += x->step)
	{
		appendStringInfo(buf,
						 "<line x1=\"%.2f\" y1=\"%d\" x2=\"%.2f\" y2=\"%d\" stroke=\"#444\"/>"
						 "<text x=\"%.2f\" y=\"%d\" text-anchor=\"middle\">",
						 sx(x, v), PLOT_BOTTOM, sx(x, v), PLOT_BOTTOM + 5, sx(x, v),
						 PLOT_BOTTOM + 20);
		append_number(buf, v, tick_decimals(x->step));
		appendStringInfoString(buf, "</text>\n");
	}
	for (double v = 0.0; v <= y->max + y->step / 2.0; v += y->step)
	{
		appendStringInfo(buf,
						 "<line x1=\"%d\" y1=\"%.2f\" x2=\"%d\" y2=\"%.2f\" stroke=\"#e4e4e4\"/>"
						 "<text x=\"%d\" y=\"%.2f\" text-anchor=\"end\">",
						 PLOT_LEFT, sy(y, v), PLOT_RIGHT, sy(y, v), PLOT_LEFT - 8, sy(y, v) + 4);
		append_number(buf, v, tick_decimals(y->step));
		appendStringInfoString(buf, "</text>\n");
	}
	appendStringInfo(buf, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">",
					 (PLOT_LEFT + PLOT_RIGHT) / 2, PLOT_BOTTOM + 45);
	append_escaped(buf, x_label);
	appendStringInfo(buf,
					 "</text>\n<text transform=\"translate(%d %d) rotate(-90)\" "
					 "text-anchor=\"middle\">",
					 PLOT_LEFT - 62, (PLOT_TOP + PLOT_BOTTOM) / 2);
	append_escaped(buf, y_label);
	appendStringInfoString(buf, "</text>\n</g>\n");
}

/* The four limit lines and the benchmark, clipped to the plot area. */
static void
append_lines(StringInfo buf, const Funnel *f, const Scale *x, const Scale *y)
{
	appendStringInfo(buf,
					 "<clipPath id=\"groomstats-funnel-clip\"><rect x=\"%d\" y=\"%d\" "
					 "width=\"%d\" height=\"%d\"/></clipPath>\n"
					 "<g class=\"limits\" clip-path=\"url(#groomstats-funnel-clip)\" "
					 "fill=\"none\">\n",
					 PLOT_LEFT, PLOT_TOP, PLOT_RIGHT - PLOT_LEFT, PLOT_BOTTOM - PLOT_TOP);
	for (int line = 0; line < FUNNEL_LINES; line++)
	{
		bool wide = funnel_line_level[line] > 0.99;

		appendStringInfo(buf,
						 "<polyline class=\"limit\" data-level=\"%s\" data-side=\"%s\" "
						 "stroke=\"%s\" stroke-width=\"1.5\"%s points=\"",
						 wide ? "0.998" : "0.95", funnel_line_side[line],
						 wide ? "#333333" : "#777777", wide ? "" : " stroke-dasharray=\"6 4\"");
		for (int i = 0; i < FUNNEL_POINTS; i++)
		{
			double dx = f->denominator[line][i];
			double dy = f->value[line][i];

			if (!isfinite(dx) || !isfinite(dy))
				continue;
			/* far off the plot: keep the numbers small (the clip hides them anyway) */
			dy = Min(dy, 10.0 * y->max);
			dx = Min(dx, 10.0 * x->max);
			appendStringInfo(buf, "%.2f,%.2f ", sx(x, dx), sy(y, dy));
		}
		appendStringInfoString(buf, "\"/>\n");
	}
	appendStringInfo(buf,
					 "<line class=\"benchmark\" data-value=\"%.17g\" x1=\"%d\" y1=\"%.2f\" "
					 "x2=\"%d\" y2=\"%.2f\" stroke=\"#000\" stroke-width=\"1.5\"/>\n</g>\n",
					 f->baseline, PLOT_LEFT, sy(y, f->baseline), PLOT_RIGHT, sy(y, f->baseline));
}

/* The exact label of one area at one tail probability, against the pooled average. */
static ExactLabel
area_label(bool is_rate, double x, double n, double average, double alpha)
{
	if (is_rate)
		return exact_poisson_label(x, average * n, alpha);
	return exact_binomial_label(x, n, average, alpha);
}

static const PointStyle *
style_of(ExactLabel at95, ExactLabel at998)
{
	if (at998 == EXACT_HIGHER)
		return &point_styles[0];
	if (at95 == EXACT_HIGHER)
		return &point_styles[1];
	if (at998 == EXACT_LOWER)
		return &point_styles[4];
	if (at95 == EXACT_LOWER)
		return &point_styles[3];
	return &point_styles[2];
}

typedef struct SvgArgs
{
	bool is_rate;
	char **names;
	AreaData a;
	double multiplier;
	double years;
	const char *title;
	const char *x_label;
	const char *y_label;
} SvgArgs;

/* The points; returns how many areas were hidden. */
static int
append_points(StringInfo buf, const SvgArgs *args, double average, const Scale *x, const Scale *y)
{
	int hidden = 0;

	appendStringInfoString(buf, "<g class=\"points\" stroke=\"#fff\" stroke-width=\"1\">\n");
	for (int i = 0; i < args->a.n; i++)
	{
		double num = args->a.numerators[i];
		double den = args->a.denominators[i];
		double value = num / den * args->multiplier;
		ExactLabel at95;
		ExactLabel at998;
		const PointStyle *style;

		if (compare_numerator_hidden(num))
		{
			hidden++;
			continue;
		}
		at95 = area_label(args->is_rate, num, den, average, 0.025);
		at998 = area_label(args->is_rate, num, den, average, 0.001);
		style = style_of(at95, at998);
		appendStringInfoString(buf, "<circle class=\"area\" data-area=\"");
		append_escaped(buf, args->names[i]);
		appendStringInfo(buf,
						 "\" data-denominator=\"%.17g\" data-value=\"%.17g\" "
						 "data-significance-95=\"%s\" data-significance-998=\"%s\" "
						 "cx=\"%.2f\" cy=\"%.2f\" r=\"%d\" fill=\"%s\"><title>",
						 den / args->years, value, exact_label_name(at95), exact_label_name(at998),
						 sx(x, Min(den / args->years, x->max)), sy(y, Min(value, y->max)),
						 POINT_RADIUS, style->fill);
		append_escaped(buf, args->names[i]);
		appendStringInfoString(buf, ": ");
		append_number(buf, value, value < 10.0 ? 2 : 1);
		appendStringInfo(buf, " (%s at 95%%, %s at 99.8%%)</title></circle>\n",
						 exact_label_name(at95), exact_label_name(at998));
		if (at998 != EXACT_SIMILAR || value > y->max)
		{
			appendStringInfo(buf,
							 "<text class=\"outlier\" x=\"%.2f\" y=\"%.2f\" fill=\"#222\" "
							 "stroke=\"none\" font-size=\"10\">",
							 sx(x, Min(den / args->years, x->max)) + 7,
							 sy(y, Min(value, y->max)) + (value > y->max ? 12 : -6));
			append_escaped(buf, args->names[i]);
			if (value > y->max)
			{
				/* drawn on the top edge: say where it really is */
				appendStringInfoString(buf, " (");
				append_number(buf, value, value < 10.0 ? 2 : 1);
				appendStringInfoString(buf, ", off the scale)");
			}
			appendStringInfoString(buf, "</text>\n");
		}
	}
	appendStringInfoString(buf, "</g>\n");
	return hidden;
}

static void
append_legend(StringInfo buf, int hidden)
{
	int top = PLOT_TOP + 10;
	int left = PLOT_RIGHT + 30;

	appendStringInfo(buf, "<g class=\"legend\" transform=\"translate(%d %d)\">\n", left, top);
	for (int i = 0; i < (int) lengthof(point_styles); i++)
		appendStringInfo(buf,
						 "<circle cx=\"6\" cy=\"%d\" r=\"%d\" fill=\"%s\"/>"
						 "<text x=\"18\" y=\"%d\">%s</text>\n",
						 i * 22, POINT_RADIUS, point_styles[i].fill, i * 22 + 4,
						 point_styles[i].legend);
	appendStringInfo(buf,
					 "<line x1=\"0\" y1=\"%d\" x2=\"14\" y2=\"%d\" stroke=\"#777\" "
					 "stroke-width=\"1.5\" stroke-dasharray=\"6 4\"/><text x=\"18\" y=\"%d\">95%% "
					 "limits</text>\n"
					 "<line x1=\"0\" y1=\"%d\" x2=\"14\" y2=\"%d\" stroke=\"#333\" "
					 "stroke-width=\"1.5\"/><text x=\"18\" y=\"%d\">99.8%% limits</text>\n"
					 "<line x1=\"0\" y1=\"%d\" x2=\"14\" y2=\"%d\" stroke=\"#000\" "
					 "stroke-width=\"1.5\"/><text x=\"18\" y=\"%d\">Benchmark</text>\n",
					 5 * 22, 5 * 22, 5 * 22 + 4, 6 * 22, 6 * 22, 6 * 22 + 4, 7 * 22, 7 * 22,
					 7 * 22 + 4);
	if (hidden > 0)
		appendStringInfo(
			buf,
			"<text class=\"hidden-areas\" data-count=\"%d\" x=\"0\" y=\"%d\">%d "
			"area%s not shown:</text><text x=\"0\" y=\"%d\">small counts hidden</text>\n",
			hidden, 8 * 22 + 10, hidden, hidden == 1 ? "" : "s", 8 * 22 + 26);
	appendStringInfoString(buf, "</g>\n");
}

static char *
render(const SvgArgs *args)
{
	StringInfoData buf;
	Funnel *f = palloc(sizeof(Funnel));
	double average = funnel_pooled_average(args->a.numerators, args->a.denominators, args->a.n);
	double max_x = 0.0;
	double max_y = 0.0;
	Scale x;
	Scale y;
	int hidden;

	funnel_compute(args->is_rate, args->a.numerators, args->a.denominators, args->a.n,
				   args->multiplier, args->years, f);
	/*
	 * The y axis shows every point up to OFF_SCALE times the benchmark; a
	 * tiny area far above it (a few offences among few residents) would
	 * flatten the funnel, so it is drawn on the top edge and labelled with
	 * its value instead.
	 */
	for (int i = 0; i < args->a.n; i++)
	{
		double value = args->a.numerators[i] / args->a.denominators[i] * args->multiplier;

		max_x = Max(max_x, args->a.denominators[i] / args->years);
		if (!compare_numerator_hidden(args->a.numerators[i]) &&
			(value <= OFF_SCALE * f->baseline || f->baseline == 0.0))
			max_y = Max(max_y, value);
	}
	x = nice_scale(max_x * 1.05);
	max_y = Max(max_y, 2.0 * f->baseline) * 1.1;
	/* a proportion goes no higher than the whole */
	y = nice_scale(args->is_rate ? max_y : Min(max_y, args->multiplier));

	initStringInfo(&buf);
	appendStringInfo(&buf,
					 "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"groomstats-funnel\" "
					 "width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" "
					 "font-size=\"12\" role=\"img\">\n<title>",
					 SVG_WIDTH, SVG_HEIGHT, SVG_WIDTH, SVG_HEIGHT);
	append_escaped(&buf, args->title);
	appendStringInfo(&buf,
					 "</title>\n<rect width=\"%d\" height=\"%d\" fill=\"#fff\"/>\n"
					 "<text x=\"%d\" y=\"30\" font-size=\"16\" font-weight=\"bold\">",
					 SVG_WIDTH, SVG_HEIGHT, PLOT_LEFT);
	append_escaped(&buf, args->title);
	appendStringInfoString(&buf, "</text>\n");
	append_axes(&buf, &x, &y, args->x_label, args->y_label);
	append_lines(&buf, f, &x, &y);
	hidden = append_points(&buf, args, average, &x, &y);
	append_legend(&buf, hidden);
	appendStringInfoString(&buf, "</svg>\n");
	return buf.data;
}

static const char *
text_arg_or(FunctionCallInfo fcinfo, int arg, const char *otherwise)
{
	return PG_ARGISNULL(arg) ? otherwise : text_to_cstring(PG_GETARG_TEXT_PP(arg));
}

/* The y axis label when none is given: "Rate per 100,000" or "Percentage". */
static char *
default_y_label(bool is_rate, double multiplier)
{
	StringInfoData buf;

	initStringInfo(&buf);
	if (!is_rate && multiplier == 100.0)
		appendStringInfoString(&buf, "Percentage");
	else
	{
		appendStringInfoString(&buf, is_rate ? "Rate per " : "Proportion per ");
		append_number(&buf, multiplier, multiplier == floor(multiplier) ? 0 : 3);
	}
	return buf.data;
}

Datum
groomstats_funnel_svg(PG_FUNCTION_ARGS)
{
	SvgArgs args;
	int nnames;

	/* Not STRICT only so that the labels may be NULL; NULL data give NULL. */
	for (int arg = 0; arg < 5; arg++)
		if (PG_ARGISNULL(arg))
			PG_RETURN_NULL();
	if (PG_ARGISNULL(8))
		PG_RETURN_NULL();
	args.is_rate = compare_statistic_is_rate(text_to_cstring(PG_GETARG_TEXT_PP(3)));
	args.multiplier = PG_GETARG_FLOAT8(4);
	args.years = PG_GETARG_FLOAT8(8);
	compare_check_positive(args.multiplier, "multiplier");
	compare_check_positive(args.years, "years_of_data");
	args.names = compare_text_array(PG_GETARG_ARRAYTYPE_P(0), "areas", &nnames);
	args.a = compare_read_areas(PG_GETARG_ARRAYTYPE_P(1), PG_GETARG_ARRAYTYPE_P(2), args.is_rate);
	compare_check_lengths(nnames, args.a.n, "areas", "numerators");
	if (args.is_rate && !(funnel_r_sum(args.a.numerators, args.a.n) > 0.0))
		ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE), errmsg("no area has any events"),
						errdetail("A rate funnel is drawn around the pooled rate, which is 0.")));
	if (compare_numerator_hidden(funnel_r_sum(args.a.numerators, args.a.n)))
		PG_RETURN_NULL();
	args.title = text_arg_or(fcinfo, 5, "Funnel plot");
	args.x_label = text_arg_or(fcinfo, 6, "Population");
	args.y_label = PG_ARGISNULL(7) ? default_y_label(args.is_rate, args.multiplier)
								   : text_to_cstring(PG_GETARG_TEXT_PP(7));
	PG_RETURN_TEXT_P(cstring_to_text(render(&args)));
}

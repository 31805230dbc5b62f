/*
 * funnel_limits.c
 *	  funnel_limits(numerators, denominators, statistic, multiplier,
 *	  years_of_data): the rows for drawing a funnel plot (funnel.c), one per
 *	  point of each of the four limit lines, for a chart tool to draw as
 *	  lines: x = denominator, y = value, one series per level and side.
 *
 * It publishes no count of its own, only limits around the pooled
 * average; but the average times the summed denominators gives the total
 * numerator back, so when disclosure control would hide that total there
 * are no rows.
 */
#include "postgres.h"

#include <math.h>

#include "fmgr.h"
#include "utils/array.h"
#include "utils/builtins.h"

#include "compare_args.h"
#include "funnel.h"
#include "srf_output.h"

PG_FUNCTION_INFO_V1(groomstats_funnel_limits);

/* Columns: point, events, denominator, level, side, value, baseline. */
static void
put_line_point(ReturnSetInfo *rsinfo, const Funnel *f, int line, int i)
{
	SrfRow row;

	srf_row_clear(&row);
	SRF_SET(&row, 0, Int32GetDatum(i + 1));
	if (f->is_rate)
		SRF_SET(&row, 1, Float8GetDatum(f->events[i]));
	SRF_SET(&row, 2, Float8GetDatum(f->denominator[line][i]));
	SRF_SET(&row, 3, Float8GetDatum(funnel_line_level[line]));
	SRF_SET(&row, 4, CStringGetTextDatum(funnel_line_side[line]));
	SRF_SET(&row, 5, Float8GetDatum(f->value[line][i]));
	SRF_SET(&row, 6, Float8GetDatum(f->baseline));
	srf_put(rsinfo, &row);
}

Datum
groomstats_funnel_limits(PG_FUNCTION_ARGS)
{
	bool is_rate = compare_statistic_is_rate(text_to_cstring(PG_GETARG_TEXT_PP(2)));
	double multiplier = PG_GETARG_FLOAT8(3);
	double years = PG_GETARG_FLOAT8(4);
	AreaData a;
	ReturnSetInfo *rsinfo;
	Funnel *f;

	compare_check_positive(multiplier, "multiplier");
	compare_check_positive(years, "years_of_data");
	a = compare_read_areas(PG_GETARG_ARRAYTYPE_P(0), PG_GETARG_ARRAYTYPE_P(1), is_rate);
	if (is_rate && !(funnel_r_sum(a.numerators, a.n) > 0.0))
		ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE), errmsg("no area has any events"),
						errdetail("A rate funnel is drawn around the pooled rate, which is 0.")));
	rsinfo = srf_begin(fcinfo);
	if (compare_numerator_hidden(funnel_r_sum(a.numerators, a.n)))
		return (Datum) 0;

	f = palloc(sizeof(Funnel));
	funnel_compute(is_rate, a.numerators, a.denominators, a.n, multiplier, years, f);
	for (int line = 0; line < FUNNEL_LINES; line++)
		for (int i = 0; i < FUNNEL_POINTS; i++)
			put_line_point(rsinfo, f, line, i);
	return (Datum) 0;
}

/*
 * series_change.c
 *	  count_change(s1, period1, s2, period2, level): the change from a base
 *	  (s2 in period2, e.g. the year before) to s1 in period1, as published
 *	  ("up 38% on the previous year"): both counts, the difference, the
 *	  percentage change of the count and of the daily rate, and for the rate
 *	  the exact conditional interval and p-value of rate_ratio (R's
 *	  two-sample poisson.test), from stats.c.
 *
 * Disclosure control: when either count would be hidden, so is every
 * figure of the row but the days (the change and either count give the
 * other back).
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "fmgr.h"
#include "funcapi.h"
#include "utils/float.h"
#include "utils/rangetypes.h"

#include "publish.h"
#include "period.h"
#include "stats.h"

PG_FUNCTION_INFO_V1(offence_summary_count_change);

/* offences1, days1, offences2, days2, change, pct_change, rate_pct_change, lower, upper, p_value */
#define CHANGE_COLUMNS 10

static int64
offences_in(FunctionCallInfo fcinfo, int summary_arg, int period_arg, Period *period)
{
	SummaryView view;

	period_from_range(PG_GETARG_RANGE_P(period_arg), period);
	summary_view(PG_GETARG_SUMMARY(summary_arg), &view);
	return summary_offences_in(&view, period);
}

static int32
days_of(const Period *period)
{
	if (period->days > PG_INT32_MAX)
		ereport(ERROR, (errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
						errmsg("period of " INT64_FORMAT " days is too long", period->days)));
	return (int32) period->days;
}

Datum
offence_summary_count_change(PG_FUNCTION_ARGS)
{
	double level = PG_GETARG_FLOAT8(4);
	Datum values[CHANGE_COLUMNS];
	bool nulls[CHANGE_COLUMNS];
	TupleDesc tupdesc;
	Period period1;
	Period period2;
	int64 x1;
	int64 x2;

	stats_check_level(level);
	x1 = offences_in(fcinfo, 0, 1, &period1);
	x2 = offences_in(fcinfo, 2, 3, &period2);
	if (get_call_result_type(fcinfo, NULL, &tupdesc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "function returning a row called in a context that cannot accept one");
	tupdesc = BlessTupleDesc(tupdesc);
	memset(nulls, true, sizeof(nulls));
	values[1] = Int32GetDatum(days_of(&period1));
	values[3] = Int32GetDatum(days_of(&period2));
	nulls[1] = nulls[3] = false;

	if (publish_count_visible(x1) && publish_count_visible(x2))
	{
		values[0] = Int64GetDatum(x1);
		values[2] = Int64GetDatum(x2);
		/* No overflow: both are counts >= 0 that fit in int64. */
		values[4] = Int64GetDatum(x1 - x2);
		nulls[0] = nulls[2] = nulls[4] = false;
		if (x2 > 0 || x1 > 0)
		{
			RateRatio r =
				stats_rate_ratio(x1, (double) period1.days, x2, (double) period2.days, level);

			/* x2 = 0 < x1: an increase from nothing, +Infinity as the ratio is. */
			values[5] = Float8GetDatum(x2 > 0 ? 100.0 * ((double) x1 - (double) x2) / (double) x2
											  : get_float8_infinity());
			values[6] = Float8GetDatum(100.0 * (r.ratio - 1.0));
			values[7] = Float8GetDatum(100.0 * (r.lower - 1.0));
			values[8] = Float8GetDatum(100.0 * (r.upper - 1.0));
			values[9] = Float8GetDatum(r.p_value);
			for (int i = 5; i < CHANGE_COLUMNS; i++)
				nulls[i] = false;
		}
	}
	return HeapTupleGetDatum(heap_form_tuple(tupdesc, values, nulls));
}

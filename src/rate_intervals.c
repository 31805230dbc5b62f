/*
 * rate_intervals.c
 *	  Rates with confidence intervals: per day, per population, and the
 *	  ratio of two rates, each as one row (a composite result), with the
 *	  numbers of R's poisson.test and PHE's phe_rate (see stats.c).
 *
 * Disclosure control applies as in every accessor: when a count of
 * offences would be hidden, so are the rate and interval made from it (a
 * rate times its days gives the count back).
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "fmgr.h"
#include "funcapi.h"
#include "utils/builtins.h"
#include "utils/rangetypes.h"

#include "publish.h"
#include "period.h"
#include "stats.h"
#include "summary_format.h"

PG_FUNCTION_INFO_V1(offence_summary_per_day_rate_ci);
PG_FUNCTION_INFO_V1(offence_summary_rate_per_population);
PG_FUNCTION_INFO_V1(offence_summary_rate_ratio);

#define RATE_COLUMNS  5 /* offences, days, rate, lower, upper */
#define RATIO_COLUMNS 4 /* ratio, lower, upper, p_value */

/* The row type the SQL declaration gives, checked against what we build. */
static TupleDesc
result_descriptor(FunctionCallInfo fcinfo, int natts)
{
	TupleDesc tupdesc;

	if (get_call_result_type(fcinfo, NULL, &tupdesc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "function returning a row called in a context that cannot accept one");
	if (tupdesc->natts != natts)
		elog(ERROR, "result row has %d columns, expected %d", tupdesc->natts, natts);
	return BlessTupleDesc(tupdesc);
}

/*
 * Offences a summary argument records inside a period argument: the
 * numerator of every rate here.
 */
static int64
offences_in_period(FunctionCallInfo fcinfo, int summary_arg, int period_arg, Period *period)
{
	SummaryView view;

	period_from_range(PG_GETARG_RANGE_P(period_arg), period);
	summary_view(PG_GETARG_SUMMARY(summary_arg), &view);
	return summary_offences_in(&view, period);
}

/* The days column is an integer; no finite daterange is longer, but say so if one were. */
static int32
period_days(const Period *period)
{
	if (period->days > PG_INT32_MAX)
		ereport(ERROR, (errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
						errmsg("period of " INT64_FORMAT " days is too long", period->days),
						errdetail("The number of days must fit in an integer.")));
	return (int32) period->days;
}

/*
 * One rate row: the count, the days, and count and interval limits divided
 * by the denominator and times the multiplier, in the order R's phe_rate
 * writes it (x / n * multiplier).  A hidden count hides its rate too.
 */
static Datum
rate_row(FunctionCallInfo fcinfo, int64 offences, int32 days, double denominator, double multiplier,
		 ConfInterval ci)
{
	TupleDesc tupdesc = result_descriptor(fcinfo, RATE_COLUMNS);
	Datum values[RATE_COLUMNS];
	bool nulls[RATE_COLUMNS] = {false, false, false, false, false};

	values[0] = Int64GetDatum(offences);
	values[1] = Int32GetDatum(days);
	values[2] = Float8GetDatum((double) offences / denominator * multiplier);
	values[3] = Float8GetDatum(ci.lower / denominator * multiplier);
	values[4] = Float8GetDatum(ci.upper / denominator * multiplier);
	if (!publish_count_visible(offences))
		nulls[0] = nulls[2] = nulls[3] = nulls[4] = true;
	return HeapTupleGetDatum(heap_form_tuple(tupdesc, values, nulls));
}

/*
 * per_day_rate_ci(s, period, level, method): offences recorded in the
 * period over its days (empty days count, undated offences do not), with a
 * Poisson interval for the count divided by the days, as R's
 * poisson.test(x, days, conf.level = level).
 */
Datum
offence_summary_per_day_rate_ci(PG_FUNCTION_ARGS)
{
	double level = PG_GETARG_FLOAT8(2);
	RateMethod method;
	Period period;
	int64 offences;
	int32 days;

	stats_check_level(level);
	method = stats_rate_method(text_to_cstring(PG_GETARG_TEXT_PP(3)));
	offences = offences_in_period(fcinfo, 0, 1, &period);
	days = period_days(&period);
	return rate_row(fcinfo, offences, days, (double) days, 1.0,
					stats_poisson_interval(offences, level, method));
}

/*
 * rate_per_population(s, period, population, per, level, method): offences
 * recorded in the period per `per` people, as PHE's phe_rate(x, population,
 * multiplier = per).  The period only chooses the offences; days is its
 * length, for the reader.
 */
Datum
offence_summary_rate_per_population(PG_FUNCTION_ARGS)
{
	int64 population = PG_GETARG_INT64(2);
	int32 per = PG_GETARG_INT32(3);
	double level = PG_GETARG_FLOAT8(4);
	RateMethod method;
	Period period;
	int64 offences;
	int32 days;

	if (population <= 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("population " INT64_FORMAT " is not positive", population),
				 errdetail("A rate per population needs at least one person in the population.")));
	if (per <= 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE), errmsg("per %d is not positive", per),
				 errhint("Give the number of people the rate is per, e.g. 100000.")));
	stats_check_level(level);
	method = stats_rate_method(text_to_cstring(PG_GETARG_TEXT_PP(5)));
	offences = offences_in_period(fcinfo, 0, 1, &period);
	days = period_days(&period);
	return rate_row(fcinfo, offences, days, (double) population, (double) per,
					stats_poisson_interval(offences, level, method));
}

/*
 * rate_ratio(s1, period1, s2, period2, level): the per-day rate of the
 * first over the second, with the exact conditional interval and two-sided
 * p-value of R's poisson.test(c(x1, x2), c(days1, days2)).  No offence in
 * either period (x1 + x2 = 0) compares nothing: a row of NULLs.  So does a
 * count hidden by disclosure control, which ratio * x2 * days1 / days2
 * would give back.
 */
Datum
offence_summary_rate_ratio(PG_FUNCTION_ARGS)
{
	double level = PG_GETARG_FLOAT8(4);
	TupleDesc tupdesc;
	Datum values[RATIO_COLUMNS];
	bool nulls[RATIO_COLUMNS] = {true, true, true, true};
	Period period1;
	Period period2;
	int64 x1;
	int64 x2;

	stats_check_level(level);
	x1 = offences_in_period(fcinfo, 0, 1, &period1);
	x2 = offences_in_period(fcinfo, 2, 3, &period2);
	tupdesc = result_descriptor(fcinfo, RATIO_COLUMNS);
	if ((x1 > 0 || x2 > 0) && publish_count_visible(x1) && publish_count_visible(x2))
	{
		RateRatio r = stats_rate_ratio(x1, (double) period1.days, x2, (double) period2.days, level);

		values[0] = Float8GetDatum(r.ratio);
		values[1] = Float8GetDatum(r.lower);
		values[2] = Float8GetDatum(r.upper);
		values[3] = Float8GetDatum(r.p_value);
		memset(nulls, false, sizeof(nulls));
	}
	return HeapTupleGetDatum(heap_form_tuple(tupdesc, values, nulls));
}

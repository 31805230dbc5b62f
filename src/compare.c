/*
 * compare.c
 *	  Comparing an area with a benchmark, as funnel plots do: compare_rate
 *	  (offences per population against the benchmark's rate, exact Poisson)
 *	  and compare_share (offences involving some platforms out of those with
 *	  a platform recorded, against the benchmark's share, exact binomial).
 *
 * Each returns one row: the area's figure, the benchmark's, the control
 * limits of the figure for this area's denominator at `level`, the exact
 * two-sided p-value and the label of the tail rule (stats_exact.c).
 *
 * Disclosure control: a hidden area count hides the area's count, figure,
 * p-value and label (the figure times the denominator gives the count
 * back); a hidden benchmark count hides everything made from the benchmark
 * (its figure, the expected count, the limits, the p-value and the label).
 */
#include "postgres.h"

#include <math.h>

#include "catalog/pg_type.h"
#include "fmgr.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/rangetypes.h"

#include "compare_args.h"
#include "platforms.h"
#include "publish.h"
#include "period.h"
#include "srf_output.h"
#include "stats.h"
#include "stats_exact.h"
#include "summary_format.h"

PG_FUNCTION_INFO_V1(offence_summary_compare_rate);
PG_FUNCTION_INFO_V1(offence_summary_compare_share);

/* Offences a summary argument records inside a period. */
static int64
offences_in(FunctionCallInfo fcinfo, int summary_arg, const Period *period)
{
	SummaryView view;

	summary_view(PG_GETARG_SUMMARY(summary_arg), &view);
	return summary_offences_in(&view, period);
}

/* A daterange argument as the user would write it, for messages. */
static char *
period_text(FunctionCallInfo fcinfo, int arg)
{
	RangeType *range = PG_GETARG_RANGE_P(arg);
	Oid output;
	bool is_varlena;

	getTypeOutputInfo(RangeTypeGetOid(range), &output, &is_varlena);
	return OidOutputFunctionCall(output, RangeTypePGetDatum(range));
}

static void
set_text(SrfRow *row, int col, const char *s)
{
	SRF_SET(row, col, CStringGetTextDatum(s));
}

/*
 * compare_rate(s, population, benchmark, benchmark_population, period,
 * level, per): offences of s in the period per `per` people, against the
 * benchmark's rate.  Expected = benchmark offences / benchmark population x
 * population; p-value as R's poisson.test(offences, 1, r = expected).
 * Columns: offences, rate, benchmark_rate, expected, lower, upper,
 * p_value, significance.
 */
Datum
offence_summary_compare_rate(PG_FUNCTION_ARGS)
{
	double population = PG_GETARG_FLOAT8(1);
	double benchmark_population = PG_GETARG_FLOAT8(3);
	double level = PG_GETARG_FLOAT8(5);
	double per = PG_GETARG_FLOAT8(6);
	double alpha;
	double expected;
	Period period;
	int64 x;
	int64 x0;
	ReturnSetInfo *rsinfo;
	SrfRow row;

	compare_check_positive(population, "population");
	compare_check_positive(benchmark_population, "benchmark population");
	compare_check_positive(per, "per");
	stats_check_level(level);
	alpha = (1.0 - level) / 2.0;
	period_from_range(PG_GETARG_RANGE_P(4), &period);
	x = offences_in(fcinfo, 0, &period);
	x0 = offences_in(fcinfo, 2, &period);
	if (x0 == 0)
		ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						errmsg("benchmark has no offences in period %s", period_text(fcinfo, 4)),
						errdetail("A benchmark rate of 0 makes every area with an offence "
								  "higher and no area lower: compare with a benchmark that has "
								  "offences.")));
	expected = (double) x0 / benchmark_population * population;
	if (!isfinite(expected) || !(expected > 0.0))
		ereport(ERROR, (errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
						errmsg("expected offences %g are out of range", expected),
						errdetail("Population %g against benchmark population %g.", population,
								  benchmark_population)));

	rsinfo = srf_begin(fcinfo);
	srf_row_clear(&row);
	if (publish_count_visible(x))
	{
		SRF_SET(&row, 0, Int64GetDatum(x));
		SRF_SET(&row, 1, Float8GetDatum((double) x / population * per));
	}
	if (publish_count_visible(x0))
	{
		CountLimits lim = exact_poisson_limits(expected, alpha);

		SRF_SET(&row, 2, Float8GetDatum((double) x0 / benchmark_population * per));
		SRF_SET(&row, 3, Float8GetDatum(expected));
		SRF_SET(&row, 4, Float8GetDatum(lim.lowest / population * per));
		SRF_SET(&row, 5, Float8GetDatum(lim.highest / population * per));
		if (publish_count_visible(x))
		{
			SRF_SET(&row, 6, Float8GetDatum(exact_poisson_p_value((double) x, expected)));
			set_text(&row, 7, exact_label_name(exact_poisson_label((double) x, expected, alpha)));
		}
	}
	srf_put(rsinfo, &row);
	return (Datum) 0;
}

typedef struct ShareCounts
{
	int64 involving; /* offences involving any of the platforms */
	int64 recorded;	 /* offences with a platform recorded */
} ShareCounts;

static ShareCounts
share_counts(FunctionCallInfo fcinfo, int summary_arg)
{
	SummaryView v;
	ShareCounts c;

	summary_view(PG_GETARG_SUMMARY(summary_arg), &v);
	c.involving = summary_offences_involving_any(&v, PG_GETARG_ARRAYTYPE_P(1));
	c.recorded = v.hdr->offences - v.hdr->platform_unrecorded;
	return c;
}

/* A share is hidden with its count or its complement (as platform_share). */
static bool
share_hidden(ShareCounts c)
{
	return !publish_share_visible(c.involving, c.recorded);
}

/*
 * compare_share(s, platforms, benchmark, level): offences involving any of
 * the platforms over offences with a platform recorded, against the
 * benchmark's share; p-value as R's binom.test(offences, recorded,
 * benchmark_share).  Columns: offences, recorded, share, benchmark_share,
 * lower, upper, p_value, significance.  No platform recorded in s: the
 * share and everything made from it are NULL.
 */
Datum
offence_summary_compare_share(PG_FUNCTION_ARGS)
{
	double level = PG_GETARG_FLOAT8(3);
	double alpha;
	ShareCounts a;
	ShareCounts b;
	double p0;
	bool area_hidden;
	bool recorded_hidden;
	ReturnSetInfo *rsinfo;
	SrfRow row;

	stats_check_level(level);
	alpha = (1.0 - level) / 2.0;
	a = share_counts(fcinfo, 0);
	b = share_counts(fcinfo, 2);
	if (b.recorded == 0)
		ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						errmsg("benchmark has no offences with a platform recorded"),
						errdetail("A share needs offences with a platform recorded.")));
	p0 = (double) b.involving / (double) b.recorded;
	recorded_hidden = !publish_count_visible(a.recorded);
	area_hidden = recorded_hidden || share_hidden(a);

	rsinfo = srf_begin(fcinfo);
	srf_row_clear(&row);
	if (!area_hidden)
		SRF_SET(&row, 0, Int64GetDatum(a.involving));
	if (!recorded_hidden)
		SRF_SET(&row, 1, Int64GetDatum(a.recorded));
	if (!area_hidden && a.recorded > 0)
		SRF_SET(&row, 2, Float8GetDatum((double) a.involving / (double) a.recorded));
	if (!share_hidden(b) && publish_count_visible(b.recorded))
	{
		SRF_SET(&row, 3, Float8GetDatum(p0));
		if (!recorded_hidden && a.recorded > 0)
		{
			double n = (double) a.recorded;
			CountLimits lim = exact_binomial_limits(n, p0, alpha);

			SRF_SET(&row, 4, Float8GetDatum(lim.lowest / n));
			SRF_SET(&row, 5, Float8GetDatum(lim.highest / n));
			if (!area_hidden)
			{
				double k = (double) a.involving;

				SRF_SET(&row, 6, Float8GetDatum(exact_binomial_p_value(k, n, p0)));
				set_text(&row, 7, exact_label_name(exact_binomial_label(k, n, p0, alpha)));
			}
		}
	}
	srf_put(rsinfo, &row);
	return (Datum) 0;
}

/*
 * overdispersion_sql.c
 *	  overdispersion(areas, numerators, denominators, statistic, benchmark,
 *	  level, multiplier, trim): one row per area with its z-score, the
 *	  multiplicative (phi) and additive (tau^2) adjusted z-scores, limits and
 *	  labels, and phi and tau^2 themselves (overdispersion.c).
 *
 * Disclosure control: an area whose numerator would be hidden keeps its
 * limits (they do not depend on its count) but loses its value, z-scores
 * and labels, which give the count back.
 */
#include "postgres.h"

#include <math.h>

#include "fmgr.h"
#include "funcapi.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/float.h"

#include "compare_args.h"
#include "funnel.h"
#include "overdispersion.h"
#include "stats.h"

PG_FUNCTION_INFO_V1(groomstats_overdispersion);

#define OD_COLUMNS 13

static const char *
z_label(double z, double q)
{
	if (z > q)
		return "higher";
	if (z < -q)
		return "lower";
	return "similar";
}

static void
put_area(ReturnSetInfo *rsinfo, const char *name, const OverdispersionArea *a,
		 const OverdispersionFit *fit, double multiplier, bool hidden)
{
	Datum values[OD_COLUMNS];
	bool nulls[OD_COLUMNS];

	memset(nulls, false, sizeof(nulls));
	values[0] = CStringGetTextDatum(name);
	values[1] = Float8GetDatum(a->value * multiplier);
	values[2] = Float8GetDatum(a->z);
	values[3] = Float8GetDatum(a->z_mult);
	values[4] = Float8GetDatum(a->lower_mult * multiplier);
	values[5] = Float8GetDatum(a->upper_mult * multiplier);
	values[6] = CStringGetTextDatum(z_label(a->z_mult, fit->quantile));
	values[7] = Float8GetDatum(a->z_add);
	values[8] = Float8GetDatum(a->lower_add * multiplier);
	values[9] = Float8GetDatum(a->upper_add * multiplier);
	values[10] = CStringGetTextDatum(z_label(a->z_add, fit->quantile));
	values[11] = Float8GetDatum(fit->phi);
	/* in the units of value (per multiplier), squared, as the limits */
	values[12] = Float8GetDatum(fit->tau2 * multiplier * multiplier);
	if (hidden)
	{
		/* each of these gives the count back */
		const int from_count[] = {1, 2, 3, 6, 7, 10};

		for (int i = 0; i < (int) lengthof(from_count); i++)
			nulls[from_count[i]] = true;
	}
	tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
}

/* The benchmark on the scale of the values: given per multiplier, or pooled. */
static double
od_benchmark(FunctionCallInfo fcinfo, bool is_rate, const AreaData *a, double multiplier)
{
	double theta = PG_ARGISNULL(4) ? funnel_pooled_average(a->numerators, a->denominators, a->n)
								   : PG_GETARG_FLOAT8(4) / multiplier;

	if (isnan(theta) || !(theta > 0.0) || isinf(theta) || (!is_rate && !(theta < 1.0)))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("benchmark %s is out of range", float8out_internal(theta * multiplier)),
				 errdetail(is_rate ? "A benchmark rate must be greater than 0."
								   : "A benchmark proportion must be greater than 0 and "
									 "less than the multiplier.")));
	return theta;
}

Datum
groomstats_overdispersion(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo;
	char **names;
	int nnames;
	bool is_rate;
	double level;
	double multiplier;
	double trim;
	AreaData a;
	OverdispersionArea *areas;
	OverdispersionFit fit;

	rsinfo = (InitMaterializedSRF(fcinfo, 0), (ReturnSetInfo *) fcinfo->resultinfo);
	/* Not STRICT only so that benchmark may be NULL (pooled): other NULLs give no rows. */
	for (int arg = 0; arg < 8; arg++)
		if (arg != 4 && PG_ARGISNULL(arg))
			return (Datum) 0;
	is_rate = compare_statistic_is_rate(text_to_cstring(PG_GETARG_TEXT_PP(3)));
	level = PG_GETARG_FLOAT8(5);
	multiplier = PG_GETARG_FLOAT8(6);
	trim = PG_GETARG_FLOAT8(7);
	stats_check_level(level);
	compare_check_positive(multiplier, "multiplier");
	if (isnan(trim) || !(trim >= 0.0 && trim < 0.5))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("winsorise %s is out of range", float8out_internal(trim)),
				 errdetail("Winsorise at least 0 and less than 0.5 of each end, such as 0.1.")));
	names = compare_text_array(PG_GETARG_ARRAYTYPE_P(0), "areas", &nnames);
	a = compare_read_areas(PG_GETARG_ARRAYTYPE_P(1), PG_GETARG_ARRAYTYPE_P(2), is_rate);
	compare_check_lengths(nnames, a.n, "areas", "numerators");
	if (a.n < 2)
		ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						errmsg("overdispersion needs at least 2 areas, not %d", a.n)));

	areas = palloc(a.n * sizeof(OverdispersionArea));
	fit = overdispersion_fit(is_rate, a.numerators, a.denominators, a.n,
							 od_benchmark(fcinfo, is_rate, &a, multiplier), level, trim, areas);
	for (int i = 0; i < a.n; i++)
		put_area(rsinfo, names[i], &areas[i], &fit, multiplier,
				 compare_numerator_hidden(a.numerators[i]));
	return (Datum) 0;
}

/*
 * series_trend.c
 *	  rate_trend(s, period, unit, level, family): the Poisson log-linear
 *	  trend of the counts per bucket of a period (counts_by's buckets, with
 *	  their days as exposure), as R's
 *	  glm(count ~ t + offset(log(days)), family = poisson | quasipoisson):
 *	  ratio = exp(slope), the change in the daily rate per bucket.
 *
 * Disclosure control: the fitted numbers are functions of the bucket
 * counts (with three buckets, ratio, dispersion and the period's total pin
 * them down), so when any bucket would be hidden in counts_by the whole row
 * is NULL.
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "fmgr.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/rangetypes.h"

#include "publish.h"
#include "series_bucket.h"
#include "srf_output.h"
#include "stats.h"
#include "trend_fit.h"

PG_FUNCTION_INFO_V1(offence_summary_rate_trend);

static void
cursor_rewind(void *arg)
{
	bucket_cursor_rewind((BucketCursor *) arg);
}

static bool
cursor_next(void *arg, double *count, double *days)
{
	SeriesBucket bucket;

	if (!bucket_cursor_next((BucketCursor *) arg, &bucket))
		return false;
	*count = (double) bucket.offences;
	*days = (double) bucket.days;
	return true;
}

/* 'poisson' or 'quasipoisson' (R's family names); ERROR 22023 otherwise. */
static bool
family_is_quasi(const char *family)
{
	if (strcmp(family, "poisson") == 0)
		return false;
	if (strcmp(family, "quasipoisson") == 0)
		return true;
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("unknown trend family \"%s\"", family),
			 errhint("Use poisson or quasipoisson (widens the interval by the dispersion).")));
}

/* Would counts_by hide any bucket of this period? */
static bool
any_bucket_hidden(const SummaryView *view, const Period *period, SeriesUnit unit)
{
	int64 *counts;
	int32 n = series_nonempty_buckets(view, period, unit, &counts);
	bool hidden = false;

	for (int32 i = 0; i < n && !hidden; i++)
		hidden = !publish_count_visible(counts[i]);
	pfree(counts);
	return hidden;
}

static int64
bucket_count(BucketCursor *cursor)
{
	SeriesBucket bucket;
	int64 n = 0;

	bucket_cursor_rewind(cursor);
	while (bucket_cursor_next(cursor, &bucket))
	{
		if ((++n & 0xFFFF) == 0)
			CHECK_FOR_INTERRUPTS();
	}
	return n;
}

Datum
offence_summary_rate_trend(PG_FUNCTION_ARGS)
{
	char *unit_name = text_to_cstring(PG_GETARG_TEXT_PP(2));
	SeriesUnit unit = series_unit(unit_name);
	double level = PG_GETARG_FLOAT8(3);
	bool quasi = family_is_quasi(text_to_cstring(PG_GETARG_TEXT_PP(4)));
	ReturnSetInfo *rsinfo;
	SrfRow row;
	SummaryView view;
	Period period;
	BucketCursor cursor;
	TrendSource source = {&cursor, cursor_rewind, cursor_next};
	TrendFit fit;
	int64 buckets;

	stats_check_level(level);
	summary_view(PG_GETARG_SUMMARY(0), &view);
	period_from_range(PG_GETARG_RANGE_P(1), &period);
	bucket_cursor_init(&cursor, &view, &period, unit);
	buckets = bucket_count(&cursor);
	if (buckets < 3)
		ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						errmsg("a trend needs at least 3 buckets; the period has " INT64_FORMAT
							   " (unit %s)",
							   buckets, unit_name),
						errhint("Give a longer period or a shorter unit.")));
	/* One row (RETURNS TABLE, as the interface is declared). */
	rsinfo = srf_begin(fcinfo);
	srf_row_clear(&row);
	if (!any_bucket_hidden(&view, &period, unit) && trend_fit_poisson(&source, &fit))
	{
		TrendResult r = trend_wald(&fit, level, quasi);

		SRF_SET(&row, 0, Float8GetDatum(r.ratio));
		SRF_SET(&row, 1, Float8GetDatum(r.lower));
		SRF_SET(&row, 2, Float8GetDatum(r.upper));
		SRF_SET(&row, 3, Float8GetDatum(r.p_value));
		SRF_SET(&row, 4, Float8GetDatum(r.dispersion));
	}
	srf_put(rsinfo, &row);
	return (Datum) 0;
}

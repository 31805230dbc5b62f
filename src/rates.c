/*
 * rates.c
 *	  Counts over time: offences, undated, first and last recorded day,
 *	  per-day rate over a period, and daily counts with the empty days filled.
 */
#include "postgres.h"

#include "fmgr.h"
#include "miscadmin.h"
#include "utils/date.h"
#include "utils/rangetypes.h"

#include "notices.h"
#include "publish.h"
#include "period.h"
#include "srf_output.h"
#include "summary_format.h"

PG_FUNCTION_INFO_V1(offence_summary_offences);
PG_FUNCTION_INFO_V1(offence_summary_undated);
PG_FUNCTION_INFO_V1(offence_summary_first_recorded);
PG_FUNCTION_INFO_V1(offence_summary_last_recorded);
PG_FUNCTION_INFO_V1(offence_summary_per_day_rate);
PG_FUNCTION_INFO_V1(offence_summary_daily_counts);

Datum
offence_summary_offences(PG_FUNCTION_ARGS)
{
	PG_RETURN_PUBLISHED_COUNT(PG_GETARG_SUMMARY(0)->offences);
}

Datum
offence_summary_undated(PG_FUNCTION_ARGS)
{
	PG_RETURN_PUBLISHED_COUNT(PG_GETARG_SUMMARY(0)->undated);
}

Datum
offence_summary_first_recorded(PG_FUNCTION_ARGS)
{
	SummaryHeader *hdr = PG_GETARG_SUMMARY(0);
	SummaryView v;

	if (hdr->ndays == 0)
		PG_RETURN_NULL();
	summary_view(hdr, &v);
	PG_RETURN_DATEADT(v.day[0]);
}

Datum
offence_summary_last_recorded(PG_FUNCTION_ARGS)
{
	SummaryHeader *hdr = PG_GETARG_SUMMARY(0);
	SummaryView v;

	if (hdr->ndays == 0)
		PG_RETURN_NULL();
	summary_view(hdr, &v);
	PG_RETURN_DATEADT(v.day[hdr->ndays - 1]);
}

/* Offences in the period / days in the period, empty days included. */
Datum
offence_summary_per_day_rate(PG_FUNCTION_ARGS)
{
	SummaryView v;
	Period period;
	int64 offences;

	summary_view(PG_GETARG_SUMMARY(0), &v);
	period_from_range(PG_GETARG_RANGE_P(1), &period);
	offences = summary_offences_in(&v, &period);
	PG_RETURN_PUBLISHED_FLOAT8((double) offences / (double) period.days, offences);
}

/*
 * One row per day of the period, in order, zero-filled.  Cells hidden by
 * disclosure control are worked out over the recorded days only: zero days
 * are never hidden, so a period of millennia needs no per-day memory.
 */
Datum
offence_summary_daily_counts(PG_FUNCTION_ARGS)
{
	SummaryView v;
	Period period;
	ReturnSetInfo *rsinfo;
	int32 lo;
	int32 hi;
	int32 i;
	bool *hidden;

	summary_view(PG_GETARG_SUMMARY(0), &v);
	period_from_range(PG_GETARG_RANGE_P(1), &period);
	notice_period_outside(&v, &period);
	rsinfo = srf_begin(fcinfo);

	lo = summary_day_lower_bound(&v, period.first);
	hi = summary_day_lower_bound(&v, period.end);
	hidden = publish_table(v.day_count + lo, hi - lo, PUBLISH_ADDITIVE);

	i = lo;
	for (int64 d = period.first; d < period.end; d++)
	{
		SrfRow row;
		int64 count = 0;
		bool hide = false;

		if (((d - period.first) & 0xFFFF) == 0)
			CHECK_FOR_INTERRUPTS();
		if (i < hi && v.day[i] == d)
		{
			count = v.day_count[i];
			hide = hidden[i - lo];
			i++;
		}
		srf_row_clear(&row);
		SRF_SET(&row, 0, DateADTGetDatum((DateADT) d));
		if (!hide)
			SRF_SET(&row, 1, Int64GetDatum(count));
		SRF_SET(&row, 2, BoolGetDatum(hide));
		srf_put(rsinfo, &row);
	}
	pfree(hidden);
	return (Datum) 0;
}

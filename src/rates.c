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
#include "srf_stream.h"
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
 * One row per day of the period, in order, zero-filled, streamed one row
 * per call (srf_stream.h): a LIMIT stops the work and memory stays flat
 * over a period of millennia.  Cells hidden by disclosure control are
 * worked out on the first call over the recorded days only: zero days are
 * never hidden, so that needs no per-day memory.
 */
typedef struct DailyCountsState
{
	SummaryView view;
	Period period;
	int64 day;	  /* the next day to return */
	int32 next;	  /* the next recorded day at or after it */
	int32 lo;	  /* first recorded day in the period */
	int32 hi;	  /* first recorded day after it */
	bool *hidden; /* per recorded day lo..hi-1 */
} DailyCountsState;

static bool
daily_counts_row(void *arg, SrfRow *row)
{
	DailyCountsState *state = arg;
	int64 count = 0;
	bool hide = false;

	if (state->day >= state->period.end)
		return false;
	if (state->next < state->hi && state->view.day[state->next] == state->day)
	{
		count = state->view.day_count[state->next];
		hide = state->hidden[state->next - state->lo];
		state->next++;
	}
	SRF_SET(row, 0, DateADTGetDatum((DateADT) state->day));
	if (!hide)
		SRF_SET(row, 1, Int64GetDatum(count));
	SRF_SET(row, 2, BoolGetDatum(hide));
	state->day++;
	return true;
}

Datum
offence_summary_daily_counts(PG_FUNCTION_ARGS)
{
	if (SRF_IS_FIRSTCALL())
	{
		MemoryContext old = srf_stream_begin(fcinfo, 3);
		DailyCountsState *state = palloc0(sizeof(DailyCountsState));

		summary_view(PG_GETARG_SUMMARY(0), &state->view);
		period_from_range(PG_GETARG_RANGE_P(1), &state->period);
		state->day = state->period.first;
		state->lo = summary_day_lower_bound(&state->view, state->period.first);
		state->hi = summary_day_lower_bound(&state->view, state->period.end);
		state->next = state->lo;
		notice_period_outside(&state->view, &state->period);
		state->hidden = publish_table(state->view.day_count + state->lo, state->hi - state->lo,
									  PUBLISH_ADDITIVE);
		srf_stream_state(fcinfo) = state;
		MemoryContextSwitchTo(old);
	}
	return srf_stream_next(fcinfo, daily_counts_row);
}

/*
 * series_rolling.c
 *	  rolling_counts(s, period, months): "year ending" totals, as the ONS and
 *	  the Home Office publish them: for each month end inside the period, the
 *	  offences recorded in the `months` whole calendar months ending on it
 *	  (12: "year ending March 2018" is April 2017 to March 2018), with the
 *	  window's days and the per-day rate.  Streamed one row per call.
 *
 * A window may begin before the period: the period chooses the month ends,
 * the window is always whole months.  The totals overlap, so they are not
 * an additive table; each is hidden when it is 1 to N-1 offences (primary
 * suppression).  Differences of consecutive totals (month in minus month
 * out) are not published cells and are not protected: see the README.
 */
#include "postgres.h"

#include "fmgr.h"
#include "utils/date.h"
#include "utils/rangetypes.h"
#include "datatype/timestamp.h"

#include "counts.h"
#include "publish.h"
#include "series_bucket.h"
#include "srf_stream.h"

PG_FUNCTION_INFO_V1(offence_summary_rolling_counts);

#define ROLLING_COLUMNS	   6 /* ending, start, days, offences, per_day, suppressed */
#define ROLLING_MAX_MONTHS 12000
#define FIRST_DATE		   (DATETIME_MIN_JULIAN - POSTGRES_EPOCH_JDATE)

typedef struct RollingState
{
	SummaryView view;
	int64 months;
	int64 period_end;
	int64 window_end; /* first day after the current window */
	int32 lo;		  /* first recorded day inside the window */
	int32 hi;		  /* first recorded day after it */
	int64 offences;	  /* offences of days lo..hi-1 */
} RollingState;

static int64
window_start(const RollingState *state)
{
	return Max(series_add_months(state->window_end, -state->months), (int64) FIRST_DATE);
}

static RollingState *
rolling_start(FunctionCallInfo fcinfo)
{
	RollingState *state = palloc0(sizeof(RollingState));
	int32 months = PG_GETARG_INT32(2);
	Period period;

	if (months < 1 || months > ROLLING_MAX_MONTHS)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("window of %d months is out of range", months),
				 errdetail("A window is 1 to %d months (12: year ending).", ROLLING_MAX_MONTHS)));
	summary_view(PG_GETARG_SUMMARY(0), &state->view);
	period_from_range(PG_GETARG_RANGE_P(1), &period);
	state->months = months;
	state->period_end = period.end;
	/* The first window ends with the month holding the period's first day. */
	state->window_end = series_add_months(period.first, 1);
	state->lo = summary_day_lower_bound(&state->view, (DateADT) window_start(state));
	state->hi = state->lo;
	return state;
}

/* Move the window's recorded days to [start, end): each day enters and leaves once. */
static void
rolling_slide(RollingState *state, int64 start, int64 end)
{
	const SummaryView *v = &state->view;

	while (state->hi < v->hdr->ndays && v->day[state->hi] < end)
		state->offences = counts_add(state->offences, v->day_count[state->hi++]);
	while (state->lo < state->hi && v->day[state->lo] < start)
		state->offences -= v->day_count[state->lo++];
}

static bool
rolling_row(void *arg, SrfRow *row)
{
	RollingState *state = arg;
	int64 end = state->window_end;
	int64 start = window_start(state);
	bool hide;

	/* The window ends on end - 1, a month end: is it inside the period? */
	if (end - 1 >= state->period_end)
		return false;
	rolling_slide(state, start, end);
	hide = !publish_count_visible(state->offences);
	SRF_SET(row, 0, DateADTGetDatum((DateADT) (end - 1)));
	SRF_SET(row, 1, DateADTGetDatum((DateADT) start));
	SRF_SET(row, 2, Int32GetDatum((int32) (end - start)));
	if (!hide)
	{
		SRF_SET(row, 3, Int64GetDatum(state->offences));
		SRF_SET(row, 4, Float8GetDatum((double) state->offences / (double) (end - start)));
	}
	SRF_SET(row, 5, BoolGetDatum(hide));
	state->window_end = series_add_months(end, 1);
	return true;
}

Datum
offence_summary_rolling_counts(PG_FUNCTION_ARGS)
{
	if (SRF_IS_FIRSTCALL())
	{
		MemoryContext old = srf_stream_begin(fcinfo, ROLLING_COLUMNS);

		srf_stream_state(fcinfo) = rolling_start(fcinfo);
		MemoryContextSwitchTo(old);
	}
	return srf_stream_next(fcinfo, rolling_row);
}

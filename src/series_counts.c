/*
 * series_counts.c
 *	  counts_by(s, period, unit): offences per calendar bucket (ISO week,
 *	  month, quarter, year, financial year) over a period, one row per
 *	  bucket, zero-filled, streamed one row per call.
 *
 * The buckets of a period are an additive table (they add up to the
 * period's total, which per_day_rate or offences give), so disclosure
 * control hides small buckets and, where one could be recovered from the
 * total, the next-smallest too.  That is decided before the first row, over
 * the non-empty buckets only (one pass over the recorded days in the
 * period): empty buckets are never hidden, so their number does not matter.
 */
#include "postgres.h"

#include "fmgr.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/rangetypes.h"

#include "publish.h"
#include "series_bucket.h"
#include "srf_stream.h"

PG_FUNCTION_INFO_V1(offence_summary_counts_by);

#define COUNTS_BY_COLUMNS 4 /* start, days, offences, suppressed */

typedef struct CountsByState
{
	SummaryView view;
	BucketCursor cursor;
	bool *hidden;	  /* per non-empty bucket, in order */
	int32 nonempty;	  /* how many */
	int32 next_shown; /* index of the next non-empty bucket */
} CountsByState;

static CountsByState *
counts_by_start(FunctionCallInfo fcinfo)
{
	CountsByState *state = palloc0(sizeof(CountsByState));
	SeriesUnit unit = series_unit(text_to_cstring(PG_GETARG_TEXT_PP(2)));
	Period period;
	int64 *counts;

	summary_view(PG_GETARG_SUMMARY(0), &state->view);
	period_from_range(PG_GETARG_RANGE_P(1), &period);
	state->nonempty = series_nonempty_buckets(&state->view, &period, unit, &counts);
	state->hidden = publish_table(counts, state->nonempty, PUBLISH_ADDITIVE);
	pfree(counts);
	bucket_cursor_init(&state->cursor, &state->view, &period, unit);
	return state;
}

static bool
counts_by_row(void *arg, SrfRow *row)
{
	CountsByState *state = arg;
	SeriesBucket bucket;
	bool hide = false;

	if (!bucket_cursor_next(&state->cursor, &bucket))
		return false;
	if (bucket.offences > 0)
	{
		Assert(state->next_shown < state->nonempty);
		hide = state->hidden[state->next_shown++];
	}
	SRF_SET(row, 0, DateADTGetDatum(bucket.start));
	SRF_SET(row, 1, Int32GetDatum(bucket.days));
	if (!hide)
		SRF_SET(row, 2, Int64GetDatum(bucket.offences));
	SRF_SET(row, 3, BoolGetDatum(hide));
	return true;
}

Datum
offence_summary_counts_by(PG_FUNCTION_ARGS)
{
	if (SRF_IS_FIRSTCALL())
	{
		MemoryContext old = srf_stream_begin(fcinfo, COUNTS_BY_COLUMNS);

		srf_stream_state(fcinfo) = counts_by_start(fcinfo);
		MemoryContextSwitchTo(old);
	}
	return srf_stream_next(fcinfo, counts_by_row);
}

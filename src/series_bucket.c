/*
 * series_bucket.c
 *	  Calendar buckets and the cursor over a period's buckets.
 */
#include "postgres.h"

#include "miscadmin.h"

#include "counts.h"
#include "series_bucket.h"

/* Days from 1970-01-01 to 2000-01-01 (DateADT's day 0). */
#define UNIX_TO_POSTGRES_DAYS 10957

static int64
floor_div(int64 a, int64 b)
{
	int64 q = a / b;

	return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

/*
 * Days since 1970-01-01 of a proleptic Gregorian date (astronomical years),
 * after H. Hinnant's days_from_civil: exact for any int64-sized year here.
 */
static int64
days_from_civil(int64 y, int64 m, int64 d)
{
	int64 era;
	int64 yoe;
	int64 doy;
	int64 doe;

	y -= m <= 2;
	era = floor_div(y, 400);
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* The inverse: year and month (1..12) of a day since 1970-01-01. */
static void
civil_from_days(int64 z, int64 *year, int64 *month)
{
	int64 era;
	int64 doe;
	int64 yoe;
	int64 doy;
	int64 mp;

	z += 719468;
	era = floor_div(z, 146097);
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*month = mp < 10 ? mp + 3 : mp - 9;
	*year = yoe + era * 400 + (*month <= 2);
}

/* Months since year 0 of the month holding a DateADT day. */
static int64
month_index(int64 day)
{
	int64 y;
	int64 m;

	civil_from_days(day + UNIX_TO_POSTGRES_DAYS, &y, &m);
	return y * 12 + (m - 1);
}

/* DateADT of the first day of a month index. */
static int64
month_first_day(int64 index)
{
	int64 y = floor_div(index, 12);

	return days_from_civil(y, index - y * 12 + 1, 1) - UNIX_TO_POSTGRES_DAYS;
}

SeriesUnit
series_unit(const char *name)
{
	if (strcmp(name, "week") == 0)
		return SERIES_WEEK;
	if (strcmp(name, "month") == 0)
		return SERIES_MONTH;
	if (strcmp(name, "quarter") == 0)
		return SERIES_QUARTER;
	if (strcmp(name, "year") == 0)
		return SERIES_YEAR;
	if (strcmp(name, "financial_year") == 0)
		return SERIES_FINANCIAL_YEAR;
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE), errmsg("unknown series unit \"%s\"", name),
			 errhint("Use week, month, quarter, year or financial_year.")));
}

/* Months per bucket and the month (0 = January) buckets are anchored at. */
static void
unit_months(SeriesUnit unit, int64 *step, int64 *anchor)
{
	*anchor = 0;
	switch (unit)
	{
		case SERIES_MONTH:
			*step = 1;
			break;
		case SERIES_QUARTER:
			*step = 3;
			break;
		case SERIES_YEAR:
			*step = 12;
			break;
		case SERIES_FINANCIAL_YEAR:
			*step = 12;
			*anchor = 3; /* April */
			break;
		default:
			elog(ERROR, "unit %d is not counted in months", (int) unit);
	}
}

int64
series_bucket_start(SeriesUnit unit, int64 day)
{
	int64 step;
	int64 anchor;
	int64 m;

	/* DateADT 0, 2000-01-01, was a Saturday: day + 5 is 0 mod 7 on Mondays. */
	if (unit == SERIES_WEEK)
		return day - (day + 5 - floor_div(day + 5, 7) * 7);
	unit_months(unit, &step, &anchor);
	m = month_index(day);
	return month_first_day(m - (m - anchor - floor_div(m - anchor, step) * step));
}

int64
series_bucket_next(SeriesUnit unit, int64 start)
{
	int64 step;
	int64 anchor;

	if (unit == SERIES_WEEK)
		return start + 7;
	unit_months(unit, &step, &anchor);
	return month_first_day(month_index(start) + step);
}

int64
series_add_months(int64 day, int64 months)
{
	return month_first_day(month_index(day) + months);
}

void
bucket_cursor_init(BucketCursor *cursor, const SummaryView *view, const Period *period,
				   SeriesUnit unit)
{
	cursor->view = view;
	cursor->unit = unit;
	cursor->period = *period;
	cursor->end_day = summary_day_lower_bound(view, period->end);
	bucket_cursor_rewind(cursor);
}

void
bucket_cursor_rewind(BucketCursor *cursor)
{
	cursor->next_start = cursor->period.first;
	cursor->day = summary_day_lower_bound(cursor->view, cursor->period.first);
}

bool
bucket_cursor_next(BucketCursor *cursor, SeriesBucket *bucket)
{
	int64 start = cursor->next_start;
	int64 end;
	int64 offences = 0;

	if (start >= cursor->period.end)
		return false;
	end = Min(series_bucket_next(cursor->unit, series_bucket_start(cursor->unit, start)),
			  (int64) cursor->period.end);
	while (cursor->day < cursor->end_day && cursor->view->day[cursor->day] < end)
	{
		offences = counts_add(offences, cursor->view->day_count[cursor->day]);
		cursor->day++;
	}
	bucket->start = (DateADT) start;
	bucket->days = (int32) (end - start);
	bucket->offences = offences;
	cursor->next_start = end;
	return true;
}

int32
series_nonempty_buckets(const SummaryView *view, const Period *period, SeriesUnit unit,
						int64 **counts)
{
	int32 lo = summary_day_lower_bound(view, period->first);
	int32 hi = summary_day_lower_bound(view, period->end);
	int64 *out = palloc(Max(hi - lo, 1) * sizeof(int64));
	int32 n = 0;
	int64 current = 0;

	for (int32 i = lo; i < hi; i++)
	{
		int64 start = series_bucket_start(unit, view->day[i]);

		if ((i & 0xFFFF) == 0)
			CHECK_FOR_INTERRUPTS();
		if (n == 0 || start != current)
		{
			out[n++] = 0;
			current = start;
		}
		out[n - 1] = counts_add(out[n - 1], view->day_count[i]);
	}
	*counts = out;
	return n;
}

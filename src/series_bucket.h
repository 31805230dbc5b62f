/*
 * series_bucket.h
 *	  Calendar buckets of a series (ISO week, month, quarter, year, financial
 *	  year), and a cursor that walks the buckets of a period with the
 *	  offences a summary records in each.
 *
 * Bucket arithmetic is done in int64 days on the proleptic Gregorian
 * calendar (as PostgreSQL's dates), so the bucket after the last date
 * PostgreSQL knows is still a number; every bucket is clipped to the period.
 */
#ifndef GROOMSTATS_SERIES_BUCKET_H
#define GROOMSTATS_SERIES_BUCKET_H

#include "postgres.h"

#include "period.h"
#include "summary_format.h"

typedef enum SeriesUnit
{
	SERIES_WEEK,		  /* ISO week, Monday to Sunday */
	SERIES_MONTH,		  /* calendar month */
	SERIES_QUARTER,		  /* January-March, April-June, ... */
	SERIES_YEAR,		  /* calendar year */
	SERIES_FINANCIAL_YEAR /* 1 April to 31 March */
} SeriesUnit;

/* Parse a unit name; ERROR 22023 listing the names otherwise. */
extern SeriesUnit series_unit(const char *name);

/* First day of the bucket holding `day` (DateADT numbering, in int64). */
extern int64 series_bucket_start(SeriesUnit unit, int64 day);

/* First day of the bucket after the one starting on `start`. */
extern int64 series_bucket_next(SeriesUnit unit, int64 start);

/* First day of the month `months` months after the month holding `day`. */
extern int64 series_add_months(int64 day, int64 months);

/* One bucket of a period, clipped to it. */
typedef struct SeriesBucket
{
	DateADT start; /* the bucket's first day, or the period's first day */
	int32 days;	   /* days of the bucket inside the period */
	int64 offences;
} SeriesBucket;

/* Walks the buckets of a period in order, zero buckets included. */
typedef struct BucketCursor
{
	const SummaryView *view;
	SeriesUnit unit;
	Period period;
	int64 next_start; /* first day of the next bucket (clipped) */
	int32 day;		  /* next recorded day to count */
	int32 end_day;	  /* first recorded day at or after the period's end */
} BucketCursor;

extern void bucket_cursor_init(BucketCursor *cursor, const SummaryView *view, const Period *period,
							   SeriesUnit unit);
/* Rewind to the first bucket. */
extern void bucket_cursor_rewind(BucketCursor *cursor);
/* The next bucket, or false after the last. */
extern bool bucket_cursor_next(BucketCursor *cursor, SeriesBucket *bucket);

/*
 * Offences of the non-empty buckets of the period, in order, in one pass
 * over the recorded days inside it (so bounded by the summary's content,
 * never by the period's length).  Returns how many; *counts is palloc'd.
 */
extern int32 series_nonempty_buckets(const SummaryView *view, const Period *period, SeriesUnit unit,
									 int64 **counts);

#endif

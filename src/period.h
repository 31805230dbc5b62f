/*
 * period.h
 *	  A daterange argument as a half-open run of days, and counting a
 *	  summary's offences inside it.
 */
#ifndef GROOMSTATS_PERIOD_H
#define GROOMSTATS_PERIOD_H

#include "postgres.h"
#include "utils/rangetypes.h"
#include "summary_format.h"

typedef struct Period
{
	DateADT first; /* first day in the period */
	DateADT end;   /* first day after the period */
	int64 days;	   /* end - first, always >= 1 */
} Period;

/*
 * Read a daterange as a period.  An empty range, an unbounded one, or one
 * with an infinite bound has no number of days: ERROR 22023 naming it.
 */
extern void period_from_range(const RangeType *range, Period *period);

/* Offences recorded on days inside the period (undated ones never are). */
extern int64 summary_offences_in(const SummaryView *view, const Period *period);

/* Index of the first recorded day >= `day` (binary search). */
extern int32 summary_day_lower_bound(const SummaryView *view, DateADT day);

#endif

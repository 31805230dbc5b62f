/*
 * counts.h
 *	  Exact offence counts: int64 additions that refuse to wrap.
 */
#ifndef GROOMSTATS_COUNTS_H
#define GROOMSTATS_COUNTS_H

#include "postgres.h"
#include "common/int.h"

/* a + b, or ERROR 22003: a count that wrapped would be a wrong headline. */
static inline int64
counts_add(int64 a, int64 b)
{
	int64 sum;

	if (unlikely(pg_add_s64_overflow(a, b, &sum)))
		ereport(ERROR, (errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
						errmsg("offence count out of range: " INT64_FORMAT " + " INT64_FORMAT
							   " exceeds bigint",
							   a, b)));
	return sum;
}

#endif

/*
 * summary_order.c
 *	  A total order on offence_summary, for the btree operator class: ORDER BY
 *	  s, sort-based GROUP BY and DISTINCT, UNION, count(DISTINCT s) (which
 *	  Citus plans with a sort), btree indexes, merge joins.
 *
 * The order is that of the canonical stored bytes (memcmp, then length, so
 * a prefix sorts first).  It means nothing about the offences counted; it
 * only has to be total and agree with `=`, which also compares the bytes:
 * two summaries compare equal exactly when `=` says they are equal.
 */
#include "postgres.h"

#include "fmgr.h"

#include "summary_format.h"

PG_FUNCTION_INFO_V1(offence_summary_cmp);
PG_FUNCTION_INFO_V1(offence_summary_lt);
PG_FUNCTION_INFO_V1(offence_summary_le);
PG_FUNCTION_INFO_V1(offence_summary_ge);
PG_FUNCTION_INFO_V1(offence_summary_gt);

/* Byte order of two stored summaries: < 0, 0 or > 0. */
static int
compare_summaries(FunctionCallInfo fcinfo)
{
	SummaryHeader *a = PG_GETARG_SUMMARY(0);
	SummaryHeader *b = PG_GETARG_SUMMARY(1);
	Size alen = VARSIZE(a) - VARHDRSZ;
	Size blen = VARSIZE(b) - VARHDRSZ;
	int result = memcmp(VARDATA(a), VARDATA(b), Min(alen, blen));

	if (result == 0 && alen != blen)
		result = alen < blen ? -1 : 1;

	/* Sorts and index builds call this many times: free detoasted copies. */
	PG_FREE_IF_COPY(a, 0);
	PG_FREE_IF_COPY(b, 1);
	return result;
}

Datum
offence_summary_cmp(PG_FUNCTION_ARGS)
{
	int result = compare_summaries(fcinfo);

	PG_RETURN_INT32(result < 0 ? -1 : (result > 0 ? 1 : 0));
}

Datum
offence_summary_lt(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(compare_summaries(fcinfo) < 0);
}

Datum
offence_summary_le(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(compare_summaries(fcinfo) <= 0);
}

Datum
offence_summary_ge(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(compare_summaries(fcinfo) >= 0);
}

Datum
offence_summary_gt(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(compare_summaries(fcinfo) > 0);
}

/*
 * period.c
 *	  Periods (dateranges) and counting offences inside them.
 */
#include "postgres.h"

#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/date.h"
#include "utils/rangetypes.h"

#include "notices.h"
#include "period.h"

/* The range as the user would write it, for messages. */
static char *
range_text(const RangeType *range)
{
	Oid output;
	bool is_varlena;

	getTypeOutputInfo(RangeTypeGetOid(range), &output, &is_varlena);
	return OidOutputFunctionCall(output, RangeTypePGetDatum(range));
}

void
period_from_range(const RangeType *range, Period *period)
{
	TypeCacheEntry *typcache = lookup_type_cache(RangeTypeGetOid(range), TYPECACHE_RANGE_INFO);
	RangeBound lower;
	RangeBound upper;
	bool empty;

	range_deserialize(typcache, range, &lower, &upper, &empty);
	if (empty)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE), errmsg("period is empty"),
				 errhint("A period needs at least one day, e.g. '[2017-04-03,2018-04-01)'.")));
	if (lower.infinite || upper.infinite || DATE_NOT_FINITE(DatumGetDateADT(lower.val)) ||
		DATE_NOT_FINITE(DatumGetDateADT(upper.val)))
		ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						errmsg("period %s is unbounded", range_text(range)),
						errdetail("A rate needs a number of days: give both ends of the period.")));

	/* daterange is canonical: [first, end) whatever brackets the user wrote. */
	period->first = DatumGetDateADT(lower.val);
	period->end = DatumGetDateADT(upper.val);
	if (!lower.inclusive)
		period->first++;
	if (upper.inclusive)
		period->end++;
	period->days = (int64) period->end - (int64) period->first;
}

int32
summary_day_lower_bound(const SummaryView *view, DateADT day)
{
	int32 lo = 0;
	int32 hi = view->hdr->ndays;

	while (lo < hi)
	{
		int32 mid = lo + (hi - lo) / 2;

		if (view->day[mid] < day)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

int64
summary_offences_in(const SummaryView *view, const Period *period)
{
	int64 total = 0;

	/* Every count over a period comes through here: say when it is 0 by construction. */
	notice_period_outside(view, period);
	/* No overflow: these counts are part of a validated total. */
	for (int32 i = summary_day_lower_bound(view, period->first);
		 i < view->hdr->ndays && view->day[i] < period->end; i++)
		total += view->day_count[i];
	return total;
}

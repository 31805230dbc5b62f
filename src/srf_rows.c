/*
 * srf_rows.c
 *	  Row estimates for the planner (a support function, SupportRequestRows)
 *	  for the streaming accessors over a period: daily_counts_stream,
 *	  counts_by_stream and rolling_counts_stream.
 *
 * The public daily_counts, counts_by and rolling_counts are inlined into
 * the calling query, so the planner sees the C core and asks it how many
 * rows it returns.  When the period (and counts_by's unit) is a constant,
 * the answer is the days of the period, or about its buckets or month
 * ends; otherwise the declaration's ROWS stands.  An estimate only: any
 * argument it cannot read gives no answer rather than an error, so that
 * the error, if any, comes from the call, with its message.
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "fmgr.h"
#include "nodes/primnodes.h"
#include "nodes/supportnodes.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/lsyscache.h"
#include "utils/rangetypes.h"
#include "utils/typcache.h"

PG_FUNCTION_INFO_V1(offence_summary_period_rows);

#define GREGORIAN_YEAR_DAYS 365.2425

/* Days of a constant daterange argument; false when it has none. */
static bool
const_period_days(Node *arg, double *days)
{
	RangeType *range;
	TypeCacheEntry *typcache;
	RangeBound lower;
	RangeBound upper;
	bool empty;
	int64 first;
	int64 end;

	if (!IsA(arg, Const) || ((Const *) arg)->constisnull ||
		((Const *) arg)->consttype != DATERANGEOID)
		return false;
	range = DatumGetRangeTypeP(((Const *) arg)->constvalue);
	typcache = lookup_type_cache(RangeTypeGetOid(range), TYPECACHE_RANGE_INFO);
	range_deserialize(typcache, range, &lower, &upper, &empty);
	if (empty || lower.infinite || upper.infinite || DATE_NOT_FINITE(DatumGetDateADT(lower.val)) ||
		DATE_NOT_FINITE(DatumGetDateADT(upper.val)))
		return false;
	first = (int64) DatumGetDateADT(lower.val) + (lower.inclusive ? 0 : 1);
	end = (int64) DatumGetDateADT(upper.val) + (upper.inclusive ? 1 : 0);
	if (end <= first)
		return false;
	*days = (double) (end - first);
	return true;
}

/* Mean days of a counts_by unit given as a constant; 0 when unknown. */
static double
const_unit_days(Node *arg)
{
	static const struct
	{
		const char *name;
		double days;
	} units[] = {{"week", 7},
				 {"month", GREGORIAN_YEAR_DAYS / 12},
				 {"quarter", GREGORIAN_YEAR_DAYS / 4},
				 {"year", GREGORIAN_YEAR_DAYS},
				 {"financial_year", GREGORIAN_YEAR_DAYS}};
	char *name;

	if (!IsA(arg, Const) || ((Const *) arg)->constisnull || ((Const *) arg)->consttype != TEXTOID)
		return 0;
	name = TextDatumGetCString(((Const *) arg)->constvalue);
	for (size_t i = 0; i < lengthof(units); i++)
		if (strcmp(name, units[i].name) == 0)
			return units[i].days;
	return 0;
}

/*
 * Rows of one call: daily_counts_stream, a row per day; counts_by_stream, a
 * row per bucket (clipped buckets at both ends); rolling_counts_stream, a
 * row per month end inside the period.  0 when not known.
 */
static double
period_rows(const char *function, List *args)
{
	double days;
	double unit_days;

	if (list_length(args) < 2 || !const_period_days(lsecond(args), &days))
		return 0;
	if (strcmp(function, "daily_counts_stream") == 0)
		return days;
	if (strcmp(function, "counts_by_stream") == 0 && list_length(args) == 3)
	{
		unit_days = const_unit_days(lthird(args));
		return unit_days > 0 ? days / unit_days + 1 : 0;
	}
	if (strcmp(function, "rolling_counts_stream") == 0)
		return days / (GREGORIAN_YEAR_DAYS / 12);
	return 0;
}

Datum
offence_summary_period_rows(PG_FUNCTION_ARGS)
{
	Node *request = (Node *) PG_GETARG_POINTER(0);
	SupportRequestRows *req;
	char *function;
	double rows;

	if (!IsA(request, SupportRequestRows))
		PG_RETURN_POINTER(NULL);
	req = (SupportRequestRows *) request;
	if (req->node == NULL || !IsA(req->node, FuncExpr))
		PG_RETURN_POINTER(NULL);
	function = get_func_name(req->funcid);
	rows = function ? period_rows(function, ((FuncExpr *) req->node)->args) : 0;
	if (rows <= 0)
		PG_RETURN_POINTER(NULL);
	req->rows = rows;
	PG_RETURN_POINTER(req);
}

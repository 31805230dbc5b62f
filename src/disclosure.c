/*
 * disclosure.c
 *	  Which cells of a table to hide (the settings in force are read in
 *	  disclosure_settings.c).
 *
 * The reader this protects against knows the method, can compute the total
 * of an additive table (any visible count over its share), and can read the
 * same table at every threshold from the floor up.  Two rules follow.
 *
 * 1. At one threshold N, the hidden cells must each keep at least two
 *    possible values given what the reading shows: their sum, that a small
 *    cell is 1..N-1, that any other hidden cell is at least N, and that it
 *    is below the smallest visible cell (secondary cells are taken smallest
 *    first, and every cell of the same count together, so that which of two
 *    equal cells was taken says nothing).
 *
 * 2. Raising the threshold must tell nothing new.  Were each threshold
 *    worked out afresh from the true counts, whether a further cell is
 *    hidden at N + 1 would depend on the values of cells hidden at N, and
 *    reading N, N + 1, ... in turn would narrow them down (issue 11: A=1
 *    B=1 C=50 D=60 at floor 3 is pinned to {1, 1, 50} by thresholds 4 to 8).
 *    So the table is worked out from the true counts once, at the floor,
 *    and the table at any threshold above it from the table at the floor
 *    and nothing else: the counts it shows, and the number, sum and upper
 *    bound of the cells it hides.  Those stay hidden, the shown cells under
 *    the threshold join them, and the next-smallest shown cells follow until
 *    rule 1 holds for every way the floor's hidden cells could lie either
 *    side of the threshold.  Every reading above the floor is then a
 *    function of the reading at the floor: a sweep learns nothing the floor
 *    reading did not show.
 *
 * With no floor of 3 or more the session may see small counts anyway, and
 * the table is worked out from the true counts at the threshold asked for.
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "common/int.h"
#include "fmgr.h"
#include "miscadmin.h"
#include "utils/array.h"

#include "disclosure.h"

PG_FUNCTION_INFO_V1(groomstats_suppressed_cells);

/* Sums of counts saturate: a bound that large can only hide more. */
static inline int64
sat_add(int64 a, int64 b)
{
	int64 r;

	return pg_add_s64_overflow(a, b, &r) ? PG_INT64_MAX : r;
}

static inline int64
sat_mul(int64 a, int64 b)
{
	int64 r;

	return pg_mul_s64_overflow(a, b, &r) ? PG_INT64_MAX : r;
}

typedef enum Split
{
	SPLIT_INFEASIBLE, /* no counts fit these bounds and this sum */
	SPLIT_PINNED,	  /* some hidden cell has one possible value */
	SPLIT_AMBIGUOUS	  /* every hidden cell has two or more */
} Split;

/*
 * k hidden cells of 1..n-1, s of n..b (b < 0: no upper bound), adding up to
 * total.  A cell can take any value between what the others leave it at
 * their largest and at their smallest, within its own bounds.
 */
static Split
split_ambiguity(int64 k, int64 s, int64 total, int64 n, int64 b)
{
	bool bounded = b >= 0 || s == 0;
	int64 slo = sat_add(k, sat_mul(s, n));
	int64 shi = bounded ? sat_add(sat_mul(k, n - 1), sat_mul(s, Max(b, 0))) : PG_INT64_MAX;

	if (total < slo || total > shi)
		return SPLIT_INFEASIBLE;
	if (k > 0)
	{
		int64 lo = bounded ? Max(1, total - (shi - (n - 1))) : 1;
		int64 hi = Min(n - 1, total - (slo - 1));

		if (hi - lo < 1)
			return SPLIT_PINNED;
	}
	if (s > 0)
	{
		int64 lo = bounded ? Max(n, total - (shi - b)) : n;
		int64 hi = bounded ? Min(b, total - (slo - n)) : total - (slo - n);

		if (hi - lo < 1)
			return SPLIT_PINNED;
	}
	return SPLIT_AMBIGUOUS;
}

/* A table being suppressed: its cells, which are hidden, and their sum. */
typedef struct Table
{
	const int64 *counts;
	int n;
	bool *hidden;
	int nhidden;
	int64 hidden_sum;
} Table;

static void
hide(Table *t, int i)
{
	t->hidden[i] = true;
	t->nhidden++;
	t->hidden_sum = sat_add(t->hidden_sum, t->counts[i]);
}

/* The smallest non-zero visible count, or -1 when none is visible. */
static int64
smallest_visible(const Table *t)
{
	int64 smallest = -1;

	for (int i = 0; i < t->n; i++)
		if (!t->hidden[i] && t->counts[i] > 0 && (smallest < 0 || t->counts[i] < smallest))
			smallest = t->counts[i];
	return smallest;
}

/*
 * The upper bound a reader has on every hidden cell: one below the smallest
 * visible count (-1: nothing visible, no bound).
 */
static int64
hidden_bound(const Table *t)
{
	int64 m = smallest_visible(t);

	return m < 0 ? -1 : m - 1;
}

/* Hide the smallest visible non-zero cells (all of that count); how many, 0 if none. */
static int
hide_next_smallest(Table *t)
{
	int64 m = smallest_visible(t);
	int added = 0;

	if (m < 0)
		return 0;
	for (int i = 0; i < t->n; i++)
		if (!t->hidden[i] && t->counts[i] == m)
		{
			hide(t, i);
			added++;
		}
	return added;
}

/* Hide the visible cells of 1..n-1; how many. */
static int
hide_small(Table *t, int64 n)
{
	int added = 0;

	for (int i = 0; i < t->n; i++)
		if (!t->hidden[i] && t->counts[i] > 0 && t->counts[i] < n)
		{
			hide(t, i);
			added++;
		}
	return added;
}

/* The table at threshold n from the true counts (the floor reading). */
static void
suppress_from_counts(Table *t, int64 n)
{
	int small = hide_small(t, n);

	if (small == 0)
		return;
	for (;;)
	{
		Split split = split_ambiguity(small, t->nhidden - small, t->hidden_sum, n, hidden_bound(t));

		if (split == SPLIT_AMBIGUOUS || hide_next_smallest(t) == 0)
			return;
	}
}

/* What the table at the floor tells of the cells it hides. */
typedef struct FloorHidden
{
	int count;
	int64 sum;
	int64 bound; /* each is at most this (below the smallest shown); -1: no bound */
} FloorHidden;

/*
 * Could `below` of the cells hidden at the floor be under n, and the others
 * n or more, given only what the floor's table shows?
 */
static bool
floor_split_possible(const FloorHidden *f, int below, int64 n)
{
	int64 above = f->count - below;

	if (above > 0 && f->bound >= 0 && f->bound < n)
		return false;
	if (f->sum < sat_add(below, sat_mul(above, n)))
		return false;
	if (f->bound < 0)
		return above > 0 || f->sum <= sat_mul(below, n - 1);
	return f->sum <= sat_add(sat_mul(below, Min(n - 1, f->bound)), sat_mul(above, f->bound));
}

/*
 * Does rule 1 hold at threshold n for every way the floor's hidden cells
 * could lie either side of n?  One of them at least is under n: nothing is
 * hidden at the floor without a cell under the floor.  `small` cells shown
 * at the floor are under n and `large` ones n or more (the floor showed
 * their counts).
 */
static bool
ambiguous_every_split(const Table *t, const FloorHidden *f, int small, int large, int64 n)
{
	int64 b = hidden_bound(t);

	for (int below = f->count > 0 ? 1 : 0; below <= f->count; below++)
		if (floor_split_possible(f, below, n) &&
			split_ambiguity(small + below, large + f->count - below, t->hidden_sum, n, b) ==
				SPLIT_PINNED)
			return false;
	return true;
}

/*
 * The table at threshold n above the floor, from the table at the floor (in
 * t) and nothing else: its hidden cells stay hidden, the cells it shows
 * under n join them, and the next-smallest shown cells follow until rule 1
 * holds whichever way the floor's hidden cells lie.
 */
static void
suppress_above_floor(Table *t, int64 n)
{
	FloorHidden f = {t->nhidden, t->hidden_sum, hidden_bound(t)};
	int small = hide_small(t, n);
	int large = 0;

	if (t->nhidden == 0)
		return;
	while (!ambiguous_every_split(t, &f, small, large, n))
	{
		int added;

		CHECK_FOR_INTERRUPTS();
		added = hide_next_smallest(t);
		if (added == 0)
			return;
		large += added;
	}
}

/*
 * Primary suppression hides the cells of 1 to N-1 offences; in an additive
 * table, secondary suppression then hides more (rules 1 and 2 above).  At
 * N = 2 a hidden cell can only be 1 whatever else is hidden, so only primary
 * suppression applies: use a threshold of 3 or more.
 */
static void
suppress_at(const int64 *counts, int n, bool additive, int floor, int threshold, bool *hidden)
{
	Table t = {counts, n, hidden, 0, 0};

	memset(hidden, 0, n * sizeof(bool));
	if (!additive || threshold < 3)
		hide_small(&t, threshold);
	else if (floor >= 3 && threshold > floor)
	{
		suppress_from_counts(&t, floor);
		suppress_above_floor(&t, threshold);
	}
	else
		suppress_from_counts(&t, threshold);
}

void
disclosure_suppress(const int64 *counts, int n, bool additive, bool *hidden)
{
	int threshold = disclosure_threshold();

	suppress_at(counts, n, additive, disclosure_floor(), threshold, hidden);
}

bool
disclosure_hides(int64 count)
{
	return count > 0 && count < disclosure_threshold();
}

/*
 * suppressed_cells(counts bigint[], additive boolean): which cells of a
 * table of counts the settings in force hide, as the accessors hide them.
 * For publishing a table made in plain SQL, and for the enumeration test.
 */
Datum
groomstats_suppressed_cells(PG_FUNCTION_ARGS)
{
	ArrayType *arr = PG_GETARG_ARRAYTYPE_P(0);
	bool additive = PG_GETARG_BOOL(1);
	Datum *elems;
	bool *nulls;
	int n;
	int64 *counts;
	bool *hidden;
	Datum *out;

	if (ARR_NDIM(arr) > 1)
		ereport(ERROR, errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				errmsg("counts must be a one-dimensional array, not %d dimensions", ARR_NDIM(arr)));
	deconstruct_array(arr, INT8OID, 8, FLOAT8PASSBYVAL, TYPALIGN_DOUBLE, &elems, &nulls, &n);
	counts = palloc(Max(n, 1) * sizeof(int64));
	for (int i = 0; i < n; i++)
	{
		if (nulls[i])
			ereport(ERROR, errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					errmsg("count %d of the table is NULL", i + 1));
		counts[i] = DatumGetInt64(elems[i]);
		if (counts[i] < 0)
			ereport(ERROR, errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					errmsg("count %d of the table is negative: " INT64_FORMAT, i + 1, counts[i]));
	}
	hidden = palloc(Max(n, 1) * sizeof(bool));
	disclosure_suppress(counts, n, additive, hidden);
	out = palloc(Max(n, 1) * sizeof(Datum));
	for (int i = 0; i < n; i++)
		out[i] = BoolGetDatum(hidden[i]);
	PG_RETURN_ARRAYTYPE_P(construct_array(out, n, BOOLOID, 1, true, TYPALIGN_CHAR));
}

/*
 * disclosure.c
 *	  Small-cell suppression and its settings.
 *
 * groomstats.min_cell_count: the threshold a session asks for; anyone may
 * set it.  groomstats.min_cell_count_floor: a minimum only a superuser (or a
 * role granted SET on it) can set, e.g. with ALTER SYSTEM or ALTER ROLE; the
 * threshold in force is the larger of the two, so an analyst can raise the
 * threshold for a session but never lower it below what an administrator
 * locked.
 */
#include "postgres.h"

#include "utils/guc.h"

#include "disclosure.h"
#include "disclosure_citus.h"

static int min_cell_count = 0;
static int min_cell_count_floor = 0;

void
disclosure_define_setting(void)
{
	DefineCustomIntVariable(
		"groomstats.min_cell_count",
		"Hide published counts of 1 to this value minus 1 offences (0: off).",
		"Counts, shares and intervals of hidden cells become NULL and their suppressed column "
		"true; a second cell is hidden where one hidden cell could be recovered from a total.",
		&min_cell_count, 0, 0, 1000000, PGC_USERSET, 0, NULL, NULL, NULL);
	DefineCustomIntVariable(
		"groomstats.min_cell_count_floor",
		"Lowest groomstats.min_cell_count a session can use (set by an administrator).",
		"The threshold in force is the larger of this and groomstats.min_cell_count.",
		&min_cell_count_floor, 0, 0, 1000000, PGC_SUSET, 0, NULL, NULL, NULL);
	MarkGUCPrefixReserved("groomstats");
}

int
disclosure_threshold(void)
{
	disclosure_citus_check(); /* a Citus fragment refuses without its threshold */
	return Max(min_cell_count, min_cell_count_floor);
}

bool
disclosure_hides(int64 count)
{
	return count > 0 && count < disclosure_threshold();
}

/* The smallest non-zero cell not yet hidden, or -1. */
static int
smallest_visible(const int64 *counts, int n, const bool *hidden)
{
	int smallest = -1;

	for (int i = 0; i < n; i++)
	{
		if (hidden[i] || counts[i] == 0)
			continue;
		if (smallest < 0 || counts[i] < counts[smallest])
			smallest = i;
	}
	return smallest;
}

/*
 * What a reader knows of the hidden cells of an additive table: their sum T
 * (the total minus the visible cells), that each of the k primary cells is
 * 1..N-1 and each of the s secondary cells at least N.  Is every hidden cell
 * still left with at least two possible values?
 */
static bool
hidden_cells_ambiguous(int64 k, int64 s, int64 total, int64 n)
{
	if (k > 0)
	{
		int64 hi = Min(n - 1, total - (k - 1) - s * n);
		int64 lo = s > 0 ? 1 : Max(1, total - (k - 1) * (n - 1));

		if (hi - lo < 1)
			return false;
	}
	if (s > 0)
	{
		int64 hi = total - k - (s - 1) * n;
		int64 lo = s > 1 ? n : Max(n, total - k * (n - 1));

		if (hi - lo < 1)
			return false;
	}
	return true;
}

/*
 * Primary suppression hides the cells of 1 to N-1 offences.  In a table
 * whose cells add up to a total the reader can work out, the next-smallest
 * visible cells are then hidden too (secondary suppression) until every
 * hidden cell has at least two possible values given all the reader knows
 * (see hidden_cells_ambiguous), or nothing visible is left.  At N = 2 a
 * hidden cell can only be 1 whatever else is hidden, so only primary
 * suppression applies: use a threshold of 3 or more.
 */
void
disclosure_suppress(const int64 *counts, int n, bool additive, bool *hidden)
{
	int64 threshold = disclosure_threshold();
	int64 primaries = 0;
	int64 secondaries = 0;
	int64 hidden_total = 0;

	for (int i = 0; i < n; i++)
	{
		hidden[i] = disclosure_hides(counts[i]);
		if (hidden[i])
		{
			primaries++;
			hidden_total += counts[i];
		}
	}
	if (!additive || primaries == 0 || threshold < 3)
		return;

	while (!hidden_cells_ambiguous(primaries, secondaries, hidden_total, threshold))
	{
		int next = smallest_visible(counts, n, hidden);

		if (next < 0)
			break;
		hidden[next] = true;
		secondaries++;
		hidden_total += counts[next];
	}
}

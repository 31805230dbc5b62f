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
	return Max(min_cell_count, min_cell_count_floor);
}

bool
disclosure_hides(int64 count)
{
	return count > 0 && count < disclosure_threshold();
}

void
disclosure_suppress(const int64 *counts, int n, bool additive, bool *hidden)
{
	int nhidden = 0;
	int smallest = -1;

	for (int i = 0; i < n; i++)
	{
		hidden[i] = disclosure_hides(counts[i]);
		nhidden += hidden[i];
	}
	if (!additive || nhidden != 1)
		return;

	/*
	 * One hidden cell in a table that adds up to a published total is that
	 * total minus the rest: hide the smallest other non-zero cell as well.
	 */
	for (int i = 0; i < n; i++)
	{
		if (hidden[i] || counts[i] == 0)
			continue;
		if (smallest < 0 || counts[i] < counts[smallest])
			smallest = i;
	}
	if (smallest >= 0)
		hidden[smallest] = true;
}

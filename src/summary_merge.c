/*
 * summary_merge.c
 *	  Merging two stored summaries: the `+` operator and the transition and
 *	  combine function of rollup_merge, the rollup whose state is an
 *	  offence_summary rather than `internal`.
 *
 * Citus (before version 14) distributes a custom aggregate only when its
 * state is not `internal`, shipping intermediate states as text; this is
 * that aggregate.  It costs a decode and an encode per input, so rollup,
 * which keeps one in-memory state, is the faster choice everywhere else.
 */
#include "postgres.h"

#include "fmgr.h"
#include "utils/memutils.h"

#include "summary_format.h"
#include "summary_merge.h"
#include "summary_state.h"

PG_FUNCTION_INFO_V1(offence_summary_merge);
PG_FUNCTION_INFO_V1(offence_summary_merge_final);

SummaryHeader *
summary_merge_views(const SummaryView *views, int n)
{
	MemoryContext work;
	MemoryContext old;
	SummaryState *state;
	SummaryHeader *merged;

	/* The state is scratch: build it in a context of its own and drop it. */
	work = AllocSetContextCreate(CurrentMemoryContext, "groomstats merge", ALLOCSET_DEFAULT_SIZES);
	old = MemoryContextSwitchTo(work);
	state = summary_state_create(work);
	for (int i = 0; i < n; i++)
		summary_state_merge_view(state, &views[i]);
	MemoryContextSwitchTo(old);
	merged = summary_state_encode(state);
	MemoryContextDelete(work);
	return merged;
}

Datum
offence_summary_merge(PG_FUNCTION_ARGS)
{
	SummaryView views[2];

	summary_view(PG_GETARG_SUMMARY(0), &views[0]);
	summary_view(PG_GETARG_SUMMARY(1), &views[1]);
	PG_RETURN_POINTER(summary_check_dumpable(summary_merge_views(views, 2)));
}

/* No rows make an empty summary, as in rollup; a value comes back through the one way in. */
Datum
offence_summary_merge_final(PG_FUNCTION_ARGS)
{
	if (PG_ARGISNULL(0))
		PG_RETURN_POINTER(summary_empty());
	PG_RETURN_POINTER(PG_GETARG_SUMMARY(0));
}

/*
 * summary_state.h
 *	  The in-memory summary of one group while aggregating: its counts only.
 *
 * What does not belong to one group (the platform dictionary, the
 * combinations, the decoding of raw platform values) lives in a
 * SummaryDict shared by every group of the aggregate call; a group holds
 * its offence count, and counts per day, per victim age and per
 * combination id, each starting empty and growing with the distinct
 * content it sees, so a group of a few dozen rows costs a few hundred
 * bytes.  The undated, platform-unrecorded and age-unrecorded counts are
 * what the offence count leaves over, worked out when encoding.
 *
 * The canonical (name-sorted) order is made once, by summary_state_encode,
 * at the end or at a parallel boundary.
 */
#ifndef GROOMSTATS_SUMMARY_STATE_H
#define GROOMSTATS_SUMMARY_STATE_H

#include "postgres.h"

#include "counts.h"
#include "daymap.h"
#include "idcounts.h"
#include "summary_dict.h"
#include "summary_format.h"

/* 128 bytes, AllocSet's chunk size for it: keep it so. */
typedef struct SummaryState
{
	SummaryDict *dict; /* shared with the other groups of the call */
	int64 offences;
	DayMap days;
	IdCounts combos;   /* the dictionary's combination id -> offences */
	DayMap ages;	   /* victim age -> offences */
	MemoryContext cxt; /* where this group's maps grow */
} SummaryState;

/* A state with a dictionary of its own, all in `cxt` (for one-off merges). */
extern SummaryState *summary_state_create(MemoryContext cxt);

/* A state in `cxt` that shares `dict`. */
extern SummaryState *summary_state_create_in(SummaryDict *dict, MemoryContext cxt);

/*
 * Add one offence.  `day` NULL means undated; `age` < 0 means not recorded;
 * `combo` is a combination id of the state's dictionary or NO_PLATFORM.
 * Inline: it runs once a row.
 */
static inline void
summary_state_add_offence(SummaryState *state, const DateADT *day, int32 combo, int32 age)
{
	/* Every other counter is bounded by this one, so one check covers all. */
	state->offences = counts_add(state->offences, 1);
	if (day != NULL)
		daymap_add(&state->days, state->cxt, *day, 1);
	if (combo != NO_PLATFORM)
		idcounts_add(&state->combos, state->cxt, combo, 1);
	if (age >= 0)
		daymap_add(&state->ages, state->cxt, age, 1);
}

/* Add everything in a stored summary, or in another state. */
extern void summary_state_merge_view(SummaryState *state, const SummaryView *view);
extern void summary_state_merge_state(SummaryState *state, const SummaryState *other);

/* The canonical stored form, allocated in the current memory context. */
extern SummaryHeader *summary_state_encode(const SummaryState *state);

#endif

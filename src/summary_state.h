/*
 * summary_state.h
 *	  The in-memory summary an aggregate builds: counters, a day map, an age
 *	  histogram, a platform dictionary and counts per platform combination.
 *
 * Platforms get ids in the order they are first seen; combinations are
 * sorted, duplicate-free id lists.  The canonical (name-sorted) order is
 * made once, by summary_state_encode, at the end or at a parallel boundary.
 */
#ifndef GROOMSTATS_SUMMARY_STATE_H
#define GROOMSTATS_SUMMARY_STATE_H

#include "postgres.h"

#include "bytemap.h"
#include "counts.h"
#include "daymap.h"
#include "summary_format.h"

/* What a platform value (one text, or one text[]) resolves to. */
#define NO_PLATFORM (-1)

typedef struct SummaryState
{
	MemoryContext cxt; /* where everything below lives */

	int64 offences;
	int64 undated;
	int64 platform_unrecorded;
	int64 age_unrecorded;

	DayMap days;
	int64 age_count[SUMMARY_MAX_AGE + 1];

	/* platform dictionary: name -> id, and id -> name */
	ByteMap platform_ids;
	int32 nplatforms;
	int32 platforms_cap;
	const char **platform_name;
	int32 *platform_len;

	/* combinations: id list (as bytes) -> combination id, and its count */
	ByteMap combo_ids;
	int32 ncombos;
	int32 combos_cap;
	const int32 **combo_member;
	int32 *combo_size;
	int64 *combo_count;

	/* raw platform value (text or text[] bytes) -> combination or NO_PLATFORM */
	ByteMap value_cache;
} SummaryState;

extern SummaryState *summary_state_create(MemoryContext cxt);

/*
 * Add one offence.  `day` NULL means undated; `age` < 0 means not recorded;
 * `combo` is a combination id or NO_PLATFORM.  Inline: it runs once a row.
 */
static inline void
summary_state_add_offence(SummaryState *state, const DateADT *day, int32 combo, int32 age)
{
	/* Every other counter is bounded by this one, so one check covers all. */
	state->offences = counts_add(state->offences, 1);

	if (day == NULL)
		state->undated++;
	else
		daymap_add(&state->days, *day, 1);

	if (combo == NO_PLATFORM)
		state->platform_unrecorded++;
	else
		state->combo_count[combo]++;

	if (age < 0)
		state->age_unrecorded++;
	else
		state->age_count[age]++;
}

/* The combination id of a set of platform ids (any order, duplicates allowed). */
extern int32 summary_state_combo(SummaryState *state, int32 *ids, int32 n);

/* The platform id of a name, added to the dictionary if new. */
extern int32 summary_state_platform(SummaryState *state, const char *name, int32 len);

/* Add everything in a stored summary, or in another state. */
extern void summary_state_merge_view(SummaryState *state, const SummaryView *view);
extern void summary_state_merge_state(SummaryState *state, const SummaryState *other);

/* The canonical stored form, allocated in the current memory context. */
extern SummaryHeader *summary_state_encode(const SummaryState *state);

#endif

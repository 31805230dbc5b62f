/*
 * daymap.h
 *	  Offences per recorded day while aggregating: a dense window of counts
 *	  for the days where most offences fall, and an open-addressing hash map
 *	  for days outside it.
 *
 * The per-row path is a subtraction, a comparison and an addition into the
 * window.  The window grows to cover the days seen only while it stays
 * dense (at least one distinct day per DAYMAP_WINDOW_DENSITY slots, and at
 * most DAYMAP_WINDOW_MAX days), so its size follows the number of distinct
 * days, not their span: a summary over dates centuries apart keeps the far
 * days in the hash map and costs no more than one over a week.  Each day is
 * in exactly one of the two places.  Offence tables are often read in date
 * order, so the hash map remembers the slot of the last day it touched.
 */
#ifndef GROOMSTATS_DAYMAP_H
#define GROOMSTATS_DAYMAP_H

#include "postgres.h"
#include "utils/date.h"

#include "counts.h"

/* DATEVAL_NOBEGIN: never a key, since infinite dates are refused. */
#define DAYMAP_EMPTY PG_INT32_MIN

typedef struct DayMapSlot
{
	DateADT day; /* DAYMAP_EMPTY: unused */
	int64 count;
} DayMapSlot;

typedef struct DayMap
{
	MemoryContext cxt;
	uint32 used; /* distinct days, window and hash map together */

	/* the window: window[i] counts day base + i; 0 means no offence */
	int64 *window;
	DateADT base;
	uint32 nwindow; /* 0: no window yet */

	/* days outside the window; slots NULL until the first such day */
	DayMapSlot *slots;
	uint32 mask;
	uint32 hashed;
	DayMapSlot *last; /* slot of the day touched last, or NULL */
} DayMap;

extern void daymap_init(DayMap *map, MemoryContext cxt);

/* daymap_add for a day outside the window (grows it, or uses the hash map). */
extern void daymap_add_outside(DayMap *map, DateADT day, int64 count);

/*
 * Add `count` offences on `day` (a finite date); ERROR 22003 on overflow.
 * A count of 0 adds nothing (a window slot of 0 means "no such day").
 */
static inline void
daymap_add(DayMap *map, DateADT day, int64 count)
{
	/* Unsigned: one comparison tests base <= day < base + nwindow. */
	uint32 offset = (uint32) day - (uint32) map->base;

	if (unlikely(count == 0))
		return;
	if (likely(offset < map->nwindow))
	{
		int64 *slot = &map->window[offset];

		map->used += *slot == 0;
		*slot = counts_add(*slot, count);
	}
	else
		daymap_add_outside(map, day, count);
}

/* Add every day of `other` to `map`. */
extern void daymap_add_map(DayMap *map, const DayMap *other);

/* Copy the days into `days` and their counts into `counts` in ascending day order. */
extern void daymap_sorted(const DayMap *map, int32 *days, int64 *counts);

#endif

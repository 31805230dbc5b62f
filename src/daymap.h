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
 *
 * A map starts empty and tiny (a group of a GROUP BY per day holds one day),
 * and takes the memory context to grow in from its caller, so that the
 * state of a group stays within a few cache lines.  The summary state also
 * keeps its victim ages (0..150) in one: a dense window over the ages seen.
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
	/* the window: window[i] counts day base + i; 0 means no offence */
	int64 *window;
	DateADT base;
	uint32 nwindow; /* 0: no window yet */
	uint32 used;	/* distinct days, window and hash map together */
	uint32 mask;
	/* days outside the window; slots NULL until the first such day */
	DayMapSlot *slots;
	uint32 hashed;
	uint32 last; /* 1 + the slot of the day touched last, or 0 */
} DayMap;

extern void daymap_init(DayMap *map);

/* daymap_add for a day outside the window (grows it in cxt, or uses the hash map). */
extern void daymap_add_outside(DayMap *map, MemoryContext cxt, DateADT day, int64 count);

/*
 * Add `count` offences on `day` (a finite date); ERROR 22003 on overflow.
 * A count of 0 adds nothing (a window slot of 0 means "no such day").
 */
static inline void
daymap_add(DayMap *map, MemoryContext cxt, DateADT day, int64 count)
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
		daymap_add_outside(map, cxt, day, count);
}

/* Add every day of `other` to `map`. */
extern void daymap_add_map(DayMap *map, MemoryContext cxt, const DayMap *other);

/* Copy the days into `days` and their counts into `counts` in ascending day order. */
extern void daymap_sorted(const DayMap *map, int32 *days, int64 *counts);

#endif

/*
 * daymap.h
 *	  Offences per recorded day while aggregating: an open-addressing hash
 *	  map from DateADT to a count.
 *
 * Its size follows the number of distinct days, not their span, so a
 * summary over dates centuries apart costs no more than one over a week.
 * Offence tables are often read in date order, so the slot of the last day
 * touched is remembered and tried first.
 */
#ifndef GROOMSTATS_DAYMAP_H
#define GROOMSTATS_DAYMAP_H

#include "postgres.h"
#include "utils/date.h"

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
	DayMapSlot *slots;
	uint32 mask;
	uint32 used;
	DayMapSlot *last; /* slot of the day touched last, or NULL */
} DayMap;

extern void daymap_init(DayMap *map, MemoryContext cxt);

/* Add `count` offences on `day` (a finite date); ERROR 22003 on overflow. */
extern void daymap_add(DayMap *map, DateADT day, int64 count);

/* Copy the days into `days` and their counts into `counts` in ascending day order. */
extern void daymap_sorted(const DayMap *map, int32 *days, int64 *counts);

#endif

/*
 * daymap.c
 *	  Offences per recorded day: a dense window of counts, and an
 *	  open-addressing hash map for the days outside it.
 */
#include "postgres.h"

#include "common/hashfn.h"
#include "common/int.h"
#include "utils/memutils.h"

#include "counts.h"
#include "daymap.h"

/* The first window, around the first day seen. */
#define DAYMAP_WINDOW_INITIAL 4
/* The window may always grow to this many days ... */
#define DAYMAP_WINDOW_FREE 32
/* ... and beyond, up to this many slots per distinct day (a hashed day costs 2-4) ... */
#define DAYMAP_WINDOW_DENSITY 4
/* ... and never beyond this many days (about 22 years; 64 kB). */
#define DAYMAP_WINDOW_MAX 8192

#define DAYMAP_INITIAL_SLOTS 16

void
daymap_init(DayMap *map)
{
	memset(map, 0, sizeof(DayMap));
}

static DayMapSlot *
allocate_slots(MemoryContext cxt, Size n)
{
	DayMapSlot *slots;

	if (n * sizeof(DayMapSlot) > MaxAllocSize)
		ereport(ERROR, (errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
						errmsg("too many distinct recorded days in one summary")));
	slots = MemoryContextAlloc(cxt, n * sizeof(DayMapSlot));
	for (Size i = 0; i < n; i++)
	{
		slots[i].day = DAYMAP_EMPTY;
		slots[i].count = 0;
	}
	return slots;
}

static inline uint32
day_hash(DateADT day)
{
	return murmurhash32((uint32) day);
}

/* Put a day known to be absent into a table of mask + 1 slots. */
static void
place_slot(DayMapSlot *slots, uint32 mask, const DayMapSlot *slot)
{
	uint32 j = day_hash(slot->day) & mask;

	while (slots[j].day != DAYMAP_EMPTY)
		j = (j + 1) & mask;
	slots[j] = *slot;
}

static void
grow(DayMap *map, MemoryContext cxt)
{
	Size new_size = ((Size) map->mask + 1) * 2;
	DayMapSlot *slots = allocate_slots(cxt, new_size);

	for (uint32 i = 0; i <= map->mask; i++)
	{
		if (map->slots[i].day != DAYMAP_EMPTY)
			place_slot(slots, new_size - 1, &map->slots[i]);
	}
	pfree(map->slots);
	map->slots = slots;
	map->mask = new_size - 1;
	map->last = 0;
}

/* The hash map's slot for `day`, claimed for it if it was not there. */
static DayMapSlot *
find_slot(DayMap *map, MemoryContext cxt, DateADT day)
{
	uint32 i;

	if (map->slots == NULL)
	{
		map->slots = allocate_slots(cxt, DAYMAP_INITIAL_SLOTS);
		map->mask = DAYMAP_INITIAL_SLOTS - 1;
	}
	else if ((map->hashed + 1) * 2 > map->mask + 1)
		grow(map, cxt);
	i = day_hash(day) & map->mask;
	while (map->slots[i].day != day)
	{
		if (map->slots[i].day == DAYMAP_EMPTY)
		{
			map->slots[i].day = day;
			map->hashed++;
			map->used++;
			break;
		}
		i = (i + 1) & map->mask;
	}
	return &map->slots[i];
}

/*
 * Move the window to [lo, lo + size): copy its counts, and move the days of
 * the hash map that fall inside into it.  The new window covers the old.
 */
static void
move_window(DayMap *map, MemoryContext cxt, int64 lo, uint32 size)
{
	int64 *window = MemoryContextAllocZero(cxt, size * sizeof(int64));

	if (map->nwindow > 0)
	{
		memcpy(window + ((int64) map->base - lo), map->window, map->nwindow * sizeof(int64));
		pfree(map->window);
	}
	map->window = window;
	map->base = (DateADT) lo;
	map->nwindow = size;

	if (map->hashed > 0)
	{
		DayMapSlot *old = map->slots;
		uint32 old_mask = map->mask;
		uint32 kept = 0;

		map->slots = allocate_slots(cxt, (Size) old_mask + 1);
		for (uint32 i = 0; i <= old_mask; i++)
		{
			uint32 offset = (uint32) old[i].day - (uint32) map->base;

			if (old[i].day == DAYMAP_EMPTY)
				continue;
			if (offset < map->nwindow)
				window[offset] = old[i].count;
			else
			{
				place_slot(map->slots, old_mask, &old[i]);
				kept++;
			}
		}
		pfree(old);
		map->hashed = kept;
		map->last = 0;
	}
}

/* Grow (or make) the window to take `day`, if it stays dense; false if not. */
static bool
extend_window(DayMap *map, MemoryContext cxt, DateADT day)
{
	int64 lo;
	int64 hi;
	int64 limit;
	int64 size;

	if (map->nwindow == 0)
	{
		lo = (int64) day - DAYMAP_WINDOW_INITIAL / 2;
		size = DAYMAP_WINDOW_INITIAL;
	}
	else
	{
		lo = Min((int64) map->base, (int64) day);
		hi = Max((int64) map->base + map->nwindow, (int64) day + 1);
		limit = Max(DAYMAP_WINDOW_FREE, ((int64) map->used + 1) * DAYMAP_WINDOW_DENSITY);
		limit = Min(limit, DAYMAP_WINDOW_MAX);
		if (hi - lo > limit)
			return false;
		/* Double (at least), with the room on the side the new day is. */
		size = (int64) map->nwindow * 2;
		while (size < hi - lo)
			size *= 2;
		size = Min(size, limit);
		if (day < map->base)
			lo = hi - size;
	}
	/* Keep the window's days within int32, where DateADT lives. */
	lo = Max(lo, (int64) PG_INT32_MIN + 1);
	lo = Min(lo, (int64) PG_INT32_MAX + 1 - size);
	move_window(map, cxt, lo, (uint32) size);
	return true;
}

void
daymap_add_outside(DayMap *map, MemoryContext cxt, DateADT day, int64 count)
{
	DayMapSlot *slot;

	if (extend_window(map, cxt, day))
	{
		daymap_add(map, cxt, day, count);
		return;
	}
	slot = map->last != 0 ? &map->slots[map->last - 1] : NULL;
	if (slot == NULL || slot->day != day)
	{
		slot = find_slot(map, cxt, day);
		map->last = (uint32) (slot - map->slots) + 1;
	}
	slot->count = counts_add(slot->count, count);
}

void
daymap_add_map(DayMap *map, MemoryContext cxt, const DayMap *other)
{
	for (uint32 i = 0; i < other->nwindow; i++)
	{
		if (other->window[i] != 0)
			daymap_add(map, cxt, (DateADT) ((int64) other->base + i), other->window[i]);
	}
	for (uint32 i = 0; other->hashed > 0 && i <= other->mask; i++)
	{
		if (other->slots[i].day != DAYMAP_EMPTY)
			daymap_add(map, cxt, other->slots[i].day, other->slots[i].count);
	}
}

static int
compare_days(const void *a, const void *b)
{
	DateADT x = ((const DayMapSlot *) a)->day;
	DateADT y = ((const DayMapSlot *) b)->day;

	return (x > y) - (x < y);
}

void
daymap_sorted(const DayMap *map, int32 *days, int64 *counts)
{
	DayMapSlot *hashed = map->hashed > 0 ? palloc(map->hashed * sizeof(DayMapSlot)) : NULL;
	uint32 nhashed = 0;
	uint32 h = 0;
	uint32 n = 0;

	for (uint32 i = 0; map->hashed > 0 && i <= map->mask; i++)
	{
		if (map->slots[i].day != DAYMAP_EMPTY)
			hashed[nhashed++] = map->slots[i];
	}
	if (nhashed > 1)
		qsort(hashed, nhashed, sizeof(DayMapSlot), compare_days);

	/* Merge the window (in order already) with the sorted hashed days. */
	for (uint32 i = 0; i < map->nwindow; i++)
	{
		DateADT day;

		if (map->window[i] == 0)
			continue;
		day = (DateADT) ((int64) map->base + i);
		while (h < nhashed && hashed[h].day < day)
		{
			days[n] = hashed[h].day;
			counts[n++] = hashed[h++].count;
		}
		days[n] = day;
		counts[n++] = map->window[i];
	}
	for (; h < nhashed; h++)
	{
		days[n] = hashed[h].day;
		counts[n++] = hashed[h].count;
	}
	Assert(n == map->used);
	if (hashed)
		pfree(hashed);
}

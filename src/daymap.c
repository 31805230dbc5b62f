/*
 * daymap.c
 *	  Open-addressing hash map from recorded day to offence count.
 */
#include "postgres.h"

#include "common/hashfn.h"
#include "common/int.h"
#include "utils/memutils.h"

#include "counts.h"
#include "daymap.h"

#define DAYMAP_INITIAL_SLOTS 512

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

void
daymap_init(DayMap *map, MemoryContext cxt)
{
	map->cxt = cxt;
	map->slots = allocate_slots(cxt, DAYMAP_INITIAL_SLOTS);
	map->mask = DAYMAP_INITIAL_SLOTS - 1;
	map->used = 0;
	map->last = NULL;
}

static inline uint32
day_hash(DateADT day)
{
	return murmurhash32((uint32) day);
}

static void
grow(DayMap *map)
{
	Size new_size = ((Size) map->mask + 1) * 2;
	DayMapSlot *slots = allocate_slots(map->cxt, new_size);

	for (uint32 i = 0; i <= map->mask; i++)
	{
		uint32 j;

		if (map->slots[i].day == DAYMAP_EMPTY)
			continue;
		j = day_hash(map->slots[i].day) & (new_size - 1);
		while (slots[j].day != DAYMAP_EMPTY)
			j = (j + 1) & (new_size - 1);
		slots[j] = map->slots[i];
	}
	pfree(map->slots);
	map->slots = slots;
	map->mask = new_size - 1;
	map->last = NULL;
}

/* The slot for `day`, claimed for it if it was not there. */
static DayMapSlot *
find_slot(DayMap *map, DateADT day)
{
	uint32 i;

	if ((map->used + 1) * 2 > map->mask + 1)
		grow(map);
	i = day_hash(day) & map->mask;
	while (map->slots[i].day != day)
	{
		if (map->slots[i].day == DAYMAP_EMPTY)
		{
			map->slots[i].day = day;
			map->used++;
			break;
		}
		i = (i + 1) & map->mask;
	}
	return &map->slots[i];
}

void
daymap_add(DayMap *map, DateADT day, int64 count)
{
	DayMapSlot *slot = map->last;

	if (slot == NULL || slot->day != day)
	{
		slot = find_slot(map, day);
		map->last = slot;
	}
	slot->count = counts_add(slot->count, count);
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
	DayMapSlot *used = palloc(Max(map->used, 1) * sizeof(DayMapSlot));
	uint32 n = 0;

	for (uint32 i = 0; i <= map->mask; i++)
	{
		if (map->slots[i].day != DAYMAP_EMPTY)
			used[n++] = map->slots[i];
	}
	qsort(used, n, sizeof(DayMapSlot), compare_days);
	for (uint32 i = 0; i < n; i++)
	{
		days[i] = used[i].day;
		counts[i] = used[i].count;
	}
	pfree(used);
}

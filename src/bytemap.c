/*
 * bytemap.c
 *	  Open-addressing (linear probing) hash map from byte strings to int32.
 */
#include "postgres.h"

#include "utils/memutils.h"

#include "bytemap.h"

/* Small to begin with: a state per group of a GROUP BY must stay small. */
#define BYTEMAP_INITIAL_SLOTS 16
#define BYTEMAP_FIRST_BLOCK	  256
#define BYTEMAP_MAX_BLOCK	  8192

void
bytemap_init(ByteMap *map, MemoryContext cxt)
{
	map->cxt = cxt;
	map->slots = MemoryContextAllocZero(cxt, BYTEMAP_INITIAL_SLOTS * sizeof(ByteMapSlot));
	map->mask = BYTEMAP_INITIAL_SLOTS - 1;
	map->used = 0;
	map->arena = NULL;
	map->arena_left = 0;
	map->arena_block = BYTEMAP_FIRST_BLOCK;
}

/* Place a slot whose key is known to be absent. */
static void
place_slot(ByteMapSlot *slots, uint32 mask, const ByteMapSlot *slot)
{
	uint32 i = slot->hash & mask;

	while (slots[i].key != NULL)
		i = (i + 1) & mask;
	slots[i] = *slot;
}

/* Double the table; keys are not copied again. */
static void
grow(ByteMap *map)
{
	uint32 old_size = map->mask + 1;
	Size new_size = (Size) old_size * 2;
	ByteMapSlot *slots;

	if (new_size * sizeof(ByteMapSlot) > MaxAllocSize)
		ereport(ERROR, (errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
						errmsg("too many distinct platform values in one summary"),
						errdetail("The limit is %zu.", MaxAllocSize / sizeof(ByteMapSlot) / 2)));
	slots = MemoryContextAllocZero(map->cxt, new_size * sizeof(ByteMapSlot));
	for (uint32 i = 0; i < old_size; i++)
	{
		if (map->slots[i].key != NULL)
			place_slot(slots, new_size - 1, &map->slots[i]);
	}
	pfree(map->slots);
	map->slots = slots;
	map->mask = new_size - 1;
}

/*
 * Room for `size` bytes (a multiple of 4) in the arena.  Blocks double up to
 * BYTEMAP_MAX_BLOCK; a copy bigger than a quarter of a block gets its own
 * allocation, so at most a quarter of each block is left unused.
 */
static char *
arena_alloc(ByteMap *map, Size size)
{
	char *space;

	if (size > map->arena_left)
	{
		if (size > map->arena_block / 4)
			return MemoryContextAlloc(map->cxt, size);
		map->arena = MemoryContextAlloc(map->cxt, map->arena_block);
		map->arena_left = map->arena_block;
		map->arena_block = Min(map->arena_block * 2, BYTEMAP_MAX_BLOCK);
	}
	space = map->arena;
	map->arena += size;
	map->arena_left -= size;
	return space;
}

const char *
bytemap_insert(ByteMap *map, const char *key, int32 len, uint32 hash, int32 value)
{
	ByteMapSlot slot;
	char *entry;

	/* Keep the load factor at or under one half so probes stay short. */
	if ((map->used + 1) * 2 > map->mask + 1)
		grow(map);

	/* The value, then the key (never NULL, even when empty: NULL marks empty). */
	entry = arena_alloc(map, sizeof(int32) + INTALIGN(len));
	memcpy(entry, &value, sizeof(int32));
	memcpy(entry + sizeof(int32), key, len);
	slot.key = entry + sizeof(int32);
	slot.len = len;
	slot.hash = hash;
	place_slot(map->slots, map->mask, &slot);
	map->used++;
	return slot.key;
}

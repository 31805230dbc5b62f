/*
 * bytemap.c
 *	  Open-addressing (linear probing) hash map from byte strings to int32.
 */
#include "postgres.h"

#include "common/hashfn.h"
#include "utils/memutils.h"

#include "bytemap.h"

#define BYTEMAP_INITIAL_SLOTS 64

void
bytemap_init(ByteMap *map, MemoryContext cxt)
{
	map->cxt = cxt;
	map->slots = MemoryContextAllocZero(cxt, BYTEMAP_INITIAL_SLOTS * sizeof(ByteMapSlot));
	map->mask = BYTEMAP_INITIAL_SLOTS - 1;
	map->used = 0;
}

uint32
bytemap_hash(const char *key, int32 len)
{
	return hash_bytes((const unsigned char *) key, len);
}

static inline bool
slot_matches(const ByteMapSlot *slot, const char *key, int32 len, uint32 hash)
{
	return slot->hash == hash && slot->len == len && memcmp(slot->key, key, len) == 0;
}

bool
bytemap_find(const ByteMap *map, const char *key, int32 len, uint32 hash, int32 *value)
{
	uint32 i = hash & map->mask;

	for (;;)
	{
		const ByteMapSlot *slot = &map->slots[i];

		if (slot->key == NULL)
			return false;
		if (slot_matches(slot, key, len, hash))
		{
			*value = slot->value;
			return true;
		}
		i = (i + 1) & map->mask;
	}
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

const char *
bytemap_insert(ByteMap *map, const char *key, int32 len, uint32 hash, int32 value)
{
	ByteMapSlot slot;
	char *copy;

	/* Keep the load factor at or under one half so probes stay short. */
	if ((map->used + 1) * 2 > map->mask + 1)
		grow(map);

	/* A zero-length key still needs a non-NULL pointer: NULL marks empty. */
	copy = MemoryContextAlloc(map->cxt, len > 0 ? len : 1);
	memcpy(copy, key, len);
	slot.key = copy;
	slot.len = len;
	slot.hash = hash;
	slot.value = value;
	place_slot(map->slots, map->mask, &slot);
	map->used++;
	return copy;
}

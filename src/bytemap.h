/*
 * bytemap.h
 *	  An open-addressing hash map from byte strings to int32 values.
 *
 * The aggregate's per-row path looks up every platform value here, so the
 * hash and the lookup are inline, the hash reads the key eight bytes at a
 * time, the map keeps each key's hash beside it (a probe compares hashes
 * before bytes), and a key is copied only once, when it is first inserted.
 * Keys and slots live in the memory context given at init: the aggregate
 * context.
 */
#ifndef GROOMSTATS_BYTEMAP_H
#define GROOMSTATS_BYTEMAP_H

#include "postgres.h"

/*
 * A slot is 16 bytes.  The value is stored just before the map's copy of
 * the key, in the same cache line as the bytes a lookup compares; copies
 * are packed into arena blocks (4-byte aligned, so a key of int32s can be
 * read in place), not allocated one by one.
 */
typedef struct ByteMapSlot
{
	const char *key; /* the map's copy; NULL: empty slot */
	uint32 hash;
	int32 len;
} ByteMapSlot;

typedef struct ByteMap
{
	MemoryContext cxt;
	ByteMapSlot *slots;
	uint32 mask; /* number of slots - 1; a power of two */
	uint32 used;
	char *arena;	  /* free space for key copies */
	Size arena_left;  /* bytes free at arena */
	Size arena_block; /* size of the next arena block */
} ByteMap;

extern void bytemap_init(ByteMap *map, MemoryContext cxt);

/* Insert a key that is not present; returns the map's own copy of it. */
extern const char *bytemap_insert(ByteMap *map, const char *key, int32 len, uint32 hash,
								  int32 value);

/* Multipliers of murmur3's 64-bit finaliser. */
#define BYTEMAP_MUL1 UINT64CONST(0xff51afd7ed558ccd)
#define BYTEMAP_MUL2 UINT64CONST(0xc4ceb9fe1a85ec53)

/*
 * The hash of a key: each 8-byte word (the last one zero-padded) is mixed
 * in with a multiply and a shift, then murmur3's finaliser spreads every
 * bit over the result.  Platform values are short (a text[] of one name is
 * about 30 bytes), where this is several times faster than hash_bytes.
 */
static inline uint32
bytemap_hash(const char *key, int32 len)
{
	uint64 h = UINT64CONST(0x9e3779b97f4a7c15) ^ (uint64) len;
	uint64 w;

	for (; len >= 8; key += 8, len -= 8)
	{
		memcpy(&w, key, 8);
		h = (h ^ w) * BYTEMAP_MUL1;
		h ^= h >> 29;
	}
	if (len > 0)
	{
		int shift = 0;

		w = 0;
		if (len & 4)
		{
			uint32 v;

			memcpy(&v, key, 4);
			w = v;
			key += 4;
			shift = 32;
		}
		if (len & 2)
		{
			uint16 v;

			memcpy(&v, key, 2);
			w |= (uint64) v << shift;
			key += 2;
			shift += 16;
		}
		if (len & 1)
			w |= (uint64) (uint8) *key << shift;
		h = (h ^ w) * BYTEMAP_MUL1;
		h ^= h >> 29;
	}
	h ^= h >> 33;
	h *= BYTEMAP_MUL1;
	h ^= h >> 33;
	h *= BYTEMAP_MUL2;
	h ^= h >> 33;
	return (uint32) h;
}

/* Whether two keys of `len` bytes are equal, a word at a time. */
static inline bool
bytemap_equal(const char *a, const char *b, int32 len)
{
	uint64 x;
	uint64 y;

	if (len < 8)
		return memcmp(a, b, len) == 0;
	/* Whole words, then the last eight bytes (overlapping the words). */
	for (int32 i = 0; i + 8 <= len; i += 8)
	{
		memcpy(&x, a + i, 8);
		memcpy(&y, b + i, 8);
		if (x != y)
			return false;
	}
	memcpy(&x, a + len - 8, 8);
	memcpy(&y, b + len - 8, 8);
	return x == y;
}

/* Find a key; returns true and sets *value if present. */
static inline bool
bytemap_find(const ByteMap *map, const char *key, int32 len, uint32 hash, int32 *value)
{
	uint32 i = hash & map->mask;

	for (;;)
	{
		const ByteMapSlot *slot = &map->slots[i];

		if (slot->key == NULL)
			return false;
		if (slot->hash == hash && slot->len == len && bytemap_equal(slot->key, key, len))
		{
			memcpy(value, slot->key - sizeof(int32), sizeof(int32));
			return true;
		}
		i = (i + 1) & map->mask;
	}
}

#endif

/*
 * bytemap.h
 *	  An open-addressing hash map from byte strings to int32 values.
 *
 * The aggregate's per-row path looks up every platform value here, so the
 * map keeps each key's hash beside it (a probe compares hashes before
 * bytes) and copies a key only once, when it is first inserted.  Keys and
 * slots live in the memory context given at init: the aggregate context.
 */
#ifndef GROOMSTATS_BYTEMAP_H
#define GROOMSTATS_BYTEMAP_H

#include "postgres.h"

typedef struct ByteMapSlot
{
	const char *key; /* NULL: empty slot */
	int32 len;
	uint32 hash;
	int32 value;
} ByteMapSlot;

typedef struct ByteMap
{
	MemoryContext cxt;
	ByteMapSlot *slots;
	uint32 mask; /* number of slots - 1; a power of two */
	uint32 used;
} ByteMap;

extern void bytemap_init(ByteMap *map, MemoryContext cxt);
extern uint32 bytemap_hash(const char *key, int32 len);

/* Find a key; returns true and sets *value if present. */
extern bool bytemap_find(const ByteMap *map, const char *key, int32 len, uint32 hash, int32 *value);

/* Insert a key that is not present; returns the map's own copy of it. */
extern const char *bytemap_insert(ByteMap *map, const char *key, int32 len, uint32 hash,
								  int32 value);

#endif

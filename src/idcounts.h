/*
 * idcounts.h
 *	  Counts keyed by small non-negative ids (victim ages, combination ids of
 *	  a shared dictionary), sized by the ids present, not by the id range.
 *
 * A group of a GROUP BY holds a few dozen of the ids its aggregate call has
 * seen, so a dense array over all of them would be mostly zeros.  Instead
 * the ids present are a bitmap, and their counts a packed array in id
 * order: the count of id k sits at the number of ids present below k, which
 * is a per-word prefix count plus one popcount.  Each bitmap word sits
 * beside its prefix count (one cache line read, not two), and one buffer
 * holds the words and the counts; its size is a power of two, as AllocSet
 * rounds small requests, so no rounding is wasted.
 *
 * Inserting a new id moves the counts above it, so the packed form is kept
 * only while it is small (IDCOUNTS_PACKED_MAX ids) and its bitmap is not
 * much bigger than its counts (ids spread over a wide range); beyond either,
 * the counts move to an open-addressing hash table.  Before the packed form,
 * a group's first few ids (up to IDCOUNTS_LIST_MAX_BYTES of them) are a
 * sorted list of ids beside their counts: a group of a per-day GROUP BY
 * holds a dozen or two combinations, for which even the bitmap would cost
 * more than the counts.
 */
#ifndef GROOMSTATS_IDCOUNTS_H
#define GROOMSTATS_IDCOUNTS_H

#include "postgres.h"

#include "counts.h"

/* Ids held in packed form at most: an insertion moves at most this many counts. */
#define IDCOUNTS_PACKED_MAX 512
/* The list form's largest buffer: 21 ids and their counts. */
#define IDCOUNTS_LIST_MAX_BYTES 256

typedef struct IdCountSlot
{
	int32 id; /* -1: empty */
	int32 unused;
	int64 count;
} IdCountSlot;

/* 64 ids of the bitmap, and the number of ids present below them. */
typedef struct IdCountWord
{
	uint64 bits;
	uint32 before;
	uint32 unused;
} IdCountWord;

typedef struct IdCounts
{
	/*
	 * list: int64 counts[cap], int32 ids[cap] (ascending); packed:
	 * IdCountWord words[nwords], int64 counts[cap]; hashed: IdCountSlot
	 * slots[nwords + 1].  NULL: empty.
	 */
	char *buf;
	uint32 n;	   /* ids present */
	uint32 nwords; /* packed: bitmap words; hashed: number of slots - 1; list: 0 */
	uint32 cap;	   /* list and packed: room for counts */
	bool hashed;
	bool listed;
} IdCounts;

/* Where the words and counts of a packed buffer are. */
#define IDCOUNTS_WORDS(c)  ((IdCountWord *) (c)->buf)
#define IDCOUNTS_COUNTS(c) ((int64 *) ((c)->buf + (Size) (c)->nwords * sizeof(IdCountWord)))

/* Bits set in a word; the instruction where the compiler may use it. */
static inline uint32
idcounts_popcount(uint64 x)
{
#ifdef __POPCNT__
	return (uint32) __builtin_popcountll(x);
#else
	x = x - ((x >> 1) & UINT64CONST(0x5555555555555555));
	x = (x & UINT64CONST(0x3333333333333333)) + ((x >> 2) & UINT64CONST(0x3333333333333333));
	x = (x + (x >> 4)) & UINT64CONST(0x0f0f0f0f0f0f0f0f);
	return (uint32) ((x * UINT64CONST(0x0101010101010101)) >> 56);
#endif
}

/* The slow paths of idcounts_add: a new id, a wider bitmap, or hashed form. */
extern void idcounts_add_slow(IdCounts *c, MemoryContext cxt, int32 id, int64 count);

/* Add `count` (> 0) to id `id` (>= 0); ERROR 22003 on overflow. */
static inline void
idcounts_add(IdCounts *c, MemoryContext cxt, int32 id, int64 count)
{
	uint32 w = (uint32) id >> 6;

	if (likely(!c->hashed && w < c->nwords))
	{
		const IdCountWord *word = &IDCOUNTS_WORDS(c)[w];
		uint64 bit = UINT64CONST(1) << (id & 63);

		if (likely(word->bits & bit))
		{
			int64 *slot =
				&IDCOUNTS_COUNTS(c)[word->before + idcounts_popcount(word->bits & (bit - 1))];

			*slot = counts_add(*slot, count);
			return;
		}
	}
	idcounts_add_slow(c, cxt, id, count);
}

/* Visit every (id, count), in no particular order. */
typedef void (*IdCountsVisitor)(void *arg, int32 id, int64 count);
extern void idcounts_foreach(const IdCounts *c, IdCountsVisitor visit, void *arg);

#endif

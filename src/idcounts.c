/*
 * idcounts.c
 *	  Counts keyed by small ids: packed (bitmap, prefix counts and counts in
 *	  id order) while small, an open-addressing hash table beyond.
 */
#include "postgres.h"

#include "common/hashfn.h"
#include "port/pg_bitutils.h"
#include "utils/memutils.h"

#include "idcounts.h"

/* The bitmap may take this many bytes whatever the ids present ... */
#define IDCOUNTS_FREE_BITMAP_BYTES 512
/* ... and beyond, up to this many bytes per id present. */
#define IDCOUNTS_BITMAP_BYTES_PER_ID 16
/* The smallest buffer (a power of two) and the largest rounded one (AllocSet's chunk limit). */
#define IDCOUNTS_MIN_ALLOC	 64
#define IDCOUNTS_ROUNDED_MAX 8192
#define IDCOUNTS_MIN_SLOTS	 8

/* Bytes a bitmap of `nwords` words costs: the words and their prefix counts. */
static Size
bitmap_bytes(uint32 nwords)
{
	return (Size) nwords * sizeof(IdCountWord);
}

/* ---- hashed form ---- */

static IdCountSlot *
allocate_slots(MemoryContext cxt, Size n)
{
	IdCountSlot *slots;

	if (n * sizeof(IdCountSlot) > MaxAllocSize)
		ereport(ERROR, (errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
						errmsg("too many distinct platform combinations in one summary")));
	slots = MemoryContextAlloc(cxt, n * sizeof(IdCountSlot));
	for (Size i = 0; i < n; i++)
	{
		slots[i].id = -1;
		slots[i].unused = 0;
		slots[i].count = 0;
	}
	return slots;
}

/* The slot of `id` in a table of mask + 1 slots: its own, or the empty one it would take. */
static IdCountSlot *
probe(IdCountSlot *slots, uint32 mask, int32 id)
{
	uint32 i = murmurhash32((uint32) id) & mask;

	while (slots[i].id != id && slots[i].id != -1)
		i = (i + 1) & mask;
	return &slots[i];
}

static void
rehash(IdCounts *c, MemoryContext cxt, Size size)
{
	IdCountSlot *old = (IdCountSlot *) c->buf;
	Size old_size = (Size) c->nwords + 1;
	IdCountSlot *slots = allocate_slots(cxt, size);

	for (Size i = 0; i < old_size; i++)
	{
		if (old[i].id != -1)
			*probe(slots, size - 1, old[i].id) = old[i];
	}
	pfree(old);
	c->buf = (char *) slots;
	c->nwords = (uint32) (size - 1);
}

static void
hashed_add(IdCounts *c, MemoryContext cxt, int32 id, int64 count)
{
	IdCountSlot *slot = probe((IdCountSlot *) c->buf, c->nwords, id);

	if (slot->id == -1)
	{
		/* Keep the load at or under three quarters. */
		if (((Size) c->n + 1) * 4 > ((Size) c->nwords + 1) * 3)
		{
			rehash(c, cxt, ((Size) c->nwords + 1) * 2);
			slot = probe((IdCountSlot *) c->buf, c->nwords, id);
		}
		slot->id = id;
		c->n++;
	}
	slot->count = counts_add(slot->count, count);
}

/* Move packed counts to a hash table with room for one more. */
static void
to_hashed(IdCounts *c, MemoryContext cxt)
{
	Size size = IDCOUNTS_MIN_SLOTS;
	IdCountSlot *slots;
	const IdCountWord *words = IDCOUNTS_WORDS(c);
	const int64 *counts = c->buf ? IDCOUNTS_COUNTS(c) : NULL;
	uint32 k = 0;

	while (((Size) c->n + 1) * 4 > size * 3)
		size *= 2;
	slots = allocate_slots(cxt, size);
	for (uint32 w = 0; w < c->nwords; w++)
	{
		for (uint64 bits = words[w].bits; bits != 0; bits &= bits - 1)
		{
			int32 id = (int32) (w * 64 + __builtin_ctzll(bits));
			IdCountSlot *slot = probe(slots, size - 1, id);

			slot->id = id;
			slot->count = counts[k++];
		}
	}
	if (c->buf)
		pfree(c->buf);
	c->buf = (char *) slots;
	c->nwords = (uint32) (size - 1);
	c->cap = 0;
	c->hashed = true;
}

/* ---- packed form ---- */

/* A new packed buffer of `nwords` words with room for at least `need` counts. */
static void
repack(IdCounts *c, MemoryContext cxt, uint32 nwords, uint32 need)
{
	Size size = bitmap_bytes(nwords) + (Size) need * sizeof(int64);
	Size alloc = IDCOUNTS_MIN_ALLOC;
	char *buf;
	IdCounts fresh;
	uint32 sum = 0;

	while (alloc < size && alloc < IDCOUNTS_ROUNDED_MAX)
		alloc *= 2;
	if (alloc < size)
		alloc = MAXALIGN(size + size / 2);
	buf = MemoryContextAllocZero(cxt, alloc);

	fresh.buf = buf;
	fresh.n = c->n;
	fresh.nwords = nwords;
	fresh.cap = (uint32) ((alloc - bitmap_bytes(nwords)) / sizeof(int64));
	fresh.hashed = false;
	fresh.listed = false;
	if (c->buf)
	{
		memcpy(buf, c->buf, (Size) c->nwords * sizeof(IdCountWord));
		memcpy(IDCOUNTS_COUNTS(&fresh), IDCOUNTS_COUNTS(c), (Size) c->n * sizeof(int64));
		pfree(c->buf);
	}
	for (uint32 w = 0; w < nwords; w++)
	{
		IDCOUNTS_WORDS(&fresh)[w].before = sum;
		sum += idcounts_popcount(IDCOUNTS_WORDS(&fresh)[w].bits);
	}
	*c = fresh;
}

/* A new id into the packed form (or the hashed form, if it outgrows the packed one). */
static void
packed_add_new(IdCounts *c, MemoryContext cxt, int32 id, int64 count)
{
	uint32 w = (uint32) id >> 6;
	uint64 bit = UINT64CONST(1) << (id & 63);
	uint32 nwords = Max(c->nwords, w + 1);
	IdCountWord *words;
	int64 *counts;
	uint32 i;

	if (c->n + 1 > IDCOUNTS_PACKED_MAX ||
		bitmap_bytes(nwords) >
			Max(IDCOUNTS_FREE_BITMAP_BYTES, ((Size) c->n + 1) * IDCOUNTS_BITMAP_BYTES_PER_ID))
	{
		to_hashed(c, cxt);
		hashed_add(c, cxt, id, count);
		return;
	}
	if (nwords > c->nwords || c->n + 1 > c->cap)
	{
		/* Widen with room to spare, as far as the bitmap may go. */
		if (nwords > c->nwords && c->nwords > 0)
		{
			uint32 wider =
				Min(c->nwords * 2, Max(IDCOUNTS_FREE_BITMAP_BYTES,
									   ((Size) c->n + 1) * IDCOUNTS_BITMAP_BYTES_PER_ID) /
									   sizeof(IdCountWord));

			nwords = Max(nwords, wider);
		}
		repack(c, cxt, nwords, c->n + 1);
	}

	words = IDCOUNTS_WORDS(c);
	counts = IDCOUNTS_COUNTS(c);
	i = words[w].before + idcounts_popcount(words[w].bits & (bit - 1));
	memmove(counts + i + 1, counts + i, (Size) (c->n - i) * sizeof(int64));
	counts[i] = count;
	words[w].bits |= bit;
	for (uint32 v = w + 1; v < c->nwords; v++)
		words[v].before++;
	c->n++;
}

/* ---- list form ---- */

#define LIST_IDS(c) ((int32 *) ((c)->buf + (Size) (c)->cap * sizeof(int64)))

/* Move a full list to the packed form (ids ascending: each lands at the end). */
static void
list_to_packed(IdCounts *c, MemoryContext cxt)
{
	IdCounts old = *c;
	const int64 *counts = (const int64 *) old.buf;
	const int32 *ids = LIST_IDS(&old);

	uint32 nwords = (uint32) ids[old.n - 1] / 64 + 1;

	memset(c, 0, sizeof(IdCounts));
	/* One buffer wide enough for the largest id, when the packed form may be that wide. */
	if (bitmap_bytes(nwords) <=
		Max(IDCOUNTS_FREE_BITMAP_BYTES, ((Size) old.n + 1) * IDCOUNTS_BITMAP_BYTES_PER_ID))
		repack(c, cxt, nwords, old.n + 1);
	for (uint32 i = 0; i < old.n; i++)
	{
		if (c->hashed)
			hashed_add(c, cxt, ids[i], counts[i]);
		else
			packed_add_new(c, cxt, ids[i], counts[i]);
	}
	pfree(old.buf);
}

/* Add to the list form; false if the list was full (and is now packed). */
static bool
list_add(IdCounts *c, MemoryContext cxt, int32 id, int64 count)
{
	int32 *ids = c->buf ? LIST_IDS(c) : NULL;
	int64 *counts = (int64 *) c->buf;
	uint32 lo = 0;
	uint32 hi = c->n;

	while (lo < hi)
	{
		uint32 mid = (lo + hi) / 2;

		if (ids[mid] < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < c->n && ids[lo] == id)
	{
		counts[lo] = counts_add(counts[lo], count);
		return true;
	}
	if (c->n == c->cap)
	{
		Size alloc = (Size) c->cap * (sizeof(int64) + sizeof(int32));
		IdCounts grown = *c;

		/* The buffers are powers of two: 64, 128, 256 bytes (5, 10, 21 ids). */
		alloc = c->buf == NULL ? 64 : (Size) pg_nextpower2_32((uint32) alloc) * 2;
		if (alloc > IDCOUNTS_LIST_MAX_BYTES)
		{
			list_to_packed(c, cxt);
			return false;
		}
		grown.cap = (uint32) (alloc / (sizeof(int64) + sizeof(int32)));
		grown.buf = MemoryContextAlloc(cxt, alloc);
		grown.listed = true;
		if (c->buf)
		{
			memcpy(grown.buf, c->buf, c->n * sizeof(int64));
			memcpy(LIST_IDS(&grown), ids, c->n * sizeof(int32));
			pfree(c->buf);
		}
		*c = grown;
		ids = LIST_IDS(c);
		counts = (int64 *) c->buf;
	}
	memmove(ids + lo + 1, ids + lo, (c->n - lo) * sizeof(int32));
	memmove(counts + lo + 1, counts + lo, (c->n - lo) * sizeof(int64));
	ids[lo] = id;
	counts[lo] = count;
	c->n++;
	return true;
}

void
idcounts_add_slow(IdCounts *c, MemoryContext cxt, int32 id, int64 count)
{
	Assert(id >= 0 && count > 0);
	if ((c->listed || c->buf == NULL) && list_add(c, cxt, id, count))
		return;
	/* (a full list has just moved to the packed or the hashed form) */
	if (c->hashed)
		hashed_add(c, cxt, id, count);
	else
		/* Packed: not present (idcounts_add found it absent, or beyond the bitmap). */
		packed_add_new(c, cxt, id, count);
}

void
idcounts_foreach(const IdCounts *c, IdCountsVisitor visit, void *arg)
{
	if (c->listed)
	{
		const int64 *counts = (const int64 *) c->buf;
		const int32 *ids = LIST_IDS(c);

		for (uint32 i = 0; i < c->n; i++)
			visit(arg, ids[i], counts[i]);
	}
	else if (c->hashed)
	{
		const IdCountSlot *slots = (const IdCountSlot *) c->buf;

		for (Size i = 0; i <= c->nwords; i++)
		{
			if (slots[i].id != -1)
				visit(arg, slots[i].id, slots[i].count);
		}
	}
	else
	{
		const IdCountWord *words = IDCOUNTS_WORDS(c);
		const int64 *counts = c->buf ? IDCOUNTS_COUNTS(c) : NULL;
		uint32 k = 0;

		for (uint32 w = 0; w < c->nwords; w++)
		{
			for (uint64 bits = words[w].bits; bits != 0; bits &= bits - 1)
				visit(arg, (int32) (w * 64 + __builtin_ctzll(bits)), counts[k++]);
		}
	}
}

/*
 * summary_dict.h
 *	  What the groups of one aggregate call share: the platform dictionary
 *	  (name <-> platform id), the combinations (sorted platform id lists <->
 *	  combination id), and the caches that map a raw platform value straight
 *	  to its combination.
 *
 * A group's state then holds only counts keyed by combination id, so a
 * GROUP BY with thousands of groups decodes each distinct platform value
 * once, not once per group, and keeps one copy of each name.
 *
 * The aggregate's dictionary lives in the query's memory context, which
 * outlives the aggregate contexts the states live in (PostgreSQL resets
 * those per group when sorting, per batch when a hash aggregate spills), is
 * found again by that context (summary_dict_for), and goes when it is
 * deleted.  It grows with the call's distinct content, not with groups or
 * rows; HashAggregate's "Memory Usage" counts the states, not it.
 *
 * Memory depends on distinct content, never on rows: a text[] value is
 * cached by its elements (not its bounds or dimensions), and the caches are
 * emptied when they outgrow SUMMARY_DICT_CACHE_MAX bytes (values then
 * decode again: slower, never wrong).
 */
#ifndef GROOMSTATS_SUMMARY_DICT_H
#define GROOMSTATS_SUMMARY_DICT_H

#include "postgres.h"

#include "bytemap.h"

/* What a platform value (one text, or one text[]) resolves to. */
#define NO_PLATFORM (-1)

/* The raw-value caches are emptied beyond this many bytes. */
#define SUMMARY_DICT_CACHE_MAX (4 * 1024 * 1024)

typedef struct SummaryDict
{
	MemoryContext cxt; /* where everything below lives */

	/* platforms: name -> id, and id -> name */
	ByteMap platform_ids;
	int32 nplatforms;
	int32 platforms_cap;
	const char **platform_name;
	int32 *platform_len;

	/* combinations: id list (as bytes) -> combination id, and its members */
	ByteMap combo_ids;
	int32 ncombos;
	int32 combos_cap;
	const int32 **combo_member;
	int32 *combo_size;

	/*
	 * Raw value -> combination or NO_PLATFORM, one cache per kind of key
	 * (their bytes could coincide): text values, and text[] values by their
	 * element data, without and with a null bitmap.
	 */
	MemoryContext cache_cxt;
	ByteMap text_cache;
	ByteMap array_cache;
	ByteMap null_array_cache;

	/* Scratch for encoding one group: per platform, a stamp and a rank. */
	uint32 stamp;
	int32 scratch_cap;
	uint32 *platform_stamp;
	int32 *platform_rank;

	/* the context's callback, and the next dictionary of another context */
	MemoryContextCallback on_reset;
	struct SummaryDict *next;
} SummaryDict;

/* A dictionary of its own in `cxt` (not shared, not found again). */
extern SummaryDict *summary_dict_create(MemoryContext cxt);

/* The dictionary kept in `cxt` for the states of one call, made on first use. */
extern SummaryDict *summary_dict_for(MemoryContext cxt);

/* The platform id of a name, added if new. */
extern int32 summary_dict_platform(SummaryDict *dict, const char *name, int32 len);

/* The combination of a set of platform ids (any order, duplicates allowed; changed in place). */
extern int32 summary_dict_combo(SummaryDict *dict, int32 *ids, int32 n);

/* The combination of a platform argument (text or text[], detoasted), through the caches. */
extern int32 summary_dict_resolve_text(SummaryDict *dict, const struct varlena *value);
extern int32 summary_dict_resolve_array(SummaryDict *dict, const struct varlena *value);

#endif

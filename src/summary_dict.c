/*
 * summary_dict.c
 *	  The dictionary shared by the groups of one aggregate call: platforms,
 *	  combinations, and the raw-value caches in front of them.
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "utils/array.h"
#include "utils/memutils.h"

#include "compat.h"
#include "summary_dict.h"

/* The dictionaries of the aggregate contexts in use in this backend. */
static SummaryDict *context_dicts = NULL;

static void
init_caches(SummaryDict *dict)
{
	bytemap_init(&dict->text_cache, dict->cache_cxt);
	bytemap_init(&dict->array_cache, dict->cache_cxt);
}

SummaryDict *
summary_dict_create(MemoryContext cxt)
{
	SummaryDict *dict = MemoryContextAllocZero(cxt, sizeof(SummaryDict));

	dict->cxt = cxt;
	bytemap_init(&dict->platform_ids, cxt);
	bytemap_init(&dict->combo_ids, cxt);
	/* A child context, so that the caches can be emptied on their own. */
	dict->cache_cxt = AllocSetContextCreate(cxt, "groomstats value cache", ALLOCSET_SMALL_SIZES);
	init_caches(dict);
	return dict;
}

/* The context is being reset or deleted: forget its dictionary. */
static void
forget_dict(void *arg)
{
	SummaryDict *dict = arg;

	for (SummaryDict **p = &context_dicts; *p != NULL; p = &(*p)->next)
	{
		if (*p == dict)
		{
			*p = dict->next;
			break;
		}
	}
}

SummaryDict *
summary_dict_for(MemoryContext cxt)
{
	SummaryDict *dict;

	for (dict = context_dicts; dict != NULL; dict = dict->next)
	{
		if (dict->cxt == cxt)
			return dict;
	}
	dict = summary_dict_create(cxt);
	dict->on_reset.func = forget_dict;
	dict->on_reset.arg = dict;
	MemoryContextRegisterResetCallback(cxt, &dict->on_reset);
	dict->next = context_dicts;
	context_dicts = dict;
	return dict;
}

/*
 * The capacity to grow parallel arrays to when entry `n` does not fit: the
 * arrays double, so adding n entries costs O(n) copying in all.
 */
static int32
grown_capacity(int32 n, Size widest_elem)
{
	if (n >= PG_INT32_MAX / 2 || (Size) n * 2 * widest_elem > MaxAllocSize)
		ereport(ERROR, (errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
						errmsg("too many distinct platforms or combinations in one summary")));
	return Max(16, n * 2);
}

static void *
resize(MemoryContext cxt, void *array, int32 cap, Size elem_size)
{
	return array == NULL ? MemoryContextAlloc(cxt, cap * elem_size)
						 : repalloc(array, cap * elem_size);
}

int32
summary_dict_platform(SummaryDict *dict, const char *name, int32 len)
{
	uint32 hash = bytemap_hash(name, len);
	int32 id;

	if (bytemap_find(&dict->platform_ids, name, len, hash, &id))
		return id;

	id = dict->nplatforms;
	if (id == dict->platforms_cap)
	{
		int32 cap = grown_capacity(id, sizeof(const char *));

		dict->platform_name = resize(dict->cxt, dict->platform_name, cap, sizeof(const char *));
		dict->platform_len = resize(dict->cxt, dict->platform_len, cap, sizeof(int32));
		dict->platforms_cap = cap;
	}
	dict->platform_name[id] = bytemap_insert(&dict->platform_ids, name, len, hash, id);
	dict->platform_len[id] = len;
	dict->nplatforms++;
	return id;
}

static int
compare_int32(const void *a, const void *b)
{
	int32 x = *(const int32 *) a;
	int32 y = *(const int32 *) b;

	return (x > y) - (x < y);
}

/* Sort ids and drop duplicates: one offence involving a platform twice counts once. */
static int32
sort_unique(int32 *ids, int32 n)
{
	int32 kept = 0;

	if (n > 1)
		qsort(ids, n, sizeof(int32), compare_int32);
	for (int32 i = 0; i < n; i++)
	{
		if (kept == 0 || ids[kept - 1] != ids[i])
			ids[kept++] = ids[i];
	}
	return kept;
}

int32
summary_dict_combo(SummaryDict *dict, int32 *ids, int32 n)
{
	int32 len;
	uint32 hash;
	int32 id;

	n = sort_unique(ids, n);
	if (n == 0)
		return NO_PLATFORM;
	len = n * (int32) sizeof(int32);
	hash = bytemap_hash((const char *) ids, len);
	if (bytemap_find(&dict->combo_ids, (const char *) ids, len, hash, &id))
		return id;

	id = dict->ncombos;
	if (id == dict->combos_cap)
	{
		int32 cap = grown_capacity(id, sizeof(const int32 *));

		dict->combo_member = resize(dict->cxt, dict->combo_member, cap, sizeof(const int32 *));
		dict->combo_size = resize(dict->cxt, dict->combo_size, cap, sizeof(int32));
		dict->combos_cap = cap;
	}
	dict->combo_member[id] =
		(const int32 *) bytemap_insert(&dict->combo_ids, (const char *) ids, len, hash, id);
	dict->combo_size[id] = n;
	dict->ncombos++;
	return id;
}

/* ---- decoding raw values, and caching what they decode to ---- */

/* The combination of one text[] value: NULL and '' elements record nothing. */
static int32
decode_array(SummaryDict *dict, const struct varlena *value)
{
	ArrayType *array = DatumGetArrayTypeP(PointerGetDatum(value));
	Datum *elems;
	bool *nulls;
	int n;
	int32 *ids;
	int32 nids = 0;
	int32 combo;

	deconstruct_array(array, TEXTOID, -1, false, TYPALIGN_INT, &elems, &nulls, &n);
	ids = palloc(Max(n, 1) * sizeof(int32));
	for (int i = 0; i < n; i++)
	{
		text *name;

		if (nulls[i])
			continue;
		name = DatumGetTextPP(elems[i]);
		if (VARSIZE_ANY_EXHDR(name) == 0)
			continue;
		ids[nids++] = summary_dict_platform(dict, VARDATA_ANY(name), VARSIZE_ANY_EXHDR(name));
	}
	combo = summary_dict_combo(dict, ids, nids);
	pfree(ids);
	pfree(elems);
	pfree(nulls);
	if ((Pointer) array != (Pointer) value)
		pfree(array);
	return combo;
}

/* The combination of one text value. */
static int32
decode_text(SummaryDict *dict, const char *name, int32 len)
{
	int32 id;

	if (len == 0)
		return NO_PLATFORM;
	id = summary_dict_platform(dict, name, len);
	return summary_dict_combo(dict, &id, 1);
}

/* Remember a decoded value; empty both caches first if they have grown too big. */
static void
cache_insert(SummaryDict *dict, ByteMap *cache, const char *key, int32 len, uint32 hash,
			 int32 combo)
{
	if (MemoryContextMemAllocated(dict->cache_cxt, false) > SUMMARY_DICT_CACHE_MAX)
	{
		MemoryContextReset(dict->cache_cxt);
		init_caches(dict);
	}
	bytemap_insert(cache, key, len, hash, combo);
}

int32
summary_dict_resolve_text(SummaryDict *dict, const struct varlena *value)
{
	const char *bytes = VARDATA_ANY(value);
	int32 len = VARSIZE_ANY_EXHDR(value);
	uint32 hash = bytemap_hash(bytes, len);
	int32 combo;

	if (bytemap_find(&dict->text_cache, bytes, len, hash, &combo))
		return combo;
	combo = decode_text(dict, bytes, len);
	cache_insert(dict, &dict->text_cache, bytes, len, hash, combo);
	return combo;
}

/*
 * The element data of a text[] value (after its header, dimensions, bounds
 * and null bitmap), read in place, whether the value has a 1-byte or a
 * 4-byte varlena header.  Null elements take no data and record nothing, so
 * the data alone determines the combination: arrays that differ only in
 * bounds, dimensions or nulls share one cache entry.
 */
static const char *
array_elements(const struct varlena *value, int32 *len)
{
	const char *content = VARDATA_ANY(value);
	int32 size = VARSIZE_ANY_EXHDR(value);
	int32 ndim;
	int32 dataoffset;
	int64 start;

	if (size < (int32) (sizeof(ArrayType) - VARHDRSZ))
		elog(ERROR, "groomstats: malformed text[] value");
	memcpy(&ndim, content, sizeof(int32));
	memcpy(&dataoffset, content + sizeof(int32), sizeof(int32));
	if (ndim < 0 || ndim > MAXDIM)
		elog(ERROR, "groomstats: malformed text[] value");
	start = dataoffset != 0 ? (int64) dataoffset : (int64) ARR_OVERHEAD_NONULLS(ndim);
	start -= VARHDRSZ;
	if (start < 0 || start > size)
		elog(ERROR, "groomstats: malformed text[] value");
	*len = size - (int32) start;
	return content + start;
}

int32
summary_dict_resolve_array(SummaryDict *dict, const struct varlena *value)
{
	int32 len;
	const char *bytes = array_elements(value, &len);
	uint32 hash = bytemap_hash(bytes, len);
	int32 combo;

	if (bytemap_find(&dict->array_cache, bytes, len, hash, &combo))
		return combo;
	combo = decode_array(dict, value);
	cache_insert(dict, &dict->array_cache, bytes, len, hash, combo);
	return combo;
}

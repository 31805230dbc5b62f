/*
 * summary_state.c
 *	  Building, merging and encoding the in-memory summary.
 */
#include "postgres.h"

#include "miscadmin.h"
#include "port.h"
#include "utils/memutils.h"

#include "counts.h"
#include "summary_state.h"

SummaryState *
summary_state_create(MemoryContext cxt)
{
	SummaryState *state = MemoryContextAllocZero(cxt, sizeof(SummaryState));

	state->cxt = cxt;
	daymap_init(&state->days, cxt);
	bytemap_init(&state->platform_ids, cxt);
	bytemap_init(&state->combo_ids, cxt);
	bytemap_init(&state->value_cache, cxt);
	return state;
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
summary_state_platform(SummaryState *state, const char *name, int32 len)
{
	uint32 hash = bytemap_hash(name, len);
	int32 id;

	if (bytemap_find(&state->platform_ids, name, len, hash, &id))
		return id;

	id = state->nplatforms;
	if (id == state->platforms_cap)
	{
		int32 cap = grown_capacity(id, sizeof(const char *));

		state->platform_name = resize(state->cxt, state->platform_name, cap, sizeof(const char *));
		state->platform_len = resize(state->cxt, state->platform_len, cap, sizeof(int32));
		state->platforms_cap = cap;
	}
	state->platform_name[id] = bytemap_insert(&state->platform_ids, name, len, hash, id);
	state->platform_len[id] = len;
	state->nplatforms++;
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
summary_state_combo(SummaryState *state, int32 *ids, int32 n)
{
	int32 len;
	uint32 hash;
	int32 id;

	n = sort_unique(ids, n);
	if (n == 0)
		return NO_PLATFORM;
	len = n * (int32) sizeof(int32);
	hash = bytemap_hash((const char *) ids, len);
	if (bytemap_find(&state->combo_ids, (const char *) ids, len, hash, &id))
		return id;

	id = state->ncombos;
	if (id == state->combos_cap)
	{
		int32 cap = grown_capacity(id, sizeof(int64));

		state->combo_member = resize(state->cxt, state->combo_member, cap, sizeof(const int32 *));
		state->combo_size = resize(state->cxt, state->combo_size, cap, sizeof(int32));
		state->combo_count = resize(state->cxt, state->combo_count, cap, sizeof(int64));
		state->combos_cap = cap;
	}
	state->combo_member[id] =
		(const int32 *) bytemap_insert(&state->combo_ids, (const char *) ids, len, hash, id);
	state->combo_size[id] = n;
	state->combo_count[id] = 0;
	state->ncombos++;
	return id;
}

/* Add the totals of another summary, counter by counter. */
static void
add_totals(SummaryState *state, int64 offences, int64 undated, int64 platform_unrecorded,
		   int64 age_unrecorded)
{
	state->offences = counts_add(state->offences, offences);
	state->undated = counts_add(state->undated, undated);
	state->platform_unrecorded = counts_add(state->platform_unrecorded, platform_unrecorded);
	state->age_unrecorded = counts_add(state->age_unrecorded, age_unrecorded);
}

void
summary_state_merge_view(SummaryState *state, const SummaryView *view)
{
	const SummaryHeader *hdr = view->hdr;
	int32 *ids = palloc(Max(hdr->nplatforms, 1) * sizeof(int32));
	int32 *member_ids = palloc(Max(hdr->nplatforms, 1) * sizeof(int32));

	add_totals(state, hdr->offences, hdr->undated, hdr->platform_unrecorded, hdr->age_unrecorded);
	for (int32 i = 0; i < hdr->ndays; i++)
	{
		CHECK_FOR_INTERRUPTS();
		daymap_add(&state->days, view->day[i], view->day_count[i]);
	}
	for (int32 i = 0; i < hdr->nages; i++)
		state->age_count[view->age[i]] =
			counts_add(state->age_count[view->age[i]], view->age_count[i]);

	/* Map the summary's platform indexes to this state's ids once. */
	for (int32 i = 0; i < hdr->nplatforms; i++)
	{
		int32 len;
		const char *name = summary_name(view, i, &len);

		ids[i] = summary_state_platform(state, name, len);
	}
	for (int32 c = 0; c < hdr->ncombos; c++)
	{
		int32 n = 0;
		int32 combo;

		CHECK_FOR_INTERRUPTS();
		for (int32 m = view->combo_start[c]; m < view->combo_start[c + 1]; m++)
			member_ids[n++] = ids[view->combo_member[m]];
		combo = summary_state_combo(state, member_ids, n);
		state->combo_count[combo] = counts_add(state->combo_count[combo], view->combo_count[c]);
	}
	pfree(ids);
	pfree(member_ids);
}

void
summary_state_merge_state(SummaryState *state, const SummaryState *other)
{
	int32 *ids = palloc(Max(other->nplatforms, 1) * sizeof(int32));
	int32 *member_ids = palloc(Max(other->nplatforms, 1) * sizeof(int32));

	add_totals(state, other->offences, other->undated, other->platform_unrecorded,
			   other->age_unrecorded);
	daymap_add_map(&state->days, &other->days);
	for (int32 a = 0; a <= SUMMARY_MAX_AGE; a++)
		state->age_count[a] = counts_add(state->age_count[a], other->age_count[a]);

	for (int32 i = 0; i < other->nplatforms; i++)
		ids[i] = summary_state_platform(state, other->platform_name[i], other->platform_len[i]);
	for (int32 c = 0; c < other->ncombos; c++)
	{
		int32 combo;

		for (int32 m = 0; m < other->combo_size[c]; m++)
			member_ids[m] = ids[other->combo_member[c][m]];
		combo = summary_state_combo(state, member_ids, other->combo_size[c]);
		state->combo_count[combo] = counts_add(state->combo_count[combo], other->combo_count[c]);
	}
	pfree(ids);
	pfree(member_ids);
}

/* ---- canonical encoding ---- */

static int
compare_platform_names(const void *a, const void *b, void *arg)
{
	const SummaryState *state = arg;
	int32 x = *(const int32 *) a;
	int32 y = *(const int32 *) b;

	return summary_compare_names(state->platform_name[x], state->platform_len[x],
								 state->platform_name[y], state->platform_len[y]);
}

/* A combination with its members renumbered into canonical platform order. */
typedef struct CanonicalCombo
{
	int32 *members;
	int32 size;
	int64 count;
} CanonicalCombo;

static int
compare_combos(const void *a, const void *b)
{
	const CanonicalCombo *x = a;
	const CanonicalCombo *y = b;

	return summary_compare_members(x->members, x->size, y->members, y->size);
}

/* Write the platform names in byte order; returns old id -> canonical index. */
static int32 *
encode_platforms(const SummaryState *state, const SummaryView *view)
{
	int32 *order = palloc(Max(state->nplatforms, 1) * sizeof(int32));
	int32 *rank = palloc(Max(state->nplatforms, 1) * sizeof(int32));
	int32 *name_start = (int32 *) view->name_start;
	char *names = (char *) view->names;

	for (int32 i = 0; i < state->nplatforms; i++)
		order[i] = i;
	qsort_arg(order, state->nplatforms, sizeof(int32), compare_platform_names, (void *) state);
	name_start[0] = 0;
	for (int32 k = 0; k < state->nplatforms; k++)
	{
		int32 id = order[k];

		rank[id] = k;
		memcpy(names + name_start[k], state->platform_name[id], state->platform_len[id]);
		name_start[k + 1] = name_start[k] + state->platform_len[id];
	}
	pfree(order);
	return rank;
}

static void
encode_combos(const SummaryState *state, const SummaryView *view, const int32 *rank)
{
	CanonicalCombo *combos = palloc(Max(state->ncombos, 1) * sizeof(CanonicalCombo));
	int32 *members = palloc(Max(view->hdr->nmembers, 1) * sizeof(int32));
	int32 *combo_start = (int32 *) view->combo_start;
	int32 next = 0;

	for (int32 c = 0; c < state->ncombos; c++)
	{
		combos[c].members = members + next;
		combos[c].size = state->combo_size[c];
		combos[c].count = state->combo_count[c];
		for (int32 m = 0; m < combos[c].size; m++)
			combos[c].members[m] = rank[state->combo_member[c][m]];
		qsort(combos[c].members, combos[c].size, sizeof(int32), compare_int32);
		next += combos[c].size;
	}
	qsort(combos, state->ncombos, sizeof(CanonicalCombo), compare_combos);

	combo_start[0] = 0;
	for (int32 c = 0; c < state->ncombos; c++)
	{
		memcpy((int32 *) view->combo_member + combo_start[c], combos[c].members,
			   combos[c].size * sizeof(int32));
		combo_start[c + 1] = combo_start[c] + combos[c].size;
		((int64 *) view->combo_count)[c] = combos[c].count;
	}
	pfree(members);
	pfree(combos);
}

static void
encode_ages(const SummaryState *state, const SummaryView *view)
{
	int32 n = 0;

	for (int32 a = 0; a <= SUMMARY_MAX_AGE; a++)
	{
		if (state->age_count[a] == 0)
			continue;
		((int32 *) view->age)[n] = a;
		((int64 *) view->age_count)[n] = state->age_count[a];
		n++;
	}
}

SummaryHeader *
summary_state_encode(const SummaryState *state)
{
	SummaryShape shape = {0};
	SummaryHeader *hdr;
	SummaryView view;
	int32 *rank;
	int64 name_bytes = 0;
	int64 nmembers = 0;

	shape.ndays = state->days.used;
	shape.nplatforms = state->nplatforms;
	shape.ncombos = state->ncombos;
	for (int32 i = 0; i < state->nplatforms; i++)
		name_bytes += state->platform_len[i];
	for (int32 c = 0; c < state->ncombos; c++)
		nmembers += state->combo_size[c];
	for (int32 a = 0; a <= SUMMARY_MAX_AGE; a++)
		shape.nages += state->age_count[a] != 0;
	if (name_bytes > (int64) MaxAllocSize || nmembers > (int64) MaxAllocSize)
		ereport(ERROR, (errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
						errmsg("offence summary would exceed the maximum size of a value")));
	shape.name_bytes = (int32) name_bytes;
	shape.nmembers = (int32) nmembers;

	hdr = summary_allocate(&shape);
	hdr->offences = state->offences;
	hdr->undated = state->undated;
	hdr->platform_unrecorded = state->platform_unrecorded;
	hdr->age_unrecorded = state->age_unrecorded;
	summary_view(hdr, &view);

	daymap_sorted(&state->days, (int32 *) view.day, (int64 *) view.day_count);
	rank = encode_platforms(state, &view);
	encode_combos(state, &view, rank);
	encode_ages(state, &view);
	pfree(rank);
	return hdr;
}

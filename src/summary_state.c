/*
 * summary_state.c
 *	  Building, merging and encoding the in-memory summary of one group.
 */
#include "postgres.h"

#include "miscadmin.h"
#include "port.h"
#include "utils/memutils.h"

#include "counts.h"
#include "summary_state.h"

/* A group's state is one AllocSet chunk of 128 bytes: a bigger one takes 256. */
StaticAssertDecl(sizeof(SummaryState) <= 128, "SummaryState outgrew its chunk");

SummaryState *
summary_state_create_in(SummaryDict *dict, MemoryContext cxt)
{
	SummaryState *state = MemoryContextAllocZero(cxt, sizeof(SummaryState));

	state->dict = dict;
	state->cxt = cxt;
	daymap_init(&state->days);
	daymap_init(&state->ages);
	return state;
}

SummaryState *
summary_state_create(MemoryContext cxt)
{
	return summary_state_create_in(summary_dict_create(cxt), cxt);
}

/* ---- merging ---- */

static void
add_combo(void *arg, int32 combo, int64 count)
{
	SummaryState *state = arg;

	idcounts_add(&state->combos, state->cxt, combo, count);
}

/* A combination of another dictionary, renamed into the state's. */
typedef struct ForeignCombos
{
	SummaryState *state;
	const SummaryDict *from;
	int32 *ids; /* room for the longest combination */
} ForeignCombos;

static void
add_foreign_combo(void *arg, int32 combo, int64 count)
{
	ForeignCombos *f = arg;
	int32 n = f->from->combo_size[combo];
	int32 mine;

	CHECK_FOR_INTERRUPTS();
	for (int32 m = 0; m < n; m++)
	{
		int32 p = f->from->combo_member[combo][m];

		f->ids[m] = summary_dict_platform(f->state->dict, f->from->platform_name[p],
										  f->from->platform_len[p]);
	}
	mine = summary_dict_combo(f->state->dict, f->ids, n);
	idcounts_add(&f->state->combos, f->state->cxt, mine, count);
}

void
summary_state_merge_view(SummaryState *state, const SummaryView *view)
{
	const SummaryHeader *hdr = view->hdr;
	SummaryDict *dict = state->dict;
	int32 *ids = palloc(Max(hdr->nplatforms, 1) * sizeof(int32));
	int32 *member_ids = palloc(Max(hdr->nplatforms, 1) * sizeof(int32));

	state->offences = counts_add(state->offences, hdr->offences);
	for (int32 i = 0; i < hdr->ndays; i++)
	{
		CHECK_FOR_INTERRUPTS();
		daymap_add(&state->days, state->cxt, view->day[i], view->day_count[i]);
	}
	for (int32 i = 0; i < hdr->nages; i++)
	{
		daymap_add(&state->ages, state->cxt, view->age[i], view->age_count[i]);
	}

	/* Map the summary's platform indexes to the dictionary's ids once. */
	for (int32 i = 0; i < hdr->nplatforms; i++)
	{
		int32 len;
		const char *name = summary_name(view, i, &len);

		ids[i] = summary_dict_platform(dict, name, len);
	}
	for (int32 c = 0; c < hdr->ncombos; c++)
	{
		int32 n = 0;
		int32 combo;

		CHECK_FOR_INTERRUPTS();
		if (view->combo_count[c] == 0)
			continue;
		for (int32 m = view->combo_start[c]; m < view->combo_start[c + 1]; m++)
			member_ids[n++] = ids[view->combo_member[m]];
		combo = summary_dict_combo(dict, member_ids, n);
		idcounts_add(&state->combos, state->cxt, combo, view->combo_count[c]);
	}
	pfree(ids);
	pfree(member_ids);
}

void
summary_state_merge_state(SummaryState *state, const SummaryState *other)
{
	state->offences = counts_add(state->offences, other->offences);
	daymap_add_map(&state->days, state->cxt, &other->days);
	daymap_add_map(&state->ages, state->cxt, &other->ages);
	if (other->dict == state->dict)
		idcounts_foreach(&other->combos, add_combo, state);
	else
	{
		ForeignCombos f;

		f.state = state;
		f.from = other->dict;
		f.ids = palloc(Max(other->dict->nplatforms, 1) * sizeof(int32));
		idcounts_foreach(&other->combos, add_foreign_combo, &f);
		pfree(f.ids);
	}
}

/* ---- canonical encoding ---- */

/* The group's combinations as an (id, count) list. */
typedef struct IdCountList
{
	int32 n;
	int32 *id;
	int64 *count;
	int64 total;
} IdCountList;

static void
collect(void *arg, int32 id, int64 count)
{
	IdCountList *list = arg;

	list->id[list->n] = id;
	list->count[list->n] = count;
	list->n++;
	list->total += count; /* at most the group's offences: cannot overflow */
}

static void
collect_list(const IdCounts *c, IdCountList *list)
{
	list->n = 0;
	list->total = 0;
	list->id = palloc(Max(c->n, 1) * sizeof(int32));
	list->count = palloc(Max(c->n, 1) * sizeof(int64));
	idcounts_foreach(c, collect, list);
}

static int
compare_platform_names(const void *a, const void *b, void *arg)
{
	const SummaryDict *dict = arg;
	int32 x = *(const int32 *) a;
	int32 y = *(const int32 *) b;

	return summary_compare_names(dict->platform_name[x], dict->platform_len[x],
								 dict->platform_name[y], dict->platform_len[y]);
}

static int
compare_int32(const void *a, const void *b)
{
	int32 x = *(const int32 *) a;
	int32 y = *(const int32 *) b;

	return (x > y) - (x < y);
}

/*
 * Sorting for encoding.  A group of a per-day GROUP BY has a few dozen
 * combinations of one to three members and as few platforms, and is
 * encoded once: an insertion sort beats qsort's calls through a comparator
 * pointer there, so small arrays take it.
 */
#define SMALL_SORT 16

static void
sort_int32(int32 *a, int32 n)
{
	if (n > SMALL_SORT)
	{
		qsort(a, n, sizeof(int32), compare_int32);
		return;
	}
	for (int32 i = 1; i < n; i++)
	{
		int32 v = a[i];
		int32 j = i;

		for (; j > 0 && a[j - 1] > v; j--)
			a[j] = a[j - 1];
		a[j] = v;
	}
}

static void
sort_platforms(int32 *used, int32 n, SummaryDict *dict)
{
	if (n > SMALL_SORT)
	{
		qsort_arg(used, n, sizeof(int32), compare_platform_names, dict);
		return;
	}
	for (int32 i = 1; i < n; i++)
	{
		int32 v = used[i];
		int32 j = i;

		for (; j > 0 && compare_platform_names(&used[j - 1], &v, dict) > 0; j--)
			used[j] = used[j - 1];
		used[j] = v;
	}
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

static void
sort_combos(CanonicalCombo *combos, int32 n)
{
	if (n > SMALL_SORT)
	{
		qsort(combos, n, sizeof(CanonicalCombo), compare_combos);
		return;
	}
	for (int32 i = 1; i < n; i++)
	{
		CanonicalCombo v = combos[i];
		int32 j = i;

		for (; j > 0 && compare_combos(&combos[j - 1], &v) > 0; j--)
			combos[j] = combos[j - 1];
		combos[j] = v;
	}
}

/* Room in the dictionary's scratch for every platform, and a fresh stamp. */
static uint32
next_stamp(SummaryDict *dict)
{
	if (dict->scratch_cap < dict->nplatforms)
	{
		int32 cap = Max(dict->nplatforms, dict->scratch_cap * 2);

		if (dict->platform_stamp)
		{
			pfree(dict->platform_stamp);
			pfree(dict->platform_rank);
		}
		dict->platform_stamp = MemoryContextAllocZero(dict->cxt, cap * sizeof(uint32));
		dict->platform_rank = MemoryContextAlloc(dict->cxt, cap * sizeof(int32));
		dict->scratch_cap = cap;
		dict->stamp = 0;
	}
	if (++dict->stamp == 0)
	{
		memset(dict->platform_stamp, 0, dict->scratch_cap * sizeof(uint32));
		dict->stamp = 1;
	}
	return dict->stamp;
}

/*
 * The platforms the group's combinations name, in byte order of their
 * names; sets the dictionary's platform_rank of each to its index.
 */
static int32 *
used_platforms(SummaryDict *dict, const IdCountList *combos, int32 *nused, int64 *name_bytes,
			   int64 *nmembers)
{
	uint32 stamp = next_stamp(dict);
	int32 *used = palloc(Max(Min(dict->nplatforms, (int64) combos->n * 8), 1) * sizeof(int32));
	int32 cap = Max(Min(dict->nplatforms, (int64) combos->n * 8), 1);
	int32 n = 0;

	*name_bytes = 0;
	*nmembers = 0;
	for (int32 c = 0; c < combos->n; c++)
	{
		int32 id = combos->id[c];

		*nmembers += dict->combo_size[id];
		for (int32 m = 0; m < dict->combo_size[id]; m++)
		{
			int32 p = dict->combo_member[id][m];

			if (dict->platform_stamp[p] == stamp)
				continue;
			dict->platform_stamp[p] = stamp;
			if (n == cap)
			{
				cap = Min(cap * 2, dict->nplatforms);
				used = repalloc(used, cap * sizeof(int32));
			}
			used[n++] = p;
			*name_bytes += dict->platform_len[p];
		}
	}
	sort_platforms(used, n, dict);
	for (int32 k = 0; k < n; k++)
		dict->platform_rank[used[k]] = k;
	*nused = n;
	return used;
}

static void
encode_platforms(const SummaryDict *dict, const int32 *used, int32 nused, const SummaryView *view)
{
	int32 *name_start = (int32 *) view->name_start;
	char *names = (char *) view->names;

	name_start[0] = 0;
	for (int32 k = 0; k < nused; k++)
	{
		int32 p = used[k];

		memcpy(names + name_start[k], dict->platform_name[p], dict->platform_len[p]);
		name_start[k + 1] = name_start[k] + dict->platform_len[p];
	}
}

static void
encode_combos(const SummaryDict *dict, const IdCountList *list, const SummaryView *view)
{
	CanonicalCombo *combos = palloc(Max(list->n, 1) * sizeof(CanonicalCombo));
	int32 *members = palloc(Max(view->hdr->nmembers, 1) * sizeof(int32));
	int32 *combo_start = (int32 *) view->combo_start;
	int32 next = 0;

	for (int32 c = 0; c < list->n; c++)
	{
		int32 id = list->id[c];

		combos[c].members = members + next;
		combos[c].size = dict->combo_size[id];
		combos[c].count = list->count[c];
		for (int32 m = 0; m < combos[c].size; m++)
			combos[c].members[m] = dict->platform_rank[dict->combo_member[id][m]];
		sort_int32(combos[c].members, combos[c].size);
		next += combos[c].size;
	}
	sort_combos(combos, list->n);

	combo_start[0] = 0;
	for (int32 c = 0; c < list->n; c++)
	{
		memcpy((int32 *) view->combo_member + combo_start[c], combos[c].members,
			   combos[c].size * sizeof(int32));
		combo_start[c + 1] = combo_start[c] + combos[c].size;
		((int64 *) view->combo_count)[c] = combos[c].count;
	}
	pfree(members);
	pfree(combos);
}

SummaryHeader *
summary_state_encode(const SummaryState *state)
{
	SummaryDict *dict = state->dict;
	SummaryShape shape = {0};
	SummaryHeader *hdr;
	SummaryView view;
	IdCountList combos;
	int32 *used;
	int32 nused;
	int64 name_bytes;
	int64 nmembers;
	int64 dated = 0;
	int64 aged = 0;

	collect_list(&state->combos, &combos);
	used = used_platforms(dict, &combos, &nused, &name_bytes, &nmembers);
	if (name_bytes > (int64) MaxAllocSize || nmembers > (int64) MaxAllocSize)
		ereport(ERROR, (errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
						errmsg("offence summary would exceed the maximum size of a value")));

	shape.ndays = state->days.used;
	shape.nplatforms = nused;
	shape.ncombos = combos.n;
	shape.nages = state->ages.used;
	shape.name_bytes = (int32) name_bytes;
	shape.nmembers = (int32) nmembers;
	hdr = summary_allocate(&shape);
	summary_view(hdr, &view);

	daymap_sorted(&state->days, (int32 *) view.day, (int64 *) view.day_count);
	for (int32 i = 0; i < shape.ndays; i++)
		dated += view.day_count[i];
	encode_platforms(dict, used, nused, &view);
	encode_combos(dict, &combos, &view);
	daymap_sorted(&state->ages, (int32 *) view.age, (int64 *) view.age_count);
	for (int32 i = 0; i < shape.nages; i++)
		aged += view.age_count[i];

	/* What the offence count leaves over is the offences without a day, platform or age. */
	hdr->offences = state->offences;
	hdr->undated = state->offences - dated;
	hdr->platform_unrecorded = state->offences - combos.total;
	hdr->age_unrecorded = state->offences - aged;

	pfree(used);
	pfree(combos.id);
	pfree(combos.count);
	return hdr;
}

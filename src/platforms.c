/*
 * platforms.c
 *	  Platform accessors: how many offences have a platform recorded (the
 *	  denominator of every share), the offences involving each platform, and
 *	  the offences involving any of a set ("any of Facebook, Snapchat or
 *	  Instagram"), each offence counted once.
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "fmgr.h"
#include "utils/array.h"
#include "utils/builtins.h"

#include "compat.h"
#include "notices.h"
#include "platforms.h"
#include "publish.h"
#include "srf_output.h"
#include "stats.h"
#include "summary_format.h"

PG_FUNCTION_INFO_V1(offence_summary_platform_recorded);
PG_FUNCTION_INFO_V1(offence_summary_platform_shares);
PG_FUNCTION_INFO_V1(offence_summary_platform_offences);
PG_FUNCTION_INFO_V1(offence_summary_platform_share);

Datum
offence_summary_platform_recorded(PG_FUNCTION_ARGS)
{
	PG_RETURN_PUBLISHED_COUNT(summary_platform_recorded(PG_GETARG_SUMMARY(0)));
}

typedef struct PlatformRow
{
	int32 index; /* in the summary's platform list (name order) */
	int64 count;
	bool hidden;
} PlatformRow;

/* Most offences first; ties, then hidden rows, in name order. */
static int
compare_rows(const void *a, const void *b)
{
	const PlatformRow *x = a;
	const PlatformRow *y = b;

	if (x->hidden != y->hidden)
		return x->hidden ? 1 : -1;
	if (!x->hidden && x->count != y->count)
		return x->count > y->count ? -1 : 1;
	return (x->index > y->index) - (x->index < y->index);
}

static void
put_platform_row(ReturnSetInfo *rsinfo, const SummaryView *v, const PlatformRow *r, int64 n,
				 int32 rank, double level)
{
	SrfRow row;
	int32 len;
	const char *name = summary_name(v, r->index, &len);

	srf_row_clear(&row);
	SRF_SET(&row, 0, PointerGetDatum(cstring_to_text_with_len(name, len)));
	if (!r->hidden)
	{
		ConfInterval ci = stats_wilson_interval(r->count, n, level);

		SRF_SET(&row, 1, Int64GetDatum(r->count));
		SRF_SET(&row, 2, Float8GetDatum((double) r->count / (double) n));
		SRF_SET(&row, 3, Float8GetDatum(ci.lower));
		SRF_SET(&row, 4, Float8GetDatum(ci.upper));
		SRF_SET(&row, 5, Int32GetDatum(rank));
	}
	SRF_SET(&row, 6, BoolGetDatum(r->hidden));
	srf_put(rsinfo, &row);
}

/*
 * platform_shares(s, level): per platform, offences involving it, its share
 * of offences with a platform recorded, the Wilson interval, and its rank
 * (1 = most; ties share a rank).  Shares of platforms do not add up to 1:
 * one offence can involve several platforms.
 */
Datum
offence_summary_platform_shares(PG_FUNCTION_ARGS)
{
	SummaryView v;
	double level = PG_GETARG_FLOAT8(1);
	ReturnSetInfo *rsinfo;
	int64 *involving;
	bool *hidden;
	PlatformRow *rows;
	int32 np;
	int64 n;

	stats_check_level(level);
	summary_view(PG_GETARG_SUMMARY(0), &v);
	rsinfo = srf_begin(fcinfo);
	np = v.hdr->nplatforms;
	n = summary_platform_recorded(v.hdr);
	involving = summary_offences_per_platform(&v);
	/* Shares overlap, but without multi-platform offences they add up: hide as if they do. */
	hidden = publish_table(involving, np, PUBLISH_ADDITIVE);

	rows = palloc(Max(np, 1) * sizeof(PlatformRow));
	for (int32 i = 0; i < np; i++)
	{
		rows[i].index = i;
		rows[i].count = involving[i];
		rows[i].hidden = hidden[i];
	}
	qsort(rows, np, sizeof(PlatformRow), compare_rows);
	for (int32 i = 0, rank = 1; i < np; i++)
	{
		if (i > 0 && rows[i].count != rows[i - 1].count)
			rank = i + 1;
		put_platform_row(rsinfo, &v, &rows[i], n, rank, level);
	}
	return (Datum) 0;
}

/* Index of a platform name in the summary's sorted list, or -1. */
static int32
find_platform(const SummaryView *v, const char *name, int32 len)
{
	int32 lo = 0;
	int32 hi = v->hdr->nplatforms - 1;

	while (lo <= hi)
	{
		int32 mid = lo + (hi - lo) / 2;
		int32 mlen;
		const char *mname = summary_name(v, mid, &mlen);
		int cmp = summary_compare_names(mname, mlen, name, len);

		if (cmp == 0)
			return mid;
		if (cmp < 0)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return -1;
}

int64
summary_offences_involving_any(const SummaryView *v, ArrayType *wanted)
{
	bool *in_set = palloc0(Max(v->hdr->nplatforms, 1) * sizeof(bool));
	Datum *elems;
	bool *nulls;
	int n;
	int64 total = 0;
	List *unknown = NIL;

	deconstruct_array(wanted, TEXTOID, -1, false, TYPALIGN_INT, &elems, &nulls, &n);
	for (int i = 0; i < n; i++)
	{
		text *name;
		int32 idx;

		if (nulls[i])
			continue;
		name = DatumGetTextPP(elems[i]);
		idx = find_platform(v, VARDATA_ANY(name), VARSIZE_ANY_EXHDR(name));
		if (idx >= 0)
			in_set[idx] = true;
		else
			unknown = lappend(unknown, name);
	}
	notice_unknown_platforms(v, unknown);
	for (int32 c = 0; c < v->hdr->ncombos; c++)
	{
		for (int32 m = v->combo_start[c]; m < v->combo_start[c + 1]; m++)
		{
			if (in_set[v->combo_member[m]])
			{
				total += v->combo_count[c];
				break;
			}
		}
	}
	pfree(in_set);
	return total;
}

Datum
offence_summary_platform_offences(PG_FUNCTION_ARGS)
{
	SummaryView v;
	int64 count;

	summary_view(PG_GETARG_SUMMARY(0), &v);
	count = summary_offences_involving_any(&v, PG_GETARG_ARRAYTYPE_P(1));
	PG_RETURN_PUBLISHED_COUNT(count);
}

/* platform_offences over platform_recorded; NULL when no platform is recorded. */
Datum
offence_summary_platform_share(PG_FUNCTION_ARGS)
{
	SummaryView v;
	int64 count;
	int64 n;

	summary_view(PG_GETARG_SUMMARY(0), &v);
	count = summary_offences_involving_any(&v, PG_GETARG_ARRAYTYPE_P(1));
	n = summary_platform_recorded(v.hdr);
	if (n == 0 || !publish_share_visible(count, n))
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8((double) count / (double) n);
}

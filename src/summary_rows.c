/*
 * summary_rows.c
 *	  The whole summary as rows (long format), for BI tools, notebooks and
 *	  anything else that does not know the offence_summary type:
 *
 *	  summary_rows(s) -> (dimension text, key text, offences bigint, suppressed bool)
 *
 *	  dimension              key                         offences
 *	  'offences'             NULL                        all offences
 *	  'day'                  'YYYY-MM-DD'                recorded that day
 *	  'undated'              NULL                        no recorded date
 *	  'platform'             the name                    involving it
 *	  'combination'          '{A,B}' (text[] literal)    involving exactly these
 *	  'platform_not_recorded' NULL                       no platform recorded
 *	  'age'                  '0' .. '150'                of that victim age
 *	  'age_not_recorded'     NULL                        no age recorded
 *
 * Rows come in that order; within a dimension in the summary's canonical
 * order (days ascending, names in byte order, ages ascending).  Each
 * dimension with its not-recorded row is one table for disclosure control:
 * days + undated, combinations + no platform, ages + no age each add up to
 * the total, so they are suppressed as additive tables; platforms overlap
 * (one offence may involve several) and are suppressed as platform_shares
 * suppresses them.  Zero cells are not listed (a summary holds none).
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "fmgr.h"
#include "lib/stringinfo.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"

#include "publish.h"
#include "iso_date.h"
#include "srf_output.h"
#include "summary_format.h"

PG_FUNCTION_INFO_V1(offence_summary_rows);

/* One table of cells for disclosure control: the counts and which are hidden. */
typedef struct RowTable
{
	int n;
	int64 *counts;
	bool *hidden;
} RowTable;

static void
put_row(ReturnSetInfo *rsinfo, const char *dimension, text *key, int64 count, bool hidden)
{
	SrfRow row;

	srf_row_clear(&row);
	SRF_SET(&row, 0, PointerGetDatum(cstring_to_text(dimension)));
	if (key != NULL)
		SRF_SET(&row, 1, PointerGetDatum(key));
	if (!hidden)
		SRF_SET(&row, 2, Int64GetDatum(count));
	SRF_SET(&row, 3, BoolGetDatum(hidden));
	srf_put(rsinfo, &row);
}

static text *
platform_name_text(const SummaryView *v, int32 i)
{
	int32 len;
	const char *name = summary_name(v, i, &len);

	return cstring_to_text_with_len(name, len);
}

static text *
day_text(DateADT day)
{
	StringInfoData buf;

	initStringInfo(&buf);
	iso_date_append(&buf, day);
	return cstring_to_text_with_len(buf.data, buf.len);
}

/* A combination as a text[] literal, e.g. {Facebook,"Snap chat"}: unambiguous for any name. */
static text *
combination_text(const SummaryView *v, int32 c)
{
	int32 first = v->combo_start[c];
	int32 n = v->combo_start[c + 1] - first;
	Datum *names = palloc(n * sizeof(Datum));
	ArrayType *array;
	Oid output;
	bool is_varlena;

	for (int32 i = 0; i < n; i++)
		names[i] = PointerGetDatum(platform_name_text(v, v->combo_member[first + i]));
	array = construct_array(names, n, TEXTOID, -1, false, TYPALIGN_INT);
	getTypeOutputInfo(TEXTARRAYOID, &output, &is_varlena);
	return cstring_to_text(OidOutputFunctionCall(output, PointerGetDatum(array)));
}

/* The cells of a dimension plus its not-recorded cell (last), suppressed as one table. */
static void
fill_additive(RowTable *t, const int64 *counts, int n, int64 unrecorded)
{
	t->n = n + 1;
	t->counts = palloc((n + 1) * sizeof(int64));
	memcpy(t->counts, counts, n * sizeof(int64));
	t->counts[n] = unrecorded;
	t->hidden = publish_table(t->counts, t->n, PUBLISH_ADDITIVE);
}

static void
put_unrecorded(ReturnSetInfo *rsinfo, const RowTable *t, const char *dimension)
{
	int last = t->n - 1;

	if (t->counts[last] > 0)
		put_row(rsinfo, dimension, NULL, t->counts[last], t->hidden[last]);
}

static void
put_days(ReturnSetInfo *rsinfo, const SummaryView *v)
{
	RowTable t;

	fill_additive(&t, v->day_count, v->hdr->ndays, v->hdr->undated);
	for (int32 i = 0; i < v->hdr->ndays; i++)
	{
		if ((i & 1023) == 0)
			CHECK_FOR_INTERRUPTS();
		put_row(rsinfo, "day", day_text(v->day[i]), t.counts[i], t.hidden[i]);
	}
	put_unrecorded(rsinfo, &t, "undated");
}

static void
put_platforms(ReturnSetInfo *rsinfo, const SummaryView *v)
{
	RowTable t;

	t.n = v->hdr->nplatforms;
	t.counts = summary_offences_per_platform(v);
	/* As platform_shares: overlapping, but suppressed as if they add up. */
	t.hidden = publish_table(t.counts, t.n, PUBLISH_ADDITIVE);
	for (int32 i = 0; i < v->hdr->nplatforms; i++)
	{
		if ((i & 1023) == 0)
			CHECK_FOR_INTERRUPTS();
		put_row(rsinfo, "platform", platform_name_text(v, i), t.counts[i], t.hidden[i]);
	}
}

static void
put_combinations(ReturnSetInfo *rsinfo, const SummaryView *v)
{
	RowTable t;

	fill_additive(&t, v->combo_count, v->hdr->ncombos, v->hdr->platform_unrecorded);
	for (int32 c = 0; c < v->hdr->ncombos; c++)
	{
		if ((c & 1023) == 0)
			CHECK_FOR_INTERRUPTS();
		put_row(rsinfo, "combination", combination_text(v, c), t.counts[c], t.hidden[c]);
	}
	put_unrecorded(rsinfo, &t, "platform_not_recorded");
}

static void
put_ages(ReturnSetInfo *rsinfo, const SummaryView *v)
{
	RowTable t;
	char key[16];

	fill_additive(&t, v->age_count, v->hdr->nages, v->hdr->age_unrecorded);
	for (int32 i = 0; i < v->hdr->nages; i++)
	{
		snprintf(key, sizeof(key), "%d", v->age[i]);
		put_row(rsinfo, "age", cstring_to_text(key), t.counts[i], t.hidden[i]);
	}
	put_unrecorded(rsinfo, &t, "age_not_recorded");
}

Datum
offence_summary_rows(PG_FUNCTION_ARGS)
{
	SummaryView v;
	ReturnSetInfo *rsinfo;

	summary_view(PG_GETARG_SUMMARY(0), &v);
	rsinfo = srf_begin(fcinfo);
	put_row(rsinfo, "offences", NULL, v.hdr->offences, !publish_count_visible(v.hdr->offences));
	put_days(rsinfo, &v);
	put_platforms(rsinfo, &v);
	put_combinations(rsinfo, &v);
	put_ages(rsinfo, &v);
	return (Datum) 0;
}

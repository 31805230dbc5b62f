/*
 * summary_json.c
 *	  offence_summary as json and jsonb, for BI tools that want one document.
 *
 * {"version": 1, "offences": N, "undated": N,
 *  "first_recorded": "YYYY-MM-DD" | null, "last_recorded": ...,
 *  "days": {"YYYY-MM-DD": N, ...},
 *  "platform_recorded": N, "platform_not_recorded": N,
 *  "platforms": {"name": offences involving it, ...},
 *  "combinations": [{"platforms": ["a", "b"], "offences": N}, ...],
 *  "age_recorded": N, "age_not_recorded": N, "ages": {"12": N, ...}}
 *
 * Counts are JSON numbers (jsonb keeps them exact).
 *
 * Both are written straight from the summary, in time and memory in
 * proportion to the output, and can be cancelled within a fraction of a
 * second (issue 11, item 13: 1.0 printed text and parsed it back with
 * jsonb_in, 3.5 GB and 13.6 s for 2M platforms, deaf to statement_timeout).
 * json is text appended as it goes.  jsonb is a tree of JsonbValues in a few
 * arrays sized in advance, pointing at the summary's own names, with object
 * keys put in jsonb's order (shorter keys first, then bytes) without a
 * comparison sort where the summary's order already gives it, and packed
 * once by JsonbValueToJsonb.
 */
#include "postgres.h"

#include "fmgr.h"
#include "lib/stringinfo.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/json.h"
#include "utils/jsonb.h"
#include "utils/memutils.h"
#include "utils/numeric.h"

#include "iso_date.h"
#include "summary_format.h"

PG_FUNCTION_INFO_V1(offence_summary_to_jsonb);
PG_FUNCTION_INFO_V1(offence_summary_to_json);

/* Items between interrupt checks. */
#define JSON_INTERRUPT_EVERY 65536

static inline void
maybe_interrupt(int64 i)
{
	if ((i & (JSON_INTERRUPT_EVERY - 1)) == 0)
		CHECK_FOR_INTERRUPTS();
}

/* Offences involving each platform (its combinations' counts summed). */
static int64 *
offences_involving(const SummaryView *v)
{
	int64 *involving = palloc0(Max(v->hdr->nplatforms, 1) * sizeof(int64));

	for (int32 c = 0; c < v->hdr->ncombos; c++)
	{
		for (int32 m = v->combo_start[c]; m < v->combo_start[c + 1]; m++)
			involving[v->combo_member[m]] += v->combo_count[c];
		maybe_interrupt(c);
	}
	return involving;
}

/* ---- json: text ---- */

/* escape_json wants a terminated string: one buffer, reused for every name. */
typedef struct NameBuffer
{
	char *data;
	int32 size;
} NameBuffer;

static void
append_name(StringInfo buf, NameBuffer *nb, const SummaryView *v, int32 i)
{
	int32 len;
	const char *name = summary_name(v, i, &len);

	if (len + 1 > nb->size)
	{
		nb->size = Max(len + 1, 2 * nb->size);
		nb->data = nb->data ? repalloc(nb->data, nb->size) : palloc(nb->size);
	}
	memcpy(nb->data, name, len);
	nb->data[len] = '\0';
	escape_json(buf, nb->data);
}

static void
append_date_or_null(StringInfo buf, const SummaryView *v, int32 i)
{
	if (v->hdr->ndays == 0)
	{
		appendStringInfoString(buf, "null");
		return;
	}
	appendStringInfoChar(buf, '"');
	iso_date_append(buf, v->day[i]);
	appendStringInfoChar(buf, '"');
}

static void
append_days(StringInfo buf, const SummaryView *v)
{
	appendStringInfoString(buf, ", \"first_recorded\": ");
	append_date_or_null(buf, v, 0);
	appendStringInfoString(buf, ", \"last_recorded\": ");
	append_date_or_null(buf, v, v->hdr->ndays - 1);
	appendStringInfoString(buf, ", \"days\": {");
	for (int32 i = 0; i < v->hdr->ndays; i++)
	{
		appendStringInfoString(buf, i > 0 ? ", \"" : "\"");
		iso_date_append(buf, v->day[i]);
		appendStringInfo(buf, "\": " INT64_FORMAT, v->day_count[i]);
		maybe_interrupt(i);
	}
	appendStringInfoChar(buf, '}');
}

static void
append_platforms(StringInfo buf, const SummaryView *v)
{
	const SummaryHeader *hdr = v->hdr;
	int64 *involving = offences_involving(v);
	NameBuffer nb = {NULL, 0};

	appendStringInfo(buf,
					 ", \"platform_recorded\": " INT64_FORMAT
					 ", \"platform_not_recorded\": " INT64_FORMAT ", \"platforms\": {",
					 hdr->offences - hdr->platform_unrecorded, hdr->platform_unrecorded);
	for (int32 i = 0; i < hdr->nplatforms; i++)
	{
		if (i > 0)
			appendStringInfoString(buf, ", ");
		append_name(buf, &nb, v, i);
		appendStringInfo(buf, ": " INT64_FORMAT, involving[i]);
		maybe_interrupt(i);
	}
	appendStringInfoString(buf, "}, \"combinations\": [");
	for (int32 c = 0; c < hdr->ncombos; c++)
	{
		appendStringInfoString(buf, c > 0 ? ", {\"platforms\": [" : "{\"platforms\": [");
		for (int32 m = v->combo_start[c]; m < v->combo_start[c + 1]; m++)
		{
			if (m > v->combo_start[c])
				appendStringInfoString(buf, ", ");
			append_name(buf, &nb, v, v->combo_member[m]);
		}
		appendStringInfo(buf, "], \"offences\": " INT64_FORMAT "}", v->combo_count[c]);
		maybe_interrupt(c);
	}
	appendStringInfoChar(buf, ']');
	pfree(involving);
	if (nb.data)
		pfree(nb.data);
}

static void
append_ages(StringInfo buf, const SummaryView *v)
{
	appendStringInfo(buf,
					 ", \"age_recorded\": " INT64_FORMAT ", \"age_not_recorded\": " INT64_FORMAT
					 ", \"ages\": {",
					 v->hdr->offences - v->hdr->age_unrecorded, v->hdr->age_unrecorded);
	for (int32 i = 0; i < v->hdr->nages; i++)
		appendStringInfo(buf, "%s\"%d\": " INT64_FORMAT, i > 0 ? ", " : "", v->age[i],
						 v->age_count[i]);
	appendStringInfoChar(buf, '}');
}

/* The JSON document as text. */
static text *
summary_json_text(const SummaryView *v)
{
	StringInfoData buf;

	initStringInfo(&buf);
	appendStringInfoSpaces(&buf, VARHDRSZ);
	appendStringInfo(&buf,
					 "{\"version\": %d, \"offences\": " INT64_FORMAT ", \"undated\": " INT64_FORMAT,
					 v->hdr->version, v->hdr->offences, v->hdr->undated);
	append_days(&buf, v);
	append_platforms(&buf, v);
	append_ages(&buf, v);
	appendStringInfoChar(&buf, '}');
	SET_VARSIZE(buf.data, buf.len);
	return (text *) buf.data;
}

/* ---- jsonb: a tree of JsonbValues ---- */

/* Numbers below this are made once each (most counts in a big summary are small). */
#define SMALL_NUMBERS 1024

typedef struct JsonbBuild
{
	Numeric small[SMALL_NUMBERS];
} JsonbBuild;

static void
set_number(JsonbBuild *b, JsonbValue *jv, int64 n)
{
	jv->type = jbvNumeric;
	if (n >= 0 && n < SMALL_NUMBERS)
	{
		if (b->small[n] == NULL)
			b->small[n] = int64_to_numeric(n);
		jv->val.numeric = b->small[n];
	}
	else
		jv->val.numeric = int64_to_numeric(n);
}

static void
set_string(JsonbValue *jv, const char *s, int32 len)
{
	jv->type = jbvString;
	jv->val.string.val = (char *) s;
	jv->val.string.len = len;
}

static void
set_key(JsonbPair *pair, const char *key)
{
	set_string(&pair->key, key, strlen(key));
}

/* Arrays that may pass 1 GB in a big summary. */
static void *
palloc_items(Size n, Size size)
{
	return palloc_extended(Max(n, 1) * size, MCXT_ALLOC_HUGE);
}

/* jsonb's order of object keys: shorter first, then bytes. */
static int
key_order(const JsonbPair *a, const JsonbPair *b)
{
	if (a->key.val.string.len != b->key.val.string.len)
		return a->key.val.string.len < b->key.val.string.len ? -1 : 1;
	return memcmp(a->key.val.string.val, b->key.val.string.val, a->key.val.string.len);
}

static int
key_order_cmp(const void *a, const void *b)
{
	return key_order(a, b);
}

typedef struct LengthIndex
{
	int32 len;
	int32 index;
} LengthIndex;

static int
length_index_cmp(const void *a, const void *b)
{
	const LengthIndex *x = a;
	const LengthIndex *y = b;

	if (x->len != y->len)
		return x->len < y->len ? -1 : 1;
	return (x->index > y->index) - (x->index < y->index);
}

/*
 * Put an object's pairs in jsonb's key order.  The summary gives them in
 * byte order (names) or in time (days), which within one key length is
 * jsonb's order (days before 1 AD aside), so a sort on (length, position)
 * of plain integers does the work, then one pass checks the result and
 * falls back to comparing keys only where it is wrong.
 */
static void
order_pairs(JsonbPair *pairs, int32 n)
{
	LengthIndex *li;
	JsonbPair *sorted;
	bool in_order = true;

	for (int32 i = 1; i < n && in_order; i++)
		in_order = key_order(&pairs[i - 1], &pairs[i]) < 0;
	if (in_order)
		return;
	li = palloc_items(n, sizeof(LengthIndex));
	for (int32 i = 0; i < n; i++)
	{
		li[i].len = pairs[i].key.val.string.len;
		li[i].index = i;
	}
	qsort(li, n, sizeof(LengthIndex), length_index_cmp);
	CHECK_FOR_INTERRUPTS();
	sorted = palloc_items(n, sizeof(JsonbPair));
	for (int32 i = 0; i < n; i++)
		sorted[i] = pairs[li[i].index];
	memcpy(pairs, sorted, n * sizeof(JsonbPair));
	pfree(sorted);
	pfree(li);
	for (int32 i = 1; i < n; i++)
		if (key_order(&pairs[i - 1], &pairs[i]) > 0)
		{
			qsort(pairs, n, sizeof(JsonbPair), key_order_cmp);
			break;
		}
	CHECK_FOR_INTERRUPTS();
}

static void
set_object(JsonbValue *jv, JsonbPair *pairs, int32 n)
{
	order_pairs(pairs, n);
	for (int32 i = 0; i < n; i++)
		pairs[i].order = i;
	jv->type = jbvObject;
	jv->val.object.nPairs = n;
	jv->val.object.pairs = pairs;
}

/* A date as a jsonb string, its text kept in `buf` (which must not move). */
static void
set_date(JsonbValue *jv, StringInfo buf, DateADT day)
{
	int start = buf->len;

	iso_date_append(buf, day);
	set_string(jv, buf->data + start, buf->len - start);
}

static void
build_days(JsonbBuild *b, JsonbPair *first, JsonbPair *last, JsonbPair *days, const SummaryView *v)
{
	int32 n = v->hdr->ndays;
	StringInfoData text;
	JsonbPair *pairs = palloc_items(n, sizeof(JsonbPair));

	/* "-5874897-12-31" is the longest: 14 bytes. */
	initStringInfo(&text);
	enlargeStringInfo(&text, Max(n, 2) * 14 + 2 * 14 + 1);
	for (int32 i = 0; i < n; i++)
	{
		set_date(&pairs[i].key, &text, v->day[i]);
		set_number(b, &pairs[i].value, v->day_count[i]);
		maybe_interrupt(i);
	}
	if (n == 0)
		first->value.type = last->value.type = jbvNull;
	else
	{
		set_date(&first->value, &text, v->day[0]);
		set_date(&last->value, &text, v->day[n - 1]);
	}
	set_object(&days->value, pairs, n);
}

static void
build_platforms(JsonbBuild *b, JsonbPair *platforms, JsonbPair *combinations, const SummaryView *v)
{
	const SummaryHeader *hdr = v->hdr;
	int64 *involving = offences_involving(v);
	JsonbPair *pairs = palloc_items(hdr->nplatforms, sizeof(JsonbPair));
	JsonbValue *combos = palloc_items(hdr->ncombos, sizeof(JsonbValue));
	JsonbPair *combo_pairs = palloc_items((Size) hdr->ncombos * 2, sizeof(JsonbPair));
	JsonbValue *members = palloc_items(hdr->nmembers, sizeof(JsonbValue));

	for (int32 i = 0; i < hdr->nplatforms; i++)
	{
		int32 len;
		const char *name = summary_name(v, i, &len);

		set_string(&pairs[i].key, name, len);
		set_number(b, &pairs[i].value, involving[i]);
		maybe_interrupt(i);
	}
	set_object(&platforms->value, pairs, hdr->nplatforms);
	pfree(involving);

	for (int32 c = 0; c < hdr->ncombos; c++)
	{
		JsonbPair *cp = &combo_pairs[2 * c];
		int32 start = v->combo_start[c];
		int32 end = v->combo_start[c + 1];

		for (int32 m = start; m < end; m++)
		{
			int32 len;
			const char *name = summary_name(v, v->combo_member[m], &len);

			set_string(&members[m], name, len);
		}
		/* "offences" is shorter than "platforms": already in key order. */
		set_key(&cp[0], "offences");
		set_number(b, &cp[0].value, v->combo_count[c]);
		set_key(&cp[1], "platforms");
		cp[1].value.type = jbvArray;
		cp[1].value.val.array.nElems = end - start;
		cp[1].value.val.array.elems = &members[start];
		cp[1].value.val.array.rawScalar = false;
		cp[0].order = 0;
		cp[1].order = 1;
		combos[c].type = jbvObject;
		combos[c].val.object.nPairs = 2;
		combos[c].val.object.pairs = cp;
		maybe_interrupt(c);
	}
	combinations->value.type = jbvArray;
	combinations->value.val.array.nElems = hdr->ncombos;
	combinations->value.val.array.elems = combos;
	combinations->value.val.array.rawScalar = false;
}

static void
build_ages(JsonbBuild *b, JsonbPair *ages, const SummaryView *v)
{
	int32 n = v->hdr->nages;
	JsonbPair *pairs = palloc_items(n, sizeof(JsonbPair));

	for (int32 i = 0; i < n; i++)
	{
		char *key = psprintf("%d", v->age[i]);

		set_string(&pairs[i].key, key, strlen(key));
		set_number(b, &pairs[i].value, v->age_count[i]);
	}
	set_object(&ages->value, pairs, n);
}

/* The root object's members, by name. */
enum
{
	K_VERSION,
	K_OFFENCES,
	K_UNDATED,
	K_FIRST,
	K_LAST,
	K_DAYS,
	K_PLATFORM_RECORDED,
	K_PLATFORM_NOT_RECORDED,
	K_PLATFORMS,
	K_COMBINATIONS,
	K_AGE_RECORDED,
	K_AGE_NOT_RECORDED,
	K_AGES,
	K_COUNT
};

/*
 * The tree is garbage once packed: it is built in a context of its own,
 * deleted when the document (made in the caller's context) is done.
 */
static Jsonb *
summary_jsonb(FunctionCallInfo fcinfo)
{
	MemoryContext work = AllocSetContextCreate(CurrentMemoryContext, "offence_summary jsonb",
											   ALLOCSET_DEFAULT_SIZES);
	MemoryContext caller = MemoryContextSwitchTo(work);
	SummaryView view;
	const SummaryView *v = &view;
	JsonbBuild *b = palloc0(sizeof(JsonbBuild));
	JsonbPair *root = palloc0(K_COUNT * sizeof(JsonbPair));
	JsonbValue doc;
	Jsonb *result;
	static const char *const keys[K_COUNT] = {
		"version",		 "offences",	 "undated",			  "first_recorded",
		"last_recorded", "days",		 "platform_recorded", "platform_not_recorded",
		"platforms",	 "combinations", "age_recorded",	  "age_not_recorded",
		"ages"};

	summary_view(PG_GETARG_SUMMARY(0), &view);
	for (int k = 0; k < K_COUNT; k++)
		set_key(&root[k], keys[k]);
	set_number(b, &root[K_VERSION].value, v->hdr->version);
	set_number(b, &root[K_OFFENCES].value, v->hdr->offences);
	set_number(b, &root[K_UNDATED].value, v->hdr->undated);
	set_number(b, &root[K_PLATFORM_RECORDED].value, v->hdr->offences - v->hdr->platform_unrecorded);
	set_number(b, &root[K_PLATFORM_NOT_RECORDED].value, v->hdr->platform_unrecorded);
	set_number(b, &root[K_AGE_RECORDED].value, v->hdr->offences - v->hdr->age_unrecorded);
	set_number(b, &root[K_AGE_NOT_RECORDED].value, v->hdr->age_unrecorded);
	build_days(b, &root[K_FIRST], &root[K_LAST], &root[K_DAYS], v);
	build_platforms(b, &root[K_PLATFORMS], &root[K_COMBINATIONS], v);
	build_ages(b, &root[K_AGES], v);
	set_object(&doc, root, K_COUNT);
	CHECK_FOR_INTERRUPTS();

	MemoryContextSwitchTo(caller);
	result = JsonbValueToJsonb(&doc);
	MemoryContextDelete(work);
	return result;
}

Datum
offence_summary_to_jsonb(PG_FUNCTION_ARGS)
{
	PG_RETURN_JSONB_P(summary_jsonb(fcinfo));
}

/* The json cast is what to_json() and to_jsonb() look for on a user type. */
Datum
offence_summary_to_json(PG_FUNCTION_ARGS)
{
	SummaryView v;

	summary_view(PG_GETARG_SUMMARY(0), &v);
	PG_RETURN_TEXT_P(summary_json_text(&v));
}

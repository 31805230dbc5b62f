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
 * Both are written straight from the summary into the result, in time and
 * memory in proportion to the output, and can be cancelled within a fraction
 * of a second (issue 11, item 13: 1.0 printed text and parsed it back with
 * jsonb_in, 3.6 GB and 31 s for 2M platforms, deaf to statement_timeout):
 * json as text, jsonb in its binary form (below), byte for byte what
 * jsonb_in makes of the json.
 */
#include "postgres.h"

#include "fmgr.h"
#include "lib/stringinfo.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/json.h"
#include "utils/jsonb.h"
#include "utils/datetime.h"
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
	int64 *involving = summary_offences_per_platform(v);
	NameBuffer nb = {NULL, 0};

	appendStringInfo(buf,
					 ", \"platform_recorded\": " INT64_FORMAT
					 ", \"platform_not_recorded\": " INT64_FORMAT ", \"platforms\": {",
					 summary_platform_recorded(hdr), hdr->platform_unrecorded);
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
					 summary_age_recorded(v->hdr), v->hdr->age_unrecorded);
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

/* ---- jsonb: the binary form, written in place ---- */

/*
 * jsonb's on-disk form (utils/jsonb.h), as convertToJsonb writes it: a
 * container is a header word (count | JB_FOBJECT or JB_FARRAY), a JEntry per
 * child (an object's keys first, then its values), then the children's
 * bytes in that order.  A JEntry holds its child's type and length, or,
 * every JB_OFFSET_STRIDE-th, the end offset of its data; containers and
 * numerics start 4-byte aligned, their padding counted in their length.
 * Object keys are in jsonb's order: shorter first, then bytes.
 *
 * Writing the children straight into the result, the JEntries are filled in
 * as each child ends, so nothing is built but the document itself.
 */

/* Numbers below this are made once each (most counts in a big summary are small). */
#define SMALL_NUMBERS 1024

typedef struct JsonbWriter
{
	StringInfoData buf;		/* the document */
	StringInfoData scratch; /* one key's text */
	Numeric small[SMALL_NUMBERS];
} JsonbWriter;

/* A container being written. */
typedef struct Container
{
	int base;		/* where it starts, before its padding */
	int jentries;	/* its first JEntry */
	int data_start; /* its first child's data */
	int next;		/* the JEntry to fill next */
} Container;

static void
pad_to_int(StringInfo buf)
{
	static const char zeros[4] = {0, 0, 0, 0};

	appendBinaryStringInfo(buf, zeros, INTALIGN(buf->len) - buf->len);
}

static void
container_begin(StringInfo buf, Container *c, uint32 kind, int32 n)
{
	uint32 header = (uint32) n | kind;
	int entries = (kind == JB_FOBJECT) ? 2 * n : n;

	c->base = buf->len;
	pad_to_int(buf);
	appendBinaryStringInfo(buf, (char *) &header, sizeof(header));
	c->jentries = buf->len;
	enlargeStringInfo(buf, entries * sizeof(JEntry));
	memset(buf->data + buf->len, 0, entries * sizeof(JEntry));
	buf->len += entries * sizeof(JEntry);
	c->data_start = buf->len;
	c->next = 0;
}

static void
too_big(void)
{
	ereport(ERROR, (errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
					errmsg("total size of jsonb object elements exceeds the maximum of %d bytes",
						   JENTRY_OFFLENMASK)));
}

/* The child written since `start` ends here: fill in its JEntry. */
static void
container_child(StringInfo buf, Container *c, int start, uint32 type)
{
	int64 end = buf->len - c->data_start;
	JEntry meta;

	if (end > JENTRY_OFFLENMASK)
		too_big();
	if (c->next % JB_OFFSET_STRIDE == 0)
		meta = type | (uint32) end | JENTRY_HAS_OFF;
	else
		meta = type | (uint32) (buf->len - start);
	memcpy(buf->data + c->jentries + c->next * sizeof(JEntry), &meta, sizeof(JEntry));
	c->next++;
}

/* A container ends: it is its parent's child. */
static void
container_end(StringInfo buf, Container *c, Container *parent)
{
	if (buf->len - c->base > JENTRY_OFFLENMASK)
		too_big();
	if (parent)
		container_child(buf, parent, c->base, JENTRY_ISCONTAINER);
}

static void
write_string(StringInfo buf, Container *c, const char *s, int32 len)
{
	int start = buf->len;

	appendBinaryStringInfo(buf, s, len);
	container_child(buf, c, start, JENTRY_ISSTRING);
}

static void
write_key(StringInfo buf, Container *c, const char *key)
{
	write_string(buf, c, key, strlen(key));
}

static void
write_number(JsonbWriter *w, Container *c, int64 n)
{
	int start = w->buf.len;
	bool small = n >= 0 && n < SMALL_NUMBERS;
	Numeric num;

	if (small && w->small[n] == NULL)
		w->small[n] = int64_to_numeric(n);
	num = small ? w->small[n] : int64_to_numeric(n);
	pad_to_int(&w->buf);
	appendBinaryStringInfo(&w->buf, (char *) num, VARSIZE_ANY(num));
	if (!small)
		pfree(num);
	container_child(&w->buf, c, start, JENTRY_ISNUMERIC);
}

static void
write_date(JsonbWriter *w, Container *c, DateADT day)
{
	resetStringInfo(&w->scratch);
	iso_date_append(&w->scratch, day);
	write_string(&w->buf, c, w->scratch.data, w->scratch.len);
}

/* jsonb's order of keys: shorter first, then bytes. */
static int
key_compare(const char *a, int32 alen, const char *b, int32 blen)
{
	if (alen != blen)
		return alen < blen ? -1 : 1;
	return memcmp(a, b, alen);
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
 * Platforms in jsonb's key order.  The summary holds them in byte order, which
 * within one length is jsonb's order: sorting on (length, position), plain
 * integers, does it.
 */
static int32 *
platform_key_order(const SummaryView *v)
{
	int32 n = v->hdr->nplatforms;
	LengthIndex *li = palloc_extended(Max(n, 1) * sizeof(LengthIndex), MCXT_ALLOC_HUGE);
	int32 *order = palloc_extended(Max(n, 1) * sizeof(int32), MCXT_ALLOC_HUGE);

	for (int32 i = 0; i < n; i++)
	{
		li[i].len = v->name_start[i + 1] - v->name_start[i];
		li[i].index = i;
	}
	qsort(li, n, sizeof(LengthIndex), length_index_cmp);
	for (int32 i = 0; i < n; i++)
		order[i] = li[i].index;
	pfree(li);
	CHECK_FOR_INTERRUPTS();
	return order;
}

/* Days as ISO text, for the rare summary that must sort them (see day_key_order). */
typedef struct DayKey
{
	char text[16]; /* "5874897-12-31", "-4712-01-01" */
	int32 len;
	int32 index;
} DayKey;

static int
day_key_cmp(const void *a, const void *b)
{
	const DayKey *x = a;
	const DayKey *y = b;

	return key_compare(x->text, x->len, y->text, y->len);
}

/*
 * Days in jsonb's key order, or NULL when that is the summary's own order:
 * from 0000-01-01 on, a later day is a longer or a byte-greater key.  Before
 * (years -0001 and down) it is not, and the keys are sorted.
 */
static int32 *
day_key_order(JsonbWriter *w, const SummaryView *v)
{
	int32 n = v->hdr->ndays;
	DayKey *keys;
	int32 *order;

	if (n == 0 || v->day[0] >= date2j(0, 1, 1) - POSTGRES_EPOCH_JDATE)
		return NULL;
	keys = palloc_extended(n * sizeof(DayKey), MCXT_ALLOC_HUGE);
	for (int32 i = 0; i < n; i++)
	{
		resetStringInfo(&w->scratch);
		iso_date_append(&w->scratch, v->day[i]);
		Assert(w->scratch.len < (int) sizeof(keys[i].text));
		memcpy(keys[i].text, w->scratch.data, w->scratch.len);
		keys[i].len = w->scratch.len;
		keys[i].index = i;
	}
	qsort(keys, n, sizeof(DayKey), day_key_cmp);
	order = palloc_extended(n * sizeof(int32), MCXT_ALLOC_HUGE);
	for (int32 i = 0; i < n; i++)
		order[i] = keys[i].index;
	pfree(keys);
	CHECK_FOR_INTERRUPTS();
	return order;
}

static void
write_days(JsonbWriter *w, Container *parent, const SummaryView *v)
{
	int32 n = v->hdr->ndays;
	int32 *order = day_key_order(w, v);
	Container c;

	container_begin(&w->buf, &c, JB_FOBJECT, n);
	for (int32 i = 0; i < n; i++)
	{
		write_date(w, &c, v->day[order ? order[i] : i]);
		maybe_interrupt(i);
	}
	for (int32 i = 0; i < n; i++)
	{
		write_number(w, &c, v->day_count[order ? order[i] : i]);
		maybe_interrupt(i);
	}
	container_end(&w->buf, &c, parent);
	if (order)
		pfree(order);
}

static void
write_platforms(JsonbWriter *w, Container *parent, const SummaryView *v)
{
	int32 n = v->hdr->nplatforms;
	int32 *order = platform_key_order(v);
	int64 *involving = summary_offences_per_platform(v);
	Container c;

	container_begin(&w->buf, &c, JB_FOBJECT, n);
	for (int32 i = 0; i < n; i++)
	{
		int32 len;
		const char *name = summary_name(v, order[i], &len);

		write_string(&w->buf, &c, name, len);
		maybe_interrupt(i);
	}
	for (int32 i = 0; i < n; i++)
	{
		write_number(w, &c, involving[order[i]]);
		maybe_interrupt(i);
	}
	container_end(&w->buf, &c, parent);
	pfree(involving);
	pfree(order);
}

/* [{"offences": N, "platforms": [...]}, ...]: "offences" is the shorter key. */
static void
write_combinations(JsonbWriter *w, Container *parent, const SummaryView *v)
{
	Container array;

	container_begin(&w->buf, &array, JB_FARRAY, v->hdr->ncombos);
	for (int32 c = 0; c < v->hdr->ncombos; c++)
	{
		Container object;
		Container members;

		container_begin(&w->buf, &object, JB_FOBJECT, 2);
		write_key(&w->buf, &object, "offences");
		write_key(&w->buf, &object, "platforms");
		write_number(w, &object, v->combo_count[c]);
		container_begin(&w->buf, &members, JB_FARRAY, v->combo_start[c + 1] - v->combo_start[c]);
		for (int32 m = v->combo_start[c]; m < v->combo_start[c + 1]; m++)
		{
			int32 len;
			const char *name = summary_name(v, v->combo_member[m], &len);

			write_string(&w->buf, &members, name, len);
		}
		container_end(&w->buf, &members, &object);
		container_end(&w->buf, &object, &array);
		maybe_interrupt(c);
	}
	container_end(&w->buf, &array, parent);
}

/* Ages "0" to "150": in numeric order, shorter keys come first. */
static void
write_ages(JsonbWriter *w, Container *parent, const SummaryView *v)
{
	Container c;

	container_begin(&w->buf, &c, JB_FOBJECT, v->hdr->nages);
	for (int32 i = 0; i < v->hdr->nages; i++)
	{
		char key[16];

		write_string(&w->buf, &c, key, snprintf(key, sizeof(key), "%d", v->age[i]));
	}
	for (int32 i = 0; i < v->hdr->nages; i++)
		write_number(w, &c, v->age_count[i]);
	container_end(&w->buf, &c, parent);
}

/* The root object's members. */
typedef enum RootKey
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
} RootKey;

static const char *const root_keys[K_COUNT] = {
	"version",		 "offences",	 "undated",			  "first_recorded",
	"last_recorded", "days",		 "platform_recorded", "platform_not_recorded",
	"platforms",	 "combinations", "age_recorded",	  "age_not_recorded",
	"ages"};

static int
root_key_cmp(const void *a, const void *b)
{
	const char *x = root_keys[*(const RootKey *) a];
	const char *y = root_keys[*(const RootKey *) b];

	return key_compare(x, strlen(x), y, strlen(y));
}

static void
write_root_value(JsonbWriter *w, Container *root, const SummaryView *v, RootKey k)
{
	const SummaryHeader *hdr = v->hdr;
	int start = w->buf.len;

	switch (k)
	{
		case K_VERSION:
			write_number(w, root, hdr->version);
			break;
		case K_OFFENCES:
			write_number(w, root, hdr->offences);
			break;
		case K_UNDATED:
			write_number(w, root, hdr->undated);
			break;
		case K_FIRST:
		case K_LAST:
			if (hdr->ndays == 0)
				container_child(&w->buf, root, start, JENTRY_ISNULL);
			else
				write_date(w, root, v->day[k == K_FIRST ? 0 : hdr->ndays - 1]);
			break;
		case K_DAYS:
			write_days(w, root, v);
			break;
		case K_PLATFORM_RECORDED:
			write_number(w, root, summary_platform_recorded(hdr));
			break;
		case K_PLATFORM_NOT_RECORDED:
			write_number(w, root, hdr->platform_unrecorded);
			break;
		case K_PLATFORMS:
			write_platforms(w, root, v);
			break;
		case K_COMBINATIONS:
			write_combinations(w, root, v);
			break;
		case K_AGE_RECORDED:
			write_number(w, root, summary_age_recorded(hdr));
			break;
		case K_AGE_NOT_RECORDED:
			write_number(w, root, hdr->age_unrecorded);
			break;
		case K_AGES:
			write_ages(w, root, v);
			break;
		case K_COUNT:
			elog(ERROR, "no jsonb member %d", (int) k);
	}
}

static Jsonb *
summary_jsonb(const SummaryView *v)
{
	JsonbWriter *w = palloc0(sizeof(JsonbWriter));
	RootKey order[K_COUNT];
	Container root;

	for (int k = 0; k < K_COUNT; k++)
		order[k] = (RootKey) k;
	qsort(order, K_COUNT, sizeof(RootKey), root_key_cmp);

	initStringInfo(&w->buf);
	initStringInfo(&w->scratch);
	appendStringInfoSpaces(&w->buf, VARHDRSZ);
	container_begin(&w->buf, &root, JB_FOBJECT, K_COUNT);
	for (int k = 0; k < K_COUNT; k++)
		write_key(&w->buf, &root, root_keys[order[k]]);
	for (int k = 0; k < K_COUNT; k++)
		write_root_value(w, &root, v, order[k]);
	container_end(&w->buf, &root, NULL);
	SET_VARSIZE(w->buf.data, w->buf.len);
	pfree(w->scratch.data);
	return (Jsonb *) w->buf.data;
}

Datum
offence_summary_to_jsonb(PG_FUNCTION_ARGS)
{
	SummaryView v;

	summary_view(PG_GETARG_SUMMARY(0), &v);
	PG_RETURN_JSONB_P(summary_jsonb(&v));
}

/* The json cast is what to_json() and to_jsonb() look for on a user type. */
Datum
offence_summary_to_json(PG_FUNCTION_ARGS)
{
	SummaryView v;

	summary_view(PG_GETARG_SUMMARY(0), &v);
	PG_RETURN_TEXT_P(summary_json_text(&v));
}

/*
 * summary_text.c
 *	  Text input and output of offence_summary.
 *
 * The text form is exact and canonical, one line, and fast to parse (Citus
 * ships intermediate aggregate values as text):
 *
 *   v1;offences=N;undated=N;days=2017-04-03:N,...;no_platform=N;
 *   platforms="Facebook","Snapchat";combos=1:N,1+2:N;no_age=N;ages=12:N,...
 *
 * (on one line).  Combinations name platforms by their 1-based position in
 * the platform list.  Input is the canonical output, except that platform
 * names (and so the combinations) may come in any order: their canonical
 * order is the byte order of the database encoding, which a dump from a
 * database of another encoding does not keep.  Input puts them in order
 * (summary_canonical.c); anything else is refused by the shared validator
 * or by the parser below.  The leading `v<N>;` is the format version: this
 * build reads every version up to SUMMARY_FORMAT_VERSION and says so when
 * it cannot.
 *
 * Every summary made anywhere must have a text form that fits in a value
 * (summary_check_dumpable): what can be stored can be dumped.
 */
#include "postgres.h"

#include "miscadmin.h"

#include "fmgr.h"
#include "lib/stringinfo.h"
#include "utils/datetime.h"
#include "utils/memutils.h"

#include "compat.h"
#include "iso_date.h"
#include "summary_builder.h"
#include "summary_canonical.h"
#include "summary_format.h"

PG_FUNCTION_INFO_V1(offence_summary_in);
PG_FUNCTION_INFO_V1(offence_summary_out);

/* ---- output ---- */

static void
append_quoted(StringInfo buf, const char *s, int32 len)
{
	appendStringInfoChar(buf, '"');
	for (int32 i = 0; i < len; i++)
	{
		if (s[i] == '"' || s[i] == '\\')
			appendStringInfoChar(buf, '\\');
		appendStringInfoChar(buf, s[i]);
	}
	appendStringInfoChar(buf, '"');
}

static void
append_days(StringInfo buf, const SummaryView *v)
{
	appendStringInfoString(buf, ";days=");
	for (int32 i = 0; i < v->hdr->ndays; i++)
	{
		CHECK_FOR_INTERRUPTS();
		if (i > 0)
			appendStringInfoChar(buf, ',');
		iso_date_append(buf, v->day[i]);
		appendStringInfo(buf, ":" INT64_FORMAT, v->day_count[i]);
	}
}

static void
append_platforms(StringInfo buf, const SummaryView *v)
{
	appendStringInfo(buf, ";no_platform=" INT64_FORMAT ";platforms=", v->hdr->platform_unrecorded);
	for (int32 i = 0; i < v->hdr->nplatforms; i++)
	{
		int32 len;
		const char *name = summary_name(v, i, &len);

		if (i > 0)
			appendStringInfoChar(buf, ',');
		append_quoted(buf, name, len);
	}
	appendStringInfoString(buf, ";combos=");
	for (int32 c = 0; c < v->hdr->ncombos; c++)
	{
		CHECK_FOR_INTERRUPTS();
		if (c > 0)
			appendStringInfoChar(buf, ',');
		for (int32 m = v->combo_start[c]; m < v->combo_start[c + 1]; m++)
			appendStringInfo(buf, m > v->combo_start[c] ? "+%d" : "%d", v->combo_member[m] + 1);
		appendStringInfo(buf, ":" INT64_FORMAT, v->combo_count[c]);
	}
}

static void
append_ages(StringInfo buf, const SummaryView *v)
{
	appendStringInfo(buf, ";no_age=" INT64_FORMAT ";ages=", v->hdr->age_unrecorded);
	for (int32 i = 0; i < v->hdr->nages; i++)
	{
		if (i > 0)
			appendStringInfoChar(buf, ',');
		appendStringInfo(buf, "%d:" INT64_FORMAT, v->age[i], v->age_count[i]);
	}
}

Datum
offence_summary_out(PG_FUNCTION_ARGS)
{
	SummaryHeader *hdr = PG_GETARG_SUMMARY(0);
	SummaryView v;
	StringInfoData buf;

	summary_view(hdr, &v);
	initStringInfo(&buf);
	appendStringInfo(&buf, "v%d;offences=" INT64_FORMAT ";undated=" INT64_FORMAT, hdr->version,
					 hdr->offences, hdr->undated);
	append_days(&buf, &v);
	append_platforms(&buf, &v);
	append_ages(&buf, &v);
	PG_RETURN_CSTRING(buf.data);
}

/* ---- the size of the text form ---- */

/*
 * The longest text form a summary may have: half the largest value, because
 * COPY's text format escapes a byte as at most two (a backslash or a control
 * character), and a dump must still fit its row in one buffer.
 */
#define SUMMARY_MAX_TEXT_LENGTH ((int64) (MaxAllocSize / 2))

static int64
digits(int64 n)
{
	int64 d = 1;

	while (n >= 10)
	{
		n /= 10;
		d++;
	}
	return d;
}

static int64
date_length(DateADT day)
{
	int year;
	int month;
	int mday;

	j2date(day + POSTGRES_EPOCH_JDATE, &year, &month, &mday);
	return (year < 0 ? 1 : 0) + Max(digits(year < 0 ? -(int64) year : year), 4) + 6;
}

/* The length of what offence_summary_out writes, without writing it. */
static int64
text_length(const SummaryView *v)
{
	const SummaryHeader *hdr = v->hdr;
	int64 n = strlen("v;offences=;undated=;days=;no_platform=;platforms=;combos=;no_age=;ages=");

	n += digits(hdr->version) + digits(hdr->offences) + digits(hdr->undated) +
		 digits(hdr->platform_unrecorded) + digits(hdr->age_unrecorded);
	for (int32 i = 0; i < hdr->ndays; i++)
	{
		CHECK_FOR_INTERRUPTS();
		n += (i > 0) + date_length(v->day[i]) + 1 + digits(v->day_count[i]);
	}
	for (int32 i = 0; i < hdr->nplatforms; i++)
	{
		int32 len;
		const char *name = summary_name(v, i, &len);

		CHECK_FOR_INTERRUPTS();
		n += (i > 0) + 2 + len;
		for (int32 k = 0; k < len; k++)
			n += name[k] == '"' || name[k] == '\\';
	}
	for (int32 c = 0; c < hdr->ncombos; c++)
	{
		CHECK_FOR_INTERRUPTS();
		n += (c > 0) + 1 + digits(v->combo_count[c]);
		for (int32 m = v->combo_start[c]; m < v->combo_start[c + 1]; m++)
			n += (m > v->combo_start[c]) + digits(v->combo_member[m] + 1);
	}
	for (int32 i = 0; i < hdr->nages; i++)
		n += (i > 0) + digits(v->age[i]) + 1 + digits(v->age_count[i]);
	return n;
}

SummaryHeader *
summary_check_dumpable(SummaryHeader *hdr)
{
	SummaryView v;
	int64 length;

	summary_view(hdr, &v);
	length = text_length(&v);
	if (length > SUMMARY_MAX_TEXT_LENGTH)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("offence summary is too large to dump"),
				 errdetail("Its text form would be " INT64_FORMAT " bytes; at most " INT64_FORMAT
						   " can be written out by COPY and pg_dump.",
						   length, SUMMARY_MAX_TEXT_LENGTH),
				 errhint("Summarise fewer distinct platform names, or shorter ones.")));
	return hdr;
}

/* ---- input ---- */

typedef struct Parser
{
	const char *input;
	const char *p;
} Parser;

static void syntax_error(const Parser *ps, const char *expected) pg_attribute_noreturn();

static void
syntax_error(const Parser *ps, const char *expected)
{
	SUMMARY_INVALID_AS(SUMMARY_FROM_TEXT, "invalid input syntax for type offence_summary",
					   "Expected %s at character %d.", expected, (int) (ps->p - ps->input) + 1);
}

static void
expect(Parser *ps, const char *literal)
{
	size_t len = strlen(literal);

	if (strncmp(ps->p, literal, len) != 0)
		syntax_error(ps, psprintf("\"%s\"", literal));
	ps->p += len;
}

/* Is the next character `c`?  If so, step over it. */
static bool
accept(Parser *ps, char c)
{
	if (*ps->p != c)
		return false;
	ps->p++;
	return true;
}

/* A non-negative decimal integer no larger than `max`. */
static int64
parse_number(Parser *ps, int64 max, const char *what)
{
	int64 value = 0;
	const char *start = ps->p;

	/* Canonical form: no leading zeros, so each value has one spelling. */
	if (ps->p[0] == '0' && ps->p[1] >= '0' && ps->p[1] <= '9')
		syntax_error(ps, psprintf("a %s without leading zeros", what));
	while (*ps->p >= '0' && *ps->p <= '9')
	{
		int digit = *ps->p - '0';

		if (value > (max - digit) / 10)
			SUMMARY_OUT_OF_RANGE("The %s at character %d is larger than " INT64_FORMAT ".", what,
								 (int) (start - ps->input) + 1, max);
		value = value * 10 + digit;
		ps->p++;
	}
	if (ps->p == start)
		syntax_error(ps, psprintf("a %s", what));
	return value;
}

static int64
parse_count(Parser *ps)
{
	return parse_number(ps, PG_INT64_MAX, "count");
}

static void
parse_days(Parser *ps, SummaryBuilder *b)
{
	expect(ps, ";days=");
	if (*ps->p == ';')
		return;
	do
	{
		DateADT day;

		CHECK_FOR_INTERRUPTS();
		if (!iso_date_parse(&ps->p, &day))
			syntax_error(ps, "a finite date YYYY-MM-DD");
		expect(ps, ":");
		summary_builder_add_day(b, day, parse_count(ps));
	} while (accept(ps, ','));
}

static void
parse_name(Parser *ps, SummaryBuilder *b, StringInfo name)
{
	resetStringInfo(name);
	expect(ps, "\"");
	while (*ps->p != '"')
	{
		if (*ps->p == '\0')
			syntax_error(ps, "a closing quote");
		if (*ps->p == '\\')
		{
			ps->p++;
			if (*ps->p != '"' && *ps->p != '\\')
				syntax_error(ps, "\\\" or \\\\ after a backslash");
		}
		appendStringInfoChar(name, *ps->p++);
	}
	ps->p++;
	summary_builder_add_platform(b, name->data, name->len);
}

static void
parse_platforms(Parser *ps, SummaryBuilder *b)
{
	StringInfoData name;

	expect(ps, ";no_platform=");
	b->platform_unrecorded = parse_count(ps);
	expect(ps, ";platforms=");
	initStringInfo(&name);
	if (*ps->p == '"')
	{
		do
			parse_name(ps, b, &name);
		while (accept(ps, ','));
	}
	pfree(name.data);

	expect(ps, ";combos=");
	if (*ps->p == ';')
		return;
	do
	{
		do
			summary_builder_add_member(
				b, (int32) parse_number(ps, PG_INT32_MAX, "platform number") - 1);
		while (accept(ps, '+'));
		expect(ps, ":");
		summary_builder_end_combo(b, parse_count(ps));
	} while (accept(ps, ','));
}

static void
parse_ages(Parser *ps, SummaryBuilder *b)
{
	expect(ps, ";no_age=");
	b->age_unrecorded = parse_count(ps);
	expect(ps, ";ages=");
	if (*ps->p == '\0')
		return;
	do
	{
		int32 age = (int32) parse_number(ps, SUMMARY_MAX_AGE, "victim age");

		expect(ps, ":");
		summary_builder_add_age(b, age, parse_count(ps));
	} while (accept(ps, ','));
}

/* The body of a version 1 value, after "v1;". */
static SummaryHeader *
parse_v1(Parser *ps)
{
	SummaryBuilder b;

	summary_builder_init(&b);
	expect(ps, "offences=");
	b.offences = parse_count(ps);
	expect(ps, ";undated=");
	b.undated = parse_count(ps);
	parse_days(ps, &b);
	parse_platforms(ps, &b);
	parse_ages(ps, &b);
	if (*ps->p != '\0')
		syntax_error(ps, "the end of the value");
	/* Validated there, against the same rules as binary input and deserialise. */
	return summary_canonicalise(summary_builder_finish(&b), SUMMARY_FROM_TEXT);
}

Datum
offence_summary_in(PG_FUNCTION_ARGS)
{
	Parser ps;
	SummaryHeader *hdr = NULL;
	int version;

	ps.input = PG_GETARG_CSTRING(0);
	ps.p = ps.input;

	expect(&ps, "v");
	version = (int) parse_number(&ps, PG_INT32_MAX, "format version");
	expect(&ps, ";");
	summary_check_version(version, SUMMARY_FROM_TEXT);
	switch (version)
	{
		case 1:
			hdr = parse_v1(&ps);
			break;
			/* A version 2 text form adds its case here (and version 1 is upgraded). */
	}
	if (hdr == NULL)
		elog(ERROR, "offence_summary text format version %d has no reader", version);
	PG_RETURN_POINTER(summary_check_dumpable(hdr));
}

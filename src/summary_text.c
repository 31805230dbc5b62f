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
 * the platform list.  Input must be exactly the canonical output; anything
 * else is refused by the shared validator or by the parser below.
 */
#include "postgres.h"

#include "miscadmin.h"

#include "fmgr.h"
#include "lib/stringinfo.h"

#include "compat.h"
#include "iso_date.h"
#include "summary_builder.h"
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
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
			 errmsg("invalid input syntax for type offence_summary"),
			 errdetail("Expected %s at character %d.", expected, (int) (ps->p - ps->input) + 1)));
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
			ereport(ERROR, (errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
							errmsg("value out of range in offence_summary input"),
							errdetail("The %s at character %d is larger than " INT64_FORMAT ".",
									  what, (int) (start - ps->input) + 1, max)));
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

Datum
offence_summary_in(PG_FUNCTION_ARGS)
{
	Parser ps;
	SummaryBuilder b;
	SummaryHeader *hdr;

	ps.input = PG_GETARG_CSTRING(0);
	ps.p = ps.input;
	summary_builder_init(&b);

	expect(&ps, "v1;offences=");
	b.offences = parse_count(&ps);
	expect(&ps, ";undated=");
	b.undated = parse_count(&ps);
	parse_days(&ps, &b);
	parse_platforms(&ps, &b);
	parse_ages(&ps, &b);
	if (*ps.p != '\0')
		syntax_error(&ps, "the end of the value");

	hdr = summary_builder_finish(&b);
	summary_validate(hdr, VARSIZE(hdr), ERRCODE_INVALID_TEXT_REPRESENTATION);
	PG_RETURN_POINTER(hdr);
}

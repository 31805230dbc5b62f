/*
 * summary_json.c
 *	  offence_summary as jsonb, for BI tools that want one document.
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
 */
#include "postgres.h"

#include "fmgr.h"
#include "lib/stringinfo.h"
#include "utils/builtins.h"
#include "utils/json.h"
#include "utils/jsonb.h"

#include "iso_date.h"
#include "summary_format.h"

PG_FUNCTION_INFO_V1(offence_summary_to_jsonb);
PG_FUNCTION_INFO_V1(offence_summary_to_json);

static void
append_name(StringInfo buf, const SummaryView *v, int32 i)
{
	int32 len;
	const char *name = summary_name(v, i, &len);

	escape_json(buf, pnstrdup(name, len));
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
	}
	appendStringInfoChar(buf, '}');
}

static void
append_platforms(StringInfo buf, const SummaryView *v)
{
	const SummaryHeader *hdr = v->hdr;
	int64 *involving = summary_offences_per_platform(v);

	appendStringInfo(buf,
					 ", \"platform_recorded\": " INT64_FORMAT
					 ", \"platform_not_recorded\": " INT64_FORMAT ", \"platforms\": {",
					 summary_platform_recorded(hdr), hdr->platform_unrecorded);
	for (int32 i = 0; i < hdr->nplatforms; i++)
	{
		if (i > 0)
			appendStringInfoString(buf, ", ");
		append_name(buf, v, i);
		appendStringInfo(buf, ": " INT64_FORMAT, involving[i]);
	}
	appendStringInfoString(buf, "}, \"combinations\": [");
	for (int32 c = 0; c < hdr->ncombos; c++)
	{
		appendStringInfoString(buf, c > 0 ? ", {\"platforms\": [" : "{\"platforms\": [");
		for (int32 m = v->combo_start[c]; m < v->combo_start[c + 1]; m++)
		{
			if (m > v->combo_start[c])
				appendStringInfoString(buf, ", ");
			append_name(buf, v, v->combo_member[m]);
		}
		appendStringInfo(buf, "], \"offences\": " INT64_FORMAT "}", v->combo_count[c]);
	}
	appendStringInfoChar(buf, ']');
	pfree(involving);
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
static char *
summary_json_text(FunctionCallInfo fcinfo)
{
	SummaryHeader *hdr = PG_GETARG_SUMMARY(0);
	SummaryView v;
	StringInfoData buf;

	summary_view(hdr, &v);
	initStringInfo(&buf);
	appendStringInfo(&buf,
					 "{\"version\": %d, \"offences\": " INT64_FORMAT ", \"undated\": " INT64_FORMAT,
					 hdr->version, hdr->offences, hdr->undated);
	append_days(&buf, &v);
	append_platforms(&buf, &v);
	append_ages(&buf, &v);
	appendStringInfoChar(&buf, '}');
	return buf.data;
}

Datum
offence_summary_to_jsonb(PG_FUNCTION_ARGS)
{
	PG_RETURN_DATUM(DirectFunctionCall1(jsonb_in, CStringGetDatum(summary_json_text(fcinfo))));
}

/* The json cast is what to_json() and to_jsonb() look for on a user type. */
Datum
offence_summary_to_json(PG_FUNCTION_ARGS)
{
	PG_RETURN_TEXT_P(cstring_to_text(summary_json_text(fcinfo)));
}

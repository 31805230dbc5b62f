/*
 * notices.c
 *	  NOTICEs for answers that are silently zero (see notices.h).
 */
#include "postgres.h"

#include "catalog/pg_collation.h"
#include "lib/stringinfo.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/formatting.h"
#include "utils/varlena.h"

#include "iso_date.h"
#include "notices.h"

/* Names longer than this are not compared by edit distance (core's own limit). */
#define NEAREST_MAX_LEN	  255
#define NEAREST_MAX_EDITS 2

static bool
same_ignoring_case(const char *a, int alen, const char *b, int blen)
{
	char *la = str_tolower(a, alen, DEFAULT_COLLATION_OID);
	char *lb = str_tolower(b, blen, DEFAULT_COLLATION_OID);
	bool same = strcmp(la, lb) == 0;

	pfree(la);
	pfree(lb);
	return same;
}

/*
 * The summary's platform nearest to `name`: one that differs only in case,
 * else the one fewest edits away (at most NEAREST_MAX_EDITS); -1 if none.
 */
static int32
nearest_platform(const SummaryView *v, const char *name, int32 len)
{
	int32 best = -1;
	int best_edits = NEAREST_MAX_EDITS + 1;

	for (int32 i = 0; i < v->hdr->nplatforms; i++)
	{
		int32 plen;
		const char *pname = summary_name(v, i, &plen);
		int edits;

		if ((i & 1023) == 0)
			CHECK_FOR_INTERRUPTS();
		if (same_ignoring_case(pname, plen, name, len))
			return i;
		if (plen > NEAREST_MAX_LEN || len > NEAREST_MAX_LEN || abs(plen - len) >= best_edits)
			continue;
		edits =
			varstr_levenshtein_less_equal(name, len, pname, plen, 1, 1, 1, best_edits - 1, true);
		if (edits < best_edits)
		{
			best = i;
			best_edits = edits;
		}
	}
	return best;
}

static void
append_quoted(StringInfo buf, const char *name, int32 len)
{
	appendStringInfoChar(buf, '"');
	appendBinaryStringInfo(buf, name, len);
	appendStringInfoChar(buf, '"');
}

void
notice_unknown_platforms(const SummaryView *v, List *unknown)
{
	StringInfoData names;
	StringInfoData nearest;
	ListCell *lc;

	if (unknown == NIL)
		return;
	initStringInfo(&names);
	initStringInfo(&nearest);
	foreach (lc, unknown)
	{
		text *name = (text *) lfirst(lc);
		int32 len = VARSIZE_ANY_EXHDR(name);
		int32 near = nearest_platform(v, VARDATA_ANY(name), len);

		if (names.len > 0)
			appendStringInfoString(&names, ", ");
		append_quoted(&names, VARDATA_ANY(name), len);
		if (near >= 0)
		{
			int32 nlen;
			const char *nname = summary_name(v, near, &nlen);

			appendStringInfoString(&nearest, nearest.len > 0 ? ", " : "");
			append_quoted(&nearest, nname, nlen);
			appendStringInfoString(&nearest, " for ");
			append_quoted(&nearest, VARDATA_ANY(name), len);
		}
	}
	ereport(
		NOTICE,
		(errmsg("platform%s %s not in the summary: counted as 0 offences",
				list_length(unknown) > 1 ? "s" : "", names.data),
		 nearest.len > 0
			 ? errhint("Names match exactly. Did you mean %s?", nearest.data)
			 : errhint("Names match exactly; platform_shares(s) lists the platforms recorded.")));
}

void
notice_period_outside(const SummaryView *v, const Period *period)
{
	StringInfoData first;
	StringInfoData last;

	if (v->hdr->ndays == 0)
	{
		if (v->hdr->offences > 0)
			ereport(NOTICE, (errmsg("the summary has no dated offences: none fall in the period")));
		return;
	}
	if (period->end > v->day[0] && period->first <= v->day[v->hdr->ndays - 1])
		return;
	initStringInfo(&first);
	initStringInfo(&last);
	iso_date_append(&first, v->day[0]);
	iso_date_append(&last, v->day[v->hdr->ndays - 1]);
	ereport(NOTICE, (errmsg("the period lies wholly outside the summary's recorded days (%s to "
							"%s): it counts 0 offences",
							first.data, last.data)));
}

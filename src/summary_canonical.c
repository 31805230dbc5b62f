/*
 * summary_canonical.c
 *	  Put a summary read from text or binary input into canonical order.
 *
 * The canonical order of platform names is their byte order in the
 * database encoding, so a summary written in one encoding (a dump from a
 * WIN1251 database, a binary COPY through a UTF8 client) lists its names in
 * another order once converted.  Input therefore accepts the names in any
 * order.  Everything but that order is checked first; a value whose names
 * are out of order is then rebuilt through the aggregate's own canonical
 * encoding (summary_merge_views), which sorts the names and renumbers and
 * sorts the combinations: there is one canonical encoder, not two.
 */
#include "postgres.h"

#include "summary_canonical.h"
#include "summary_merge.h"

static bool
names_in_order(const SummaryView *v)
{
	for (int32 i = 1; i < v->hdr->nplatforms; i++)
	{
		int32 plen;
		int32 len;
		const char *prev = summary_name(v, i - 1, &plen);
		const char *name = summary_name(v, i, &len);

		if (summary_compare_names(prev, plen, name, len) >= 0)
			return false;
	}
	return true;
}

SummaryHeader *
summary_canonicalise(SummaryHeader *hdr, SummarySource source)
{
	SummaryView v;
	SummaryHeader *sorted;

	summary_validate_unordered(hdr, VARSIZE(hdr), source);
	summary_view(hdr, &v);
	if (names_in_order(&v))
		return hdr; /* the validator refuses a name listed twice */
	sorted = summary_merge_views(&v, 1);
	/* Two equal names would have been merged into one. */
	if (sorted->nplatforms != hdr->nplatforms)
		SUMMARY_INVALID(source, "A platform name is listed twice.");
	pfree(hdr);
	return sorted;
}

/*
 * publish.c
 *	  The one way out for published counts: what an accessor may show, by
 *	  disclosure control (the rules and settings are in disclosure.c).
 */
#include "postgres.h"

#include "disclosure.h"
#include "publish.h"

bool
publish_count_visible(int64 count)
{
	return !disclosure_hides(count);
}

bool
publish_share_visible(int64 part, int64 whole)
{
	return publish_count_visible(part) && publish_count_visible(whole - part);
}

bool *
publish_table(const int64 *counts, int32 n, PublishKind kind)
{
	bool *hidden = palloc(Max(n, 1) * sizeof(bool));

	disclosure_suppress(counts, n, kind == PUBLISH_ADDITIVE, hidden);
	return hidden;
}

/*
 * publish.h
 *	  The one way out for published counts.
 *
 * Every accessor that shows a count of offences, or a figure a count can be
 * worked out from (a share, a rate, an interval, a median over that many
 * ages), asks here first.  Disclosure control (groomstats.min_cell_count and
 * its floor; the algorithm is in disclosure.c) is applied in one place, so a
 * new accessor cannot forget it:
 *
 *	  a single count	  PG_RETURN_PUBLISHED_COUNT(count), or
 *						  publish_count_visible(count) before showing a figure
 *						  made from it;
 *	  a part of a whole	  publish_share_visible(part, whole): the part and
 *						  the rest of the whole must both be publishable;
 *	  a table of cells	  publish_table(counts, n, kind): which cells to hide.
 *						  PUBLISH_ADDITIVE when the cells add up to a total
 *						  the reader can work out (primary and secondary
 *						  suppression), PUBLISH_SEPARATE when they do not
 *						  (primary only).
 *
 * A hidden cell shows NULL for its count and everything made from it, and
 * true in its `suppressed` column where the result has one.  Zero counts
 * identify no one and are never hidden.
 *
 * sql/publish_catalog.sql lists every function of the extension that
 * returns a count and checks, by behaviour, that each goes through here.
 */
#ifndef GROOMSTATS_PUBLISH_H
#define GROOMSTATS_PUBLISH_H

#include "postgres.h"
#include "fmgr.h"

typedef enum PublishKind
{
	PUBLISH_SEPARATE, /* cells are published on their own: primary suppression */
	PUBLISH_ADDITIVE  /* cells add up to a known total: primary and secondary */
} PublishKind;

/* May this count, and any figure made from it, be shown? */
extern bool publish_count_visible(int64 count);

/*
 * May a share part / whole be shown?  Not when the part is hidden, nor when
 * the rest of the whole is (whole - part and the share give the part back).
 */
extern bool publish_share_visible(int64 part, int64 whole);

/* The cells of one table to hide, palloc'd (n may be 0). */
extern bool *publish_table(const int64 *counts, int32 n, PublishKind kind);

/* Return a published count, or NULL when disclosure control hides it. */
#define PG_RETURN_PUBLISHED_COUNT(count)                                                           \
	do                                                                                             \
	{                                                                                              \
		int64 count_ = (count);                                                                    \
		if (!publish_count_visible(count_))                                                        \
			PG_RETURN_NULL();                                                                      \
		PG_RETURN_INT64(count_);                                                                   \
	} while (0)

/* Return a figure made from `count` (a rate, a share), or NULL when the count is hidden. */
#define PG_RETURN_PUBLISHED_FLOAT8(value, count)                                                   \
	do                                                                                             \
	{                                                                                              \
		if (!publish_count_visible(count))                                                         \
			PG_RETURN_NULL();                                                                      \
		PG_RETURN_FLOAT8(value);                                                                   \
	} while (0)

#endif

/*
 * summary_canonical.h
 *	  Canonical order for a summary read from input: platform names in the
 *	  byte order of the database encoding (whatever order they arrived in),
 *	  combinations renumbered and sorted to match.
 */
#ifndef GROOMSTATS_SUMMARY_CANONICAL_H
#define GROOMSTATS_SUMMARY_CANONICAL_H

#include "summary_format.h"

/*
 * Check everything but the order of the names (raising ERROR as
 * summary_validate does), then return the summary in canonical order: the
 * same value if it already was, else a new one.  A name listed twice is
 * refused.  The caller still runs summary_validate on the result.
 */
extern SummaryHeader *summary_canonicalise(SummaryHeader *hdr, SummarySource source);

#endif

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
 * Validate a summary read from input (as summary_validate does, raising
 * ERROR with the SQLSTATE of `source`) except for the order of its platform
 * names, and return it in canonical order: the same value if its names were
 * in order, else a new one made by the aggregate's canonical encoder.  A
 * name listed twice is refused.  The result is a valid, canonical summary.
 */
extern SummaryHeader *summary_canonicalise(SummaryHeader *hdr, SummarySource source);

#endif

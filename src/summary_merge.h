/*
 * summary_merge.h
 *	  Merging stored summaries into one canonical summary.
 */
#ifndef GROOMSTATS_SUMMARY_MERGE_H
#define GROOMSTATS_SUMMARY_MERGE_H

#include "summary_format.h"

/*
 * The canonical summary of all the offences in `n` views, built through an
 * aggregate state in a scratch memory context: the `+` operator and
 * rollup_merge (two views), and input that must be put in order (one).
 */
extern SummaryHeader *summary_merge_views(const SummaryView *views, int n);

#endif

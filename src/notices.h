/*
 * notices.h
 *	  Answers that are right but probably not what the user meant: a platform
 *	  name that does not occur in the summary (a typo or another case gives 0
 *	  offences), a period that lies wholly outside the summary's recorded days
 *	  (0 offences, a rate of 0).  The numbers stay as they are; a NOTICE says why.
 */
#ifndef GROOMSTATS_NOTICES_H
#define GROOMSTATS_NOTICES_H

#include "postgres.h"
#include "nodes/pg_list.h"

#include "period.h"
#include "summary_format.h"

/*
 * `unknown` is a List of text * names that do not occur in the summary: one
 * NOTICE names them all, with the nearest existing spelling of each where
 * there is one (the same name in another case, or one edit or two away).
 */
extern void notice_unknown_platforms(const SummaryView *v, List *unknown);

/* A NOTICE when the period shares no day with the summary's recorded days. */
extern void notice_period_outside(const SummaryView *v, const Period *period);

#endif

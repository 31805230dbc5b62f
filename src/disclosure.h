/*
 * disclosure.h
 *	  Small-cell suppression (groomstats.min_cell_count and its floor).
 *
 * A count of 1 to threshold - 1 offences about child victims can identify a
 * child.  Accessors that publish counts pass each table of cells through
 * disclosure_suppress, which marks those cells (primary suppression) and,
 * where the cells of a table add up to a total the user can work out,
 * further cells (secondary suppression) until no hidden cell can be worked
 * out from the total and what the method itself tells (see disclosure.c).
 * Zero counts are never suppressed: they identify no one.
 *
 * disclosure_threshold() and disclosure_floor() are the only places that
 * read the settings in force; whatever decides the threshold elsewhere (a
 * Citus worker, say) belongs there.
 */
#ifndef GROOMSTATS_DISCLOSURE_H
#define GROOMSTATS_DISCLOSURE_H

#include "postgres.h"

/* The threshold in force (0 or 1: suppression off). */
extern int disclosure_threshold(void);

/* The floor in force: the lowest threshold this session can ask for. */
extern int disclosure_floor(void);

/* Is a single published count to be hidden? */
extern bool disclosure_hides(int64 count);

/*
 * Mark the cells of one table to hide.  `additive`: the cells add up to a
 * total published elsewhere, so one hidden cell alone could be recovered.
 */
extern void disclosure_suppress(const int64 *counts, int n, bool additive, bool *hidden);

extern void disclosure_define_setting(void);

#endif

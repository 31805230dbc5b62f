/*
 * disclosure_citus.h
 *	  Disclosure control when an accessor runs as a fragment of a Citus
 *	  distributed query (see disclosure_citus.c).
 */
#ifndef GROOMSTATS_DISCLOSURE_CITUS_H
#define GROOMSTATS_DISCLOSURE_CITUS_H

/*
 * Raise an ERROR when this backend runs a fragment of a Citus distributed
 * query (a connection Citus opened) and the coordinator's session threshold
 * did not come with it; return otherwise.  Called by disclosure_threshold().
 */
extern void disclosure_citus_check(void);

#endif

/*
 * band_spec.h
 *	  Age bands written as text: '0-11,12-15,16-17', '16+'.
 */
#ifndef GROOMSTATS_BAND_SPEC_H
#define GROOMSTATS_BAND_SPEC_H

#include "postgres.h"

typedef struct AgeBand
{
	int32 lo; /* inclusive */
	int32 hi; /* inclusive; SUMMARY_MAX_AGE for 'a+' */
	bool open_ended;
} AgeBand;

/*
 * Parse a band list, in the order given.  Malformed text: ERROR 22P02;
 * reversed, out-of-range or overlapping bands: ERROR 22023, naming the band.
 */
extern int band_spec_parse(const char *spec, AgeBand **bands);

/* The band's canonical label: 'a-b' or 'a+'. */
extern char *band_label(const AgeBand *band);

#endif

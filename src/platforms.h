/*
 * platforms.h
 *	  The rule "offences involving any of these platforms, each offence once",
 *	  shared by platform_offences, platform_share and compare_share.
 */
#ifndef GROOMSTATS_PLATFORMS_H
#define GROOMSTATS_PLATFORMS_H

#include "postgres.h"
#include "utils/array.h"

#include "summary_format.h"

/*
 * Offences involving at least one of the platforms in a text[] (NULL
 * elements ignored; names match exactly).  Names not in the summary get a
 * NOTICE (notices.h).
 */
extern int64 summary_offences_involving_any(const SummaryView *v, ArrayType *wanted);

#endif

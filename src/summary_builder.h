/*
 * summary_builder.h
 *	  Assembles a stored summary section by section, as text input and binary
 *	  receive read it.  The builder checks nothing: the caller passes the
 *	  result to summary_validate, the one place where invariants are checked.
 */
#ifndef GROOMSTATS_SUMMARY_BUILDER_H
#define GROOMSTATS_SUMMARY_BUILDER_H

#include "postgres.h"
#include "lib/stringinfo.h"

#include "summary_format.h"

typedef struct SummaryBuilder
{
	int64 offences;
	int64 undated;
	int64 platform_unrecorded;
	int64 age_unrecorded;
	StringInfoData day;			 /* int32 */
	StringInfoData day_count;	 /* int64 */
	StringInfoData name_start;	 /* int32, starts with 0 */
	StringInfoData names;		 /* bytes */
	StringInfoData combo_start;	 /* int32, starts with 0 */
	StringInfoData combo_member; /* int32 */
	StringInfoData combo_count;	 /* int64 */
	StringInfoData age;			 /* int32 */
	StringInfoData age_count;	 /* int64 */
} SummaryBuilder;

extern void summary_builder_init(SummaryBuilder *b);
extern void summary_builder_add_day(SummaryBuilder *b, DateADT day, int64 count);
extern void summary_builder_add_platform(SummaryBuilder *b, const char *name, int32 len);
extern void summary_builder_add_member(SummaryBuilder *b, int32 platform);
extern void summary_builder_end_combo(SummaryBuilder *b, int64 count);
extern void summary_builder_add_age(SummaryBuilder *b, int32 age, int64 count);
extern SummaryHeader *summary_builder_finish(SummaryBuilder *b);

#endif

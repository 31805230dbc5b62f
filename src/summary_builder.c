/*
 * summary_builder.c
 *	  Section-by-section assembly of a stored summary.
 */
#include "postgres.h"

#include "summary_builder.h"

#define APPEND(buf, value) appendBinaryStringInfo((buf), (const char *) &(value), sizeof(value))

void
summary_builder_init(SummaryBuilder *b)
{
	int32 zero = 0;

	memset(b, 0, sizeof(SummaryBuilder));
	initStringInfo(&b->day);
	initStringInfo(&b->day_count);
	initStringInfo(&b->name_start);
	initStringInfo(&b->names);
	initStringInfo(&b->combo_start);
	initStringInfo(&b->combo_member);
	initStringInfo(&b->combo_count);
	initStringInfo(&b->age);
	initStringInfo(&b->age_count);
	APPEND(&b->name_start, zero);
	APPEND(&b->combo_start, zero);
}

void
summary_builder_add_day(SummaryBuilder *b, DateADT day, int64 count)
{
	APPEND(&b->day, day);
	APPEND(&b->day_count, count);
}

void
summary_builder_add_platform(SummaryBuilder *b, const char *name, int32 len)
{
	int32 end;

	appendBinaryStringInfo(&b->names, name, len);
	end = b->names.len;
	APPEND(&b->name_start, end);
}

void
summary_builder_add_member(SummaryBuilder *b, int32 platform)
{
	APPEND(&b->combo_member, platform);
}

void
summary_builder_end_combo(SummaryBuilder *b, int64 count)
{
	int32 end = b->combo_member.len / sizeof(int32);

	APPEND(&b->combo_start, end);
	APPEND(&b->combo_count, count);
}

void
summary_builder_add_age(SummaryBuilder *b, int32 age, int64 count)
{
	APPEND(&b->age, age);
	APPEND(&b->age_count, count);
}

SummaryHeader *
summary_builder_finish(SummaryBuilder *b)
{
	SummaryShape shape;
	SummaryHeader *hdr;
	SummaryView v;

	shape.ndays = b->day.len / sizeof(int32);
	shape.nplatforms = b->name_start.len / sizeof(int32) - 1;
	shape.ncombos = b->combo_start.len / sizeof(int32) - 1;
	shape.nmembers = b->combo_member.len / sizeof(int32);
	shape.nages = b->age.len / sizeof(int32);
	shape.name_bytes = b->names.len;
	hdr = summary_allocate(&shape);
	hdr->offences = b->offences;
	hdr->undated = b->undated;
	hdr->platform_unrecorded = b->platform_unrecorded;
	hdr->age_unrecorded = b->age_unrecorded;

	summary_view(hdr, &v);
	memcpy((void *) v.day, b->day.data, b->day.len);
	memcpy((void *) v.day_count, b->day_count.data, b->day_count.len);
	memcpy((void *) v.name_start, b->name_start.data, b->name_start.len);
	memcpy((void *) v.names, b->names.data, b->names.len);
	memcpy((void *) v.combo_start, b->combo_start.data, b->combo_start.len);
	memcpy((void *) v.combo_member, b->combo_member.data, b->combo_member.len);
	memcpy((void *) v.combo_count, b->combo_count.data, b->combo_count.len);
	memcpy((void *) v.age, b->age.data, b->age.len);
	memcpy((void *) v.age_count, b->age_count.data, b->age_count.len);
	return hdr;
}

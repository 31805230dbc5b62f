/*
 * summary_format.c
 *	  Layout of the stored offence_summary, and the one validator that text
 *	  input, binary receive and deserialisation all go through.
 */
#include "postgres.h"

#include "common/int.h"
#include "mb/pg_wchar.h"
#include "miscadmin.h"
#include "utils/datetime.h"
#include "utils/memutils.h"

#include "compat.h"
#include "summary_format.h"

int64
summary_size(const SummaryShape *shape)
{
	int64 size = sizeof(SummaryHeader);

	if (shape->ndays < 0 || shape->nplatforms < 0 || shape->ncombos < 0 || shape->nmembers < 0 ||
		shape->nages < 0 || shape->name_bytes < 0)
		return -1;
	size += (int64) sizeof(int64) * shape->ndays;
	size += (int64) sizeof(int64) * shape->ncombos;
	size += (int64) sizeof(int64) * shape->nages;
	size += (int64) sizeof(int32) * shape->ndays;
	size += (int64) sizeof(int32) * ((int64) shape->ncombos + 1);
	size += (int64) sizeof(int32) * shape->nmembers;
	size += (int64) sizeof(int32) * shape->nages;
	size += (int64) sizeof(int32) * ((int64) shape->nplatforms + 1);
	size += shape->name_bytes;
	return size > (int64) MaxAllocSize ? -1 : size;
}

SummaryHeader *
summary_allocate(const SummaryShape *shape)
{
	int64 size = summary_size(shape);
	SummaryHeader *hdr;

	if (size < 0)
		ereport(ERROR, (errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
						errmsg("offence summary would exceed the maximum size of a value")));
	hdr = palloc0(size);
	SET_VARSIZE(hdr, size);
	hdr->version = SUMMARY_FORMAT_VERSION;
	hdr->ndays = shape->ndays;
	hdr->nplatforms = shape->nplatforms;
	hdr->ncombos = shape->ncombos;
	hdr->nmembers = shape->nmembers;
	hdr->nages = shape->nages;
	hdr->name_bytes = shape->name_bytes;
	return hdr;
}

SummaryHeader *
summary_empty(void)
{
	SummaryShape empty = {0};

	return summary_allocate(&empty);
}

void
summary_view(const SummaryHeader *hdr, SummaryView *view)
{
	const char *p = (const char *) hdr + sizeof(SummaryHeader);

	view->hdr = hdr;
	view->day_count = (const int64 *) p;
	p += sizeof(int64) * hdr->ndays;
	view->combo_count = (const int64 *) p;
	p += sizeof(int64) * hdr->ncombos;
	view->age_count = (const int64 *) p;
	p += sizeof(int64) * hdr->nages;
	view->day = (const int32 *) p;
	p += sizeof(int32) * hdr->ndays;
	view->combo_start = (const int32 *) p;
	p += sizeof(int32) * (hdr->ncombos + 1);
	view->combo_member = (const int32 *) p;
	p += sizeof(int32) * hdr->nmembers;
	view->age = (const int32 *) p;
	p += sizeof(int32) * hdr->nages;
	view->name_start = (const int32 *) p;
	p += sizeof(int32) * (hdr->nplatforms + 1);
	view->names = p;
}

/* ---- validation ---- */

#define invalid(code, ...)                                                                         \
	ereport(ERROR, (errcode(code), errmsg("invalid offence_summary value"), errdetail(__VA_ARGS__)))

/* Counts in a section are > 0 and add up, with the section's "unknown", to the total. */
static void
check_counts(const int64 *counts, int32 n, int64 unknown, int64 total, const char *section,
			 int code)
{
	int64 sum = unknown;

	if (unknown < 0)
		invalid(code, "The %s count of offences not recorded is negative (" INT64_FORMAT ").",
				section, unknown);
	for (int32 i = 0; i < n; i++)
	{
		CHECK_FOR_INTERRUPTS();
		if (counts[i] <= 0)
			invalid(code, "Entry %d of %s has count " INT64_FORMAT "; counts must be positive.",
					i + 1, section, counts[i]);
		if (pg_add_s64_overflow(sum, counts[i], &sum))
			invalid(code, "The %s counts add up to more than bigint can hold.", section);
	}
	if (sum != total)
		invalid(code,
				"The %s counts add up to " INT64_FORMAT " but the summary has " INT64_FORMAT
				" offences.",
				section, sum, total);
}

static void
check_header(const SummaryHeader *hdr, Size total_len, int code)
{
	SummaryShape shape;
	int64 expected;

	if (total_len < sizeof(SummaryHeader))
		invalid(code, "The value is %zu bytes, shorter than its %zu-byte header.", total_len,
				sizeof(SummaryHeader));
	if (hdr->version != SUMMARY_FORMAT_VERSION)
		invalid(code, "Format version %d is not supported (this build reads version %d).",
				hdr->version, SUMMARY_FORMAT_VERSION);
	if (hdr->flags != 0 || hdr->reserved != 0)
		invalid(code, "Unknown flags 0x%02x or reserved bits 0x%04x are set.", hdr->flags,
				hdr->reserved);
	if (hdr->offences < 0)
		invalid(code, "The number of offences is negative (" INT64_FORMAT ").", hdr->offences);

	shape.ndays = hdr->ndays;
	shape.nplatforms = hdr->nplatforms;
	shape.ncombos = hdr->ncombos;
	shape.nmembers = hdr->nmembers;
	shape.nages = hdr->nages;
	shape.name_bytes = hdr->name_bytes;
	expected = summary_size(&shape);
	if (expected < 0 || (Size) expected != total_len)
		invalid(code,
				"The value is %zu bytes but its section sizes (days %d, platforms %d, "
				"combinations %d, members %d, ages %d, name bytes %d) need " INT64_FORMAT ".",
				total_len, hdr->ndays, hdr->nplatforms, hdr->ncombos, hdr->nmembers, hdr->nages,
				hdr->name_bytes, expected);
}

static void
check_days(const SummaryView *v, int code)
{
	for (int32 i = 0; i < v->hdr->ndays; i++)
	{
		DateADT day = v->day[i];

		CHECK_FOR_INTERRUPTS();
		if (DATE_NOT_FINITE(day) || !IS_VALID_DATE(day))
			invalid(code, "Recorded day %d is not a finite date in range.", day);
		if (i > 0 && day <= v->day[i - 1])
			invalid(code, "Recorded days are not strictly ascending at entry %d.", i + 1);
	}
	check_counts(v->day_count, v->hdr->ndays, v->hdr->undated, v->hdr->offences, "day", code);
}

static void
check_ages(const SummaryView *v, int code)
{
	for (int32 i = 0; i < v->hdr->nages; i++)
	{
		if (v->age[i] < 0 || v->age[i] > SUMMARY_MAX_AGE)
			invalid(code, "Victim age %d is outside 0..%d.", v->age[i], SUMMARY_MAX_AGE);
		if (i > 0 && v->age[i] <= v->age[i - 1])
			invalid(code, "Victim ages are not strictly ascending at entry %d.", i + 1);
	}
	check_counts(v->age_count, v->hdr->nages, v->hdr->age_unrecorded, v->hdr->offences, "age",
				 code);
}

int
summary_compare_names(const char *a, int32 alen, const char *b, int32 blen)
{
	int cmp = memcmp(a, b, Min(alen, blen));

	return cmp != 0 ? cmp : (alen > blen) - (alen < blen);
}

/* Runs of a start array: start[0] = 0, nonempty (or any) runs, ending at `total`. */
static void
check_starts(const int32 *start, int32 n, int32 total, bool allow_empty, const char *what, int code)
{
	if (start[0] != 0)
		invalid(code, "The first %s does not start at offset 0.", what);
	for (int32 i = 0; i < n; i++)
	{
		if (start[i + 1] < start[i] || (!allow_empty && start[i + 1] == start[i]))
			invalid(code, "Entry %d of the %ss is empty or runs backwards (offsets %d to %d).",
					i + 1, what, start[i], start[i + 1]);
	}
	if (start[n] != total)
		invalid(code, "The %ss end at offset %d, not at %d.", what, start[n], total);
}

static void
check_names(const SummaryView *v, int code)
{
	int encoding = GetDatabaseEncoding();

	check_starts(v->name_start, v->hdr->nplatforms, v->hdr->name_bytes, false, "platform name",
				 code);
	for (int32 i = 0; i < v->hdr->nplatforms; i++)
	{
		int32 len;
		const char *name = summary_name(v, i, &len);

		if ((i & 1023) == 0)
			CHECK_FOR_INTERRUPTS();
		if (pg_verify_mbstr(encoding, name, len, true) == false)
			invalid(code, "Platform name %d is not valid in encoding \"%s\".", i + 1,
					GetDatabaseEncodingName());
		if (i > 0)
		{
			int32 plen;
			const char *prev = summary_name(v, i - 1, &plen);

			if (summary_compare_names(prev, plen, name, len) >= 0)
				invalid(code, "Platform names are not strictly ascending at entry %d.", i + 1);
		}
	}
}

/* Lexicographic order of two combinations' member lists. */
static int
compare_members(const int32 *a, int32 na, const int32 *b, int32 nb)
{
	for (int32 i = 0; i < Min(na, nb); i++)
	{
		if (a[i] != b[i])
			return a[i] < b[i] ? -1 : 1;
	}
	return (na > nb) - (na < nb);
}

static void
check_combos(const SummaryView *v, int code)
{
	const SummaryHeader *hdr = v->hdr;
	bool *used = palloc0(Max(hdr->nplatforms, 1));

	check_starts(v->combo_start, hdr->ncombos, hdr->nmembers, false, "platform combination", code);
	for (int32 c = 0; c < hdr->ncombos; c++)
	{
		const int32 *m = v->combo_member + v->combo_start[c];
		int32 n = v->combo_start[c + 1] - v->combo_start[c];

		if ((c & 1023) == 0)
			CHECK_FOR_INTERRUPTS();
		for (int32 i = 0; i < n; i++)
		{
			if (m[i] < 0 || m[i] >= hdr->nplatforms)
				invalid(code, "Platform combination %d names platform %d of %d.", c + 1, m[i] + 1,
						hdr->nplatforms);
			if (i > 0 && m[i] <= m[i - 1])
				invalid(code, "Platform combination %d is not strictly ascending.", c + 1);
			used[m[i]] = true;
		}
		if (c > 0)
		{
			const int32 *pm = v->combo_member + v->combo_start[c - 1];
			int32 pn = v->combo_start[c] - v->combo_start[c - 1];

			if (compare_members(pm, pn, m, n) >= 0)
				invalid(code, "Platform combinations are not strictly ascending at entry %d.",
						c + 1);
		}
	}
	for (int32 i = 0; i < hdr->nplatforms; i++)
	{
		if (!used[i])
			invalid(code, "Platform %d is in no combination.", i + 1);
	}
	pfree(used);
	check_counts(v->combo_count, hdr->ncombos, hdr->platform_unrecorded, hdr->offences,
				 "platform combination", code);
}

void
summary_validate(const SummaryHeader *hdr, Size total_len, int code)
{
	SummaryView view;

	check_header(hdr, total_len, code);
	summary_view(hdr, &view);
	check_days(&view, code);
	check_ages(&view, code);
	check_names(&view, code);
	check_combos(&view, code);
}

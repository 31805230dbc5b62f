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

/*
 * The sections in stored order: int64 sections first, then int32, then the
 * name bytes, so that every section is aligned.  This table and
 * summary_layout are the one place that knows the section sizes.
 */
enum
{
	SECTION_DAY_COUNT,
	SECTION_COMBO_COUNT,
	SECTION_AGE_COUNT,
	SECTION_DAY,
	SECTION_COMBO_START,
	SECTION_COMBO_MEMBER,
	SECTION_AGE,
	SECTION_NAME_START,
	SECTION_NAMES,
	SECTIONS
};

static const int section_width[SECTIONS] = {8, 8, 8, 4, 4, 4, 4, 4, 1};

/* Offsets of each section from the start of the value; returns the total size. */
static int64
summary_layout(const SummaryShape *shape, int64 offset[SECTIONS])
{
	const int64 items[SECTIONS] = {
		[SECTION_DAY_COUNT] = shape->ndays,
		[SECTION_COMBO_COUNT] = shape->ncombos,
		[SECTION_AGE_COUNT] = shape->nages,
		[SECTION_DAY] = shape->ndays,
		[SECTION_COMBO_START] = (int64) shape->ncombos + 1,
		[SECTION_COMBO_MEMBER] = shape->nmembers,
		[SECTION_AGE] = shape->nages,
		[SECTION_NAME_START] = (int64) shape->nplatforms + 1,
		[SECTION_NAMES] = shape->name_bytes,
	};
	int64 at = sizeof(SummaryHeader);

	for (int i = 0; i < SECTIONS; i++)
	{
		offset[i] = at;
		at += items[i] * section_width[i];
	}
	return at;
}

int64
summary_size(const SummaryShape *shape)
{
	int64 offset[SECTIONS];
	int64 size;

	if (shape->ndays < 0 || shape->nplatforms < 0 || shape->ncombos < 0 || shape->nmembers < 0 ||
		shape->nages < 0 || shape->name_bytes < 0)
		return -1;
	size = summary_layout(shape, offset);
	return size > (int64) MaxAllocSize ? -1 : size;
}

void
summary_shape(const SummaryHeader *hdr, SummaryShape *shape)
{
	shape->ndays = hdr->ndays;
	shape->nplatforms = hdr->nplatforms;
	shape->ncombos = hdr->ncombos;
	shape->nmembers = hdr->nmembers;
	shape->nages = hdr->nages;
	shape->name_bytes = hdr->name_bytes;
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
	const char *base = (const char *) hdr;
	SummaryShape shape;
	int64 offset[SECTIONS];

	summary_shape(hdr, &shape);
	summary_layout(&shape, offset);
	view->hdr = hdr;
	view->day_count = (const int64 *) (base + offset[SECTION_DAY_COUNT]);
	view->combo_count = (const int64 *) (base + offset[SECTION_COMBO_COUNT]);
	view->age_count = (const int64 *) (base + offset[SECTION_AGE_COUNT]);
	view->day = (const int32 *) (base + offset[SECTION_DAY]);
	view->combo_start = (const int32 *) (base + offset[SECTION_COMBO_START]);
	view->combo_member = (const int32 *) (base + offset[SECTION_COMBO_MEMBER]);
	view->age = (const int32 *) (base + offset[SECTION_AGE]);
	view->name_start = (const int32 *) (base + offset[SECTION_NAME_START]);
	view->names = base + offset[SECTION_NAMES];
}

int64 *
summary_offences_per_platform(const SummaryView *v)
{
	int64 *involving = palloc0(Max(v->hdr->nplatforms, 1) * sizeof(int64));

	for (int32 c = 0; c < v->hdr->ncombos; c++)
		for (int32 m = v->combo_start[c]; m < v->combo_start[c + 1]; m++)
			involving[v->combo_member[m]] += v->combo_count[c];
	return involving;
}

int
summary_compare_names(const char *a, int32 alen, const char *b, int32 blen)
{
	int cmp = memcmp(a, b, Min(alen, blen));

	return cmp != 0 ? cmp : (alen > blen) - (alen < blen);
}

int
summary_compare_members(const int32 *a, int32 na, const int32 *b, int32 nb)
{
	for (int32 i = 0; i < Min(na, nb); i++)
	{
		if (a[i] != b[i])
			return a[i] < b[i] ? -1 : 1;
	}
	return (na > nb) - (na < nb);
}

/* ---- validation ---- */

/* Counts in a section are > 0 and add up, with the section's "unknown", to the total. */
static void
check_counts(const int64 *counts, int32 n, int64 unknown, int64 total, const char *section,
			 SummarySource source)
{
	int64 sum = unknown;

	if (unknown < 0)
		SUMMARY_INVALID(source,
						"The %s count of offences not recorded is negative (" INT64_FORMAT ").",
						section, unknown);
	for (int32 i = 0; i < n; i++)
	{
		CHECK_FOR_INTERRUPTS();
		if (counts[i] <= 0)
			SUMMARY_INVALID(source,
							"Entry %d of %s has count " INT64_FORMAT "; counts must be positive.",
							i + 1, section, counts[i]);
		if (pg_add_s64_overflow(sum, counts[i], &sum))
			SUMMARY_OUT_OF_RANGE("The %s counts add up to more than bigint can hold.", section);
	}
	if (sum != total)
		SUMMARY_INVALID(source,
						"The %s counts add up to " INT64_FORMAT " but the summary has " INT64_FORMAT
						" offences.",
						section, sum, total);
}

static void
check_header(const SummaryHeader *hdr, Size total_len, SummarySource source)
{
	SummaryShape shape;
	int64 expected;

	if (total_len < sizeof(SummaryHeader))
		SUMMARY_INVALID(source, "The value is %zu bytes, shorter than its %zu-byte header.",
						total_len, sizeof(SummaryHeader));
	summary_check_version(hdr->version, source);
	if (hdr->version != SUMMARY_FORMAT_VERSION)
		SUMMARY_INVALID(source, "Format version %d is not the current version %d.", hdr->version,
						SUMMARY_FORMAT_VERSION);
	if (hdr->flags != 0 || hdr->reserved != 0)
		SUMMARY_INVALID(source, "Unknown flags 0x%02x or reserved bits 0x%04x are set.", hdr->flags,
						hdr->reserved);
	if (hdr->offences < 0)
		SUMMARY_INVALID(source, "The number of offences is negative (" INT64_FORMAT ").",
						hdr->offences);

	summary_shape(hdr, &shape);
	expected = summary_size(&shape);
	if (expected < 0 || (Size) expected != total_len)
		SUMMARY_INVALID(source,
						"The value is %zu bytes but its section sizes (days %d, platforms %d, "
						"combinations %d, members %d, ages %d, name bytes %d) need " INT64_FORMAT
						".",
						total_len, hdr->ndays, hdr->nplatforms, hdr->ncombos, hdr->nmembers,
						hdr->nages, hdr->name_bytes, expected);
}

static void
check_days(const SummaryView *v, SummarySource source)
{
	for (int32 i = 0; i < v->hdr->ndays; i++)
	{
		DateADT day = v->day[i];

		CHECK_FOR_INTERRUPTS();
		if (DATE_NOT_FINITE(day) || !IS_VALID_DATE(day))
			SUMMARY_INVALID(source, "Recorded day %d is not a finite date in range.", day);
		if (i > 0 && day <= v->day[i - 1])
			SUMMARY_INVALID(source, "Recorded days are not strictly ascending at entry %d.", i + 1);
	}
	check_counts(v->day_count, v->hdr->ndays, v->hdr->undated, v->hdr->offences, "day", source);
}

static void
check_ages(const SummaryView *v, SummarySource source)
{
	for (int32 i = 0; i < v->hdr->nages; i++)
	{
		if (v->age[i] < 0 || v->age[i] > SUMMARY_MAX_AGE)
			SUMMARY_OUT_OF_RANGE("Victim age %d is outside 0..%d.", v->age[i], SUMMARY_MAX_AGE);
		if (i > 0 && v->age[i] <= v->age[i - 1])
			SUMMARY_INVALID(source, "Victim ages are not strictly ascending at entry %d.", i + 1);
	}
	check_counts(v->age_count, v->hdr->nages, v->hdr->age_unrecorded, v->hdr->offences, "age",
				 source);
}

/* Runs of a start array: start[0] = 0, nonempty (or any) runs, ending at `total`. */
static void
check_starts(const int32 *start, int32 n, int32 total, bool allow_empty, const char *what,
			 SummarySource source)
{
	if (start[0] != 0)
		SUMMARY_INVALID(source, "The first %s does not start at offset 0.", what);
	for (int32 i = 0; i < n; i++)
	{
		if (start[i + 1] < start[i] || (!allow_empty && start[i + 1] == start[i]))
			SUMMARY_INVALID(source,
							"Entry %d of the %ss is empty or runs backwards (offsets %d to %d).",
							i + 1, what, start[i], start[i + 1]);
	}
	if (start[n] != total)
		SUMMARY_INVALID(source, "The %ss end at offset %d, not at %d.", what, start[n], total);
}

static void
check_names(const SummaryView *v, SummarySource source, bool ordered)
{
	int encoding = GetDatabaseEncoding();

	check_starts(v->name_start, v->hdr->nplatforms, v->hdr->name_bytes, false, "platform name",
				 source);
	for (int32 i = 0; i < v->hdr->nplatforms; i++)
	{
		int32 len;
		const char *name = summary_name(v, i, &len);

		if ((i & 1023) == 0)
			CHECK_FOR_INTERRUPTS();
		if (pg_verify_mbstr(encoding, name, len, true) == false)
			SUMMARY_INVALID(source, "Platform name %d is not valid in encoding \"%s\".", i + 1,
							GetDatabaseEncodingName());
		if (ordered && i > 0)
		{
			int32 plen;
			const char *prev = summary_name(v, i - 1, &plen);

			if (summary_compare_names(prev, plen, name, len) >= 0)
				SUMMARY_INVALID(source, "Platform names are not strictly ascending at entry %d.",
								i + 1);
		}
	}
}

static void
check_combos(const SummaryView *v, SummarySource source)
{
	const SummaryHeader *hdr = v->hdr;
	bool *used = palloc0(Max(hdr->nplatforms, 1));

	check_starts(v->combo_start, hdr->ncombos, hdr->nmembers, false, "platform combination",
				 source);
	for (int32 c = 0; c < hdr->ncombos; c++)
	{
		const int32 *m = v->combo_member + v->combo_start[c];
		int32 n = v->combo_start[c + 1] - v->combo_start[c];

		if ((c & 1023) == 0)
			CHECK_FOR_INTERRUPTS();
		for (int32 i = 0; i < n; i++)
		{
			if (m[i] < 0 || m[i] >= hdr->nplatforms)
				SUMMARY_INVALID(source,
								"Platform combination %d names platform " INT64_FORMAT " of %d.",
								c + 1, (int64) m[i] + 1, hdr->nplatforms);
			if (i > 0 && m[i] <= m[i - 1])
				SUMMARY_INVALID(source, "Platform combination %d is not strictly ascending.",
								c + 1);
			used[m[i]] = true;
		}
		if (c > 0)
		{
			const int32 *pm = v->combo_member + v->combo_start[c - 1];
			int32 pn = v->combo_start[c] - v->combo_start[c - 1];

			if (summary_compare_members(pm, pn, m, n) >= 0)
				SUMMARY_INVALID(
					source, "Platform combinations are not strictly ascending at entry %d.", c + 1);
		}
	}
	for (int32 i = 0; i < hdr->nplatforms; i++)
	{
		if (!used[i])
			SUMMARY_INVALID(source, "Platform %d is in no combination.", i + 1);
	}
	pfree(used);
	check_counts(v->combo_count, hdr->ncombos, hdr->platform_unrecorded, hdr->offences,
				 "platform combination", source);
}

static void
validate(const SummaryHeader *hdr, Size total_len, SummarySource source, bool names_ordered)
{
	SummaryView view;

	check_header(hdr, total_len, source);
	summary_view(hdr, &view);
	check_days(&view, source);
	check_ages(&view, source);
	check_names(&view, source, names_ordered);
	check_combos(&view, source);
}

void
summary_validate(const SummaryHeader *hdr, Size total_len, SummarySource source)
{
	validate(hdr, total_len, source, true);
}

void
summary_validate_unordered(const SummaryHeader *hdr, Size total_len, SummarySource source)
{
	validate(hdr, total_len, source, false);
}

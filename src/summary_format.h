/*
 * summary_format.h
 *	  The stored form of offence_summary: a canonical varlena, and a read-only
 *	  view of its sections.
 *
 * Layout (version 1), all in native byte order, 8-byte aligned:
 *
 *	  SummaryHeader                                 64 bytes
 *	  int64  day_count[ndays]                       offences per recorded day
 *	  int64  combo_count[ncombos]                   offences per platform combination
 *	  int64  age_count[nages]                       offences per victim age
 *	  int32  day[ndays]                             DateADT, strictly ascending
 *	  int32  combo_start[ncombos + 1]               into combo_member; [0] = 0
 *	  int32  combo_member[nmembers]                 platform indexes, ascending per combo
 *	  int32  age[nages]                             0..150, strictly ascending
 *	  int32  name_start[nplatforms + 1]             into names; [0] = 0
 *	  char   names[name_bytes]                      platform names, no terminators
 *
 * Canonical order: platform names strictly ascending by bytes (memcmp, then
 * length); combinations strictly ascending as sequences of platform indexes;
 * every platform belongs to at least one combination; every count is > 0.
 * Equal contents therefore give equal bytes, so `=` is a byte comparison.
 */
#ifndef GROOMSTATS_SUMMARY_FORMAT_H
#define GROOMSTATS_SUMMARY_FORMAT_H

#include "postgres.h"
#include "fmgr.h"
#include "utils/date.h"

#include "compat.h"

#include "summary_errors.h"

/*
 * The format version this build writes.  An older version is converted on
 * read (summary_upgrade.c); a newer one is refused.
 */
#define SUMMARY_FORMAT_VERSION 1
#define SUMMARY_MAX_AGE		   150

typedef struct SummaryHeader
{
	int32 vl_len_;			   /* varlena header (do not touch directly) */
	uint8 version;			   /* SUMMARY_FORMAT_VERSION */
	uint8 flags;			   /* reserved for later formats: must be 0 */
	uint16 reserved;		   /* must be 0 */
	int32 ndays;			   /* distinct recorded days */
	int32 nplatforms;		   /* distinct platform names */
	int32 ncombos;			   /* distinct platform combinations */
	int32 nmembers;			   /* total members over all combinations */
	int32 nages;			   /* distinct victim ages */
	int32 name_bytes;		   /* total bytes of platform names */
	int64 offences;			   /* all offences */
	int64 undated;			   /* offences with no recorded date */
	int64 platform_unrecorded; /* offences with no platform recorded */
	int64 age_unrecorded;	   /* offences with no victim age recorded */
} SummaryHeader;

/* A read-only view of a detoasted, validated summary. */
typedef struct SummaryView
{
	const SummaryHeader *hdr;
	const int64 *day_count;
	const int64 *combo_count;
	const int64 *age_count;
	const int32 *day;
	const int32 *combo_start;
	const int32 *combo_member;
	const int32 *age;
	const int32 *name_start;
	const char *names;
} SummaryView;

/* Section sizes of a summary, as read from (or written to) its header. */
typedef struct SummaryShape
{
	int32 ndays;
	int32 nplatforms;
	int32 ncombos;
	int32 nmembers;
	int32 nages;
	int32 name_bytes;
} SummaryShape;

/* Bytes a summary of this shape takes, or -1 if over MaxAllocSize. */
extern int64 summary_size(const SummaryShape *shape);

/* The section sizes a header records. */
extern void summary_shape(const SummaryHeader *hdr, SummaryShape *shape);

/* Allocate a zeroed summary of this shape with its header filled in. */
extern SummaryHeader *summary_allocate(const SummaryShape *shape);

/* A summary of no offences: what an aggregate over no rows returns. */
extern SummaryHeader *summary_empty(void);

/* Point a view at the sections of a summary (no checks: see validate). */
extern void summary_view(const SummaryHeader *hdr, SummaryView *view);

/*
 * Check every invariant of the stored form: version, flags, section sizes
 * against the varlena length, sums of counts, ordering and uniqueness of
 * keys, ranges, name encoding.  Raises ERROR naming what is wrong, with the
 * SQLSTATE the value's source calls for (summary_errors.h).
 */
extern void summary_validate(const SummaryHeader *hdr, Size total_len, SummarySource source);

/* The same, but platform names may come in any order (input, before summary_canonicalise). */
extern void summary_validate_unordered(const SummaryHeader *hdr, Size total_len,
									   SummarySource source);

/*
 * Refuse a summary whose text form would not fit in a value, so that what
 * is stored can always be dumped (s::text, COPY TO, pg_dump): called where
 * a summary is made (final function, merge, text and binary input).
 */
extern SummaryHeader *summary_check_dumpable(SummaryHeader *hdr);

/* Order of platform names: bytes, then length (a prefix sorts first). */
extern int summary_compare_names(const char *a, int32 alen, const char *b, int32 blen);

/* Lexicographic order of two combinations' (sorted) member lists. */
extern int summary_compare_members(const int32 *a, int32 na, const int32 *b, int32 nb);

/* Offences involving each platform (an offence on two counts for both), palloc'd. */
extern int64 *summary_offences_per_platform(const SummaryView *v);

/*
 * The one way in for a stored value (contrib/hstore's DatumGetHStoreP ->
 * hstoreUpgrade): detoast, align, check the format version and convert an
 * older version to the current one (summary_upgrade.c).  Every function
 * that reads an offence_summary argument goes through PG_GETARG_SUMMARY.
 */
extern SummaryHeader *summary_from_datum(Datum datum);

#define PG_GETARG_SUMMARY(n) summary_from_datum(PG_GETARG_DATUM(n))

/* Refuse a format version this build cannot read (1 to SUMMARY_FORMAT_VERSION). */
extern void summary_check_version(int version, SummarySource source);

/* Convenience accessors on a view. */
static inline const char *
summary_name(const SummaryView *v, int32 i, int32 *len)
{
	*len = v->name_start[i + 1] - v->name_start[i];
	return v->names + v->name_start[i];
}

/* Offences with at least one platform recorded: the denominator of every platform share. */
static inline int64
summary_platform_recorded(const SummaryHeader *hdr)
{
	return hdr->offences - hdr->platform_unrecorded;
}

/* Offences with a victim age recorded: the denominator of every age share. */
static inline int64
summary_age_recorded(const SummaryHeader *hdr)
{
	return hdr->offences - hdr->age_unrecorded;
}

#endif

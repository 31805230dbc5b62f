/*
 * summary_upgrade.c
 *	  The one way in for a stored offence_summary: detoast, align, check the
 *	  format version, and convert an older version to the current one, as
 *	  contrib/hstore does (DatumGetHStoreP -> hstoreUpgrade).  Accessors,
 *	  operators, send, output, json, merge and rollup all read their
 *	  arguments through PG_GETARG_SUMMARY, so a format change reaches no
 *	  accessor: it is this file, the layout in summary_format.c and the
 *	  text and binary readers.
 *
 * Version 1 (groomstats 1.0) is the current version, so today nothing is
 * converted.  To add version 2:
 *	  1. describe it in summary_format.h and set SUMMARY_FORMAT_VERSION 2;
 *	  2. write summary_upgrade_v1(): a version 1 value in, a validated
 *		 version 2 value (palloc'd, canonical) out;
 *	  3. add `case 1: return summary_upgrade_v1(hdr, len);` to upgrade()
 *		 below, and teach text input and binary receive to read `v1;` and
 *		 version byte 1 the same way (summary_text.c, summary_binary.c);
 *	  4. keep test/fixtures/1.0 passing (test/scripts/fixtures_1_0.sh).
 */
#include "postgres.h"

#include "fmgr.h"

#include "summary_format.h"

void
summary_check_version(int version, SummarySource source)
{
	if (version < 1 || version > SUMMARY_FORMAT_VERSION)
		SUMMARY_INVALID(source,
						"Format version %d is not supported: this build of groomstats reads "
						"format versions up to %d.",
						version, SUMMARY_FORMAT_VERSION);
}

/*
 * A value of the current version: trusted as stored (every way in validated
 * it), but its section sizes must account for its length, which costs
 * nothing and keeps a damaged value from being read out of bounds.
 */
static SummaryHeader *
current(SummaryHeader *hdr, Size len)
{
	SummaryShape shape;
	int64 expected;

	summary_shape(hdr, &shape);
	expected = summary_size(&shape);
	if (expected < 0 || (Size) expected != len)
		SUMMARY_INVALID(SUMMARY_FROM_BINARY,
						"The stored value is %zu bytes but its section sizes need " INT64_FORMAT
						".",
						len, expected);
	return hdr;
}

/* Convert a value of any supported version to the current one. */
static SummaryHeader *
upgrade(SummaryHeader *hdr, Size len)
{
	summary_check_version(hdr->version, SUMMARY_FROM_BINARY);
	switch (hdr->version)
	{
		case SUMMARY_FORMAT_VERSION:
			return current(hdr, len);

			/* Older versions are converted here: case 1 once version 2 exists. */
	}
	elog(ERROR, "offence_summary format version %d has no conversion", hdr->version);
}

SummaryHeader *
summary_from_datum(Datum datum)
{
	struct varlena *raw = PG_DETOAST_DATUM(datum);
	Size len = VARSIZE(raw);
	SummaryHeader *hdr = (SummaryHeader *) raw;

	/*
	 * The sections hold int64s.  A detoasted copy is palloc'd (aligned); a
	 * value read in place from a tuple or a bytea may not be: copy it.
	 */
	if ((uintptr_t) raw != MAXALIGN((uintptr_t) raw))
	{
		hdr = palloc(len);
		memcpy(hdr, raw, len);
	}
	if (len < sizeof(SummaryHeader))
		SUMMARY_INVALID(SUMMARY_FROM_BINARY,
						"The stored value is %zu bytes, shorter than its %zu-byte header.", len,
						sizeof(SummaryHeader));
	return upgrade(hdr, len);
}

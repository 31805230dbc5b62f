/*
 * summary_ops.c
 *	  Equality and hashing of offence_summary.  The stored form is canonical,
 *	  so two summaries of the same offences have the same bytes once read
 *	  through the one way in (which converts an older format to the current
 *	  one): `=` compares those bytes and the hash is of those bytes.
 */
#include "postgres.h"

#include "common/hashfn.h"
#include "fmgr.h"

#include "compat.h"
#include "summary_format.h"

PG_FUNCTION_INFO_V1(offence_summary_eq);
PG_FUNCTION_INFO_V1(offence_summary_ne);
PG_FUNCTION_INFO_V1(offence_summary_hash);

static bool
same_summary(FunctionCallInfo fcinfo)
{
	const SummaryHeader *a = PG_GETARG_SUMMARY(0);
	const SummaryHeader *b = PG_GETARG_SUMMARY(1);

	return VARSIZE(a) == VARSIZE(b) && memcmp(a, b, VARSIZE(a)) == 0;
}

Datum
offence_summary_eq(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(same_summary(fcinfo));
}

Datum
offence_summary_ne(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(!same_summary(fcinfo));
}

/* The hash of the bytes after the varlena header, as in 1.0 (hash indexes stay valid). */
Datum
offence_summary_hash(PG_FUNCTION_ARGS)
{
	const SummaryHeader *a = PG_GETARG_SUMMARY(0);

	return hash_any((const unsigned char *) VARDATA(a), VARSIZE(a) - VARHDRSZ);
}

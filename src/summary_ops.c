/*
 * summary_ops.c
 *	  Equality and hashing of offence_summary.  The stored form is canonical,
 *	  so two summaries of the same offences have the same bytes.
 */
#include "postgres.h"

#include "common/hashfn.h"
#include "fmgr.h"

#include "compat.h"

PG_FUNCTION_INFO_V1(offence_summary_eq);
PG_FUNCTION_INFO_V1(offence_summary_ne);
PG_FUNCTION_INFO_V1(offence_summary_hash);

static bool
same_bytes(FunctionCallInfo fcinfo)
{
	struct varlena *a = PG_DETOAST_DATUM_PACKED(PG_GETARG_DATUM(0));
	struct varlena *b = PG_DETOAST_DATUM_PACKED(PG_GETARG_DATUM(1));

	return VARSIZE_ANY_EXHDR(a) == VARSIZE_ANY_EXHDR(b) &&
		   memcmp(VARDATA_ANY(a), VARDATA_ANY(b), VARSIZE_ANY_EXHDR(a)) == 0;
}

Datum
offence_summary_eq(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(same_bytes(fcinfo));
}

Datum
offence_summary_ne(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(!same_bytes(fcinfo));
}

Datum
offence_summary_hash(PG_FUNCTION_ARGS)
{
	struct varlena *a = PG_DETOAST_DATUM_PACKED(PG_GETARG_DATUM(0));

	return hash_any((const unsigned char *) VARDATA_ANY(a), VARSIZE_ANY_EXHDR(a));
}

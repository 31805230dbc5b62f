/*
 * srf_output.h
 *	  Rows out of a set-returning accessor, materialised in a tuplestore.
 */
#ifndef GROOMSTATS_SRF_OUTPUT_H
#define GROOMSTATS_SRF_OUTPUT_H

#include "postgres.h"
#include "fmgr.h"
#include "funcapi.h"

#define SRF_MAX_COLUMNS 8

typedef struct SrfRow
{
	Datum values[SRF_MAX_COLUMNS];
	bool nulls[SRF_MAX_COLUMNS];
} SrfRow;

/* Start materialised output; returns the result set to put rows into. */
static inline ReturnSetInfo *
srf_begin(FunctionCallInfo fcinfo)
{
	InitMaterializedSRF(fcinfo, 0);
	return (ReturnSetInfo *) fcinfo->resultinfo;
}

static inline void
srf_row_clear(SrfRow *row)
{
	memset(row->nulls, true, sizeof(row->nulls));
}

static inline void
srf_put(ReturnSetInfo *rsinfo, SrfRow *row)
{
	tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, row->values, row->nulls);
}

#define SRF_SET(row, col, datum)                                                                   \
	do                                                                                             \
	{                                                                                              \
		(row)->values[(col)] = (datum);                                                            \
		(row)->nulls[(col)] = false;                                                               \
	} while (0)

#endif

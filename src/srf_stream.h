/*
 * srf_stream.h
 *	  Rows out of a set-returning accessor one per call (value-per-call), for
 *	  accessors over periods: a period can hold millions of days or weeks,
 *	  and a caller's LIMIT (in the select list) or a statement timeout must
 *	  stop the work, with memory flat however many rows are produced.
 *
 * The accessor sets up its state once and gives a function that fills the
 * next row:
 *
 *	  Datum
 *	  f(PG_FUNCTION_ARGS)
 *	  {
 *		  if (SRF_IS_FIRSTCALL())
 *		  {
 *			  MemoryContext old = srf_stream_begin(fcinfo, NCOLUMNS);
 *			  srf_stream_state(fcinfo) = set_up(fcinfo);	-- in the multi-call context
 *			  MemoryContextSwitchTo(old);
 *		  }
 *		  return srf_stream_next(fcinfo, next_row);
 *	  }
 *
 * Everything the rows need is decided on the first call (disclosure control
 * over the whole period included), so each later call does a bounded amount
 * of work, and checks for interrupts.  Rows stream where the function is
 * called in a select list (ProjectSet), and LIMIT stops the calls; a C
 * function in FROM (FunctionScan) would have every row stored before the
 * first is read, so the public SQL names are LANGUAGE sql wrappers that the
 * planner inlines, calling the C function in a select list (see
 * sql/install/30_rates.sql, daily_counts).
 */
#ifndef GROOMSTATS_SRF_STREAM_H
#define GROOMSTATS_SRF_STREAM_H

#include "postgres.h"

#include "access/htup_details.h"
#include "fmgr.h"
#include "funcapi.h"
#include "miscadmin.h"

#include "srf_output.h"

/* Fill the next row (columns start NULL); false when there are no more. */
typedef bool (*SrfNextRow)(void *state, SrfRow *row);

/*
 * First call: the row type, checked to have `ncolumns` columns.  Returns
 * the caller's context, having switched to the multi-call context (where
 * the state must live).
 */
static inline MemoryContext
srf_stream_begin(FunctionCallInfo fcinfo, int ncolumns)
{
	FuncCallContext *funcctx = SRF_FIRSTCALL_INIT();
	MemoryContext old = MemoryContextSwitchTo(funcctx->multi_call_memory_ctx);
	TupleDesc tupdesc;

	if (get_call_result_type(fcinfo, NULL, &tupdesc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "set-returning function called in a context that cannot accept a row");
	if (tupdesc->natts != ncolumns || ncolumns > SRF_MAX_COLUMNS)
		elog(ERROR, "result row has %d columns, expected %d", tupdesc->natts, ncolumns);
	funcctx->tuple_desc = BlessTupleDesc(tupdesc);
	return old;
}

/* The accessor's state (set on the first call). */
#define srf_stream_state(fcinfo) (((FuncCallContext *) (fcinfo)->flinfo->fn_extra)->user_fctx)

/* Every call: the next row, or the end of the set. */
static inline Datum
srf_stream_next(FunctionCallInfo fcinfo, SrfNextRow next_row)
{
	FuncCallContext *funcctx = SRF_PERCALL_SETUP();
	SrfRow row;

	CHECK_FOR_INTERRUPTS();
	srf_row_clear(&row);
	if (!next_row(funcctx->user_fctx, &row))
		SRF_RETURN_DONE(funcctx);
	SRF_RETURN_NEXT(funcctx,
					HeapTupleGetDatum(heap_form_tuple(funcctx->tuple_desc, row.values, row.nulls)));
}

#endif

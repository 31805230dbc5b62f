/*
 * summary_agg.c
 *	  The aggregates: offence_summary_agg(date, text | text[], integer), and
 *	  rollup(offence_summary).
 *
 * The transition state of a group is a SummaryState in the aggregate memory
 * context, holding only that group's counts; every group of the call shares
 * one SummaryDict (platforms, combinations, raw-value caches).
 * The per-row path does no allocation for a platform value any group has
 * seen before: the value's bytes are hashed in place and looked up in the
 * dictionary's cache.  The canonical stored form is made only at the end
 * (final) or at the parallel boundary (serialise).
 */
#include "postgres.h"

#include "fmgr.h"
#include "utils/date.h"

#include "compat.h"
#include "summary_dict.h"
#include "summary_format.h"
#include "summary_state.h"

PG_FUNCTION_INFO_V1(offence_summary_trans_text);
PG_FUNCTION_INFO_V1(offence_summary_trans_array);
PG_FUNCTION_INFO_V1(offence_summary_rollup_trans);
PG_FUNCTION_INFO_V1(offence_summary_combine);
PG_FUNCTION_INFO_V1(offence_summary_serialize);
PG_FUNCTION_INFO_V1(offence_summary_deserialize);
PG_FUNCTION_INFO_V1(offence_summary_final);

static MemoryContext
aggregate_context(FunctionCallInfo fcinfo)
{
	MemoryContext aggcxt;

	if (!AggCheckCallContext(fcinfo, &aggcxt))
		elog(ERROR, "groomstats aggregate function called in non-aggregate context");
	return aggcxt;
}

/*
 * The dictionary shared by every group of this aggregate call: keyed by the
 * query's memory context (where the executor keeps the call's function
 * info), so that it outlives the aggregate contexts, which PostgreSQL resets
 * for each group of a sorted aggregate and for each batch of a spilled hash
 * aggregate, and so that the combine and deserialise functions of a
 * parallel plan find the same one.
 */
static inline SummaryDict *
call_dict(FunctionCallInfo fcinfo)
{
	return summary_dict_for(fcinfo->flinfo->fn_mcxt);
}

/*
 * The state in argument 0, created in the aggregate context on first use,
 * sharing the call's dictionary with the other groups.  Only that first
 * call needs the context check: SQL cannot make a non-NULL `internal`
 * value, so a state can only come from an earlier call.
 */
static inline SummaryState *
get_state(FunctionCallInfo fcinfo)
{
	if (unlikely(PG_ARGISNULL(0)))
	{
		MemoryContext aggcxt = aggregate_context(fcinfo);

		return summary_state_create_in(call_dict(fcinfo), aggcxt);
	}
	return (SummaryState *) PG_GETARG_POINTER(0);
}

/* A recorded date: NULL means undated; an infinite one is not a day. */
static const DateADT *
read_day(FunctionCallInfo fcinfo, int argno, DateADT *day)
{
	if (PG_ARGISNULL(argno))
		return NULL;
	*day = PG_GETARG_DATEADT(argno);
	if (DATE_NOT_FINITE(*day))
		ereport(ERROR, (errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
						errmsg("recorded date \"%s\" is not a day",
							   DATE_IS_NOBEGIN(*day) ? "-infinity" : "infinity"),
						errhint("Use NULL for an offence with no recorded date.")));
	return day;
}

/* A victim age: NULL means not recorded (-1); outside 0..150 is an error. */
static int32
read_age(FunctionCallInfo fcinfo, int argno)
{
	int32 age;

	if (PG_ARGISNULL(argno))
		return -1;
	age = PG_GETARG_INT32(argno);
	if (age < 0 || age > SUMMARY_MAX_AGE)
		ereport(ERROR, (errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
						errmsg("victim age %d is out of range", age),
						errdetail("Ages are whole years from 0 to %d.", SUMMARY_MAX_AGE),
						errhint("Use NULL for an offence with no recorded age.")));
	return age;
}

/*
 * The combination of a platform argument, through the dictionary's caches:
 * a value seen before, by any group, maps straight to its combination.
 */
static int32
read_platforms(FunctionCallInfo fcinfo, SummaryDict *dict, int argno, bool is_array)
{
	struct varlena *raw;

	if (PG_ARGISNULL(argno))
		return NO_PLATFORM;
	raw = (struct varlena *) DatumGetPointer(PG_GETARG_DATUM(argno));
	/* As PG_DETOAST_DATUM_PACKED, without a call for the usual inline value. */
	if (unlikely(VARATT_IS_EXTERNAL(raw) || VARATT_IS_COMPRESSED(raw)))
		raw = pg_detoast_datum_packed(raw);
	return is_array ? summary_dict_resolve_array(dict, raw) : summary_dict_resolve_text(dict, raw);
}

static Datum
transition(FunctionCallInfo fcinfo, bool is_array)
{
	SummaryState *state = get_state(fcinfo);
	DateADT day_value;
	const DateADT *day = read_day(fcinfo, 1, &day_value);
	int32 age = read_age(fcinfo, 3);
	int32 combo = read_platforms(fcinfo, state->dict, 2, is_array);

	summary_state_add_offence(state, day, combo, age);
	PG_RETURN_POINTER(state);
}

Datum
offence_summary_trans_text(PG_FUNCTION_ARGS)
{
	return transition(fcinfo, false);
}

Datum
offence_summary_trans_array(PG_FUNCTION_ARGS)
{
	return transition(fcinfo, true);
}

/* rollup(offence_summary): NULL summaries hold no offences and are skipped. */
Datum
offence_summary_rollup_trans(PG_FUNCTION_ARGS)
{
	SummaryState *state;
	SummaryView view;

	if (PG_ARGISNULL(1))
	{
		if (PG_ARGISNULL(0))
			PG_RETURN_NULL();
		PG_RETURN_POINTER(PG_GETARG_POINTER(0));
	}
	state = get_state(fcinfo);
	summary_view(PG_GETARG_SUMMARY(1), &view);
	summary_state_merge_view(state, &view);
	PG_RETURN_POINTER(state);
}

Datum
offence_summary_combine(PG_FUNCTION_ARGS)
{
	MemoryContext aggcxt = aggregate_context(fcinfo);
	SummaryState *state;

	if (PG_ARGISNULL(1))
	{
		if (PG_ARGISNULL(0))
			PG_RETURN_NULL();
		PG_RETURN_POINTER(PG_GETARG_POINTER(0));
	}
	/* Copy rather than adopt the second state: it may live elsewhere. */
	state = PG_ARGISNULL(0) ? summary_state_create_in(call_dict(fcinfo), aggcxt)
							: (SummaryState *) PG_GETARG_POINTER(0);
	summary_state_merge_state(state, (SummaryState *) PG_GETARG_POINTER(1));
	PG_RETURN_POINTER(state);
}

Datum
offence_summary_serialize(PG_FUNCTION_ARGS)
{
	SummaryState *state = (SummaryState *) PG_GETARG_POINTER(0);

	PG_RETURN_BYTEA_P((bytea *) summary_state_encode(state));
}

Datum
offence_summary_deserialize(PG_FUNCTION_ARGS)
{
	struct varlena *raw = PG_DETOAST_DATUM(PG_GETARG_DATUM(0));
	SummaryHeader *hdr = (SummaryHeader *) raw;
	SummaryState *state;
	SummaryView view;

	/* The sections hold int64s: read them from an aligned copy. */
	if ((uintptr_t) raw != MAXALIGN((uintptr_t) raw))
	{
		hdr = palloc(VARSIZE(raw));
		memcpy(hdr, raw, VARSIZE(raw));
	}
	(void) aggregate_context(fcinfo); /* only ever called by an aggregate */
	summary_validate(hdr, VARSIZE(hdr), SUMMARY_FROM_BINARY);

	/*
	 * A partial state lives only until the combine function has merged it
	 * into the group's state (which copies, never adopts it): build it in the
	 * short-lived current context, not the aggregate's.  It shares the
	 * call's dictionary, so that the merge goes by ids.
	 */
	state = summary_state_create_in(call_dict(fcinfo), CurrentMemoryContext);
	summary_view(hdr, &view);
	summary_state_merge_view(state, &view);
	PG_RETURN_POINTER(state);
}

/* No rows (or only NULL summaries) make an empty summary, as count() makes 0. */
Datum
offence_summary_final(PG_FUNCTION_ARGS)
{
	if (PG_ARGISNULL(0))
		PG_RETURN_POINTER(summary_empty());
	PG_RETURN_POINTER(
		summary_check_dumpable(summary_state_encode((SummaryState *) PG_GETARG_POINTER(0))));
}

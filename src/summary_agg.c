/*
 * summary_agg.c
 *	  The aggregates: offence_summary_agg(date, text | text[], integer), and
 *	  rollup(offence_summary).
 *
 * The transition state is a SummaryState allocated once in the aggregate
 * memory context.  The per-row path does no allocation for a platform value
 * it has seen before: the value's bytes are hashed in place and looked up in
 * the state's value cache.  The canonical stored form is made only at the
 * end (final) or at the parallel boundary (serialise).
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "fmgr.h"
#include "utils/array.h"
#include "utils/date.h"
#include "utils/lsyscache.h"

#include "compat.h"
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
 * The state in argument 0, created in the aggregate context on first use.
 * Only that first call needs the context check: SQL cannot make a non-NULL
 * `internal` value, so a state can only come from an earlier call.
 */
static inline SummaryState *
get_state(FunctionCallInfo fcinfo)
{
	if (unlikely(PG_ARGISNULL(0)))
		return summary_state_create(aggregate_context(fcinfo));
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

/* The combination of platforms in one text[] value (first time it is seen). */
static int32
resolve_array(SummaryState *state, Datum value)
{
	ArrayType *array = DatumGetArrayTypeP(value);
	Datum *elems;
	bool *nulls;
	int n;
	int32 *ids;
	int32 nids = 0;

	deconstruct_array(array, TEXTOID, -1, false, TYPALIGN_INT, &elems, &nulls, &n);
	ids = palloc(Max(n, 1) * sizeof(int32));
	for (int i = 0; i < n; i++)
	{
		text *name;

		/* NULL and '' elements record nothing, like a NULL platform. */
		if (nulls[i])
			continue;
		name = DatumGetTextPP(elems[i]);
		if (VARSIZE_ANY_EXHDR(name) == 0)
			continue;
		ids[nids++] = summary_state_platform(state, VARDATA_ANY(name), VARSIZE_ANY_EXHDR(name));
	}
	return summary_state_combo(state, ids, nids);
}

/* The combination of one text value (first time it is seen). */
static int32
resolve_text(SummaryState *state, Datum value)
{
	text *name = DatumGetTextPP(value);
	int32 id;

	if (VARSIZE_ANY_EXHDR(name) == 0)
		return NO_PLATFORM;
	id = summary_state_platform(state, VARDATA_ANY(name), VARSIZE_ANY_EXHDR(name));
	return summary_state_combo(state, &id, 1);
}

/*
 * The combination of a platform argument, through the value cache: the raw
 * bytes of a value seen before map straight to its combination.
 */
static int32
read_platforms(FunctionCallInfo fcinfo, SummaryState *state, int argno, bool is_array)
{
	struct varlena *raw;
	const char *bytes;
	int32 len;
	uint32 hash;
	int32 combo;

	if (PG_ARGISNULL(argno))
		return NO_PLATFORM;
	raw = (struct varlena *) DatumGetPointer(PG_GETARG_DATUM(argno));
	/* As PG_DETOAST_DATUM_PACKED, without a call for the usual inline value. */
	if (unlikely(VARATT_IS_EXTERNAL(raw) || VARATT_IS_COMPRESSED(raw)))
		raw = pg_detoast_datum_packed(raw);
	bytes = VARDATA_ANY(raw);
	len = VARSIZE_ANY_EXHDR(raw);
	hash = bytemap_hash(bytes, len);
	if (bytemap_find(&state->value_cache, bytes, len, hash, &combo))
		return combo;

	combo = is_array ? resolve_array(state, PointerGetDatum(raw))
					 : resolve_text(state, PointerGetDatum(raw));
	bytemap_insert(&state->value_cache, bytes, len, hash, combo);
	return combo;
}

static Datum
transition(FunctionCallInfo fcinfo, bool is_array)
{
	SummaryState *state = get_state(fcinfo);
	DateADT day_value;
	const DateADT *day = read_day(fcinfo, 1, &day_value);
	int32 age = read_age(fcinfo, 3);
	int32 combo = read_platforms(fcinfo, state, 2, is_array);

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
	state = PG_ARGISNULL(0) ? summary_state_create(aggcxt) : (SummaryState *) PG_GETARG_POINTER(0);
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
	summary_validate(hdr, VARSIZE(hdr), ERRCODE_INVALID_BINARY_REPRESENTATION);

	/*
	 * A partial state lives only until the combine function has merged it
	 * into the group's state (which copies, never adopts it): build it in the
	 * short-lived current context, not the aggregate's.
	 */
	state = summary_state_create(CurrentMemoryContext);
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
	PG_RETURN_POINTER(summary_state_encode((SummaryState *) PG_GETARG_POINTER(0)));
}

/*
 * compare_args.c
 *	  Argument checks and array arguments of the comparison functions.
 */
#include "postgres.h"

#include <math.h>

#include "catalog/pg_type.h"
#include "utils/builtins.h"
#include "utils/float.h"

#include "compare_args.h"
#include "publish.h"

void
compare_check_positive(double value, const char *what)
{
	if (isnan(value) || isinf(value) || !(value > 0.0))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s %s is not a positive finite number", what, float8out_internal(value)),
				 errdetail("A rate or share needs a denominator greater than 0.")));
}

bool
compare_statistic_is_rate(const char *name)
{
	if (pg_strcasecmp(name, "rate") == 0)
		return true;
	if (pg_strcasecmp(name, "proportion") == 0)
		return false;
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE), errmsg("unknown statistic \"%s\"", name),
			 errhint("Valid statistics are \"rate\" and \"proportion\".")));
	pg_unreachable();
}

static void
check_one_dimension(ArrayType *array, const char *what)
{
	if (ARR_NDIM(array) > 1)
		ereport(ERROR, (errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
						errmsg("%s must be a one-dimensional array, not %d-dimensional", what,
							   ARR_NDIM(array))));
}

double *
compare_float8_array(ArrayType *array, const char *what, int *count)
{
	Datum *elems;
	bool *nulls;
	double *values;
	int n;

	check_one_dimension(array, what);
	deconstruct_array(array, FLOAT8OID, sizeof(float8), FLOAT8PASSBYVAL, TYPALIGN_DOUBLE, &elems,
					  &nulls, &n);
	values = palloc(Max(n, 1) * sizeof(double));
	for (int i = 0; i < n; i++)
	{
		if (nulls[i])
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED), errmsg("%s[%d] is NULL", what, i + 1),
					 errdetail("Every area needs a value; leave out areas you cannot give "
							   "one for.")));
		values[i] = DatumGetFloat8(elems[i]);
		if (isnan(values[i]) || isinf(values[i]))
			ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
							errmsg("%s[%d] is %s", what, i + 1, float8out_internal(values[i]))));
	}
	*count = n;
	return values;
}

char **
compare_text_array(ArrayType *array, const char *what, int *count)
{
	Datum *elems;
	bool *nulls;
	char **values;
	int n;

	check_one_dimension(array, what);
	deconstruct_array(array, TEXTOID, -1, false, TYPALIGN_INT, &elems, &nulls, &n);
	values = palloc(Max(n, 1) * sizeof(char *));
	for (int i = 0; i < n; i++)
	{
		if (nulls[i])
			ereport(ERROR, (errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
							errmsg("%s[%d] is NULL", what, i + 1)));
		values[i] = TextDatumGetCString(elems[i]);
	}
	*count = n;
	return values;
}

void
compare_check_lengths(int a, int b, const char *what_a, const char *what_b)
{
	if (a != b)
		ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						errmsg("%s has %d elements but %s has %d", what_a, a, what_b, b),
						errdetail("Give one element per area in each array, in the same order.")));
}

bool
compare_numerator_hidden(double numerator)
{
	if (!(numerator > 0.0))
		return false;
	if (numerator >= (double) PG_INT32_MAX)
		return false;
	return !publish_count_visible(Max((int64) 1, (int64) floor(numerator)));
}

AreaData
compare_read_areas(ArrayType *numerators, ArrayType *denominators, bool is_rate)
{
	AreaData a;
	int nden;

	a.numerators = compare_float8_array(numerators, "numerators", &a.n);
	a.denominators = compare_float8_array(denominators, "denominators", &nden);
	compare_check_lengths(a.n, nden, "numerators", "denominators");
	if (a.n == 0)
		ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE), errmsg("no areas given"),
						errdetail("Give one numerator and one denominator per area.")));
	for (int i = 0; i < a.n; i++)
	{
		if (a.numerators[i] < 0.0)
			ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
							errmsg("numerators[%d] = %s is negative", i + 1,
								   float8out_internal(a.numerators[i]))));
		if (!(a.denominators[i] > 0.0))
			ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
							errmsg("denominators[%d] = %s is not positive", i + 1,
								   float8out_internal(a.denominators[i]))));
		if (!is_rate && a.numerators[i] > a.denominators[i])
			ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
							errmsg("numerators[%d] = %s exceeds denominators[%d] = %s", i + 1,
								   float8out_internal(a.numerators[i]), i + 1,
								   float8out_internal(a.denominators[i])),
							errdetail("A proportion is at most 1.")));
	}
	return a;
}

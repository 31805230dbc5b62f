/*
 * compare_args.h
 *	  Arguments of the comparison functions (compare_rate, compare_share,
 *	  funnel_limits, overdispersion, funnel_svg): checks that name the bad
 *	  value (SQLSTATE class 22), and reading a float8[] or text[] argument.
 */
#ifndef GROOMSTATS_COMPARE_ARGS_H
#define GROOMSTATS_COMPARE_ARGS_H

#include "postgres.h"
#include "utils/array.h"

/* ERROR 22023 unless value is finite and > 0; `what` names the argument. */
extern void compare_check_positive(double value, const char *what);

/* ERROR 22023 unless the statistic is 'rate' or 'proportion'; true for 'rate'. */
extern bool compare_statistic_is_rate(const char *name);

/*
 * The elements of a one-dimensional float8[] (no NULLs, all finite: ERROR
 * 22004 or 22023 naming the position) and their number.
 */
extern double *compare_float8_array(ArrayType *array, const char *what, int *count);

/* The elements of a text[] as C strings (a NULL element: ERROR 22004). */
extern char **compare_text_array(ArrayType *array, const char *what, int *count);

/* Arrays that go together must have one element per area: ERROR 22023. */
extern void compare_check_lengths(int a, int b, const char *what_a, const char *what_b);

/* Areas' numerators and denominators, read together from two float8[] arguments. */
typedef struct AreaData
{
	int n;
	double *numerators;
	double *denominators;
} AreaData;

/*
 * Read and check them: at least one area, as many numerators as
 * denominators, numerators >= 0, denominators > 0, and for proportions
 * numerators at most their denominators (ERROR 22023 naming the area).
 */
extern AreaData compare_read_areas(ArrayType *numerators, ArrayType *denominators, bool is_rate);

/*
 * Would disclosure control hide this numerator?  A count of 1 to N - 1 is
 * hidden; a fractional numerator is judged by its whole part (at least 1).
 */
extern bool compare_numerator_hidden(double numerator);

#endif

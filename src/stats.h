/*
 * stats.h
 *	  Confidence intervals and tests for counts and proportions.  Every
 *	  quantile and probability comes from R's standalone math library
 *	  (libRmath), so results equal R's own to rounding.
 */
#ifndef GROOMSTATS_STATS_H
#define GROOMSTATS_STATS_H

#include "postgres.h"

typedef struct ConfInterval
{
	double lower;
	double upper;
} ConfInterval;

/* How to make an interval for a Poisson count. */
typedef enum RateMethod
{
	RATE_METHOD_EXACT, /* Garwood, as R's poisson.test */
	RATE_METHOD_BYAR,  /* Byar's approximation, as PHEindicatormethods */
	RATE_METHOD_PHE	   /* exact below 10, Byar from 10 (PHE's rule) */
} RateMethod;

typedef struct RateRatio
{
	double ratio;
	double lower;
	double upper;
	double p_value;
} RateRatio;

/* ERROR 22023 unless 0 < level < 1 (NaN is refused). */
extern void stats_check_level(double level);

/* Parse 'exact', 'byar' or 'phe'; ERROR 22023 listing them otherwise. */
extern RateMethod stats_rate_method(const char *name);

/*
 * ConfInterval for the mean of a Poisson count x (x >= 0): divide by the
 * exposure (days, or population / per) to get a rate interval.
 */
extern ConfInterval stats_poisson_interval(int64 x, double level, RateMethod method);

/*
 * Wilson score interval for x successes in n trials (0 <= x <= n, n > 0),
 * as R's prop.test(x, n, correct = FALSE)$conf.int and PHE's
 * phe_proportion.
 */
extern ConfInterval stats_wilson_interval(int64 x, int64 n, double level);

/*
 * Ratio of two Poisson rates x1/t1 over x2/t2 (t1, t2 > 0, x1 + x2 > 0), with
 * the exact conditional interval and two-sided p-value of R's two-sample
 * poisson.test (through binom.test).
 */
extern RateRatio stats_rate_ratio(int64 x1, double t1, int64 x2, double t2, double level);

#endif

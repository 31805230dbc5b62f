/*
 * trend_fit.h
 *	  The Poisson log-linear trend of a series of counts with exposures:
 *	  log E[count_i] = a + b t_i + log(days_i), t_i = 0, 1, 2, ... fitted by
 *	  iteratively reweighted least squares, as R's
 *	  glm(count ~ t + offset(log(days)), family = poisson), with Wald
 *	  intervals and p-values for b as R's confint.default and summary.glm
 *	  (poisson, and quasipoisson with the Pearson dispersion).
 *
 * The series is read through a callback that can be rewound, so a series
 * of millions of buckets is walked once per iteration and never stored.
 */
#ifndef GROOMSTATS_TREND_FIT_H
#define GROOMSTATS_TREND_FIT_H

#include "postgres.h"

typedef struct TrendSource
{
	void *arg;
	void (*rewind)(void *arg);
	/* The next (count, days > 0) of the series, or false at its end. */
	bool (*next)(void *arg, double *count, double *days);
} TrendSource;

typedef struct TrendFit
{
	int64 n;		/* buckets */
	double slope;	/* b: log of the ratio per bucket */
	double se;		/* its standard error (Poisson) */
	double pearson; /* Pearson chi-square, sum (y - mu)^2 / mu */
	int iterations;
} TrendFit;

typedef struct TrendResult
{
	double ratio; /* exp(b) */
	double lower;
	double upper;
	double p_value;	   /* two-sided, for b = 0 */
	double dispersion; /* Pearson chi-square / (n - 2) */
} TrendResult;

/*
 * Fit the trend of at least three buckets.  False when the fit has no
 * finite answer: every count 0, or counts so one-sided that a fitted mean
 * tends to 0 (R warns "fitted rates numerically 0"), or no convergence.
 */
extern bool trend_fit_poisson(const TrendSource *source, TrendFit *fit);

/*
 * Wald interval at `level` and p-value.  quasi: widen the standard error by
 * sqrt(dispersion) and take the p-value from Student's t on n - 2 degrees
 * of freedom, as R's family = quasipoisson.
 */
extern TrendResult trend_wald(const TrendFit *fit, double level, bool quasi);

#endif

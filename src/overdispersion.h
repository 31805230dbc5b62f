/*
 * overdispersion.h
 *	  Funnel comparisons adjusted for overdispersion (Spiegelhalter 2005,
 *	  "Handling over-dispersion of performance indicators"), across all
 *	  areas at once: z-scores against the benchmark, winsorised, give the
 *	  multiplicative dispersion phi and the DerSimonian-Laird between-area
 *	  variance tau^2 of the additive random-effects model.
 */
#ifndef GROOMSTATS_OVERDISPERSION_H
#define GROOMSTATS_OVERDISPERSION_H

#include "postgres.h"

typedef struct OverdispersionArea
{
	double value;  /* numerator / denominator */
	double s;	   /* its standard error under the benchmark */
	double z;	   /* (value - benchmark) / s */
	double z_mult; /* z / sqrt(phi) when phi > 1 */
	double z_add;  /* (value - benchmark) / sqrt(s^2 + tau^2) */
	double lower_mult;
	double upper_mult;
	double lower_add;
	double upper_add;
} OverdispersionArea;

typedef struct OverdispersionFit
{
	double benchmark; /* on the scale of value */
	double phi;
	double tau2;
	double quantile; /* qnorm((1 + level) / 2) */
} OverdispersionFit;

/*
 * Fit n >= 2 areas against `benchmark` (a rate per person, or a proportion
 * strictly between 0 and 1), winsorising the z-scores at quantiles `trim`
 * and 1 - trim (R's type 7) for phi and tau^2.
 */
extern OverdispersionFit overdispersion_fit(bool is_rate, const double *numerators,
											const double *denominators, int n, double benchmark,
											double level, double trim, OverdispersionArea *areas);

#endif

/*
 * funnel.h
 *	  Control limits for drawing a funnel plot, by the method of
 *	  PHEindicatormethods' calculate_funnel_limits (R/Funnels.R and
 *	  R/utils.R of that package): 100 points on the x axis, spread from
 *	  the smallest to the largest denominator, and at each the lower and
 *	  upper limits at 95% (2 sigma) and 99.8% (3 sigma) around the pooled
 *	  average.
 *
 *	  statistic 'rate' (PHE: statistic = "rate", rate_type = "crude", with
 *	  the denominator given): the x axis is driven by event counts; for each
 *	  count the Poisson funnel gives the population at which that count lies
 *	  on a limit, so each limit line has its own x values.
 *	  statistic 'proportion': the x axis is the denominator, and the limits
 *	  are PHE's Wilson-based sigma_adjustment.
 */
#ifndef GROOMSTATS_FUNNEL_H
#define GROOMSTATS_FUNNEL_H

#include "postgres.h"

#define FUNNEL_POINTS 100
#define FUNNEL_LINES  4 /* lower 95%, upper 95%, lower 99.8%, upper 99.8% */

typedef struct Funnel
{
	bool is_rate;
	double baseline;								 /* pooled average times the multiplier */
	double events[FUNNEL_POINTS];					 /* rate: the events of each point */
	double denominator[FUNNEL_LINES][FUNNEL_POINTS]; /* x: per year for rates */
	double value[FUNNEL_LINES][FUNNEL_POINTS];		 /* y: rate or proportion x multiplier */
} Funnel;

/* Level and side of each line, in line order. */
extern const double funnel_line_level[FUNNEL_LINES];
extern const char *const funnel_line_side[FUNNEL_LINES];

/*
 * Compute the funnel for n areas' numerators and denominators (checked by
 * the caller: numerators >= 0, denominators > 0, proportions at most 1).
 */
extern void funnel_compute(bool is_rate, const double *numerators, const double *denominators,
						   int n, double multiplier, double years_of_data, Funnel *funnel);

/* The pooled average, sum(numerators) / sum(denominators), summed as R's sum(). */
extern double funnel_pooled_average(const double *numerators, const double *denominators, int n);

/* Sum of n doubles in extended precision, as R's sum() does (long double). */
extern double funnel_r_sum(const double *values, int n);

#endif

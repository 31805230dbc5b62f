/*
 * stats_exact.h
 *	  Exact tests of one count against an expected value: Poisson (a count
 *	  over a population, against a benchmark rate) and binomial (a count out
 *	  of n, against a benchmark share).  Two-sided p-values as R computes
 *	  them, the tail rule that labels a count higher, similar or lower, and
 *	  the control limits: the range of counts that rule labels similar.
 *	  Every probability comes from libRmath (ppois, dpois, pbinom, dbinom,
 *	  qpois, qbinom), R's own code.
 */
#ifndef GROOMSTATS_STATS_EXACT_H
#define GROOMSTATS_STATS_EXACT_H

#include "postgres.h"

/* What the tail rule says of one count. */
typedef enum ExactLabel
{
	EXACT_SIMILAR,
	EXACT_HIGHER,
	EXACT_LOWER
} ExactLabel;

/* The counts a control limit allows: `similar` exactly when lowest <= x <= highest. */
typedef struct CountLimits
{
	double lowest;
	double highest;
} CountLimits;

/* "higher", "similar" or "lower": the text the SQL functions return. */
extern const char *exact_label_name(ExactLabel label);

/* R's poisson.test(x, 1, r = expected)$p.value (two-sided; x >= 0, expected > 0). */
extern double exact_poisson_p_value(double x, double expected);

/* R's binom.test(x, n, p)$p.value (two-sided; 0 <= x <= n, 0 <= p <= 1). */
extern double exact_binomial_p_value(double x, double n, double p);

/*
 * The tail rule at tail probability alpha = (1 - level) / 2: higher when
 * P(X >= x) < alpha, lower when P(X <= x) < alpha, else similar.
 */
extern ExactLabel exact_poisson_label(double x, double expected, double alpha);
extern ExactLabel exact_binomial_label(double x, double n, double p, double alpha);

/* The lowest and highest counts the same rule labels similar. */
extern CountLimits exact_poisson_limits(double expected, double alpha);
extern CountLimits exact_binomial_limits(double n, double p, double alpha);

#endif

/*
 * stats_exact.c
 *	  Exact one-sample tests of a count against an expected value, written
 *	  expression by expression after R's poisson.test and binom.test (noted
 *	  above each function), with R's own libRmath for every probability.
 *
 * The tail rule and the control limits are read off the same tail
 * probabilities, computed by the same calls, so a count lies within its
 * limits exactly when the rule calls it similar: no separate rounding can
 * make the two disagree.
 */
#include "postgres.h"

#include <math.h>

#include "miscadmin.h"

#define MATHLIB_STANDALONE
#include <Rmath.h>

#include "stats_exact.h"

#define R_LOWER_TAIL 1
#define R_UPPER_TAIL 0
#define R_NOT_LOG	 0

/* R's tolerance in poisson.test and binom.test: "no more likely" within 1e-7. */
#define REL_ERR (1 + 1e-07)

/*
 * R counts the outcomes of the other tail one by one; so do we while that
 * is cheap (about a tenth of a second).  A longer tail is searched by
 * bisection: the probabilities are monotone over each tail, so the count
 * is the same.
 */
#define TAIL_SCAN_LIMIT		 ((double) (1 << 20))
#define TAIL_SCAN_INTERRUPTS 65536
#define EXACT_INTEGER_LIMIT	 9007199254740992.0

typedef double (*DensityFn)(double i, const double *params);

static double
poisson_density(double i, const double *params)
{
	return dpois(i, params[0], R_NOT_LOG);
}

static double
binomial_density(double i, const double *params)
{
	return dbinom(i, params[0], params[1], R_NOT_LOG);
}

const char *
exact_label_name(ExactLabel label)
{
	switch (label)
	{
		case EXACT_HIGHER:
			return "higher";
		case EXACT_LOWER:
			return "lower";
		case EXACT_SIMILAR:
			return "similar";
	}
	elog(ERROR, "unknown comparison label %d", (int) label);
	pg_unreachable();
}

/* How many i in [from, to] by scanning, as R's sum(density(i) <= limit). */
static double
scan_at_most(double from, double to, DensityFn density, const double *params, double limit)
{
	double count = 0.0;
	long step = 0;

	for (double i = from; i <= to; i += 1.0)
	{
		if (density(i, params) <= limit)
			count += 1.0;
		if (++step % TAIL_SCAN_INTERRUPTS == 0)
			CHECK_FOR_INTERRUPTS();
	}
	return count;
}

/*
 * How many i in [from, to] have density(i) <= limit, where the density
 * does not increase along [from, to] (`falling`) or does not decrease: the
 * matching i are a suffix (falling) or a prefix of the range.
 */
static double
count_at_most(double from, double to, DensityFn density, const double *params, double limit,
			  bool falling)
{
	double lo;
	double hi;

	if (to < from)
		return 0.0;
	if (to - from < TAIL_SCAN_LIMIT && to < EXACT_INTEGER_LIMIT)
		return scan_at_most(from, to, density, params, limit);

	if (density(falling ? from : to, params) <= limit)
		return to - from + 1.0;
	if (density(falling ? to : from, params) > limit)
		return 0.0;
	/* Invariant: `lo` does not match when falling (matches when rising); `hi` the opposite. */
	lo = from;
	hi = to;
	while (hi - lo > 1.0)
	{
		double mid = floor(lo + (hi - lo) / 2.0);
		bool matches;

		if (mid <= lo || mid >= hi)
			break;
		matches = density(mid, params) <= limit;
		if (matches == falling)
			hi = mid;
		else
			lo = mid;
		CHECK_FOR_INTERRUPTS();
	}
	return falling ? to - hi + 1.0 : lo - from + 1.0;
}

/*
 * poisson.test(x, T = 1, r = m), alternative "two.sided":
 *	 if (m == 0) (x == 0) else {
 *	   relErr <- 1 + 1e-07; d <- dpois(x, r * T)
 *	   if (x == m) 1 else if (x < m) {
 *		 N <- ceiling(2 * m - x); while (dpois(N, m) > d) N <- 2 * N
 *		 i <- seq.int(from = ceiling(m), to = N); y <- sum(dpois(i, m) <= d * relErr)
 *		 ppois(x, m) + ppois(N - y, m, lower.tail = FALSE)
 *	   } else {
 *		 i <- seq.int(from = 0, to = floor(m)); y <- sum(dpois(i, m) <= d * relErr)
 *		 ppois(y - 1, m) + ppois(x - 1, m, lower.tail = FALSE) } }
 * Two disjoint tails add up to more than 1 only by rounding: capped at 1.
 */
double
exact_poisson_p_value(double x, double m)
{
	double params[1] = {m};
	double d;
	double y;
	double p;

	if (m == 0.0)
		return (x == 0.0) ? 1.0 : 0.0;
	d = dpois(x, m, R_NOT_LOG);
	if (x == m)
		return 1.0;
	if (x < m)
	{
		double n = ceil(2.0 * m - x);

		while (dpois(n, m, R_NOT_LOG) > d)
			n = 2.0 * n;
		y = count_at_most(ceil(m), n, poisson_density, params, d * REL_ERR, true);
		p = ppois(x, m, R_LOWER_TAIL, R_NOT_LOG) + ppois(n - y, m, R_UPPER_TAIL, R_NOT_LOG);
	}
	else
	{
		y = count_at_most(0.0, floor(m), poisson_density, params, d * REL_ERR, false);
		p = ppois(y - 1.0, m, R_LOWER_TAIL, R_NOT_LOG) + ppois(x - 1.0, m, R_UPPER_TAIL, R_NOT_LOG);
	}
	return Min(p, 1.0);
}

/*
 * binom.test(x, n, p), alternative "two.sided":
 *	 if (p == 0) (x == 0) else if (p == 1) (x == n) else {
 *	   relErr <- 1 + 1e-07; d <- dbinom(x, n, p); m <- n * p
 *	   if (x == m) 1 else if (x < m) {
 *		 i <- seq.int(from = ceiling(m), to = n); y <- sum(dbinom(i, n, p) <= d * relErr)
 *		 pbinom(x, n, p) + pbinom(n - y, n, p, lower.tail = FALSE)
 *	   } else {
 *		 i <- seq.int(from = 0, to = floor(m)); y <- sum(dbinom(i, n, p) <= d * relErr)
 *		 pbinom(y - 1, n, p) + pbinom(x - 1, n, p, lower.tail = FALSE) } }
 */
double
exact_binomial_p_value(double x, double n, double p)
{
	double params[2] = {n, p};
	double d;
	double m;
	double y;
	double pvalue;

	if (p == 0.0)
		return (x == 0.0) ? 1.0 : 0.0;
	if (p == 1.0)
		return (x == n) ? 1.0 : 0.0;
	d = dbinom(x, n, p, R_NOT_LOG);
	m = n * p;
	if (x == m)
		return 1.0;
	if (x < m)
	{
		y = count_at_most(ceil(m), n, binomial_density, params, d * REL_ERR, true);
		pvalue =
			pbinom(x, n, p, R_LOWER_TAIL, R_NOT_LOG) + pbinom(n - y, n, p, R_UPPER_TAIL, R_NOT_LOG);
	}
	else
	{
		y = count_at_most(0.0, floor(m), binomial_density, params, d * REL_ERR, false);
		pvalue = pbinom(y - 1.0, n, p, R_LOWER_TAIL, R_NOT_LOG) +
				 pbinom(x - 1.0, n, p, R_UPPER_TAIL, R_NOT_LOG);
	}
	return Min(pvalue, 1.0);
}

/* P(X >= x) and P(X <= x): the two tails every label and limit is read from. */
static inline double
poisson_at_least(double x, double m)
{
	return ppois(x - 1.0, m, R_UPPER_TAIL, R_NOT_LOG);
}

static inline double
poisson_at_most(double x, double m)
{
	return ppois(x, m, R_LOWER_TAIL, R_NOT_LOG);
}

static inline double
binomial_at_least(double x, double n, double p)
{
	return pbinom(x - 1.0, n, p, R_UPPER_TAIL, R_NOT_LOG);
}

static inline double
binomial_at_most(double x, double n, double p)
{
	return pbinom(x, n, p, R_LOWER_TAIL, R_NOT_LOG);
}

ExactLabel
exact_poisson_label(double x, double m, double alpha)
{
	if (poisson_at_least(x, m) < alpha)
		return EXACT_HIGHER;
	if (poisson_at_most(x, m) < alpha)
		return EXACT_LOWER;
	return EXACT_SIMILAR;
}

ExactLabel
exact_binomial_label(double x, double n, double p, double alpha)
{
	if (binomial_at_least(x, n, p) < alpha)
		return EXACT_HIGHER;
	if (binomial_at_most(x, n, p) < alpha)
		return EXACT_LOWER;
	return EXACT_SIMILAR;
}

/*
 * The smallest k with P(X <= k) >= alpha and the largest with P(X >= k) >=
 * alpha: qpois gives a start within a step or two (its own fuzz aside), and
 * the tails above settle it, so the limits agree with the label exactly.
 * Tails are monotone in k; alpha < 1/2, so the median lies between them.
 */
CountLimits
exact_poisson_limits(double m, double alpha)
{
	CountLimits lim;
	double k;

	k = qpois(alpha, m, R_LOWER_TAIL, R_NOT_LOG);
	while (k > 0.0 && poisson_at_most(k - 1.0, m) >= alpha)
		k -= 1.0;
	while (poisson_at_most(k, m) < alpha)
		k += 1.0;
	lim.lowest = k + 0.0; /* never -0 */

	k = qpois(alpha, m, R_UPPER_TAIL, R_NOT_LOG);
	while (poisson_at_least(k + 1.0, m) >= alpha)
		k += 1.0;
	while (k > 0.0 && poisson_at_least(k, m) < alpha)
		k -= 1.0;
	lim.highest = k + 0.0;
	return lim;
}

/* The same for a binomial count, within 0..n. */
CountLimits
exact_binomial_limits(double n, double p, double alpha)
{
	CountLimits lim;
	double k;

	k = qbinom(alpha, n, p, R_LOWER_TAIL, R_NOT_LOG);
	while (k > 0.0 && binomial_at_most(k - 1.0, n, p) >= alpha)
		k -= 1.0;
	while (k < n && binomial_at_most(k, n, p) < alpha)
		k += 1.0;
	lim.lowest = k + 0.0; /* never -0 */

	k = qbinom(alpha, n, p, R_UPPER_TAIL, R_NOT_LOG);
	while (k < n && binomial_at_least(k + 1.0, n, p) >= alpha)
		k += 1.0;
	while (k > 0.0 && binomial_at_least(k, n, p) < alpha)
		k -= 1.0;
	lim.highest = k + 0.0;
	return lim;
}

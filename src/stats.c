/*
 * stats.c
 *	  Confidence intervals and tests for counts and proportions, computed the
 *	  way R computes them, with R's own standalone math library (libRmath)
 *	  for every quantile and probability.
 *
 * Each function follows one R function expression by expression (noted
 * above it), so that results agree with R to the last bits wherever the
 * arithmetic is the same.
 */
#include "postgres.h"

#include <math.h>

#include "miscadmin.h"
#include "utils/float.h"

#define MATHLIB_STANDALONE
#include <Rmath.h>

#include "stats.h"
#include "stats_exact.h"

/* libRmath's flag arguments, named. */
#define R_LOWER_TAIL 1
#define R_UPPER_TAIL 0
#define R_NOT_LOG	 0

/*
 * A level names the two-sided coverage of an interval; 0 and 1 (and NaN)
 * give no interval at all, so they are a user error rather than NaNs.
 */
void
stats_check_level(double level)
{
	if (isnan(level) || !(level > 0.0 && level < 1.0))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("confidence level %s is out of range", float8out_internal(level)),
				 errdetail("A confidence level must be greater than 0 and less than 1, such as "
						   "0.95 or 0.998.")));
}

/* Methods are named in SQL; the names are part of the interface. */
RateMethod
stats_rate_method(const char *name)
{
	if (pg_strcasecmp(name, "exact") == 0)
		return RATE_METHOD_EXACT;
	if (pg_strcasecmp(name, "byar") == 0)
		return RATE_METHOD_BYAR;
	if (pg_strcasecmp(name, "phe") == 0)
		return RATE_METHOD_PHE;
	ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					errmsg("unknown rate interval method \"%s\"", name),
					errhint("Valid methods are \"exact\", \"byar\" and \"phe\".")));
	pg_unreachable();
}

/*
 * Garwood's exact interval, as R's one-sample poisson.test:
 *	 alpha <- (1 - conf.level)/2
 *	 c(if (x == 0) 0 else qgamma(alpha, x), qgamma(1 - alpha, x + 1))
 */
static ConfInterval
garwood_interval(double x, double level)
{
	double alpha = (1.0 - level) / 2.0;
	ConfInterval ci;

	ci.lower = (x == 0.0) ? 0.0 : qgamma(alpha, x, 1.0, R_LOWER_TAIL, R_NOT_LOG);
	ci.upper = qgamma(1.0 - alpha, x + 1.0, 1.0, R_LOWER_TAIL, R_NOT_LOG);
	return ci;
}

/*
 * Byar's approximation, as PHEindicatormethods' byars_lower and
 * byars_upper (z from qnorm(confidence + (1 - confidence)/2)).  At x = 0
 * the lower formula is 0 * -Inf; the lower limit of a zero count is 0.  At
 * small counts and high levels (x = 1 at 99.8%) the cube goes negative: a
 * count cannot, so the lower limit is clamped at 0 (PHE's phe_rate never
 * meets this, using the exact method below 10).
 */
static ConfInterval
byar_interval(double x, double level)
{
	double z = qnorm(level + (1.0 - level) / 2.0, 0.0, 1.0, R_LOWER_TAIL, R_NOT_LOG);
	double x1 = x + 1.0;
	ConfInterval ci;

	if (x == 0.0)
		ci.lower = 0.0;
	else
		ci.lower = fmax(0.0, x * pow(1.0 - 1.0 / (9.0 * x) - z / (3.0 * sqrt(x)), 3.0));
	ci.upper = x1 * pow(1.0 - 1.0 / (9.0 * x1) + z / (3.0 * sqrt(x1)), 3.0);
	return ci;
}

/*
 * The caller divides by its exposure.  PHE's rule uses the exact interval
 * where Byar's approximation is poor (under 10 events).
 */
ConfInterval
stats_poisson_interval(int64 x, double level, RateMethod method)
{
	double count = (double) x;

	Assert(x >= 0);
	switch (method)
	{
		case RATE_METHOD_EXACT:
			return garwood_interval(count, level);
		case RATE_METHOD_BYAR:
			return byar_interval(count, level);
		case RATE_METHOD_PHE:
			return (x < 10) ? garwood_interval(count, level) : byar_interval(count, level);
	}
	elog(ERROR, "unknown rate method %d", (int) method);
	pg_unreachable();
}

/*
 * Wilson's score interval, as R's prop.test(x, n, correct = FALSE) (one
 * sample, two-sided, so the continuity term is 0):
 *	 z <- qnorm((1 + conf.level)/2); z22n <- z^2/(2 * n)
 *	 p.u <- if (p.c >= 1) 1 else (p.c + z22n + z * sqrt(p.c * (1 - p.c)/n + z22n/(2 * n)))/(1 + 2 *
 *z22n) p.l <- if (p.c <= 0) 0 else (p.c + z22n - z * sqrt(...))/(1 + 2 * z22n) c(max(p.l, 0),
 *min(p.u, 1))
 */
ConfInterval
stats_wilson_interval(int64 x, int64 n, double level)
{
	double nn = (double) n;
	double p;
	double z;
	double z22n;
	double spread;
	double lower;
	double upper;
	ConfInterval ci;

	if (n <= 0 || x < 0 || x > n)
		elog(ERROR, "Wilson interval of " INT64_FORMAT " in " INT64_FORMAT " trials", x, n);

	p = (double) x / nn;
	z = qnorm((1.0 + level) / 2.0, 0.0, 1.0, R_LOWER_TAIL, R_NOT_LOG);
	z22n = z * z / (2.0 * nn);
	spread = z * sqrt(p * (1.0 - p) / nn + z22n / (2.0 * nn));
	upper = (p >= 1.0) ? 1.0 : (p + z22n + spread) / (1.0 + 2.0 * z22n);
	lower = (p <= 0.0) ? 0.0 : (p + z22n - spread) / (1.0 + 2.0 * z22n);
	ci.lower = Max(lower, 0.0);
	ci.upper = Min(upper, 1.0);
	return ci;
}

/*
 * R's two-sample poisson.test(c(x1, x2), c(t1, t2), conf.level = level):
 * conditional on x1 + x2 = n, x1 is binomial with p = t1/(t1 + t2), so
 * binom.test(x1, n, p) gives the p-value and Clopper-Pearson limits pp on
 * p, which map to the rate ratio as pp/(1 - pp) * t2/t1.  When x1 + x2 = 0,
 * R gives ratio NaN, interval [0, Inf] and p-value 1; so does this.
 */
/*
 * The odds q/(1 - q) of the p-quantile q of Beta(a, b): what a
 * Clopper-Pearson limit becomes on the rate-ratio scale.
 *
 * Below BETA_LARGE_SHAPES this is R's qbeta(p, a, b), as R computes it.
 * Above, qbeta(p, a, b) fails when its first shape is huge (NaN for
 * a = b = 1e17, "not accurate" for a = 1e17, b = 4), while with the small
 * shape first it stays accurate: so the smaller-mean tail is computed
 * directly (q, or 1 - q as the upper quantile of Beta(b, a)) and the
 * other by subtraction.  With both shapes above BETA_NORMAL_SHAPES
 * neither order works; the Beta is then normal to double precision once
 * its skewness is allowed for (Cornish-Fisher: within 2e-16 of R's qbeta
 * from 1e10 to 1e16, test/stats/ratio_large.R), and q and 1 - q are each
 * computed from their own mean, without cancellation.
 */
#define BETA_LARGE_SHAPES  1e15
#define BETA_NORMAL_SHAPES 1e10

static double
beta_quantile_odds(double p, double a, double b)
{
	double q;
	double one_minus_q;

	if (a + b < BETA_LARGE_SHAPES)
	{
		q = qbeta(p, a, b, R_LOWER_TAIL, R_NOT_LOG);
		return q / (1.0 - q);
	}
	if (Min(a, b) > BETA_NORMAL_SHAPES)
	{
		double n = a + b;
		double sd = sqrt(a * b / (n * n * (n + 1.0)));
		double skew = 2.0 * (b - a) * sqrt(n + 1.0) / ((n + 2.0) * sqrt(a * b));
		double z = qnorm(p, 0.0, 1.0, R_LOWER_TAIL, R_NOT_LOG);
		double w = z + skew * (z * z - 1.0) / 6.0;

		q = a / n + sd * w;
		one_minus_q = b / n - sd * w;
	}
	else if (a <= b)
	{
		q = qbeta(p, a, b, R_LOWER_TAIL, R_NOT_LOG);
		one_minus_q = 1.0 - q;
	}
	else
	{
		one_minus_q = qbeta(1.0 - p, b, a, R_LOWER_TAIL, R_NOT_LOG);
		q = 1.0 - one_minus_q;
	}
	return q / one_minus_q;
}

RateRatio
stats_rate_ratio(int64 x1, double t1, int64 x2, double t2, double level)
{
	double x = (double) x1;
	double n = (double) x1 + (double) x2;
	double p = t1 / (t1 + t2);
	double alpha = (1.0 - level) / 2.0;
	double odds_lower;
	double odds_upper;
	RateRatio r;

	Assert(x1 >= 0 && x2 >= 0 && t1 > 0 && t2 > 0);
	/* x2 from the integer: above 2^53, n - x would lose it. */
	odds_lower = (x1 == 0) ? 0.0 : beta_quantile_odds(alpha, x, (double) x2 + 1.0);
	odds_upper =
		(x2 == 0) ? get_float8_infinity() : beta_quantile_odds(1.0 - alpha, x + 1.0, (double) x2);

	r.ratio = ((double) x1 / t1) / ((double) x2 / t2);
	r.lower = odds_lower * t2 / t1;
	r.upper = odds_upper * t2 / t1;
	r.p_value = exact_binomial_p_value(x, n, p); /* binom.test's rule: stats_exact.c */
	return r;
}

/*
 * trend_fit.c
 *	  Poisson regression on a time index with a log(days) offset, by
 *	  iteratively reweighted least squares (R's glm.fit, with two columns).
 *
 * Each iteration solves the weighted least squares problem of the working
 * response z = eta - offset + (y - mu) / mu with weights mu, as glm.fit
 * does for the log link, starting from mu = y + 0.1 as R's poisson family
 * does.  The 2 x 2 normal equations are solved in closed form with t
 * centred, so nothing but five sums is kept per iteration.  Iteration stops
 * when both coefficients change by less than TREND_TOLERANCE relative (R
 * stops on the deviance at 1e-8; the reference is made with a tighter
 * epsilon, so both reach the maximum-likelihood estimate to rounding).
 */
#include "postgres.h"

#include <float.h>
#include <math.h>

#include "miscadmin.h"

#define MATHLIB_STANDALONE
#include <Rmath.h>

#include "trend_fit.h"

#define TREND_MAX_ITERATIONS 100
#define TREND_TOLERANCE		 1e-13
/* glm.fit's poisson warning: a fitted mean below this is numerically 0. */
#define TREND_ZERO_MEAN (10 * DBL_EPSILON)

typedef struct WlsSums
{
	double w, wt, wtt, wz, wtz; /* sums of w, w t, w t^2, w z, w t z */
	double pearson;
	double min_mu;
} WlsSums;

/*
 * One pass over the series at coefficients (a, b) of centred t, or from R's
 * starting values mu = y + 0.1 when `start`.
 */
static void
wls_pass(const TrendSource *source, double centre, bool start, double a, double b, WlsSums *sums)
{
	double count;
	double days;
	double t = -centre;

	memset(sums, 0, sizeof(*sums));
	sums->min_mu = INFINITY;
	source->rewind(source->arg);
	while (source->next(source->arg, &count, &days))
	{
		double offset = log(days);
		double eta = start ? log(count + 0.1) : a + b * t + offset;
		double mu = start ? count + 0.1 : exp(eta);
		double z = eta - offset + (count - mu) / mu;

		sums->w += mu;
		sums->wt += mu * t;
		sums->wtt += mu * t * t;
		sums->wz += mu * z;
		sums->wtz += mu * t * z;
		sums->pearson += (count - mu) * (count - mu) / mu;
		sums->min_mu = Min(sums->min_mu, mu);
		t += 1.0;
		if (((int64) (t + centre) & 0xFFFF) == 0)
			CHECK_FOR_INTERRUPTS();
	}
}

static bool
close_enough(double old, double new)
{
	return fabs(new - old) <= TREND_TOLERANCE * Max(1.0, fabs(new));
}

/* Buckets in the series, and whether any count is positive. */
static int64
series_length(const TrendSource *source, bool *any_positive)
{
	double count;
	double days;
	int64 n = 0;

	*any_positive = false;
	source->rewind(source->arg);
	while (source->next(source->arg, &count, &days))
	{
		*any_positive |= count > 0;
		n++;
		if ((n & 0xFFFF) == 0)
			CHECK_FOR_INTERRUPTS();
	}
	return n;
}

bool
trend_fit_poisson(const TrendSource *source, TrendFit *fit)
{
	bool any_positive;
	double centre;
	double a = 0.0;
	double b = 0.0;
	WlsSums s;

	fit->n = series_length(source, &any_positive);
	if (fit->n < 3 || !any_positive)
		return false;
	centre = (double) (fit->n - 1) / 2.0;
	for (fit->iterations = 1; fit->iterations <= TREND_MAX_ITERATIONS; fit->iterations++)
	{
		double det;
		double new_a;
		double new_b;

		wls_pass(source, centre, fit->iterations == 1, a, b, &s);
		det = s.w * s.wtt - s.wt * s.wt;
		if (!(det > 0.0) || !isfinite(det))
			return false;
		new_b = (s.w * s.wtz - s.wt * s.wz) / det;
		new_a = (s.wz - new_b * s.wt) / s.w;
		if (!isfinite(new_a) || !isfinite(new_b))
			return false;
		if (fit->iterations > 1 && close_enough(a, new_a) && close_enough(b, new_b))
		{
			/* Standard error and Pearson chi-square at the estimate. */
			wls_pass(source, centre, false, new_a, new_b, &s);
			det = s.w * s.wtt - s.wt * s.wt;
			if (s.min_mu < TREND_ZERO_MEAN || !(det > 0.0))
				return false;
			fit->slope = new_b;
			fit->se = sqrt(s.w / det);
			fit->pearson = s.pearson;
			return true;
		}
		a = new_a;
		b = new_b;
	}
	return false;
}

TrendResult
trend_wald(const TrendFit *fit, double level, bool quasi)
{
	double df = (double) (fit->n - 2);
	double dispersion = fit->pearson / df;
	double se = quasi ? fit->se * sqrt(dispersion) : fit->se;
	double alpha = (1.0 - level) / 2.0;
	double statistic = fit->slope / se;
	TrendResult r;

	/* As confint.default: estimate + se * qnorm(c(alpha, 1 - alpha)). */
	r.ratio = exp(fit->slope);
	r.lower = exp(fit->slope + se * qnorm(alpha, 0.0, 1.0, 1, 0));
	r.upper = exp(fit->slope + se * qnorm(1.0 - alpha, 0.0, 1.0, 1, 0));
	/* As summary.glm: z for a known dispersion, t on df.residual when estimated. */
	r.p_value = quasi ? 2.0 * pt(-fabs(statistic), df, 1, 0)
					  : 2.0 * pnorm(-fabs(statistic), 0.0, 1.0, 1, 0);
	r.dispersion = dispersion;
	return r;
}

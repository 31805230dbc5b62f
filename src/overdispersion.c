/*
 * overdispersion.c
 *	  Overdispersion-adjusted funnel comparison (Spiegelhalter 2005), with
 *	  the estimators of FunnelPlotR (R/od_adjustment.R: winsorisation,
 *	  phi_func, tau_func), on the untransformed scale:
 *
 *	  y_i = x_i / n_i; s_i = sqrt(theta / n_i) for a rate (Poisson), or
 *	  sqrt(theta (1 - theta) / n_i) for a proportion (binomial), theta the
 *	  benchmark; z_i = (y_i - theta) / s_i.
 *	  Winsorise: z_i below the trim quantile of the z (type 7, as R's
 *	  quantile) is set to it, above the 1 - trim quantile likewise: zw_i.
 *	  phi = (1 / I) sum zw_i^2 (multiplicative dispersion).
 *	  w_i = 1 / s_i^2; tau^2 = 0 when I phi < I - 1, else
 *	  max(0, (I phi - (I - 1)) / (sum w_i - sum w_i^2 / sum w_i))
 *	  (DerSimonian-Laird, additive random effects).
 *	  Multiplicative: z_i / sqrt(phi), limits theta +- q sqrt(phi) s_i, with
 *	  phi taken as 1 when it is below 1 (no narrowing for underdispersion).
 *	  Additive: (y_i - theta) / sqrt(s_i^2 + tau^2), limits theta +- q
 *	  sqrt(s_i^2 + tau^2).  q = qnorm((1 + level) / 2); a lower limit
 *	  below 0 (or an upper above 1 for a proportion) is clamped.
 *
 * Sums are in long double, as R's sum(), so figures agree with R's.
 */
#include "postgres.h"

#include <math.h>

#define MATHLIB_STANDALONE
#include <Rmath.h>

#include "funnel.h"
#include "overdispersion.h"

static int
compare_doubles(const void *a, const void *b)
{
	double x = *(const double *) a;
	double y = *(const double *) b;

	return (x > y) - (x < y);
}

/* R's quantile(x, p, type = 7) of a sorted vector. */
static double
quantile_type7(const double *sorted, int n, double p)
{
	double index = 1.0 + (double) (n - 1) * p;
	double lo = floor(index);
	double hi = ceil(index);
	double qs = sorted[(int) lo - 1];

	if (index > lo && sorted[(int) hi - 1] != qs)
	{
		double h = index - lo;

		qs = (1.0 - h) * qs + h * sorted[(int) hi - 1];
	}
	return qs;
}

/* phi from the winsorised z-scores. */
static double
winsorised_phi(const OverdispersionArea *areas, int n, double trim)
{
	double *sorted = palloc(n * sizeof(double));
	double *squares = palloc(n * sizeof(double));
	double lz;
	double uz;
	double phi;

	for (int i = 0; i < n; i++)
		sorted[i] = areas[i].z;
	qsort(sorted, n, sizeof(double), compare_doubles);
	lz = quantile_type7(sorted, n, trim);
	uz = quantile_type7(sorted, n, 1.0 - trim);
	for (int i = 0; i < n; i++)
	{
		double z = areas[i].z;
		double zw = (z < lz) ? lz : (z > uz ? uz : z);

		squares[i] = zw * zw;
	}
	phi = (1.0 / (double) n) * funnel_r_sum(squares, n);
	pfree(sorted);
	pfree(squares);
	return phi;
}

/* DerSimonian-Laird tau^2, as FunnelPlotR's tau_func. */
static double
dersimonian_laird_tau2(const OverdispersionArea *areas, int n, double phi)
{
	double *w = palloc(n * sizeof(double));
	double *w2 = palloc(n * sizeof(double));
	double sw;
	double sw2;
	double tau2;

	if ((double) n * phi < (double) (n - 1))
		return 0.0;
	for (int i = 0; i < n; i++)
	{
		w[i] = 1.0 / (areas[i].s * areas[i].s);
		w2[i] = w[i] * w[i];
	}
	sw = funnel_r_sum(w, n);
	sw2 = funnel_r_sum(w2, n);
	tau2 = ((double) n * phi - ((double) n - 1.0)) / (sw - (sw2 / sw));
	pfree(w);
	pfree(w2);
	return Max(0.0, tau2);
}

OverdispersionFit
overdispersion_fit(bool is_rate, const double *numerators, const double *denominators, int n,
				   double benchmark, double level, double trim, OverdispersionArea *areas)
{
	OverdispersionFit fit;
	double phi_used;
	double ceiling = is_rate ? INFINITY : 1.0;

	fit.benchmark = benchmark;
	fit.quantile = qnorm((1.0 + level) / 2.0, 0.0, 1.0, 1, 0);
	for (int i = 0; i < n; i++)
	{
		double var =
			is_rate ? benchmark / denominators[i] : benchmark * (1.0 - benchmark) / denominators[i];

		areas[i].value = numerators[i] / denominators[i];
		areas[i].s = sqrt(var);
		areas[i].z = (areas[i].value - benchmark) / areas[i].s;
	}
	fit.phi = winsorised_phi(areas, n, trim);
	fit.tau2 = dersimonian_laird_tau2(areas, n, fit.phi);
	phi_used = Max(fit.phi, 1.0);
	for (int i = 0; i < n; i++)
	{
		OverdispersionArea *a = &areas[i];
		double spread_mult = fit.quantile * sqrt(phi_used) * a->s;
		double s_add = sqrt(a->s * a->s + fit.tau2);

		a->z_mult = a->z / sqrt(phi_used);
		a->z_add = (a->value - benchmark) / s_add;
		a->lower_mult = Max(0.0, benchmark - spread_mult);
		a->upper_mult = Min(ceiling, benchmark + spread_mult);
		a->lower_add = Max(0.0, benchmark - fit.quantile * s_add);
		a->upper_add = Min(ceiling, benchmark + fit.quantile * s_add);
	}
	return fit;
}

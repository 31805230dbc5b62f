/*
 * funnel.c
 *	  Funnel plot control limits after PHEindicatormethods'
 *	  calculate_funnel_limits, step by step, with the same arithmetic, so
 *	  the plotting rows agree with that package to rounding:
 *	  - the axis: from 0 (or, when the denominators span less than a factor
 *	    of two, the smallest rounded down by signif.floor) to the largest
 *	    rounded up by signif.ceiling, in 100 points spaced geometrically
 *	    and rounded to whole numbers;
 *	  - rates: the points are event counts; poisson_funnel (a bisection
 *	    over a summed Poisson series) finds the expected count at which
 *	    each lies on each limit, which over the pooled rate is the
 *	    population of that point of the line;
 *	  - proportions: the points are denominators, and the limits are
 *	    sigma_adjustment (Wilson score limits solved for the average).
 *
 * R details copied because they change the numbers: R's sum() adds in
 * long double; nchar() of a number counts its as.character() form, which
 * is scientific ("1e+05") when that is shorter; round() is rint(); max(0,
 * NaN) is NaN.
 */
#include "postgres.h"

#include <math.h>
#include <stdio.h>

#include "miscadmin.h"

#define MATHLIB_STANDALONE
#include <Rmath.h>

#include "funnel.h"

#define R_LOWER_TAIL 1
#define R_UPPER_TAIL 0
#define R_NOT_LOG	 0

/*
 * PHE sums the Poisson series term by term (about `events` terms per
 * call, 23 calls per limit).  Above this many events the same bisection
 * reads the tail from ppois instead, which agrees with the series to about
 * 1e-10 and keeps a funnel of millions of events to well under a second.
 */
#define FUNNEL_SERIES_LIMIT 100000.0
#define SERIES_INTERRUPTS	65536

const double funnel_line_level[FUNNEL_LINES] = {0.95, 0.95, 0.998, 0.998};
const char *const funnel_line_side[FUNNEL_LINES] = {"lower", "upper", "lower", "upper"};

/* PHE's tail probabilities for each line: 2 sigma is 0.025 (0.975), 3 sigma 0.001 (0.999). */
static const double line_tail[FUNNEL_LINES] = {0.025, 0.025, 0.001, 0.001};
static const double line_quantile[FUNNEL_LINES] = {0.975, 0.975, 0.999, 0.999};

double
funnel_r_sum(const double *values, int n)
{
	long double sum = 0.0L;

	for (int i = 0; i < n; i++)
		sum += values[i];
	return (double) sum;
}

double
funnel_pooled_average(const double *numerators, const double *denominators, int n)
{
	return funnel_r_sum(numerators, n) / funnel_r_sum(denominators, n);
}

/* R's x^y (R_pow): the special cases before pow(). */
static double
r_pow(double x, double y)
{
	if (y == 2.0)
		return x * x;
	if (x == 1.0 || y == 0.0)
		return 1.0;
	return pow(x, y);
}

/* R's max(a, b) of two doubles: NaN wins. */
static double
r_max(double a, double b)
{
	if (isnan(a) || isnan(b))
		return NAN;
	return (a >= b) ? a : b;
}

static double
r_min(double a, double b)
{
	if (isnan(a) || isnan(b))
		return NAN;
	return (a <= b) ? a : b;
}

/*
 * nchar(v) in R for a whole number v >= 0: the length of as.character(v),
 * which has 15 significant digits and is fixed unless scientific notation
 * is strictly shorter (100000 is "1e+05", 5 characters).
 */
static int
r_nchar_whole(double v)
{
	char buf[64];
	char *e;
	int exponent;
	int digits = 15;
	int fixed;
	int sci;

	if (v < 1.0)
		return 1;
	snprintf(buf, sizeof(buf), "%.14e", v);
	e = strchr(buf, 'e');
	exponent = atoi(e + 1);
	/* buf is d.dddddddddddddde+XX: drop trailing zeros of the 15 digits */
	while (digits > 1 && buf[digits] == '0')
		digits--;
	fixed = exponent + 1;
	sci = (digits == 1 ? 1 : digits + 1) + (abs(exponent) >= 100 ? 5 : 4);
	return (fixed <= sci) ? fixed : sci;
}

/* PHE's signif.floor(x, 0.95) and signif.ceiling(x, 1.05): neat axis ends. */
static double
signif_floor(double x)
{
	double n;

	if (x == 0.0)
		return 0.0;
	n = (double) (r_nchar_whole(floor(x * 0.95)) - 1);
	return floor(x * 0.95 / r_pow(10.0, n)) * r_pow(10.0, n);
}

static double
signif_ceiling(double x)
{
	double n;

	if (x == 0.0)
		return 0.0;
	n = (double) (r_nchar_whole(ceil(x * 1.05)) - 2);
	return ceil(x * 1.05 / r_pow(10.0, n)) * r_pow(10.0, n);
}

/* The 100 x values from max(1, minimum) to maximum (offset j as for rates and proportions). */
static void
axis_points(double minimum, double maximum, double *points)
{
	points[0] = r_max(1.0, minimum);
	for (int j = 2; j <= FUNNEL_POINTS; j++)
	{
		double prev = points[j - 2];
		double step = r_pow(maximum / prev, 1.0 / (double) (101 - j)) * prev;

		points[j - 1] = r_max(rint(step), prev + 1.0);
	}
}

/*
 * PHE's poisson_cis(z, x_a, x_b): P(x_a <= X <= x_b) for X ~ Poisson(z),
 * summing terms from k = 0 until past z and the terms are negligible,
 * rescaling by 1e30 to stay finite.
 */
static double
poisson_cis(double z, double x_a, double x_b)
{
	double q = 1.0;
	double tot = 0.0;
	double s = 0.0;
	double k = 0.0;
	long step = 0;

	while (k <= z || q > tot * 1e-10)
	{
		tot = tot + q;
		if (k >= x_a && k <= x_b)
			s = s + q;
		if (tot > 1e30)
		{
			s = s / 1e30;
			tot = tot / 1e30;
			q = q / 1e30;
		}
		k = k + 1.0;
		q = q * z / k;
		if (++step % SERIES_INTERRUPTS == 0)
			CHECK_FOR_INTERRUPTS();
	}
	return s / tot;
}

/* P(X >= obs) and P(X <= obs) as PHE sums them (or ppois for many events). */
static double
tail_at_least(double mu, double obs)
{
	if (obs > FUNNEL_SERIES_LIMIT)
		return ppois(obs - 1.0, mu, R_UPPER_TAIL, R_NOT_LOG);
	return poisson_cis(mu, obs, 10000000000.0);
}

static double
tail_at_most(double mu, double obs)
{
	if (obs > FUNNEL_SERIES_LIMIT)
		return ppois(obs, mu, R_LOWER_TAIL, R_NOT_LOG);
	return poisson_cis(mu, 0.0, obs);
}

/*
 * PHE's poisson_funnel(obs, p, side): bisection on v in (0, 1) for the
 * expected count (1 + obs) v / (1 - v) at which P(X >= obs) = p ("low":
 * an upper limit of the rate) or P(X <= obs) = p ("high": a lower limit).
 */
static double
poisson_funnel(double obs, double p, bool low)
{
	double v = 0.5;
	double dv = 0.5;

	while (dv > 1e-7)
	{
		double mu;

		dv = dv / 2.0;
		mu = (1.0 + obs) * v / (1.0 - v);
		if (low ? tail_at_least(mu, obs) > p : tail_at_most(mu, obs) < p)
			v = v - dv;
		else
			v = v + dv;
	}
	return (1.0 + obs) * v / (1.0 - v);
}

/* PHE's sigma_adjustment(p, population, average_proportion, side, multiplier). */
static double
sigma_adjustment(double p, double population, double av, bool low, double multiplier)
{
	double q = r_pow(qnorm(p, 0.0, 1.0, R_LOWER_TAIL, R_NOT_LOG), 2.0);
	double first_part = av * (population / q + 1.0);
	double a = -8.0 * av * (population / q + 1.0);
	double adj = sqrt(r_pow(a, 2.0) -
					  64.0 * (1.0 / q + 1.0 / population) * av *
						  (population * (av * (population / q + 2.0) - 1.0) + q * (av - 1.0)));
	double last_part = (1.0 / q + 1.0 / population);
	double ret = low ? (first_part - adj / 8.0) / last_part : (first_part + adj / 8.0) / last_part;

	return (ret / population) * multiplier;
}

static void
rate_funnel(double av, double min_den, double max_den, double multiplier, double years, Funnel *f)
{
	double axis_min;
	double axis_max;

	if (max_den > 2.0 * min_den)
		axis_min = 0.0;
	else
		axis_min = signif_floor(min_den / years) * years;
	axis_max = signif_ceiling(max_den / years) * years;
	axis_min = floor(axis_min * av);
	axis_max = ceil(axis_max * av);
	axis_points(axis_min, axis_max, f->events);

	for (int i = 0; i < FUNNEL_POINTS; i++)
	{
		double e = f->events[i];

		for (int line = 0; line < FUNNEL_LINES; line++)
		{
			/* an upper limit comes from the "low" side of the funnel */
			bool upper = (line % 2) == 1;
			double population = poisson_funnel(e, line_tail[line], upper) / av;

			f->value[line][i] = e / population * multiplier;
			f->denominator[line][i] = population / years;
		}
	}
}

static void
proportion_funnel(double av, double min_den, double max_den, double multiplier, Funnel *f)
{
	double axis_min;
	double axis[FUNNEL_POINTS];

	axis_min = (max_den > 2.0 * min_den) ? 0.0 : signif_floor(min_den);
	axis_points(axis_min, signif_ceiling(max_den), axis);
	for (int i = 0; i < FUNNEL_POINTS; i++)
	{
		for (int line = 0; line < FUNNEL_LINES; line++)
		{
			bool upper = (line % 2) == 1;
			double limit = sigma_adjustment(line_quantile[line], axis[i], av, !upper, multiplier);

			/* PHE caps at 100 whatever the multiplier */
			f->value[line][i] = upper ? r_min(100.0, limit) : r_max(0.0, limit);
			f->denominator[line][i] = axis[i];
		}
		f->events[i] = NAN;
	}
}

void
funnel_compute(bool is_rate, const double *numerators, const double *denominators, int n,
			   double multiplier, double years_of_data, Funnel *f)
{
	double av = funnel_pooled_average(numerators, denominators, n);
	double min_den = denominators[0];
	double max_den = denominators[0];

	for (int i = 1; i < n; i++)
	{
		min_den = Min(min_den, denominators[i]);
		max_den = Max(max_den, denominators[i]);
	}
	f->is_rate = is_rate;
	f->baseline = av * multiplier;
	if (is_rate)
		rate_funnel(av, min_den, max_den, multiplier, years_of_data, f);
	else
		proportion_funnel(av, min_den, max_den, multiplier, f);
}

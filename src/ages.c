/*
 * ages.c
 *	  Victim age accessors: how many offences have an age recorded (the
 *	  denominator of age shares), the median age, and counts by age band.
 */
#include "postgres.h"

#include "fmgr.h"
#include "utils/builtins.h"

#include "band_spec.h"
#include "publish.h"
#include "srf_output.h"
#include "stats.h"
#include "summary_format.h"

PG_FUNCTION_INFO_V1(offence_summary_age_recorded);
PG_FUNCTION_INFO_V1(offence_summary_median_age);
PG_FUNCTION_INFO_V1(offence_summary_age_bands);

Datum
offence_summary_age_recorded(PG_FUNCTION_ARGS)
{
	PG_RETURN_PUBLISHED_COUNT(summary_age_recorded(PG_GETARG_SUMMARY(0)));
}

/* The age at 0-based position `rank` among recorded ages in ascending order. */
static int32
age_at_rank(const SummaryView *v, int64 rank)
{
	int64 seen = 0;

	for (int32 i = 0; i < v->hdr->nages; i++)
	{
		seen += v->age_count[i];
		if (rank < seen)
			return v->age[i];
	}
	elog(ERROR, "age rank " INT64_FORMAT " beyond " INT64_FORMAT " recorded ages", rank, seen);
}

/*
 * The median of recorded ages, exactly as percentile_cont(0.5): the mean of
 * the two middle ages when their number is even.  NULL when none recorded.
 */
Datum
offence_summary_median_age(PG_FUNCTION_ARGS)
{
	SummaryView v;
	int64 n;
	int32 below;
	int32 above;

	summary_view(PG_GETARG_SUMMARY(0), &v);
	n = summary_age_recorded(v.hdr);
	if (n == 0 || !publish_count_visible(n))
		PG_RETURN_NULL();
	below = age_at_rank(&v, (n - 1) / 2);
	above = age_at_rank(&v, n / 2);
	PG_RETURN_FLOAT8(below + (above - below) * ((n - 1) % 2 == 0 ? 0.0 : 0.5));
}

static int64
offences_in_band(const SummaryView *v, const AgeBand *band)
{
	int64 total = 0;

	for (int32 i = 0; i < v->hdr->nages; i++)
		if (v->age[i] >= band->lo && v->age[i] <= band->hi)
			total += v->age_count[i];
	return total;
}

static void
put_band_row(ReturnSetInfo *rsinfo, const char *label, int64 count, int64 n, bool share,
			 bool hidden, double level)
{
	SrfRow row;

	srf_row_clear(&row);
	SRF_SET(&row, 0, PointerGetDatum(cstring_to_text(label)));
	if (!hidden)
	{
		SRF_SET(&row, 1, Int64GetDatum(count));
		if (share && n > 0)
		{
			ConfInterval ci = stats_wilson_interval(count, n, level);

			SRF_SET(&row, 2, Float8GetDatum((double) count / (double) n));
			SRF_SET(&row, 3, Float8GetDatum(ci.lower));
			SRF_SET(&row, 4, Float8GetDatum(ci.upper));
		}
	}
	SRF_SET(&row, 5, BoolGetDatum(hidden));
	srf_put(rsinfo, &row);
}

/*
 * age_bands(s, bands, level): one row per band in the order given, then
 * 'other' (recorded ages in no band, if any), then 'not recorded' (if any,
 * share NULL).  Shares are over offences with an age recorded.
 */
Datum
offence_summary_age_bands(PG_FUNCTION_ARGS)
{
	SummaryView v;
	char *spec = text_to_cstring(PG_GETARG_TEXT_PP(1));
	double level = PG_GETARG_FLOAT8(2);
	AgeBand *bands;
	int nbands;
	int64 *counts;
	bool *hidden;
	bool unrecorded_hidden;
	int64 n;
	int64 in_bands = 0;
	ReturnSetInfo *rsinfo;

	stats_check_level(level);
	nbands = band_spec_parse(spec, &bands);
	summary_view(PG_GETARG_SUMMARY(0), &v);
	n = summary_age_recorded(v.hdr);

	/* Cells: the bands, 'other', 'not recorded'. */
	counts = palloc((nbands + 2) * sizeof(int64));
	for (int b = 0; b < nbands; b++)
	{
		counts[b] = offences_in_band(&v, &bands[b]);
		in_bands += counts[b];
	}
	counts[nbands] = n - in_bands;
	counts[nbands + 1] = v.hdr->age_unrecorded;
	/*
	 * The bands and 'other' add up to age_recorded, which any visible share
	 * gives away (count / share): they are one additive table.  'Not
	 * recorded' is outside that denominator: it is hidden on its own count.
	 */
	hidden = publish_table(counts, nbands + 1, PUBLISH_ADDITIVE);
	unrecorded_hidden = !publish_count_visible(counts[nbands + 1]);

	rsinfo = srf_begin(fcinfo);
	for (int b = 0; b < nbands; b++)
		put_band_row(rsinfo, band_label(&bands[b]), counts[b], n, true, hidden[b], level);
	if (counts[nbands] > 0)
		put_band_row(rsinfo, "other", counts[nbands], n, true, hidden[nbands], level);
	if (counts[nbands + 1] > 0)
		put_band_row(rsinfo, "not recorded", counts[nbands + 1], n, false, unrecorded_hidden,
					 level);
	return (Datum) 0;
}

/*
 * band_spec.c
 *	  Parser for age band lists.
 *
 * Grammar (spaces allowed around every token):
 *	  list := band (',' band)*
 *	  band := age '-' age | age '+'
 *	  age  := 1 to 3 digits, 0..150
 */
#include "postgres.h"

#include "band_spec.h"
#include "summary_format.h"

typedef struct BandParser
{
	const char *spec;
	const char *p;
	const char *band_start;
} BandParser;

static void
skip_spaces(BandParser *bp)
{
	while (*bp->p == ' ' || *bp->p == '\t' || *bp->p == '\n')
		bp->p++;
}

/* The text of the band being parsed, up to the next comma. */
static char *
band_text(const BandParser *bp)
{
	const char *end = strchr(bp->band_start, ',');

	return pnstrdup(bp->band_start, end ? (Size) (end - bp->band_start) : strlen(bp->band_start));
}

static void malformed(const BandParser *bp) pg_attribute_noreturn();

static void
malformed(const BandParser *bp)
{
	ereport(ERROR, (errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
					errmsg("invalid age band \"%s\"", band_text(bp)),
					errdetail("Bands are written 'a-b' (inclusive) or 'a+', separated by commas, "
							  "e.g. '0-11,12-15,16-17'.")));
}

static int32
parse_age(BandParser *bp)
{
	int32 age = 0;
	int digits = 0;

	skip_spaces(bp);
	while (*bp->p >= '0' && *bp->p <= '9')
	{
		if (++digits > 3)
			ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
							errmsg("age band \"%s\" is outside ages 0 to %d", band_text(bp),
								   SUMMARY_MAX_AGE)));
		age = age * 10 + (*bp->p++ - '0');
	}
	if (digits == 0)
		malformed(bp);
	if (age > SUMMARY_MAX_AGE)
		ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						errmsg("age band \"%s\" is outside ages 0 to %d", band_text(bp),
							   SUMMARY_MAX_AGE)));
	skip_spaces(bp);
	return age;
}

static void
parse_band(BandParser *bp, AgeBand *band)
{
	bp->band_start = bp->p;
	band->lo = parse_age(bp);
	band->open_ended = *bp->p == '+';
	if (band->open_ended)
	{
		bp->p++;
		band->hi = SUMMARY_MAX_AGE;
		skip_spaces(bp);
		return;
	}
	if (*bp->p != '-')
		malformed(bp);
	bp->p++;
	band->hi = parse_age(bp);
	if (band->hi < band->lo)
		ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						errmsg("age band \"%s\" is reversed", band_text(bp)),
						errhint("Write the younger age first, e.g. '12-15'.")));
}

char *
band_label(const AgeBand *band)
{
	return band->open_ended ? psprintf("%d+", band->lo) : psprintf("%d-%d", band->lo, band->hi);
}

static void
check_overlaps(const AgeBand *bands, int n)
{
	for (int i = 0; i < n; i++)
		for (int j = 0; j < i; j++)
			if (bands[i].lo <= bands[j].hi && bands[j].lo <= bands[i].hi)
				ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
								errmsg("age bands \"%s\" and \"%s\" overlap", band_label(&bands[j]),
									   band_label(&bands[i])),
								errdetail("Each age may fall in one band only.")));
}

int
band_spec_parse(const char *spec, AgeBand **bands)
{
	BandParser bp = {spec, spec, spec};
	/* At most one band per age, so 151 is a safe bound; more must overlap. */
	int cap = SUMMARY_MAX_AGE + 2;
	AgeBand *out = palloc(cap * sizeof(AgeBand));
	int n = 0;

	do
	{
		if (n == cap)
		{
			check_overlaps(out, n);
			malformed(&bp); /* not reached: n > 151 bands must overlap */
		}
		parse_band(&bp, &out[n++]);
	} while (*bp.p++ == ',');
	if (bp.p[-1] != '\0')
	{
		bp.p--;
		malformed(&bp);
	}
	check_overlaps(out, n);
	*bands = out;
	return n;
}

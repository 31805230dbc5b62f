/*
 * iso_date.c
 *	  DateStyle-independent ISO dates.
 */
#include "postgres.h"

#include "datatype/timestamp.h"
#include "utils/datetime.h"

#include "iso_date.h"

void
iso_date_append(StringInfo buf, DateADT day)
{
	int year;
	int month;
	int mday;

	j2date(day + POSTGRES_EPOCH_JDATE, &year, &month, &mday);
	if (year < 0)
		appendStringInfo(buf, "-%04d-%02d-%02d", -year, month, mday);
	else
		appendStringInfo(buf, "%04d-%02d-%02d", year, month, mday);
}

/* Read exactly `min`..`max` digits as an int. */
static bool
read_digits(const char **p, int min, int max, int *value)
{
	const char *s = *p;
	int n = 0;
	int v = 0;

	while (n < max && s[n] >= '0' && s[n] <= '9')
	{
		v = v * 10 + (s[n] - '0');
		n++;
	}
	if (n < min || (s[n] >= '0' && s[n] <= '9'))
		return false;
	*p = s + n;
	*value = v;
	return true;
}

bool
iso_date_parse(const char **p, DateADT *day)
{
	const char *s = *p;
	bool negative = false;
	const char *year_digits;
	int year;
	int month;
	int mday;
	int julian;
	int y2;
	int m2;
	int d2;

	if (*s == '-')
	{
		negative = true;
		s++;
	}
	/*
	 * Seven digits cover every year PostgreSQL can store (to 5874897).  Only
	 * the canonical spelling is read: four digits, more only without a
	 * leading zero, and no minus before year 0.
	 */
	year_digits = s;
	if (!read_digits(&s, 4, 7, &year) || (s - year_digits > 4 && *year_digits == '0') ||
		(negative && year == 0) || *s++ != '-' || !read_digits(&s, 2, 2, &month) || *s++ != '-' ||
		!read_digits(&s, 2, 2, &mday))
		return false;
	if (negative)
		year = -year;
	if (month < 1 || month > 12 || mday < 1 || mday > 31 || !IS_VALID_JULIAN(year, month, mday))
		return false;
	julian = date2j(year, month, mday);
	/* Refuse dates such as 2017-02-30 that date2j would roll over. */
	j2date(julian, &y2, &m2, &d2);
	if (y2 != year || m2 != month || d2 != mday)
		return false;
	julian -= POSTGRES_EPOCH_JDATE;
	if (!IS_VALID_DATE(julian))
		return false;
	*day = julian;
	*p = s;
	return true;
}

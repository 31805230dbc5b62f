/*
 * iso_date.h
 *	  Dates in the stored text and JSON forms: ISO 8601 YYYY-MM-DD whatever the
 *	  session's DateStyle, so a value printed anywhere reads back anywhere.
 *	  Years before 1 AD use astronomical numbering (0000 = 1 BC, -0001 = 2 BC).
 */
#ifndef GROOMSTATS_ISO_DATE_H
#define GROOMSTATS_ISO_DATE_H

#include "postgres.h"
#include "lib/stringinfo.h"
#include "utils/date.h"

extern void iso_date_append(StringInfo buf, DateADT day);

/*
 * Parse an ISO date at *p; on success advance *p past it and return true.
 * Returns false (with *p unchanged) if it is not a finite, valid date.
 */
extern bool iso_date_parse(const char **p, DateADT *day);

#endif

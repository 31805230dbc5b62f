/*
 * summary_errors.h
 *	  The one error idiom for malformed offence_summary values, whichever
 *	  way they arrive.
 *
 * The rule (README, "Errors"): the SQLSTATE names the fault, and the same
 * fault gets the same SQLSTATE from text input, binary receive, the
 * aggregate's deserialise function and a stored value.
 *	  - A number outside the range its field can hold (a victim age outside
 *		0..150, a count larger than bigint, counts that add up to more than
 *		bigint): 22003 numeric_value_out_of_range, from every source.
 *	  - Anything else malformed (syntax, an unsupported format version,
 *		unknown flags, sizes, order, counts that do not add up, a name not
 *		valid in the database encoding, a day that is not a date): 22P02
 *		invalid_text_representation from text input, 22P03
 *		invalid_binary_representation from binary receive, deserialise and
 *		stored values.
 */
#ifndef GROOMSTATS_SUMMARY_ERRORS_H
#define GROOMSTATS_SUMMARY_ERRORS_H

#include "postgres.h"

/* Where a value came from: it chooses the SQLSTATE of "invalid". */
typedef enum SummarySource
{
	SUMMARY_FROM_TEXT,	/* text input */
	SUMMARY_FROM_BINARY /* binary receive, deserialise, a stored value */
} SummarySource;

#define SUMMARY_INVALID_CODE(source)                                                               \
	((source) == SUMMARY_FROM_TEXT ? ERRCODE_INVALID_TEXT_REPRESENTATION                           \
								   : ERRCODE_INVALID_BINARY_REPRESENTATION)

/*
 * A malformed value: 22P02 from text, 22P03 otherwise.  `message` says
 * where the fault was found (the parser's syntax, the binary framing, the
 * validator); the detail says what is wrong.
 */
#define SUMMARY_INVALID_AS(source, message, ...)                                                   \
	ereport(ERROR, (errcode(SUMMARY_INVALID_CODE(source)), errmsg(message), errdetail(__VA_ARGS__)))

#define SUMMARY_INVALID(source, ...)                                                               \
	SUMMARY_INVALID_AS(source, "invalid offence_summary value", __VA_ARGS__)

/* A number outside the range of its field: 22003 from every source. */
#define SUMMARY_OUT_OF_RANGE(...)                                                                  \
	ereport(ERROR,                                                                                 \
			(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),                                          \
			 errmsg("value out of range in offence_summary input"), errdetail(__VA_ARGS__)))

#endif

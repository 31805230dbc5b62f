/*
 * summary_binary.c
 *	  Binary send and receive of offence_summary (COPY BINARY, binary
 *	  protocol).
 *
 * Wire form, network byte order:
 *	  uint8 version, uint8 flags,
 *	  int64 offences, undated, no_platform, no_age,
 *	  int32 ndays,      ndays x (int32 day, int64 count)
 *	  int32 nplatforms, nplatforms x (int32 length, bytes in the client encoding)
 *	  int32 ncombos,    ncombos x (int32 n, n x int32 platform index, int64 count)
 *	  int32 nages,      nages x (int32 age, int64 count)
 *
 * A client can send any bytes, so every count is checked against the bytes
 * left before anything is allocated or read, and the result goes through the
 * same validator as text input.  Running short is 22P03, not a protocol error.
 *
 * Platform names are converted between the server and the client encoding
 * as PostgreSQL's own text send and receive do, so a binary COPY from a UTF8
 * database into a LATIN1 one carries 'Café' as 'Café'.  Converted names may
 * sort differently: receive puts them in canonical order.
 */
#include "postgres.h"

#include "fmgr.h"
#include "libpq/pqformat.h"
#include "mb/pg_wchar.h"

#include "compat.h"
#include "summary_builder.h"
#include "summary_canonical.h"
#include "summary_format.h"

PG_FUNCTION_INFO_V1(offence_summary_recv);
PG_FUNCTION_INFO_V1(offence_summary_send);

#define BAD_BINARY(...)                                                                            \
	SUMMARY_INVALID_AS(SUMMARY_FROM_BINARY, "invalid binary offence_summary value", __VA_ARGS__)

/* A name in the client encoding, as textsend (pq_sendtext) would write it, with its length. */
static void
send_name(StringInfo buf, const char *name, int32 len)
{
	char *converted = pg_server_to_client(name, len);
	int32 clen = converted == name ? len : (int32) strlen(converted);

	pq_sendint32(buf, clen);
	pq_sendbytes(buf, converted, clen);
	if (converted != name)
		pfree(converted);
}

Datum
offence_summary_send(PG_FUNCTION_ARGS)
{
	SummaryHeader *hdr = PG_GETARG_SUMMARY(0);
	SummaryView v;
	StringInfoData buf;

	summary_view(hdr, &v);
	pq_begintypsend(&buf);
	pq_sendbyte(&buf, hdr->version);
	pq_sendbyte(&buf, hdr->flags);
	pq_sendint64(&buf, hdr->offences);
	pq_sendint64(&buf, hdr->undated);
	pq_sendint64(&buf, hdr->platform_unrecorded);
	pq_sendint64(&buf, hdr->age_unrecorded);

	pq_sendint32(&buf, hdr->ndays);
	for (int32 i = 0; i < hdr->ndays; i++)
	{
		pq_sendint32(&buf, v.day[i]);
		pq_sendint64(&buf, v.day_count[i]);
	}
	pq_sendint32(&buf, hdr->nplatforms);
	for (int32 i = 0; i < hdr->nplatforms; i++)
	{
		int32 len;
		const char *name = summary_name(&v, i, &len);

		send_name(&buf, name, len);
	}
	pq_sendint32(&buf, hdr->ncombos);
	for (int32 c = 0; c < hdr->ncombos; c++)
	{
		pq_sendint32(&buf, v.combo_start[c + 1] - v.combo_start[c]);
		for (int32 m = v.combo_start[c]; m < v.combo_start[c + 1]; m++)
			pq_sendint32(&buf, v.combo_member[m]);
		pq_sendint64(&buf, v.combo_count[c]);
	}
	pq_sendint32(&buf, hdr->nages);
	for (int32 i = 0; i < hdr->nages; i++)
	{
		pq_sendint32(&buf, v.age[i]);
		pq_sendint64(&buf, v.age_count[i]);
	}
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

/* Refuse unless `n` items of at least `size` bytes each are left in the message. */
static void
need(StringInfo buf, int64 n, int64 size, const char *what)
{
	int64 left = buf->len - buf->cursor;

	if (n < 0)
		BAD_BINARY("The number of %s is negative (" INT64_FORMAT ").", what, n);
	if (n > left / size)
		BAD_BINARY("The value says " INT64_FORMAT " %s but only %lld bytes are left.", n, what,
				   (long long) left);
}

/* Refuse unless a field of `size` bytes is left. */
static void
need_field(StringInfo buf, int size, const char *what)
{
	int left = buf->len - buf->cursor;

	if (left < size)
		BAD_BINARY("The value ends before its %s (%d of %d bytes left).", what, left, size);
}

static int32
get_int32(StringInfo buf, const char *what)
{
	need_field(buf, 4, what);
	return (int32) pq_getmsgint(buf, 4);
}

static int64
get_int64(StringInfo buf, const char *what)
{
	need_field(buf, 8, what);
	return pq_getmsgint64(buf);
}

static void
recv_platforms(StringInfo buf, SummaryBuilder *b)
{
	int32 n = get_int32(buf, "number of platforms");

	need(buf, n, 4, "platforms");
	for (int32 i = 0; i < n; i++)
	{
		int32 len = get_int32(buf, "platform name length");

		int nbytes;
		char *name;

		need(buf, len, 1, "bytes of a platform name");
		/* Bad bytes are a bad value (22P03), as in deserialise, not a conversion error. */
		if (!pg_verify_mbstr(pg_get_client_encoding(), buf->data + buf->cursor, len, true))
			BAD_BINARY("Platform name %d is not valid in encoding \"%s\".", i + 1,
					   pg_get_client_encoding_name());
		/* As textrecv (pq_getmsgtext): from the client encoding to the database's. */
		name = pq_getmsgtext(buf, len, &nbytes);
		summary_builder_add_platform(b, name, nbytes);
		pfree(name);
	}
}

static void
recv_combos(StringInfo buf, SummaryBuilder *b)
{
	int32 n = get_int32(buf, "number of combinations");

	/* Each combination takes at least 4 + 4 + 8 bytes. */
	need(buf, n, 16, "platform combinations");
	for (int32 c = 0; c < n; c++)
	{
		int32 members = get_int32(buf, "combination size");

		need(buf, members, 4, "combination members");
		for (int32 m = 0; m < members; m++)
			summary_builder_add_member(b, (int32) pq_getmsgint(buf, 4));
		summary_builder_end_combo(b, get_int64(buf, "combination's offence count"));
	}
}

Datum
offence_summary_recv(PG_FUNCTION_ARGS)
{
	StringInfo buf = (StringInfo) PG_GETARG_POINTER(0);
	SummaryBuilder b;
	SummaryHeader *hdr;
	int version;
	int flags;
	int32 n;

	need_field(buf, 2, "version and flags");
	version = pq_getmsgbyte(buf);
	flags = pq_getmsgbyte(buf);
	summary_check_version(version, SUMMARY_FROM_BINARY);
	/* Only version 1 exists: a version 2 wire form dispatches on `version` here. */
	if (flags != 0)
		BAD_BINARY("Unknown flags 0x%02x are set.", flags);

	summary_builder_init(&b);
	b.offences = get_int64(buf, "offence count");
	b.undated = get_int64(buf, "undated count");
	b.platform_unrecorded = get_int64(buf, "count of offences with no platform");
	b.age_unrecorded = get_int64(buf, "count of offences with no age");

	n = get_int32(buf, "number of days");
	need(buf, n, 12, "days");
	for (int32 i = 0; i < n; i++)
	{
		DateADT day = (DateADT) pq_getmsgint(buf, 4);

		summary_builder_add_day(&b, day, pq_getmsgint64(buf));
	}
	recv_platforms(buf, &b);
	recv_combos(buf, &b);

	n = get_int32(buf, "number of ages");
	need(buf, n, 12, "ages");
	for (int32 i = 0; i < n; i++)
	{
		int32 age = (int32) pq_getmsgint(buf, 4);

		summary_builder_add_age(&b, age, pq_getmsgint64(buf));
	}
	if (buf->cursor != buf->len)
		BAD_BINARY("%d bytes follow the end of the value.", buf->len - buf->cursor);

	/* Validated there, against the same rules as text input and deserialise. */
	hdr = summary_canonicalise(summary_builder_finish(&b), SUMMARY_FROM_BINARY);
	PG_RETURN_POINTER(summary_check_dumpable(hdr));
}

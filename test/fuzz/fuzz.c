/*
 * fuzz.c
 *	  A mutation fuzzer for offence_summary input, run against a live server.
 *
 * From valid seeds (test/fuzz/seeds.txt, plus summaries the server makes
 * with offence_summary_agg) it makes mutated values and sends each one:
 *
 *	  text    as a text parameter of type offence_summary (offence_summary_in);
 *	  binary  as a binary parameter (offence_summary_recv), and every fourth
 *	          one also through COPY ... FROM STDIN (FORMAT binary), which must
 *	          give the same outcome.
 *
 * Mutations: bit flips, byte replacement, truncation, insertion, deletion,
 * numbers and dates replaced with extreme values (0, -1, INT32_MAX,
 * INT64_MAX, INT64_MIN, the ends of the date range), duplicated, dropped and
 * swapped sections and entries, invalid or very long platform names,
 * splices of two values, and changes to counts that keep the totals
 * consistent (so that values with huge counts get accepted and roll up).
 * Accepted values also join the pool that later inputs are mutated from.
 *
 * Every accepted value must be canonical (text out = text in, binary send =
 * binary in), round-trip the other way too, roll up with a valid summary
 * (offences add up, or 22003 when they would exceed bigint: never a wrapped
 * count), agree with `+`, and answer the accessors with the counts its
 * header says.  At the end the accepted values are rolled up with a forced
 * parallel plan (which serialises and deserialises partial states) and
 * compared with a serial rollup.
 *
 * It fails (exit 1) if the server crashes (connection lost), if any error
 * has an SQLSTATE outside classes 22 and 54, or if a check above fails;
 * each failing input is saved to the -o directory.  The PRNG is seeded
 * (-s), so a run is reproducible.
 *
 * Usage: fuzz [-n inputs] [-s seed] [-f seeds.txt] [-o faildir] [-d conninfo] [-v]
 * The connection defaults to the PG* environment (pg_virtualenv sets it).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "libpq-fe.h"

#define POOL_CAP	  512		  /* mutants kept per kind, besides the seeds */
#define POOL_MAX_ITEM 65536		  /* larger accepted values are not kept */
#define MAX_FAILURES  20		  /* stop after this many failures */
#define PARALLEL_KEEP 4000		  /* accepted values kept for the parallel rollup */
#define SMALL_TOTAL	  (1LL << 40) /* ... if their offences are below this */

#define LENGTH(a) (sizeof(a) / sizeof((a)[0]))

/* ---- deterministic PRNG (splitmix64) ---- */

static uint64_t rng_state;

static uint64_t
rnd(void)
{
	uint64_t z = (rng_state += 0x9E3779B97F4A7C15ULL);

	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

/* Uniform in 0..n-1 (0 if n is 0). */
static size_t
below(size_t n)
{
	return n == 0 ? 0 : (size_t) (rnd() % n);
}

static bool
chance(int percent)
{
	return (int) below(100) < percent;
}

/* ---- memory ---- */

/* realloc that gives up on failure: the fuzzer cannot go on without memory. */
static void *
xrealloc(void *p, size_t size)
{
	p = realloc(p, size);
	if (p == NULL)
	{
		fprintf(stderr, "fuzz: out of memory\n");
		exit(2);
	}
	return p;
}

/* ---- byte buffers ---- */

typedef struct Buf
{
	unsigned char *d;
	size_t len;
	size_t cap;
} Buf;

static void
buf_reserve(Buf *b, size_t n)
{
	if (n + 1 <= b->cap)
		return;
	b->cap = (n + 1) * 2;
	b->d = xrealloc(b->d, b->cap);
}

static void
buf_set(Buf *b, const void *data, size_t n)
{
	buf_reserve(b, n);
	if (n > 0)
		memcpy(b->d, data, n);
	b->len = n;
	b->d[n] = '\0';
}

/* Replace `del` bytes at `pos` with `n` bytes of `ins`. */
static void
buf_splice(Buf *b, size_t pos, size_t del, const void *ins, size_t n)
{
	if (pos > b->len)
		pos = b->len;
	if (del > b->len - pos)
		del = b->len - pos;
	buf_reserve(b, b->len - del + n);
	memmove(b->d + pos + n, b->d + pos + del, b->len - pos - del);
	if (n > 0)
		memcpy(b->d + pos, ins, n);
	b->len = b->len - del + n;
	b->d[b->len] = '\0';
}

static void
buf_free(Buf *b)
{
	free(b->d);
	b->d = NULL;
	b->len = b->cap = 0;
}

/* ---- big-endian fields of the binary form ---- */

static uint32_t
rd32(const unsigned char *p)
{
	return ((uint32_t) p[0] << 24) | ((uint32_t) p[1] << 16) | ((uint32_t) p[2] << 8) | p[3];
}

static uint64_t
rd64(const unsigned char *p)
{
	return ((uint64_t) rd32(p) << 32) | rd32(p + 4);
}

static void
wr32(unsigned char *p, uint32_t v)
{
	p[0] = v >> 24;
	p[1] = v >> 16;
	p[2] = v >> 8;
	p[3] = v;
}

static void
wr64(unsigned char *p, uint64_t v)
{
	wr32(p, (uint32_t) (v >> 32));
	wr32(p + 4, (uint32_t) v);
}

/*
 * The layout of a binary value (see src/summary_binary.c):
 *	  u8 version, u8 flags, i64 offences, undated, no_platform, no_age,
 *	  then four sections, each an i32 count and its entries:
 *	  days (i32 day, i64 count), platforms (i32 length, bytes),
 *	  combinations (i32 n, n x i32, i64 count), ages (i32 age, i64 count).
 */
typedef struct Span
{
	size_t off;
	size_t len;
} Span;

typedef struct Spans
{
	Span *v;
	int n;
	int cap;
} Spans;

enum
{
	SEC_DAYS,
	SEC_PLATFORMS,
	SEC_COMBOS,
	SEC_AGES,
	NSECTIONS
};

typedef struct Layout
{
	Spans fields;				 /* every integer field: offset and width 1, 4 or 8 */
	Spans entries[NSECTIONS];	 /* each entry of each section */
	Spans counts[NSECTIONS];	 /* the i64 count of each entry (not for platforms) */
	size_t count_off[NSECTIONS]; /* the section's i32 number of entries */
	int64_t offences;
	int64_t undated;
	int64_t no_platform;
	int64_t no_age;
} Layout;

/* 5874897-12-31, the last day PostgreSQL can store, as a DateADT. */
#define LAST_DAY 2145031948

#define HDR_OFFENCES	2
#define HDR_UNDATED		10
#define HDR_NO_PLATFORM 18
#define HDR_NO_AGE		26

static void
spans_add(Spans *s, size_t off, size_t len)
{
	if (s->n == s->cap)
	{
		s->cap = s->cap ? s->cap * 2 : 64;
		s->v = xrealloc(s->v, s->cap * sizeof(Span));
	}
	s->v[s->n].off = off;
	s->v[s->n].len = len;
	s->n++;
}

static void
layout_reset(Layout *L)
{
	L->fields.n = 0;
	for (int s = 0; s < NSECTIONS; s++)
	{
		L->entries[s].n = 0;
		L->counts[s].n = 0;
	}
}

/* Parse a binary value; false if it is not well formed. */
static bool
layout_parse(const Buf *b, Layout *L)
{
	const unsigned char *d = b->d;
	size_t len = b->len;
	size_t p = 0;

	layout_reset(L);
#define NEED(k)                                                                                    \
	do                                                                                             \
	{                                                                                              \
		if (len - p < (size_t) (k))                                                                \
			return false;                                                                          \
	} while (0)
	NEED(34);
	spans_add(&L->fields, 0, 1);
	spans_add(&L->fields, 1, 1);
	for (int i = 0; i < 4; i++)
		spans_add(&L->fields, 2 + 8 * i, 8);
	L->offences = (int64_t) rd64(d + HDR_OFFENCES);
	L->undated = (int64_t) rd64(d + HDR_UNDATED);
	L->no_platform = (int64_t) rd64(d + HDR_NO_PLATFORM);
	L->no_age = (int64_t) rd64(d + HDR_NO_AGE);
	p = 34;
	for (int s = 0; s < NSECTIONS; s++)
	{
		int32_t n;

		NEED(4);
		n = (int32_t) rd32(d + p);
		if (n < 0)
			return false;
		L->count_off[s] = p;
		spans_add(&L->fields, p, 4);
		p += 4;
		for (int32_t i = 0; i < n; i++)
		{
			size_t start = p;

			if (s == SEC_DAYS || s == SEC_AGES)
			{
				NEED(12);
				spans_add(&L->fields, p, 4);
				spans_add(&L->fields, p + 4, 8);
				spans_add(&L->counts[s], p + 4, 8);
				p += 12;
			}
			else if (s == SEC_PLATFORMS)
			{
				int32_t l;

				NEED(4);
				l = (int32_t) rd32(d + p);
				spans_add(&L->fields, p, 4);
				p += 4;
				if (l < 0)
					return false;
				NEED(l);
				p += l;
			}
			else
			{
				int32_t m;

				NEED(4);
				m = (int32_t) rd32(d + p);
				spans_add(&L->fields, p, 4);
				p += 4;
				if (m < 0 || (size_t) m > (len - p) / 4)
					return false;
				for (int32_t k = 0; k < m; k++)
					spans_add(&L->fields, p + 4 * k, 4);
				p += 4 * (size_t) m;
				NEED(8);
				spans_add(&L->fields, p, 8);
				spans_add(&L->counts[s], p, 8);
				p += 8;
			}
			spans_add(&L->entries[s], start, p - start);
		}
	}
#undef NEED
	return p == len;
}

/* ---- interesting values ---- */

static const int64_t extreme64[] = {
	0,
	1,
	-1,
	2,
	150,
	151,
	INT32_MAX,
	(int64_t) INT32_MAX + 1,
	INT32_MIN,
	UINT32_MAX,
	(int64_t) 1 << 32,
	(int64_t) 1 << 62,
	INT64_MAX,
	INT64_MAX - 1,
	INT64_MAX / 2 + 1,
	INT64_MIN,
	INT64_MIN + 1,
};

static const int32_t extreme32[] = {
	0,
	1,
	-1,
	2,
	150,
	151,
	255,
	256,
	0x7fff,
	0x8000,
	0xffff,
	INT32_MAX,
	INT32_MAX - 1,
	INT32_MIN,
	INT32_MIN + 1,
	/* days (DateADT, days from 2000-01-01) at and beyond the ends of the range */
	-2451545,
	-2451546,
	2145031948,
	2145031949,
	0x40000000,
	16384,
	65536,
	1 << 24,
};

static const char *const extreme_numbers[] = {
	"0",
	"1",
	"-1",
	"00",
	"01",
	"150",
	"151",
	"2147483647",
	"2147483648",
	"4294967295",
	"4294967296",
	"9223372036854775807",
	"9223372036854775806",
	"9223372036854775808",
	"-9223372036854775808",
	"18446744073709551615",
	"18446744073709551616",
	"99999999999999999999999999999999",
	"1e3",
	"0x10",
	" 1",
	"+1",
	"",
};

static const char *const extreme_dates[] = {
	"-4712-01-01",	 "-4712-12-31",	  "-4713-12-31",   "-4713-11-24",	"5874897-12-31",
	"5874898-01-01", "5874897-12-32", "9999999-12-31", "0000-01-01",	"-0000-01-01",
	"0001-01-01",	 "2017-02-29",	  "2016-02-29",	   "2017-13-01",	"2017-00-10",
	"2017-04-00",	 "2017-4-3",	  "02017-04-03",   "2017-04-03 BC", "infinity",
	"-infinity",	 "1999-12-31",	  "2000-01-01",
};

static const char *const tokens[] = {
	";",
	"=",
	",",
	":",
	"+",
	"\"",
	"\\",
	"-",
	"0",
	"9",
	"v1",
	"v2",
	";days=",
	";ages=",
	";combos=",
	";platforms=",
	"2017-04-03:1",
	"1:1",
	"1+2:1",
	"\"A\"",
	"\"\"",
	"\\\"",
	"\\\\",
	"\\n",
	"\xc3\xa9",
	"\xff",
	"\xc3",
	"\xed\xa0\x80",
	" ",
	"\n",
	"%s%n",
	"NaN",
	"offences=",
	"undated=",
	"no_platform=",
	"no_age=",
};

/* ---- the pool of values to mutate ---- */

typedef struct Pool
{
	Buf *item;
	int n;
	int nseeds;
	int cap;
} Pool;

static Pool text_pool;
static Pool binary_pool;

static void
pool_add(Pool *pool, const unsigned char *d, size_t len, bool seed)
{
	Buf *slot;

	if (!seed && len > POOL_MAX_ITEM)
		return;
	if (pool->n == pool->cap)
	{
		if (!seed && pool->n - pool->nseeds >= POOL_CAP)
		{
			slot = &pool->item[pool->nseeds + below(pool->n - pool->nseeds)];
			buf_set(slot, d, len);
			return;
		}
		pool->cap = pool->cap ? pool->cap * 2 : 64;
		pool->item = xrealloc(pool->item, pool->cap * sizeof(Buf));
	}
	slot = &pool->item[pool->n++];
	memset(slot, 0, sizeof(Buf));
	buf_set(slot, d, len);
	if (seed)
		pool->nseeds++;
}

static const Buf *
pool_pick(const Pool *pool)
{
	/* Seeds half the time, so mutants do not crowd them out. */
	if (pool->n > pool->nseeds && chance(50))
		return &pool->item[pool->nseeds + below(pool->n - pool->nseeds)];
	return &pool->item[below(pool->nseeds)];
}

/* ---- mutations shared by the text and binary forms ---- */

/* The text form needs the terminating NUL; the binary one ignores it. */
static void
truncate_at_random(Buf *b)
{
	b->len = below(b->len + 1);
	b->d[b->len] = '\0';
}

/* 1 to max (at most 16) random bytes at a random place: printable ones for text. */
static void
insert_random(Buf *b, size_t max, bool printable)
{
	unsigned char r[16];
	size_t k = 1 + below(max);

	for (size_t i = 0; i < k; i++)
		r[i] = printable ? (unsigned char) (32 + below(95)) : (unsigned char) rnd();
	buf_splice(b, below(b->len + 1), 0, r, k);
}

/* One of n spans replaced by one of the values (nothing if there are no spans). */
static void
replace_span(Buf *b, const Span *spans, int n, const char *const *values, size_t nvalues)
{
	if (n > 0)
	{
		const char *v = values[below(nvalues)];
		Span s = spans[below(n)];

		buf_splice(b, s.off, s.len, v, strlen(v));
	}
}

/* A copy of the span, after `sep`, inserted right after it. */
static void
repeat_span(Buf *b, Span s, const char *sep)
{
	Buf copy = {0};

	buf_set(&copy, sep, strlen(sep));
	buf_splice(&copy, copy.len, 0, b->d + s.off, s.len);
	buf_splice(b, s.off + s.len, 0, copy.d, copy.len);
	buf_free(&copy);
}

/* Two spans that do not overlap swapped (nothing if they are the same span). */
static void
swap_spans(Buf *b, Span x, Span y)
{
	Buf cx = {0};
	Buf cy = {0};

	if (x.off == y.off)
		return;
	if (x.off > y.off)
	{
		Span t = x;

		x = y;
		y = t;
	}
	buf_set(&cx, b->d + x.off, x.len);
	buf_set(&cy, b->d + y.off, y.len);
	/* The later span first, so that the earlier one's offset stays valid. */
	buf_splice(b, y.off, y.len, cx.d, cx.len);
	buf_splice(b, x.off, x.len, cy.d, cy.len);
	buf_free(&cx);
	buf_free(&cy);
}

/* The value cut at a random point and continued with the tail of another one. */
static void
splice_with(Buf *b, const Pool *pool)
{
	const Buf *o = pool_pick(pool);
	size_t cut = below(b->len + 1);
	size_t from = below(o->len + 1);
	Buf tail = {0};

	buf_set(&tail, o->d + from, o->len - from);
	b->len = cut;
	buf_splice(b, cut, 0, tail.d, tail.len);
	buf_free(&tail);
}

/* A name of one letter from `first` on, repeated: mostly short, sometimes huge. */
static void
long_name(Buf *name, char first)
{
	size_t len = chance(90) ? 1 + below(300) : 1 + below(200000);

	buf_reserve(name, len);
	memset(name->d, first + (int) below(26), len);
	name->len = len;
}

/* ---- text mutations ---- */

/* Store the span from start to end at out[n]; the new number of spans. */
static int
span_at(Span *out, int n, size_t start, size_t end)
{
	out[n].off = start;
	out[n].len = end - start;
	return n + 1;
}

/* Spans of the text value: ';'-separated sections, or ','-separated items of one. */
static int
text_sections(const Buf *b, Span *out, int max)
{
	int n = 0;
	size_t start = 0;

	for (size_t i = 0; i <= b->len && n < max; i++)
	{
		if (i == b->len || b->d[i] == ';')
		{
			n = span_at(out, n, start, i);
			start = i + 1;
		}
	}
	return n;
}

/* Items of a list section "key=a,b,c" (quotes respected). */
static int
text_items(const Buf *b, Span sec, Span *out, int max)
{
	size_t i = sec.off;
	size_t end = sec.off + sec.len;
	size_t start;
	int n = 0;
	bool quoted = false;

	while (i < end && b->d[i] != '=')
		i++;
	if (i >= end)
		return 0;
	start = ++i;
	for (; i <= end && n < max; i++)
	{
		if (i < end && b->d[i] == '\\' && quoted)
		{
			i++;
			continue;
		}
		if (i < end && b->d[i] == '"')
			quoted = !quoted;
		if (i == end || (!quoted && b->d[i] == ','))
		{
			if (i > start)
				n = span_at(out, n, start, i);
			start = i + 1;
		}
	}
	return n;
}

static bool
is_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

/* Maximal runs of digits. */
static int
text_numbers(const Buf *b, Span *out, int max)
{
	int n = 0;

	for (size_t i = 0; i < b->len && n < max;)
	{
		if (is_digit(b->d[i]))
		{
			size_t s = i;

			while (i < b->len && is_digit(b->d[i]))
				i++;
			n = span_at(out, n, s, i);
		}
		else
			i++;
	}
	return n;
}

/* Things that look like dates: -?D{4,7}-DD-DD. */
static int
text_dates(const Buf *b, Span *out, int max)
{
	int n = 0;

	for (size_t i = 0; i < b->len && n < max; i++)
	{
		size_t p = i;
		size_t digits = 0;

		if (i > 0 && b->d[i - 1] != '=' && b->d[i - 1] != ',')
			continue;
		if (p < b->len && b->d[p] == '-')
			p++;
		while (p < b->len && is_digit(b->d[p]))
			p++, digits++;
		if (digits < 4 || p + 6 > b->len || b->d[p] != '-' || !is_digit(b->d[p + 1]) ||
			!is_digit(b->d[p + 2]) || b->d[p + 3] != '-' || !is_digit(b->d[p + 4]) ||
			!is_digit(b->d[p + 5]))
			continue;
		n = span_at(out, n, i, p + 6);
	}
	return n;
}

/* Quoted platform names: the span inside the quotes. */
static int
text_names(const Buf *b, Span *out, int max)
{
	int n = 0;
	size_t i = 0;

	while (i < b->len && n < max)
	{
		size_t s;

		if (b->d[i] != '"')
		{
			i++;
			continue;
		}
		s = ++i;
		while (i < b->len && b->d[i] != '"')
			i += b->d[i] == '\\' ? 2 : 1;
		if (i > b->len)
			i = b->len;
		n = span_at(out, n, s, i);
		i++;
	}
	return n;
}

/* The digits after "key=" at the start of a section; false if absent. */
static bool
text_key(const Buf *b, const char *key, Span *out)
{
	size_t klen = strlen(key);

	for (size_t i = 0; i + klen <= b->len; i++)
	{
		if ((i == 0 || b->d[i - 1] == ';') && memcmp(b->d + i, key, klen) == 0)
		{
			size_t s = i + klen;
			size_t e = s;

			while (e < b->len && is_digit(b->d[e]))
				e++;
			if (e == s || e - s > 19)
				return false;
			out->off = s;
			out->len = e - s;
			return true;
		}
	}
	return false;
}

static bool
span_value(const Buf *b, Span s, __int128 *v)
{
	__int128 x = 0;

	if (s.len == 0 || s.len > 19)
		return false;
	for (size_t i = 0; i < s.len; i++)
		x = x * 10 + (b->d[s.off + i] - '0');
	*v = x;
	return true;
}

static void
put_int128(Buf *b, Span s, __int128 v)
{
	char tmp[64];
	char out[64];
	int n = 0;
	int k = 0;
	bool neg = v < 0;

	if (neg)
		v = -v;
	do
	{
		tmp[n++] = '0' + (int) (v % 10);
		v /= 10;
	} while (v > 0);
	if (neg)
		out[k++] = '-';
	while (n > 0)
		out[k++] = tmp[--n];
	buf_splice(b, s.off, s.len, out, k);
}

/* A change of the total that the unknowns or entries absorb, so the sums still agree. */
static __int128
pick_delta(int64_t total)
{
	switch (below(6))
	{
		case 0:
			return 1;
		case 1:
			return -1;
		case 2:
			return (__int128) INT64_MAX - total;
		case 3:
			return (__int128) INT64_MAX - total - (int64_t) below(3);
		case 4:
			return (__int128) (int64_t) (rnd() >> 1) - total;
		default:
			return (__int128) ((int64_t) 1 << (32 + below(30)));
	}
}

/*
 * Change offences by delta and each section's sum by the same delta: on the
 * unknown count ("undated=" etc.) or on one entry's count.
 */
static void
text_consistent(Buf *b)
{
	static const char *const unknowns[] = {";undated=", ";no_platform=", ";no_age="};
	static const char *const lists[] = {"days=", "combos=", "ages="};
	Span total;
	__int128 value;
	__int128 delta;

	if (!text_key(b, ";offences=", &total) || !span_value(b, total, &value))
		return;
	delta = pick_delta((int64_t) value);
	/* Edit from the end of the value backwards so earlier spans stay valid. */
	for (int k = 2; k >= 0; k--)
	{
		Span secs[16];
		int nsecs = text_sections(b, secs, 16);
		Span target = {0, 0};
		bool found = false;

		if (chance(50))
		{
			for (int s = 0; s < nsecs && !found; s++)
			{
				Span items[64];
				int nitems;
				size_t klen = strlen(lists[k]);

				if (secs[s].len < klen || memcmp(b->d + secs[s].off, lists[k], klen) != 0)
					continue;
				nitems = text_items(b, secs[s], items, 64);
				if (nitems == 0)
					break;
				{
					Span it = items[below(nitems)];
					size_t c = it.off + it.len;

					while (c > it.off && is_digit(b->d[c - 1]))
						c--;
					target.off = c;
					target.len = it.off + it.len - c;
					found = target.len > 0;
				}
			}
		}
		if (!found)
			found = text_key(b, unknowns[k], &target);
		if (found && span_value(b, target, &value))
			put_int128(b, target, value + delta);
	}
	if (text_key(b, ";offences=", &total) && span_value(b, total, &value))
		put_int128(b, total, value + delta);
}

static void
text_mutate(Buf *b)
{
	Span spans[256];
	int n;

	switch (below(17))
	{
		case 0: /* bit flip */
			if (b->len > 0)
			{
				size_t i = below(b->len);

				b->d[i] ^= 1 << below(8);
			}
			break;
		case 1: /* byte replaced by an interesting one */
			if (b->len > 0)
			{
				static const char pick[] = ";=,:+\"\\-0123456789v \x80\xff";

				b->d[below(b->len)] = pick[below(sizeof(pick) - 1)];
			}
			break;
		case 2: /* truncation */
			truncate_at_random(b);
			break;
		case 3: /* insertion of a token */
		{
			const char *t = tokens[below(LENGTH(tokens))];

			buf_splice(b, below(b->len + 1), 0, t, strlen(t));
			break;
		}
		case 4: /* deletion of a range */
			if (b->len > 0)
			{
				size_t pos = below(b->len);

				buf_splice(b, pos, 1 + below(chance(70) ? 4 : 64), NULL, 0);
			}
			break;
		case 5: /* a number replaced by an extreme one */
		case 6:
			n = text_numbers(b, spans, 256);
			replace_span(b, spans, n, extreme_numbers, LENGTH(extreme_numbers));
			break;
		case 7: /* a date replaced by an extreme one */
			n = text_dates(b, spans, 256);
			replace_span(b, spans, n, extreme_dates, LENGTH(extreme_dates));
			break;
		case 8: /* a section duplicated (not the version, which must come first) */
			n = text_sections(b, spans, 256);
			if (n > 1)
				repeat_span(b, spans[1 + below(n - 1)], ";");
			break;
		case 9: /* two sections swapped */
			n = text_sections(b, spans, 256);
			if (n > 2)
			{
				/* Two statements: the order of the draws is fixed. */
				Span a = spans[1 + below(n - 1)];
				Span c = spans[1 + below(n - 1)];

				swap_spans(b, a, c);
			}
			break;
		case 10: /* an item duplicated, dropped or swapped within a list */
		case 11:
		{
			Span secs[16];
			int nsecs = text_sections(b, secs, 16);
			Span sec;

			if (nsecs == 0)
				break;
			sec = secs[below(nsecs)];
			n = text_items(b, sec, spans, 256);
			if (n == 0)
				break;
			{
				Span it = spans[below(n)];
				int how = below(3);

				if (how == 0)
					repeat_span(b, it, ",");
				else if (how == 1)
				{
					/* drop the item and one adjacent comma */
					size_t off = it.off;
					size_t len = it.len;

					if (off + len < b->len && b->d[off + len] == ',')
						len++;
					else if (off > 0 && b->d[off - 1] == ',')
						off--, len++;
					buf_splice(b, off, len, NULL, 0);
				}
				else if (n > 1)
					swap_spans(b, it, spans[below(n)]);
			}
			break;
		}
		case 12: /* counts changed consistently */
		case 13:
			text_consistent(b);
			break;
		case 14: /* splice with another value */
			splice_with(b, &text_pool);
			break;
		case 15: /* a platform name replaced: long, empty, escapes, odd bytes */
			n = text_names(b, spans, 256);
			if (n > 0)
			{
				Span s = spans[below(n)];
				Buf name = {0};

				switch (below(5))
				{
					case 0:
						long_name(&name, 'a');
						break;
					case 1:
						break;
					case 2:
						buf_set(&name, "a\\\"b\\\\c", 7);
						break;
					case 3:
						buf_set(&name, "\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80", 9);
						break;
					default:
						buf_set(&name, b->d + s.off, s.len);
						buf_splice(&name, below(name.len + 1), 0, "\\", 1);
						break;
				}
				buf_splice(b, s.off, s.len, name.d, name.len);
				buf_free(&name);
			}
			break;
		default: /* random bytes inserted */
			insert_random(b, 8, true);
			break;
	}
}

/* ---- binary mutations ---- */

static Layout scratch_layout;

static void
bin_consistent(Buf *b, Layout *L)
{
	static const size_t unknowns[] = {HDR_UNDATED, HDR_NO_PLATFORM, HDR_NO_AGE};
	static const int sections[] = {SEC_DAYS, SEC_COMBOS, SEC_AGES};
	__int128 delta = pick_delta(L->offences);

	wr64(b->d + HDR_OFFENCES, (uint64_t) (int64_t) (L->offences + delta));
	for (int k = 0; k < 3; k++)
	{
		Spans *counts = &L->counts[sections[k]];
		size_t off = unknowns[k];

		if (counts->n > 0 && chance(50))
			off = counts->v[below(counts->n)].off;
		wr64(b->d + off, (uint64_t) ((int64_t) rd64(b->d + off) + (int64_t) delta));
	}
}

static void
bin_mutate(Buf *b)
{
	Layout *L = &scratch_layout;
	bool parsed = layout_parse(b, L);
	int what = below(16);

	/* Structure-aware mutations need a well-formed value. */
	if (!parsed && what >= 6 && what <= 12)
		what = below(6);

	switch (what)
	{
		/*
		 * Cases 0 and 4 are the text ones but for the order of their draws,
		 * which here is the compiler's: kept, so a seed gives the same inputs.
		 */
		case 0: /* bit flip */
			if (b->len > 0)
				b->d[below(b->len)] ^= 1 << below(8);
			break;
		case 1: /* byte replaced */
			if (b->len > 0)
			{
				static const unsigned char pick[] = {0, 1, 2, 0x7f, 0x80, 0xfe, 0xff};

				b->d[below(b->len)] =
					chance(50) ? pick[below(sizeof(pick))] : (unsigned char) rnd();
			}
			break;
		case 2: /* truncation */
			truncate_at_random(b);
			break;
		case 3: /* random bytes inserted */
			insert_random(b, 16, false);
			break;
		case 4: /* range deleted */
			if (b->len > 0)
				buf_splice(b, below(b->len), 1 + below(chance(70) ? 4 : 64), NULL, 0);
			break;
		case 5: /* trailing bytes */
		{
			unsigned char r[4] = {0, 0, 0, 0};

			buf_splice(b, b->len, 0, r, 1 + below(4));
			break;
		}
		case 6: /* a field replaced by an extreme value */
		case 7:
		case 8:
		{
			Span f = L->fields.v[below(L->fields.n)];
			int how = below(4);

			if (f.len == 1)
				b->d[f.off] = chance(50) ? (unsigned char) below(4) : (unsigned char) rnd();
			else if (f.len == 4)
			{
				int32_t v = (int32_t) rd32(b->d + f.off);

				if (how == 0)
					v += chance(50) ? 1 : -1;
				else if (how == 1)
				{
					/* a value copied from another 4-byte field (duplicate keys) */
					Span g = L->fields.v[below(L->fields.n)];

					if (g.len == 4)
						v = (int32_t) rd32(b->d + g.off);
				}
				else
					v = extreme32[below(LENGTH(extreme32))];
				wr32(b->d + f.off, (uint32_t) v);
			}
			else
			{
				int64_t v = (int64_t) rd64(b->d + f.off);

				if (how == 0)
					v += chance(50) ? 1 : -1;
				else
					v = extreme64[below(LENGTH(extreme64))];
				wr64(b->d + f.off, (uint64_t) v);
			}
			break;
		}
		case 9: /* an entry duplicated, dropped or swapped */
		case 10:
		{
			int s = below(NSECTIONS);
			Spans *e = &L->entries[s];
			int32_t count = (int32_t) rd32(b->d + L->count_off[s]);
			int how = below(3);
			bool fix_count = chance(80);

			if (e->n == 0)
				break;
			if (how == 0)
			{
				repeat_span(b, e->v[below(e->n)], "");
				if (fix_count)
					wr32(b->d + L->count_off[s], (uint32_t) (count + 1));
			}
			else if (how == 1)
			{
				Span x = e->v[below(e->n)];

				buf_splice(b, x.off, x.len, NULL, 0);
				if (fix_count)
					wr32(b->d + L->count_off[s], (uint32_t) (count - 1));
			}
			else if (e->n > 1)
			{
				/* Two statements: the order of the draws is fixed. */
				Span x = e->v[below(e->n)];
				Span y = e->v[below(e->n)];

				swap_spans(b, x, y);
			}
			break;
		}
		case 11: /* counts changed consistently */
			bin_consistent(b, L);
			break;
		case 12: /* a platform name replaced */
		{
			Spans *e = &L->entries[SEC_PLATFORMS];
			Span x;
			Buf name = {0};
			bool fix_len = chance(90);

			if (e->n == 0)
				break;
			x = e->v[below(e->n)];
			switch (below(7))
			{
				case 0:
					buf_set(&name, "\xff", 1);
					break;
				case 1:
					buf_set(&name, "a\xc3", 2);
					break;
				case 2:
					buf_set(&name, "\xc0\x80", 2); /* overlong NUL */
					break;
				case 3:
					buf_set(&name, "\xed\xa0\x80", 3); /* surrogate */
					break;
				case 4:
					buf_set(&name, "a\0b", 3);
					break;
				case 5:
					break;
				default:
					long_name(&name, 'A');
					break;
			}
			buf_splice(b, x.off + 4, x.len - 4, name.d, name.len);
			if (fix_len)
				wr32(b->d + x.off, (uint32_t) name.len);
			buf_free(&name);
			break;
		}
		default: /* splice with another value */
			splice_with(b, &binary_pool);
			break;
	}
}

/* ---- the server ---- */

static PGconn *conn;
static const char *conninfo = "";
static Oid summary_oid;
static char *fail_dir = NULL;
static int verbose = 0;

/* Totals. */
static long n_inputs[2];
static long n_accepted[2];
static long n_copy;
static long n_crashes;
static long n_bad_state;
static long n_failed_checks;
static long n_rollups;
static long n_rollup_overflow;
static long n_batteries;
static long n_self_rollups;

#define MAX_STATES 64
typedef struct StateCount
{
	char code[6];
	long count;
} StateCount;
static StateCount rejected[MAX_STATES], battery_errors[MAX_STATES];
static int n_rejected_states;
static int n_battery_states;

static void
count_state(const char *code, bool battery, const char *message)
{
	int *n = battery ? &n_battery_states : &n_rejected_states;
	StateCount *table = battery ? battery_errors : rejected;

	for (int i = 0; i < *n; i++)
	{
		if (strcmp(table[i].code, code) == 0)
		{
			table[i].count++;
			return;
		}
	}
	if (*n < MAX_STATES)
	{
		if (verbose)
			fprintf(stderr, "fuzz: first %s %s: %s", battery ? "accessor error" : "rejection", code,
					message);
		snprintf(table[*n].code, sizeof(table[*n].code), "%s", code);
		table[*n].count = 1;
		(*n)++;
	}
}

static int
compare_states(const void *a, const void *b)
{
	long x = ((const StateCount *) a)->count;
	long y = ((const StateCount *) b)->count;

	return (x < y) - (x > y);
}

/* Ends a line of totals: each SQLSTATE and its count, the most frequent first. */
static void
print_states(StateCount *table, int n)
{
	qsort(table, n, sizeof(table[0]), compare_states);
	for (int i = 0; i < n; i++)
		printf(" %s %ld%s", table[i].code, table[i].count, i + 1 < n ? "," : "");
	printf("\n");
}

static void
ignore_notice(void *arg, const char *message)
{
	(void) arg;
	(void) message;
}

static void
die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fprintf(stderr, "fuzz: ");
	vfprintf(stderr, fmt, ap);
	fprintf(stderr, "\n");
	va_end(ap);
	exit(2);
}

static void
exec_ok(const char *sql)
{
	PGresult *res = PQexec(conn, sql);

	if (PQresultStatus(res) != PGRES_COMMAND_OK && PQresultStatus(res) != PGRES_TUPLES_OK)
		die("%s: %s", sql, PQerrorMessage(conn));
	PQclear(res);
}

/* The first column of the first row, as a malloc'd string; `what` says why it failed. */
static char *
query_value(const char *sql, const char *what)
{
	PGresult *res = PQexec(conn, sql);
	char *value;

	if (PQresultStatus(res) != PGRES_TUPLES_OK)
		die("%s: %s", what, PQerrorMessage(conn));
	value = strdup(PQgetvalue(res, 0, 0));
	PQclear(res);
	return value;
}

/* A crash restarts the postmaster, so a new start time means the run crashed it. */
static char *
postmaster_start_time(void)
{
	return query_value("SELECT pg_postmaster_start_time()::text", "postmaster start time");
}

static void
connect_server(void)
{
	char *oid;

	conn = PQconnectdb(conninfo);
	if (PQstatus(conn) != CONNECTION_OK)
		die("cannot connect: %s", PQerrorMessage(conn));
	PQsetNoticeProcessor(conn, ignore_notice, NULL);
	exec_ok("SET client_encoding = 'UTF8'");
	exec_ok("SET statement_timeout = '60s'");
	exec_ok("SET extra_float_digits = 0");
	oid = query_value("SELECT 'offence_summary'::regtype::oid",
					  "the groomstats extension is not installed in this database");
	summary_oid = (Oid) strtoul(oid, NULL, 10);
	free(oid);
}

/* After a crash the postmaster restarts; wait for it and connect again. */
static void
reconnect(void)
{
	PQfinish(conn);
	for (int i = 0; i < 120; i++)
	{
		sleep(1);
		conn = PQconnectdb(conninfo);
		if (PQstatus(conn) == CONNECTION_OK)
		{
			PQfinish(conn);
			connect_server();
			return;
		}
		PQfinish(conn);
	}
	die("the server did not come back after a crash");
}

static void
hexdump(FILE *f, const unsigned char *d, size_t len, size_t max)
{
	for (size_t i = 0; i < len && i < max; i++)
		fprintf(f, "%02x", d[i]);
	if (len > max)
		fprintf(f, "... (%zu bytes)", len);
	fprintf(f, "\n");
}

/* Report a failure and save the input that caused it. */
static void
failure(const char *kind, bool text, const Buf *in, const char *fmt, ...)
{
	static int saved = 0;
	va_list ap;

	fprintf(stderr, "fuzz: FAILURE (%s) on a %s input: ", kind, text ? "text" : "binary");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n  input (hex): ");
	hexdump(stderr, in->d, in->len, 512);
	if (text && in->len < 2000)
		fprintf(stderr, "  input (text): %s\n", (const char *) in->d);
	if (fail_dir != NULL)
	{
		char path[4096];
		FILE *f;

		snprintf(path, sizeof(path), "%s/fail-%03d.%s", fail_dir, ++saved, text ? "txt" : "bin");
		f = fopen(path, "wb");
		if (f != NULL)
		{
			fwrite(in->d, 1, in->len, f);
			fclose(f);
			fprintf(stderr, "  saved as %s\n", path);
		}
	}
	if (n_crashes + n_bad_state + n_failed_checks >= MAX_FAILURES)
		die("too many failures, stopping");
}

typedef enum Outcome
{
	ACCEPTED,
	REJECTED,
	CRASHED
} Outcome;

typedef struct Result
{
	Outcome outcome;
	char code[6];
	char message[512];
	Buf wire; /* accepted: offence_summary_send of the value */
	Buf text; /* accepted: its text output */
} Result;

static bool
allowed_state(const char *code)
{
	return strncmp(code, "22", 2) == 0 || strncmp(code, "54", 2) == 0;
}

/* Count an error by its SQLSTATE; one outside classes 22 and 54 is also a failure. */
static void
count_error(const Result *r, bool battery, bool text, const Buf *in)
{
	count_state(r->code, battery, r->message);
	if (!allowed_state(r->code))
	{
		n_bad_state++;
		failure("sqlstate", text, in, "%s%s%s %s", battery ? "accessors failed with " : "",
				r->code, battery ? ":" : "", r->message);
	}
}

/*
 * Classify a finished command: a lost connection is a crash; an error
 * carries its SQLSTATE.
 */
static Outcome
classify(PGresult *res, Result *r)
{
	const char *code;
	const char *msg;

	if (res == NULL || PQstatus(conn) != CONNECTION_OK)
	{
		snprintf(r->code, sizeof(r->code), "-----");
		snprintf(r->message, sizeof(r->message), "connection lost: %s", PQerrorMessage(conn));
		return CRASHED;
	}
	if (PQresultStatus(res) == PGRES_TUPLES_OK || PQresultStatus(res) == PGRES_COMMAND_OK)
		return ACCEPTED;
	code = PQresultErrorField(res, PG_DIAG_SQLSTATE);
	msg = PQresultErrorMessage(res);
	snprintf(r->code, sizeof(r->code), "%s", code ? code : "-----");
	snprintf(r->message, sizeof(r->message), "%s", msg ? msg : "");
	/* Crash-restart messages: another backend died and took this one down. */
	if (code == NULL || strcmp(code, "57P01") == 0 || strcmp(code, "57P02") == 0 ||
		strcmp(code, "57P03") == 0 || strncmp(code, "08", 2) == 0)
		return CRASHED;
	return REJECTED;
}

/*
 * A query with the value `a` as $1 and, unless `b` is NULL, `b` as $2, each
 * an offence_summary sent as text or binary.
 */
static PGresult *
exec_summaries(const char *sql, const Buf *a, bool a_text, const Buf *b, bool b_text,
			   int result_format)
{
	const char *values[2] = {(const char *) a->d, b ? (const char *) b->d : NULL};
	int lengths[2] = {(int) a->len, b ? (int) b->len : 0};
	int formats[2] = {a_text ? 0 : 1, b_text ? 0 : 1};
	Oid types[2] = {summary_oid, summary_oid};

	return PQexecParams(conn, sql, b ? 2 : 1, types, values, lengths, formats, result_format);
}

static const char *const SQL_VALUE = "SELECT $1::offence_summary, $1::offence_summary::text";

static void
send_value(bool text, const Buf *in, Result *r)
{
	PGresult *res = exec_summaries(SQL_VALUE, in, text, NULL, false, 1);

	r->outcome = classify(res, r);
	if (r->outcome == ACCEPTED)
	{
		buf_set(&r->wire, PQgetvalue(res, 0, 0), PQgetlength(res, 0, 0));
		buf_set(&r->text, PQgetvalue(res, 0, 1), PQgetlength(res, 0, 1));
	}
	PQclear(res);
}

/* The same bytes through COPY ... FROM STDIN (FORMAT binary). */
static long copy_id = 0;

static void
send_copy(const Buf *in, Result *r)
{
	static const unsigned char signature[11] = "PGCOPY\n\377\r\n";
	Buf stream = {0};
	unsigned char w[4];
	PGresult *res;
	long id = ++copy_id;

	buf_set(&stream, signature, 11);
	memset(w, 0, 4);
	buf_splice(&stream, stream.len, 0, w, 4); /* flags */
	buf_splice(&stream, stream.len, 0, w, 4); /* header extension */
	buf_splice(&stream, stream.len, 0, "\0\2", 2);
	wr32(w, 4);
	buf_splice(&stream, stream.len, 0, w, 4);
	wr32(w, (uint32_t) id);
	buf_splice(&stream, stream.len, 0, w, 4);
	wr32(w, (uint32_t) in->len);
	buf_splice(&stream, stream.len, 0, w, 4);
	buf_splice(&stream, stream.len, 0, in->d, in->len);
	buf_splice(&stream, stream.len, 0, "\377\377", 2);

	res = PQexec(conn, "COPY fuzz_copy (id, s) FROM STDIN (FORMAT binary)");
	if (PQresultStatus(res) != PGRES_COPY_IN)
	{
		r->outcome = classify(res, r);
		if (r->outcome == ACCEPTED)
			die("COPY did not start: %s", PQerrorMessage(conn));
		PQclear(res);
		buf_free(&stream);
		return;
	}
	PQclear(res);
	if (PQputCopyData(conn, (const char *) stream.d, (int) stream.len) != 1 ||
		PQputCopyEnd(conn, NULL) != 1)
	{
		r->outcome = CRASHED;
		snprintf(r->code, sizeof(r->code), "-----");
		snprintf(r->message, sizeof(r->message), "COPY failed: %s", PQerrorMessage(conn));
		buf_free(&stream);
		return;
	}
	buf_free(&stream);
	res = PQgetResult(conn);
	r->outcome = classify(res, r);
	PQclear(res);
	while ((res = PQgetResult(conn)) != NULL)
		PQclear(res);
	if (r->outcome == ACCEPTED)
	{
		char sql[128];

		snprintf(sql, sizeof(sql), "SELECT s FROM fuzz_copy WHERE id = %ld", id);
		res = PQexecParams(conn, sql, 0, NULL, NULL, NULL, NULL, 1);
		if (PQresultStatus(res) != PGRES_TUPLES_OK || PQntuples(res) != 1)
			die("reading back a COPY row: %s", PQerrorMessage(conn));
		buf_set(&r->wire, PQgetvalue(res, 0, 0), PQgetlength(res, 0, 0));
		PQclear(res);
		if (id % 500 == 0)
			exec_ok("TRUNCATE fuzz_copy");
	}
}

/* ---- checks on accepted values ---- */

typedef struct Known
{
	Buf text;
	Buf wire;
	Layout layout;
} Known;

static Known partner; /* a valid summary to roll accepted values up with */

static bool
same(const Buf *a, const Buf *b)
{
	return a->len == b->len && (a->len == 0 || memcmp(a->d, b->d, a->len) == 0);
}

/* Query with the value (binary) as $1 and optionally a second binary value as $2. */
static PGresult *
exec_pair(const char *sql, const Buf *a, const Buf *b, int result_format)
{
	return exec_summaries(sql, a, false, b, false, result_format);
}

/*
 * Classify the result of a check's query.  If the server was lost, count and
 * report the crash (`doing` says during what) and clear the result: the
 * caller just returns.
 */
static bool
lost_server(PGresult *res, Result *r, bool text, const Buf *in, const char *doing)
{
	r->outcome = classify(res, r);
	if (r->outcome != CRASHED)
		return false;
	n_crashes++;
	failure("crash", text, in, "server lost %s: %s", doing, r->message);
	PQclear(res);
	return true;
}

static bool
int64_add(int64_t a, int64_t b, int64_t *sum)
{
	return !__builtin_add_overflow(a, b, sum);
}

/*
 * Returns false if the connection was lost (counted as a crash).  `failed`
 * is set when a check failed.
 */
static bool
check_rollup(bool text, const Buf *in, const Buf *a, const Layout *La, const Buf *b,
			 const Layout *Lb)
{
	static const char *const sql =
		"SELECT offences(r), r = ($1 + $2), "
		"r = (SELECT rollup(x) FROM (VALUES ($2), ($1)) q(x)), "
		"r = (SELECT rollup_merge(x) FROM (VALUES ($1), ($2)) q(x)) "
		"FROM (SELECT rollup(x) AS r FROM (VALUES ($1::offence_summary), ($2::offence_summary)) "
		"q(x)) y";
	PGresult *res = exec_pair(sql, a, b, 0);
	Result r = {0};
	int64_t expected;
	bool fits = int64_add(La->offences, Lb->offences, &expected);

	if (lost_server(res, &r, text, in, "while rolling up"))
		return false;
	if (r.outcome == REJECTED)
	{
		if (fits || strcmp(r.code, "22003") != 0)
		{
			n_failed_checks++;
			failure("rollup", text, in, "rollup with a valid summary failed: %s %s", r.code,
					r.message);
		}
		else
			n_rollup_overflow++;
	}
	else if (!fits)
	{
		n_failed_checks++;
		failure("rollup", text, in,
				"offences "
				"%" PRId64 " + %" PRId64 " exceed bigint, but rollup gave %s",
				La->offences, Lb->offences, PQgetvalue(res, 0, 0));
	}
	else if (strtoll(PQgetvalue(res, 0, 0), NULL, 10) != expected ||
			 strcmp(PQgetvalue(res, 0, 1), "t") != 0 || strcmp(PQgetvalue(res, 0, 2), "t") != 0 ||
			 strcmp(PQgetvalue(res, 0, 3), "t") != 0)
	{
		n_failed_checks++;
		failure("rollup", text, in,
				"rollup gave %s offences (expected %" PRId64 "), = a + b %s, commutes %s, = "
				"rollup_merge %s",
				PQgetvalue(res, 0, 0), expected, PQgetvalue(res, 0, 1), PQgetvalue(res, 0, 2),
				PQgetvalue(res, 0, 3));
	}
	n_rollups++;
	PQclear(res);
	return true;
}

/* The value rolled up with itself: every count doubles, or 22003. */
static bool
check_self_rollup(bool text, const Buf *in, const Buf *a, const Layout *La)
{
	static const char *const sql =
		"SELECT offences(rollup(x)) FROM (VALUES ($1::offence_summary), ($1)) q(x)";
	PGresult *res = exec_pair(sql, a, NULL, 0);
	Result r = {0};
	int64_t expected;
	bool fits = int64_add(La->offences, La->offences, &expected);

	n_self_rollups++;
	if (lost_server(res, &r, text, in, "while rolling up"))
		return false;
	if ((r.outcome == REJECTED && (fits || strcmp(r.code, "22003") != 0)) ||
		(r.outcome == ACCEPTED && (!fits || strtoll(PQgetvalue(res, 0, 0), NULL, 10) != expected)))
	{
		n_failed_checks++;
		failure("rollup", text, in, "rollup of a value with itself: %s %s (offences %" PRId64 ")",
				r.outcome == ACCEPTED ? PQgetvalue(res, 0, 0) : r.code, r.message, La->offences);
	}
	PQclear(res);
	return true;
}

/*
 * The accessors answer with the counts the header says.  Errors of class
 * 22 or 54 are allowed (counted); anything else fails.
 */
static bool
check_accessors(bool text, const Buf *in, const Buf *a, const Layout *La)
{
	static const char *const sql =
		"SELECT offences(s), undated(s), platform_recorded(s), age_recorded(s), "
		"first_recorded(s), last_recorded(s), median_age(s), "
		"(SELECT count(*) FROM platform_shares(s)), "
		"(SELECT count(*) FROM age_bands(s)), "
		"length(s::jsonb::text), "
		"CASE WHEN first_recorded(s) < '5874897-12-31' THEN (SELECT offences FROM "
		"per_day_rate_ci(s, "
		"  daterange(first_recorded(s), least(last_recorded(s), '5874897-12-30'), '[]'))) END, "
		"CASE WHEN first_recorded(s) < '5874897-12-31' THEN (SELECT sum(offences) FROM "
		"daily_counts(s, "
		"  daterange(first_recorded(s), least(first_recorded(s) + least(999, last_recorded(s) - "
		"  first_recorded(s)), '5874897-12-30'), '[]'))) END, "
		"CASE WHEN first_recorded(s) < '5874897-12-31' THEN length(offence_report(s, "
		"  daterange(first_recorded(s), least(last_recorded(s), '5874897-12-30'), '[]'), 'fuzz')) "
		"END, "
		"platform_offences(s, (SELECT array_agg(platform) FROM (SELECT platform FROM "
		"  platform_shares(s) LIMIT 3) p)) "
		"FROM (SELECT $1::offence_summary AS s) x";
	PGresult *res = exec_pair(sql, a, NULL, 0);
	Result r = {0};
	int64_t window = 0;
	int64_t in_period = 0;
	bool has_period = false;
	char expect[16][64];
	bool ok = true;

	n_batteries++;
	if (lost_server(res, &r, text, in, "in the accessors"))
		return false;
	if (r.outcome == REJECTED)
	{
		count_error(&r, true, text, in);
		PQclear(res);
		return true;
	}

	/*
	 * Offences in the period and in its first 1000 days, from the days
	 * section.  The periods stop a day short of the last date PostgreSQL
	 * has, since a daterange cannot include that day.
	 */
	if (La->entries[SEC_DAYS].n > 0)
	{
		int32_t first = (int32_t) rd32(a->d + La->entries[SEC_DAYS].v[0].off);

		for (int i = 0; i < La->entries[SEC_DAYS].n; i++)
		{
			const unsigned char *e = a->d + La->entries[SEC_DAYS].v[i].off;
			int32_t day = (int32_t) rd32(e);

			if (day > LAST_DAY - 1)
				continue;
			in_period += (int64_t) rd64(e + 4);
			if ((int64_t) day - first <= 999)
				window += (int64_t) rd64(e + 4);
		}
		has_period = first < LAST_DAY;
	}
	snprintf(expect[0], 64, "%" PRId64, La->offences);
	snprintf(expect[1], 64, "%" PRId64, La->undated);
	snprintf(expect[2], 64, "%" PRId64, La->offences - La->no_platform);
	snprintf(expect[3], 64, "%" PRId64, La->offences - La->no_age);
	if (strcmp(PQgetvalue(res, 0, 0), expect[0]) != 0 ||
		strcmp(PQgetvalue(res, 0, 1), expect[1]) != 0 ||
		strcmp(PQgetvalue(res, 0, 2), expect[2]) != 0 ||
		strcmp(PQgetvalue(res, 0, 3), expect[3]) != 0)
		ok = false;
	if (has_period)
	{
		snprintf(expect[4], 64, "%" PRId64, in_period);
		snprintf(expect[5], 64, "%" PRId64, window);
		if (strcmp(PQgetvalue(res, 0, 10), expect[4]) != 0 ||
			strcmp(PQgetvalue(res, 0, 11), expect[5]) != 0)
			ok = false;
	}
	else if (!PQgetisnull(res, 0, 10) || !PQgetisnull(res, 0, 11) ||
			 (La->entries[SEC_DAYS].n == 0 && (!PQgetisnull(res, 0, 4) || !PQgetisnull(res, 0, 5))))
		ok = false;
	if (strtol(PQgetvalue(res, 0, 7), NULL, 10) != La->entries[SEC_PLATFORMS].n)
		ok = false;
	if (!ok)
	{
		n_failed_checks++;
		failure("accessors", text, in,
				"accessors disagree with the value: offences %s undated %s platform_recorded %s "
				"age_recorded %s platforms %s in-period %s first-1000-days %s; expected %s %s "
				"%s %s %d %" PRId64 " %" PRId64,
				PQgetvalue(res, 0, 0), PQgetvalue(res, 0, 1), PQgetvalue(res, 0, 2),
				PQgetvalue(res, 0, 3), PQgetvalue(res, 0, 7), PQgetvalue(res, 0, 10),
				PQgetvalue(res, 0, 11), expect[0], expect[1], expect[2], expect[3],
				La->entries[SEC_PLATFORMS].n, in_period, window);
	}
	PQclear(res);
	return true;
}

static long n_kept = 0;
static int64_t kept_offences = 0;

/* Compare two names by bytes, then length, as the canonical order does. */
static int
compare_names(const unsigned char *a, size_t alen, const unsigned char *b, size_t blen)
{
	int cmp = memcmp(a, b, alen < blen ? alen : blen);

	return cmp != 0 ? cmp : (alen > blen) - (alen < blen);
}

/* A quoted text name without its escapes. */
static void
unescape_name(const Buf *b, Span s, Buf *out)
{
	out->len = 0;
	for (size_t i = s.off; i < s.off + s.len && i < b->len; i++)
	{
		if (b->d[i] == '\\' && i + 1 < s.off + s.len)
			i++;
		buf_reserve(out, out->len + 1);
		out->d[out->len++] = b->d[i];
	}
}

/*
 * Since 1.1 input takes platform names in any order (a dump from a database
 * of another encoding lists them in that encoding's order) and puts them in
 * canonical order: such a value comes back sorted, not as it went in.  Are
 * the names of `in` out of byte order?
 */
static bool
names_out_of_order(bool text, const Buf *in)
{
	static Span spans[4096];
	Buf prev = {0};
	Buf name = {0};
	bool out_of_order = false;
	int n;

	if (text)
	{
		n = text_names(in, spans, 4096);
		for (int i = 0; i < n && !out_of_order; i++)
		{
			unescape_name(in, spans[i], &name);
			if (i > 0 && compare_names(prev.d, prev.len, name.d, name.len) >= 0)
				out_of_order = true;
			buf_set(&prev, name.d, name.len);
		}
	}
	else
	{
		Layout L = {0};

		if (!layout_parse(in, &L))
			return false;
		for (int i = 1; i < L.entries[SEC_PLATFORMS].n && !out_of_order; i++)
		{
			Span a = L.entries[SEC_PLATFORMS].v[i - 1];
			Span b = L.entries[SEC_PLATFORMS].v[i];

			if (compare_names(in->d + a.off + 4, a.len - 4, in->d + b.off + 4, b.len - 4) >= 0)
				out_of_order = true;
		}
		for (int s = 0; s < NSECTIONS; s++)
		{
			free(L.entries[s].v);
			free(L.counts[s].v);
		}
		free(L.fields.v);
	}
	buf_free(&prev);
	buf_free(&name);
	return out_of_order;
}

/* Everything an accepted value must satisfy.  `r` holds what the server gave back. */
static void
check_accepted(bool text, const Buf *in, Result *r)
{
	Layout La = {0};
	PGresult *res;
	Result back = {0};

	/*
	 * Canonical: what comes out is what went in, unless the names came out of
	 * order (then the round trip below checks that the output is canonical).
	 */
	if (!same(text ? &r->text : &r->wire, in) && !names_out_of_order(text, in))
	{
		n_failed_checks++;
		failure("canonical", text, in, "accepted, but its %s output differs from the input: %s",
				text ? "text" : "binary", text ? (const char *) r->text.d : "(binary)");
	}
	if (!layout_parse(&r->wire, &La))
	{
		n_failed_checks++;
		failure("send", text, in, "offence_summary_send gave a malformed value");
		goto done;
	}

	/* The other form round-trips: binary send -> recv, text out -> in. */
	{
		static const char *const sql = "SELECT $1::offence_summary::text, $2::offence_summary";

		res = exec_summaries(sql, &r->wire, false, &r->text, true, 1);
		if (lost_server(res, &back, text, in, "in a round trip"))
			goto done;
		if (back.outcome == REJECTED || PQgetlength(res, 0, 0) != (int) r->text.len ||
			memcmp(PQgetvalue(res, 0, 0), r->text.d, r->text.len) != 0 ||
			PQgetlength(res, 0, 1) != (int) r->wire.len ||
			memcmp(PQgetvalue(res, 0, 1), r->wire.d, r->wire.len) != 0)
		{
			n_failed_checks++;
			failure("round trip", text, in, "text or binary round trip differs %s%s", back.code,
					back.message);
		}
		PQclear(res);
	}

	if (!check_rollup(text, in, &r->wire, &La, &partner.wire, &partner.layout))
		goto done;
	if ((La.offences > INT64_MAX / 2 || chance(10)) && !check_self_rollup(text, in, &r->wire, &La))
		goto done;
	if (!check_accessors(text, in, &r->wire, &La))
		goto done;

	/* Keep small ones for the parallel rollup at the end. */
	if (n_kept < PARALLEL_KEEP && La.offences < SMALL_TOTAL)
	{
		res =
			exec_pair("INSERT INTO fuzz_accepted VALUES ($1::offence_summary)", &r->wire, NULL, 0);
		if (PQresultStatus(res) != PGRES_COMMAND_OK)
			die("keeping an accepted value: %s", PQerrorMessage(conn));
		PQclear(res);
		n_kept++;
		kept_offences += La.offences;
	}
done:
	buf_free(&back.wire);
	buf_free(&back.text);
	for (int s = 0; s < NSECTIONS; s++)
	{
		free(La.entries[s].v);
		free(La.counts[s].v);
	}
	free(La.fields.v);
}

/* ---- seeds ---- */

static void
add_seed(const char *textvalue)
{
	Buf in = {0};
	Result r = {0};

	buf_set(&in, textvalue, strlen(textvalue));
	send_value(true, &in, &r);
	if (r.outcome != ACCEPTED)
		die("seed refused (%s %s): %.200s", r.code, r.message, textvalue);
	if (!same(&r.text, &in))
		die("seed is not in canonical form: %.200s\n  canonical: %.200s", textvalue,
			(const char *) r.text.d);
	pool_add(&text_pool, in.d, in.len, true);
	pool_add(&binary_pool, r.wire.d, r.wire.len, true);
	buf_free(&in);
	buf_free(&r.wire);
	buf_free(&r.text);
}

static void
load_seed_file(const char *path)
{
	FILE *f = fopen(path, "r");
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;

	if (f == NULL)
		die("cannot open %s: %s", path, strerror(errno));
	while ((n = getline(&line, &cap, f)) >= 0)
	{
		while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			line[--n] = '\0';
		if (n == 0 || line[0] == '#')
			continue;
		add_seed(line);
	}
	free(line);
	fclose(f);
}

/* Summaries the server makes itself: many days, platforms, combinations and ages. */
static void
server_seeds(void)
{
	static const char *const sql =
		"SELECT offence_summary_agg(d, p, a)::text FROM ("
		"  SELECT k, CASE WHEN g % 7 = 0 THEN NULL ELSE date '2017-04-03' + (g * k) % 400 END d, "
		"    CASE WHEN g % 5 = 0 THEN NULL ELSE ARRAY(SELECT (ARRAY['Facebook','Snapchat',"
		"      'Instagram','WhatsApp','Kik','Éire','Say \"hi\"','back\\slash',''])[1 + (g * j) % "
		"9] "
		"      FROM generate_series(1, 1 + g % 3) j) END p, "
		"    CASE WHEN g % 11 = 0 THEN NULL ELSE (g * k) % 151 END a "
		"  FROM generate_series(1, 6) k, generate_series(1, 40 * k) g) x GROUP BY k ORDER BY k";
	PGresult *res = PQexec(conn, sql);

	if (PQresultStatus(res) != PGRES_TUPLES_OK)
		die("making seeds: %s", PQerrorMessage(conn));
	for (int i = 0; i < PQntuples(res); i++)
		add_seed(PQgetvalue(res, i, 0));
	PQclear(res);
}

/* ---- the run ---- */

static void
parallel_rollup(void)
{
	PGresult *res;
	char *serial;
	char *parallel_text;
	char *merged;
	char expect[32];

	if (n_kept == 0)
		return;
	exec_ok("ANALYZE fuzz_accepted");
	exec_ok("SET max_parallel_workers_per_gather = 0");
	serial = query_value("SELECT rollup(s)::text FROM fuzz_accepted",
						 "serial rollup of accepted values");

	exec_ok("SET max_parallel_workers_per_gather = 2");
	exec_ok("SET parallel_setup_cost = 0");
	exec_ok("SET parallel_tuple_cost = 0");
	exec_ok("SET min_parallel_table_scan_size = 0");
	exec_ok("SET parallel_leader_participation = off");
	res = PQexec(conn, "EXPLAIN (COSTS OFF) SELECT rollup(s) FROM fuzz_accepted");
	if (PQresultStatus(res) != PGRES_TUPLES_OK)
		die("explain: %s", PQerrorMessage(conn));
	{
		bool partial = false;

		for (int i = 0; i < PQntuples(res); i++)
			partial |= strstr(PQgetvalue(res, i, 0), "Partial Aggregate") != NULL;
		if (!partial)
			fprintf(stderr, "fuzz: note: the planner chose no parallel plan for the rollup\n");
	}
	PQclear(res);
	res = PQexec(conn, "SELECT rollup(s)::text, rollup_merge(s)::text, offences(rollup(s)) "
					   "FROM fuzz_accepted");
	if (PQresultStatus(res) != PGRES_TUPLES_OK)
	{
		n_failed_checks++;
		fprintf(stderr, "fuzz: FAILURE: parallel rollup of accepted values: %s",
				PQerrorMessage(conn));
		PQclear(res);
		free(serial);
		return;
	}
	parallel_text = PQgetvalue(res, 0, 0);
	merged = PQgetvalue(res, 0, 1);
	snprintf(expect, sizeof(expect), "%" PRId64, kept_offences);
	if (strcmp(serial, parallel_text) != 0 || strcmp(serial, merged) != 0 ||
		strcmp(PQgetvalue(res, 0, 2), expect) != 0)
	{
		n_failed_checks++;
		fprintf(stderr,
				"fuzz: FAILURE: parallel rollup of %ld accepted values differs from serial "
				"(offences %s, expected %s)\n",
				n_kept, PQgetvalue(res, 0, 2), expect);
	}
	else
		printf("fuzz: rollup of %ld accepted values (%" PRId64
			   " offences): parallel, serial and rollup_merge agree\n",
			   n_kept, kept_offences);
	PQclear(res);
	free(serial);
	exec_ok("RESET ALL");
	exec_ok("SET statement_timeout = '60s'");
}

static void
usage(void)
{
	fprintf(stderr, "usage: fuzz [-n inputs] [-s seed] [-f seeds.txt] [-o faildir] [-d conninfo] "
					"[-v]\n");
	exit(2);
}

int
main(int argc, char **argv)
{
	long total = 10000;
	uint64_t seed = 1;
	const char *seed_file = NULL;
	time_t started = time(NULL);
	char *start_time;
	long n_rejected;
	int opt;

	while ((opt = getopt(argc, argv, "n:s:f:o:d:v")) != -1)
	{
		switch (opt)
		{
			case 'n':
				total = strtol(optarg, NULL, 10);
				break;
			case 's':
				seed = strtoull(optarg, NULL, 10);
				break;
			case 'f':
				seed_file = optarg;
				break;
			case 'o':
				fail_dir = optarg;
				mkdir(fail_dir, 0777);
				break;
			case 'd':
				conninfo = optarg;
				break;
			case 'v':
				verbose++;
				break;
			default:
				usage();
		}
	}
	rng_state = seed;
	connect_server();

	start_time = postmaster_start_time();

	exec_ok("SET client_min_messages = warning");
	exec_ok("DROP TABLE IF EXISTS fuzz_copy, fuzz_accepted");
	exec_ok("CREATE TABLE fuzz_copy (id int, s offence_summary)");
	exec_ok("CREATE TABLE fuzz_accepted (s offence_summary)");

	if (seed_file != NULL)
		load_seed_file(seed_file);
	server_seeds();
	if (text_pool.nseeds < 2)
		die("need at least two seeds");

	/* The partner for rollups: the richest server-made seed. */
	buf_set(&partner.text, text_pool.item[text_pool.nseeds - 1].d,
			text_pool.item[text_pool.nseeds - 1].len);
	buf_set(&partner.wire, binary_pool.item[binary_pool.nseeds - 1].d,
			binary_pool.item[binary_pool.nseeds - 1].len);
	if (!layout_parse(&partner.wire, &partner.layout))
		die("cannot parse the binary form of a seed");
	printf("fuzz: seed %" PRIu64 ", %ld inputs, %d seed values\n", seed, total, text_pool.nseeds);
	fflush(stdout);

	for (long i = 0; i < total; i++)
	{
		bool text = (i % 2) == 0;
		Pool *pool = text ? &text_pool : &binary_pool;
		Buf in = {0};
		Result r = {0};
		int mutations = 1 + (chance(60) ? 0 : below(4));

		{
			const Buf *base = pool_pick(pool);

			buf_set(&in, base->d, base->len);
		}
		for (int m = 0; m < mutations; m++)
			(text ? text_mutate : bin_mutate)(&in);
		if (text)
		{
			/* A text parameter ends at its first NUL. */
			for (size_t k = 0; k < in.len; k++)
				if (in.d[k] == '\0')
					in.d[k] = '\1';
		}

		n_inputs[text ? 0 : 1]++;
		send_value(text, &in, &r);
		if (verbose > 1)
			fprintf(stderr, "%ld %s %s %s\n", i, text ? "text" : "binary",
					r.outcome == ACCEPTED ? "accepted" : r.code,
					r.outcome == ACCEPTED ? "" : r.message);

		if (r.outcome == CRASHED)
		{
			n_crashes++;
			failure("crash", text, &in, "%s", r.message);
			reconnect();
		}
		else if (r.outcome == REJECTED)
		{
			count_error(&r, false, text, &in);
		}
		else
		{
			n_accepted[text ? 0 : 1]++;
			check_accepted(text, &in, &r);
			if (PQstatus(conn) != CONNECTION_OK)
				reconnect();
			else
				pool_add(pool, text ? r.text.d : r.wire.d, text ? r.text.len : r.wire.len, false);
		}

		/* Every fourth binary input also goes through COPY: same outcome. */
		if (!text && r.outcome != CRASHED && i % 8 == 1)
		{
			Result c = {0};

			n_copy++;
			send_copy(&in, &c);
			if (c.outcome == CRASHED)
			{
				n_crashes++;
				failure("crash", text, &in, "through COPY: %s", c.message);
				reconnect();
			}
			else if (c.outcome != r.outcome ||
					 (c.outcome == REJECTED && strcmp(c.code, r.code) != 0) ||
					 (c.outcome == ACCEPTED && !same(&c.wire, &r.wire)))
			{
				n_failed_checks++;
				failure("copy", text, &in, "COPY gave %s %s, the binary parameter %s %s",
						c.outcome == ACCEPTED ? "accepted" : c.code, c.message,
						r.outcome == ACCEPTED ? "accepted" : r.code, r.message);
			}
			buf_free(&c.wire);
			buf_free(&c.text);
		}
		buf_free(&in);
		buf_free(&r.wire);
		buf_free(&r.text);

		if (verbose && (i + 1) % 10000 == 0)
		{
			fprintf(stderr, "fuzz: %ld inputs, %ld accepted, %ld s\n", i + 1,
					n_accepted[0] + n_accepted[1], (long) (time(NULL) - started));
		}
	}

	parallel_rollup();

	/* The postmaster must not have restarted (a crash restarts it). */
	{
		char *now = postmaster_start_time();

		if (strcmp(start_time, now) != 0 && n_crashes == 0)
		{
			n_crashes++;
			fprintf(stderr, "fuzz: FAILURE: the server restarted during the run\n");
		}
		free(now);
	}
	exec_ok("DROP TABLE fuzz_copy, fuzz_accepted");

	printf("fuzz: inputs %ld (text %ld, binary %ld, of which %ld also through COPY BINARY)\n",
		   n_inputs[0] + n_inputs[1], n_inputs[0], n_inputs[1], n_copy);
	printf("fuzz: accepted %ld (text %ld, binary %ld): each canonical, round-tripped, rolled up "
		   "(%ld rollups, %ld of them exceeding bigint and refused with 22003; %ld self-rollups), "
		   "%ld accessor checks\n",
		   n_accepted[0] + n_accepted[1], n_accepted[0], n_accepted[1], n_rollups,
		   n_rollup_overflow, n_self_rollups, n_batteries);
	n_rejected = 0;
	for (int i = 0; i < n_rejected_states; i++)
		n_rejected += rejected[i].count;
	printf("fuzz: rejected %ld:", n_rejected);
	print_states(rejected, n_rejected_states);
	if (n_battery_states > 0)
	{
		printf("fuzz: accessor errors on accepted values:");
		print_states(battery_errors, n_battery_states);
	}
	printf("fuzz: crashes %ld, errors outside classes 22/54 %ld, failed checks %ld (%ld s)\n",
		   n_crashes, n_bad_state, n_failed_checks, (long) (time(NULL) - started));
	PQfinish(conn);
	return (n_crashes || n_bad_state || n_failed_checks) ? 1 : 0;
}

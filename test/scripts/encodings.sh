#!/bin/bash
# Issue 11 item 7: CREATE EXTENSION and the report in every server encoding.
# The install and upgrade scripts must be ASCII (groomstats.control says why);
# then, for each encoding PostgreSQL accepts for a database, a database of that
# encoding (TEMPLATE template0, C locale) installs the extension and prints the
# report of a small summary with exactly the bytes expected there: the
# UTF8 database's report, with the en dash and the bar block where the
# encoding has them (PostgreSQL's own convert() decides) and '-' and '#' where
# it has not, converted to that encoding.  The comparison is of hex bytes, so
# no client encoding conversion is involved.
set -euo pipefail
cd "$(dirname "$0")/../.."
source test/lib.sh

# 1. The scripts CREATE EXTENSION and ALTER EXTENSION UPDATE read (1.0's is
# frozen as released).
for f in groomstats--1.1.sql groomstats--1.0--1.1.sql; do
	[ -f "$f" ] || fail "$f is not built"
	bad=$(LC_ALL=C grep -c -P '[^\x00-\x7f]' "$f" || true)
	if [ "$bad" != 0 ]; then
		LC_ALL=C grep -n -P '[^\x00-\x7f]' "$f" >&2 || true
		fail "$f: $bad lines hold non-ASCII bytes (above): print them through report_glyph"
	fi
done
echo "install and upgrade scripts: ASCII"

# A small summary and the report over it, the same SQL in every database.
summary="(SELECT offence_summary_agg(d, p, a) FROM (VALUES
	(date '2017-04-03', '{Facebook}'::text[], 13), ('2017-04-03', '{Snapchat,Instagram}', 14),
	('2017-05-10', '{Facebook}', 15), ('2017-06-01', NULL, 11), (NULL, '{Kik}', NULL)) v(d, p, a))"
report="offence_report($summary, '[2017-04-03,2018-04-01)', 'Encoding test', '[2016-04-03,2017-04-01)')"

ref=gs_enc_ref
recreate_db "$ref"
q -d $ref <<'SQL'
SET client_min_messages = warning;
CREATE EXTENSION groomstats;
-- Whether an encoding has a character, as PostgreSQL's conversions say.
CREATE FUNCTION has_char(utf8 bytea, enc name) RETURNS boolean LANGUAGE plpgsql AS $$
BEGIN
	PERFORM convert(utf8, 'UTF8', enc);
	RETURN enc <> 'SQL_ASCII';
EXCEPTION WHEN OTHERS THEN
	RETURN false;
END $$;
CREATE TABLE ref (report text);
SQL
q -d $ref -c "INSERT INTO ref SELECT $report"
grep -q '█' <<<"$(q -d $ref -tA -c "SELECT report FROM ref")" || fail "the UTF8 report has no bar block"
grep -q '–' <<<"$(q -d $ref -tA -c "SELECT report FROM ref")" || fail "the UTF8 report has no en dash"

# The report as bytes in encoding $1, as it should be there.
expected_hex() {
	q -d $ref -tA -v enc="$1" <<'SQL'
SELECT encode(CASE WHEN t ~ '^[\x01-\x7f]*$' THEN convert_to(t, 'UTF8') ELSE convert(convert_to(t, 'UTF8'), 'UTF8', :'enc') END, 'hex')
FROM (SELECT replace(replace(report,
		'–', CASE WHEN has_char(decode('e28093', 'hex'), :'enc') THEN '–' ELSE '-' END),
		'█', CASE WHEN has_char(decode('e29688', 'hex'), :'enc') THEN '█' ELSE '#' END) AS t
      FROM ref) r;
SQL
}

unhex() { perl -ne 'chomp; print pack("H*", $_), "\n"'; }

server=()
client_only=()
for id in $(seq 0 63); do
	enc=$(q -d $ref -tA -c "SELECT pg_encoding_to_char($id)")
	[ -n "$enc" ] || continue
	db=gs_enc_${enc,,}
	drop_db "$db"
	if ! out=$(q -d postgres -c "CREATE DATABASE $db ENCODING '$enc' TEMPLATE template0 LC_COLLATE 'C' LC_CTYPE 'C'" 2>&1); then
		# Client-only encodings (SJIS, BIG5, GBK, UHC, GB18030, JOHAB, ...).
		grep -q "is not a valid encoding name" <<<"$out" || fail "CREATE DATABASE in $enc: $out"
		client_only+=("$enc")
		continue
	fi
	server+=("$enc")
	got=$(q -d $db -tA -c "SET client_min_messages = warning" -c "CREATE EXTENSION groomstats" \
		-c "SELECT encode(convert_to($report, getdatabaseencoding()), 'hex')" 2>&1) ||
		fail "$enc: $got"
	want=$(expected_hex "$enc")
	if [ "$got" != "$want" ]; then
		echo "$enc: the report differs from the one expected; expected, then got:"
		unhex <<<"$want" | head -20
		unhex <<<"$got" | head -20
		fail "report in $enc"
	fi
	glyphs=$(q -d $ref -tA -v enc="$enc" <<<"SELECT CASE WHEN has_char(decode('e28093', 'hex'), :'enc') THEN 'dash' ELSE '-' END || ', ' || CASE WHEN has_char(decode('e29688', 'hex'), :'enc') THEN 'bar' ELSE '#' END")
	echo "$enc: CREATE EXTENSION and report ok ($glyphs)"
	drop_db "$db"
done
drop_db "$ref"
echo "client-only encodings (no database can have them): ${client_only[*]}"
# PostgreSQL 15 to 17 offer 35 server encodings.
[ ${#server[@]} -ge 35 ] || fail "only ${#server[@]} server encodings tried: ${server[*]}"
echo "${#server[@]} server encodings: CREATE EXTENSION and the report work in each"

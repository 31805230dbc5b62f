# Summaries with non-ASCII platform names move between databases of
# different encodings as text does (issue 11, items 8 and 9):
#  - by pg_dump -Fc / pg_restore (COPY text in the source's encoding): the
#    names arrive converted and so in another byte order, which input sorts
#    (1.0 refused them, and pg_restore left the table empty);
#  - by COPY (FORMAT binary) through a client: send and receive convert the
#    names as textsend / textrecv do (1.0 stored 'CafÃ©' in LATIN1).
# For every ordered pair of UTF8, LATIN1, WIN1251, SQL_ASCII and EUC_JP,
# with the names representable in both.  The check: in the target, each
# restored summary equals the aggregate of the restored text[] column of
# the same row, so a summary says exactly what PostgreSQL's own text says.
set -euo pipefail
cd "$(dirname "$0")/../.."
source test/lib.sh
work=$(mktemp -d -t groomstats_enc.XXXXXX)
chmod 755 "$work"
trap 'rm -rf "$work"' EXIT

encodings=(UTF8 LATIN1 WIN1251 SQL_ASCII EUC_JP)
# Candidate names (UTF8 here): Cyrillic and Japanese sort differently in
# WIN1251 and EUC_JP than in UTF8; Latin letters sort the same in LATIN1.
candidates="ARRAY['Facebook', 'Café', 'Zoë', 'Ёж', 'Ангел', 'ёлка', 'ананас', 'あいこ', 'カメラ', 'zz top']"

helper=groomstats_enc_helper
drop_db $helper
q -d postgres -c "CREATE DATABASE $helper TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'"
q -d $helper -c "CREATE FUNCTION fits(name text, enc text) RETURNS boolean LANGUAGE plpgsql AS \$\$
BEGIN
  IF enc = 'SQL_ASCII' THEN RETURN true; END IF;
  PERFORM convert_to(name, enc);
  RETURN true;
EXCEPTION WHEN OTHERS THEN
  RETURN false;
END \$\$"

q -d $helper -c "CREATE FUNCTION converts(a text, b text) RETURNS boolean LANGUAGE plpgsql AS \$\$
BEGIN
  IF 'SQL_ASCII' IN (a, b) THEN RETURN true; END IF;
  PERFORM convert('\\x41'::bytea, a, b);
  RETURN true;
EXCEPTION WHEN OTHERS THEN
  RETURN false;
END \$\$"

# The candidates representable in both encodings: "hex,hex,...|N", the
# bytes of each in the encoding it must mean there (for a SQL_ASCII source,
# the target's), and N, how many are not ASCII.
names_for() {
	local from=$1 to=$2 meaning=$1
	[ "$from" = SQL_ASCII ] && meaning=$to
	[ "$meaning" = SQL_ASCII ] && meaning=UTF8
	q -d $helper -At -c "SELECT coalesce(string_agg(encode(convert_to(n, '$meaning'), 'hex'), ',' ORDER BY i), '')
		|| '|' || count(*) FILTER (WHERE n !~ '^[ -~]*\$')
		FROM unnest($candidates) WITH ORDINALITY u(n, i) WHERE fits(n, '$from') AND fits(n, '$to')"
}

make_source() {
	local db=$1 enc=$2 hexnames=$3
	drop_db "$db"
	q -d postgres -c "CREATE DATABASE $db TEMPLATE template0 ENCODING '$enc' LC_COLLATE 'C' LC_CTYPE 'C'"
	q -d "$db" -c "SET client_min_messages = warning" -c "CREATE EXTENSION groomstats"
	# The names from their bytes, so that no client conversion is involved.
	q -d "$db" -c "CREATE TABLE t (k int PRIMARY KEY, names text[], s offence_summary)" -c "
		WITH n AS (SELECT convert_from(decode(h, 'hex'), '$enc') AS name, i
		           FROM unnest(string_to_array('$hexnames', ',')) WITH ORDINALITY u(h, i))
		INSERT INTO t
		SELECT 1, names, offence_summary_agg(DATE '2020-01-01', names, 12)
		FROM (SELECT array_agg(name ORDER BY i) FROM n) a(names) GROUP BY names
		UNION ALL
		SELECT 2, names, offence_summary_agg(DATE '2020-01-02', names, 13)
		FROM (SELECT array_agg(name ORDER BY i DESC) FROM n WHERE i % 2 = 0) a(names) GROUP BY names"
}

# In the target: every row's summary is the aggregate of its restored
# text[] column (same names, same counts), and reads back as itself.
check_target() {
	local db=$1 what=$2 rows
	rows=$(q -d "$db" -At -c "SELECT count(*) FROM t
		WHERE s = (SELECT offence_summary_agg(DATE '2020-01-01' + (t.k - 1), x.n, 11 + t.k)
		           FROM (SELECT t.names) x(n))
		  AND s = s::text::offence_summary")
	[ "$rows" = 2 ] || {
		q -d "$db" -c "SELECT k, names, s FROM t"
		fail "$what: $rows of 2 rows say what their text[] column says"
	}
}

# CREATE EXTENSION must work in every encoding (issue 11, item 7, another
# branch): until it does, pairs with an encoding where it fails are skipped
# and said so.
usable=()
for enc in "${encodings[@]}"; do
	drop_db groomstats_enc_probe
	q -d postgres -c "CREATE DATABASE groomstats_enc_probe TEMPLATE template0 ENCODING '$enc' LC_COLLATE 'C' LC_CTYPE 'C'"
	if q -d groomstats_enc_probe -c "SET client_min_messages = warning" -c "CREATE EXTENSION groomstats" 2>/dev/null; then
		usable+=("$enc")
	else
		echo "skipped: CREATE EXTENSION groomstats fails in a $enc database (issue 11, item 7)"
	fi
done
drop_db groomstats_enc_probe

pairs=0
nonascii=0
for from in "${usable[@]}"; do
	for to in "${usable[@]}"; do
		[ "$from" = "$to" ] && continue
		if [ "$(q -d $helper -At -c "SELECT converts('$from', '$to')")" != t ]; then
			echo "skipped: $from -> $to: PostgreSQL has no conversion between them (not for text either)"
			continue
		fi
		IFS='|' read -r hexnames wide <<<"$(names_for "$from" "$to")"
		n=$(tr ',' '\n' <<<"$hexnames" | grep -c . || true)
		make_source groomstats_enc_src "$from" "$hexnames"

		# pg_dump -Fc / pg_restore.
		pg_dump -Fc -d groomstats_enc_src -f "$work/dump"
		drop_db groomstats_enc_dst
		q -d postgres -c "CREATE DATABASE groomstats_enc_dst TEMPLATE template0 ENCODING '$to' LC_COLLATE 'C' LC_CTYPE 'C'"
		pg_restore --exit-on-error -d groomstats_enc_dst "$work/dump" ||
			fail "$from -> $to: pg_restore failed"
		check_target groomstats_enc_dst "$from -> $to by pg_restore"

		# COPY (FORMAT binary) through a client: UTF8 unless one side is SQL_ASCII
		# (then the other side's encoding, as text would need too).
		client=UTF8
		[ "$from" = SQL_ASCII ] && client=$to
		[ "$to" = SQL_ASCII ] && client=$from
		[ "$client" = SQL_ASCII ] && client=UTF8
		PGCLIENTENCODING=$client q -d groomstats_enc_src -c "\\copy t TO '$work/t.bin' WITH (FORMAT binary)"
		q -d groomstats_enc_dst -c "TRUNCATE t"
		PGCLIENTENCODING=$client q -d groomstats_enc_dst -c "\\copy t FROM '$work/t.bin' WITH (FORMAT binary)"
		check_target groomstats_enc_dst "$from -> $to by binary COPY (client $client)"

		echo "ok: $from -> $to: $n names ($wide with non-ASCII bytes), by pg_restore and by binary COPY"
		pairs=$((pairs + 1))
		[ "$wide" -gt 0 ] && nonascii=$((nonascii + 1))
	done
done
drop_db groomstats_enc_src
drop_db groomstats_enc_dst
drop_db $helper
echo "encodings: $pairs ordered pairs, $nonascii of them with non-ASCII names"
[ "$nonascii" -eq "$pairs" ] || fail "only $nonascii of $pairs pairs had non-ASCII names"

# What can be stored can be dumped (issue 11, item 10): a summary whose
# text form would not fit in a value (more than MaxAllocSize / 2 bytes, so
# that COPY's escaping still fits) is refused where it is made, with 54000,
# by the final function, by `+` and by rollup.  In 1.0 one offence whose
# platform name is 270 MB of '"' was stored, and then s::text, s::jsonb and
# COPY TO failed: the table could not be dumped.
set -euo pipefail
cd "$(dirname "$0")/../.."
source test/lib.sh
db=groomstats_dumpable
recreate_db $db
q -d $db -c "SET client_min_messages = warning" -c "CREATE EXTENSION groomstats"

# SQLSTATE and message of a statement that must fail.
refused() {
	local what=$1 sql=$2 out
	out=$(psql -X -q -d $db -v ON_ERROR_STOP=1 -v VERBOSITY=verbose -c "\\set VERBOSITY verbose" -c "$sql" 2>&1 || true)
	grep -q "ERROR:  54000: offence summary is too large to dump" <<<"$out" ||
		fail "$what was not refused as too large to dump: $out"
	echo "ok: $what refused: $(grep -o 'Its text form would be [0-9]* bytes' <<<"$out")"
}

# One offence, a 270 MB name of '"' (each written \" in the text form).
refused "the aggregate of one offence with a 540 MB text form" \
	"SELECT offence_summary_agg(NULL::date, repeat('\"', 270000000), NULL::integer) IS NULL"

# Two summaries that fit (280 MB of text each) but not together.
q -d $db -c "CREATE TABLE halves AS
	SELECT k, offence_summary_agg(NULL::date, repeat('\"', 140000000) || k, NULL::integer) AS s
	FROM generate_series(1, 2) k GROUP BY k"
refused "a + b of two 280 MB summaries" \
	"SELECT (SELECT s FROM halves WHERE k = 1) + (SELECT s FROM halves WHERE k = 2) IS NULL"
refused "rollup of the same two" "SELECT rollup(s) IS NULL FROM halves"
refused "rollup_merge of the same two" "SELECT rollup_merge(s) IS NULL FROM halves"

# What is stored is dumpable: each half's text form can be made (COPY TO
# writes it, escaped, in at most twice its length).
n=$(q -d $db -At -c "SELECT count(*) FROM halves WHERE length(s::text) BETWEEN 280000000 AND 280000100 AND s::text::offence_summary = s")
[ "$n" = 2 ] || fail "the text form of a stored half could not be made and read back ($n of 2)"
echo "ok: the stored 280 MB summaries have text forms that read back as themselves"
drop_db $db

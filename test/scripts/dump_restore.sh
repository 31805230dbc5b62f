#!/bin/bash
# pg_dump / pg_restore (custom format) of a database holding summaries:
# monthly per force from the sample, and edge summaries (empty, NULL,
# extreme dates, platform names with quotes, backslashes, delimiters,
# control characters and non-ASCII).  The summaries are also in a hash
# index, a column default, a view and a materialized view (refreshed by
# pg_restore with an empty search_path).
#
# Checks, in a fresh database restored from the dump (and again with a
# parallel restore):
#  - every summary's text is the same as in the source (all rows, in order);
#  - each equals (=) its source text read back in the restored database;
#  - rollup there equals the rollup in the source, and the aggregate of the
#    restored offence rows; the materialized view was refreshed right;
#  - the hash index finds summaries by =.
set -euo pipefail
cd "$(dirname "$0")/../.."

src=groomstats_dump_src
dst=groomstats_dump_dst
dump=$(mktemp -t groomstats_dump.XXXXXX)
work=$(mktemp -d -t groomstats_dump.XXXXXX)
trap 'rm -rf "$dump" "$work"' EXIT
source test/lib.sh

for db in "$src" "$dst"; do
	drop_db "$db"
done
q -d postgres -c "CREATE DATABASE $src"

q -d "$src" <<'SQL'
SET client_min_messages = warning;
CREATE EXTENSION groomstats;
\i test/data/sample_offences.sql

-- Monthly per force (undated offences in a month of their own, NULL).
CREATE TABLE monthly (
    k serial PRIMARY KEY,
    force text NOT NULL,
    month date,
    s offence_summary NOT NULL
      DEFAULT 'v1;offences=0;undated=0;days=;no_platform=0;platforms=;combos=;no_age=0;ages='
);
INSERT INTO monthly (force, month, s)
SELECT force, date_trunc('month', recorded)::date, offence_summary_agg(recorded, platforms, victim_age)
FROM sample_offences GROUP BY 1, 2 ORDER BY 1, 2;

-- Edge summaries: what a dump must carry exactly.
CREATE TABLE edge (k int PRIMARY KEY, what text NOT NULL, s offence_summary);
INSERT INTO edge
SELECT 1, 'empty (no rows)', offence_summary_agg(d, p, a)
FROM (SELECT NULL::date d, NULL::text[] p, NULL::int a WHERE false) x
UNION ALL
SELECT 2, 'NULL summary', NULL
UNION ALL
SELECT 3, 'one offence, nothing recorded', offence_summary_agg(NULL::date, NULL::text[], NULL::int)
UNION ALL
SELECT 4, 'extreme dates and ages', offence_summary_agg(d, p, a)
FROM (VALUES ('4713-01-01 BC'::date, '{Snapchat}'::text[], 0),
             ('0001-12-31 BC', '{Facebook}', 150),
             ('0001-01-01', '{}', NULL),
             ('5874897-12-31', NULL, 17),
             ('2000-02-29', '{Snapchat,Facebook}', 12)) v(d, p, a)
UNION ALL
SELECT 5, 'odd platform names', offence_summary_agg(d, p, a)
FROM (VALUES ('2017-04-03'::date, ARRAY['Say "hi"', E'back\\slash', E'\\', '"', '""',
                                          'semi;colon', 'co,mma', 'eq=sign', 'colon:x', 'plus+1',
                                          '  spaces  ', 'Éire', 'Ælfrēd ☃', '🚀 rocket', '日本語'], 13),
             ('2017-04-04', ARRAY[E'tab\there', E'new\nline', E'cr\rx', E'\x01ctl', 'Say "hi"'], 14),
             ('2017-04-04', ARRAY['', NULL, 'Éire', 'Éire'], NULL),
             (NULL, ARRAY['\N', 'NULL', '\.'], 15)) v(d, p, a)
UNION ALL
SELECT 6, 'the whole sample', offence_summary_agg(recorded, platforms, victim_age) FROM sample_offences
UNION ALL
SELECT 7, 'text input', 'v1;offences=3;undated=1;days=2017-04-03:2;no_platform=1;platforms="Facebook","Snapchat";combos=1:1,1+2:1;no_age=0;ages=13:2,14:1';

CREATE INDEX monthly_s_hash ON monthly USING hash (s);
CREATE VIEW national AS SELECT rollup(s) AS s FROM monthly;
CREATE MATERIALIZED VIEW per_force AS
SELECT force, rollup(s) AS s, offences(rollup(s)) AS offences FROM monthly GROUP BY force;
SQL

# What the source holds, as text (the exact, canonical form).
contents() {
	q -d "$1" -tA -c "SELECT 'monthly', k, force, month, s FROM monthly ORDER BY k" \
		-c "SELECT 'edge', k, what, s FROM edge ORDER BY k" \
		-c "SELECT 'per_force', force, s, offences FROM per_force ORDER BY force" \
		-c "SELECT 'national', s FROM national"
}
contents "$src" >"$work/src.txt"
# The same text, as COPY writes it (escaped), to read back after restore.
q -d "$src" -c "\\copy (SELECT 'monthly', k, s::text FROM monthly UNION ALL SELECT 'edge', k, s::text FROM edge UNION ALL SELECT 'national', 0, s::text FROM national) TO '$work/src.copy'"
nmonthly=$(q -d "$src" -tA -c "SELECT count(*) FROM monthly")
nedge=$(q -d "$src" -tA -c "SELECT count(*) FROM edge")
echo "source: $nmonthly monthly summaries, $nedge edge summaries, $(wc -c <"$work/src.txt") bytes of text"

pg_dump -Fc -d "$src" -f "$dump"
echo "pg_dump -Fc: $(wc -c <"$dump") bytes"

# Check a restored database against the source.
check_restored() {
	local db=$1 how=$2 equal national_eq agg_eq mv_eq idx plan
	contents "$db" >"$work/dst.txt"
	if ! cmp -s "$work/src.txt" "$work/dst.txt"; then
		diff "$work/src.txt" "$work/dst.txt" | head -20 >&2
		fail "$how: text of the summaries differs after restore"
	fi
	echo "  $how: the text of every summary is the same as in the source"

	# Each restored summary = (the operator) the source's text read back here.
	read -r equal national_eq agg_eq mv_eq < <(q -d "$db" -tA -F ' ' \
		-c "CREATE TEMP TABLE src_text (tbl text, k int, t text)" \
		-c "\\copy src_text FROM '$work/src.copy'" \
		-c "
SELECT (SELECT count(*) FILTER (WHERE x.t::offence_summary = m.s) FROM monthly m JOIN src_text x ON x.tbl = 'monthly' AND x.k = m.k)
     + (SELECT count(*) FILTER (WHERE x.t::offence_summary IS NOT DISTINCT FROM e.s) FROM edge e JOIN src_text x ON x.tbl = 'edge' AND x.k = e.k),
       (SELECT rollup(s) FROM monthly) = (SELECT t::offence_summary FROM src_text WHERE tbl = 'national'),
       (SELECT rollup(s) FROM monthly) = (SELECT offence_summary_agg(recorded, platforms, victim_age) FROM sample_offences),
       (SELECT rollup(s) FROM per_force) = (SELECT s FROM national)")
	echo "  $how: summaries equal (=) to the source's text read back: $equal of $((nmonthly + nedge))"
	[ "$equal" -eq $((nmonthly + nedge)) ] || fail "$how: summaries not equal after restore"
	echo "  $how: rollup equals the source's rollup: $national_eq; equals the restored rows' aggregate: $agg_eq;" \
		"the materialized view rolls up to the national summary: $mv_eq"
	[ "$national_eq" = t ] && [ "$agg_eq" = t ] && [ "$mv_eq" = t ] || fail "$how: rollup differs after restore"

	lookup="SELECT count(*) FROM monthly m WHERE m.s = (SELECT s FROM monthly WHERE k = 1)"
	plan=$(q -d "$db" -tA -c "SET enable_seqscan = off" -c "SET enable_bitmapscan = off" -c "EXPLAIN (COSTS OFF) $lookup")
	grep -q "Index Scan using monthly_s_hash" <<<"$plan" || fail "$how: the hash index is not used"
	idx=$(q -d "$db" -tA -c "SET enable_seqscan = off" -c "SET enable_bitmapscan = off" -c "$lookup")
	echo "  $how: the restored hash index finds the summary by =: $idx row(s)"
	[ "$idx" -ge 1 ] || fail "$how: hash index lookup found nothing"
}

for jobs in 1 2; do
	drop_db "$dst"
	q -d postgres -c "CREATE DATABASE $dst"
	pg_restore --exit-on-error -j "$jobs" -d "$dst" "$dump"
	check_restored "$dst" "pg_restore -j $jobs"
done

echo "dump_restore: all checks passed"

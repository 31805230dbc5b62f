#!/bin/bash
# The upgrade chain.  Every release after 1.0 ships sql/groomstats--A--B.sql;
# this test finds the versions from the upgrade scripts installed, creates
# the OLDEST version, stores summaries with it, and runs
# ALTER EXTENSION groomstats UPDATE TO each later version in turn up to the
# default version.  After each step the stored summaries must still read
# (the same text) and roll up (rollup =); at the end the extension's catalog
# objects must equal a fresh CREATE EXTENSION of the default version.
#
# With 1.0 only there are no steps yet: the test still creates 1.0
# explicitly, checks that ALTER EXTENSION ... UPDATE is a no-op, and compares
# the catalog with a fresh install; a negative control proves the comparison
# would see a changed or missing object.
#
# For the oldest version to be creatable, its install script must be
# installed too: when the default version moves on, keep the released
# groomstats--1.0.sql as a file (see CHANGELOG.md) and install it.
set -euo pipefail
cd "$(dirname "$0")/../.."

ext=groomstats
chain_db=groomstats_upgrade_chain
fresh_db=groomstats_upgrade_fresh
work=$(mktemp -d -t groomstats_upgrade.XXXXXX)
trap 'rm -rf "$work"' EXIT
source test/lib.sh

# Debian's extension_destdir (test/dev-suite, the sanitizer run) puts the
# extension under a prefix of its own.
destdir=$(q -d postgres -tA -c "SELECT current_setting('extension_destdir', true)")
sharedir="$destdir$(${PG_CONFIG:-pg_config} --sharedir)/extension"

# ---- the versions ----
default=$(q -d postgres -tA -c "SELECT default_version FROM pg_available_extensions WHERE name = '$ext'")
[ -n "$default" ] || fail "extension $ext is not installed in $sharedir"
makefile_version=$(sed -n 's/^EXTVERSION *= *//p' Makefile)
control_version=$(sed -n "s/^default_version *= *'\(.*\)'/\1/p" $ext.control)
echo "default version: installed $default, $ext.control $control_version, Makefile EXTVERSION $makefile_version"
[ "$default" = "$control_version" ] && [ "$default" = "$makefile_version" ] ||
	fail "the default version differs between the control file, the Makefile and the installation"

# Every upgrade script in sql/ must be installed, unchanged (make install
# copies DATA files by their base name into $sharedir), and start with the
# guard that stops it being run by psql.
shopt -s nullglob
# (an upgrade script of the version in development is built at the top.)
for f in sql/"$ext"--*--*.sql "$ext"--*--*.sql; do
	installed="$sharedir/$(basename "$f")"
	cmp -s "$f" "$installed" || fail "$f is not installed as $installed (run make install; check DATA in the Makefile)"
	grep -q '^\\echo Use "ALTER EXTENSION '"$ext"' UPDATE' "$f" || fail "$f lacks the \\echo ... \\quit guard"
done

# Versions named by the installed upgrade scripts, oldest first.
steps_from=()
steps_to=()
for f in "$sharedir"/"$ext"--*--*.sql; do
	name=$(basename "$f" .sql)
	[ -e "sql/$(basename "$f")" ] || [ -e "$(basename "$f")" ] || echo "warning: $f is installed but not in sql/ (left from another build?)"
	name=${name#"$ext--"}
	steps_from+=("${name%%--*}")
	steps_to+=("${name#*--}")
done
versions=$(printf '%s\n' "$default" "${steps_from[@]}" "${steps_to[@]}" | sort -uV)
oldest=$(head -1 <<<"$versions")
echo "versions (from $((${#steps_from[@]})) installed upgrade scripts): $(tr '\n' ' ' <<<"$versions")"

# The chain: from the oldest, step to the nearest later version that has a
# script from the current one (downgrade scripts, if any, are not steps).
newer() { [ "$1" != "$2" ] && [ "$(printf '%s\n' "$1" "$2" | sort -V | tail -1)" = "$2" ]; }
chain=("$oldest")
cur=$oldest
while [ "$cur" != "$default" ]; do
	next=""
	for i in "${!steps_from[@]}"; do
		if [ "${steps_from[$i]}" = "$cur" ] && newer "$cur" "${steps_to[$i]}" &&
			{ [ -z "$next" ] || newer "${steps_to[$i]}" "$next"; }; then
			next=${steps_to[$i]}
		fi
	done
	[ -n "$next" ] || fail "no upgrade script from $cur towards $default"
	newer "$next" "$default" || [ "$next" = "$default" ] || fail "the chain from $oldest passes the default version $default"
	chain+=("$next")
	cur=$next
done
echo "chain: ${chain[*]}"
if [ ${#chain[@]} -gt 1 ]; then
	path=$(q -d postgres -tA -c "SELECT path FROM pg_extension_update_paths('$ext') WHERE source = '$oldest' AND target = '$default'")
	echo "PostgreSQL's update path from $oldest to $default: $path"
	[ -n "$path" ] || fail "PostgreSQL finds no update path from $oldest to $default"
fi

# ---- install the oldest version and store summaries with it ----
for db in "$chain_db" "$fresh_db"; do
	recreate_db "$db"
done
if ! q -d "$chain_db" -c "CREATE EXTENSION $ext VERSION '$oldest'"; then
	fail "cannot create version $oldest: its install script $ext--$oldest.sql must be shipped and installed"
fi
q -d "$chain_db" <<'SQL'
SET client_min_messages = warning;
\i test/data/sample_offences.sql
CREATE TABLE monthly (force text, month date, s offence_summary NOT NULL);
INSERT INTO monthly
SELECT force, date_trunc('month', recorded)::date, offence_summary_agg(recorded, platforms, victim_age)
FROM sample_offences GROUP BY 1, 2;
INSERT INTO monthly
SELECT 'edge', NULL, offence_summary_agg(d, p, a)
FROM (VALUES ('4713-01-01 BC'::date, ARRAY['Say "hi"', E'back\\slash', 'Éire'], 0),
             ('5874897-12-31', ARRAY[E'new\nline', 'co,mma'], 150),
             (NULL, NULL, NULL)) v(d, p, a);
INSERT INTO monthly SELECT 'empty', NULL, offence_summary_agg(NULL::date, NULL::text[], NULL::int) FROM sample_offences WHERE false;
-- Objects of the user's that depend on the extension's: an upgrade must
-- keep them working.
CREATE INDEX monthly_s_hash ON monthly USING hash (s);
CREATE VIEW national AS SELECT rollup(s) AS s, offences(rollup(s)) AS offences FROM monthly;
SQL
stored() {
	q -d "$chain_db" -tA -c "SELECT force, month, s FROM monthly ORDER BY force, month, s::text"
}
stored >"$work/stored.txt"
q -d "$chain_db" -c "\\copy (SELECT force, month, s FROM monthly) TO '$work/stored.bin' WITH (FORMAT binary)" \
	-c "\\copy (SELECT force, month, s::text FROM monthly) TO '$work/stored.copy'"
q -d "$chain_db" -tA -c "SELECT s FROM national" >"$work/national.txt"
nstored=$(q -d "$chain_db" -tA -c "SELECT count(*) FROM monthly")
echo "created $ext $oldest; stored $nstored summaries ($(wc -c <"$work/stored.txt") bytes of text)"

# The stored summaries still read and roll up, under the version now installed.
check_stored() {
	local at=$1 rolled national
	stored >"$work/now.txt"
	cmp -s "$work/stored.txt" "$work/now.txt" || fail "$at: stored summaries read differently"
	rolled=$(q -d "$chain_db" -tA -c "
SELECT (SELECT rollup(s) FROM monthly WHERE force NOT IN ('edge', 'empty'))
     = (SELECT offence_summary_agg(recorded, platforms, victim_age) FROM sample_offences)")
	national=f
	[ "$(q -d "$chain_db" -tA -c "SELECT s FROM national")" = "$(cat "$work/national.txt")" ] && national=t
	echo "  at $at: $nstored stored summaries read the same text; rollup = offence_summary_agg of the rows: $rolled;" \
		"the view's rollup is the same text: $national"
	[ "$rolled" = t ] && [ "$national" = t ] || fail "$at: stored summaries do not roll up as before"
}
check_stored "$oldest (as created)"

# ---- the steps ----
if [ ${#chain[@]} -eq 1 ]; then
	echo "no upgrade steps yet: $oldest is the only version"
else
	for v in "${chain[@]:1}"; do
		q -d "$chain_db" -c "ALTER EXTENSION $ext UPDATE TO '$v'"
		got=$(q -d "$chain_db" -tA -c "SELECT extversion FROM pg_extension WHERE extname = '$ext'")
		echo "ALTER EXTENSION $ext UPDATE TO '$v': now $got"
		[ "$got" = "$v" ] || fail "update to $v left version $got"
		check_stored "$v"
	done
fi
# A plain UPDATE goes to the default version, or is a no-op there.
q -d "$chain_db" -c "SET client_min_messages = warning" -c "ALTER EXTENSION $ext UPDATE"
got=$(q -d "$chain_db" -tA -c "SELECT extversion FROM pg_extension WHERE extname = '$ext'")
echo "ALTER EXTENSION $ext UPDATE: at $got (default $default)"
[ "$got" = "$default" ] || fail "ALTER EXTENSION UPDATE did not reach the default version"

# Values written by the oldest version's send and output functions, read
# into the default version: equal (=) to the stored ones.
read -r nbin ntext < <(q -d "$chain_db" -tA -F ' ' \
	-c "CREATE TEMP TABLE old_bin (force text, month date, s offence_summary)" \
	-c "\\copy old_bin FROM '$work/stored.bin' WITH (FORMAT binary)" \
	-c "CREATE TEMP TABLE old_text (force text, month date, t text)" \
	-c "\\copy old_text FROM '$work/stored.copy'" \
	-c "SELECT (SELECT count(*) FROM old_bin b JOIN monthly m
	            ON m.force = b.force AND m.month IS NOT DISTINCT FROM b.month AND m.s = b.s),
	           (SELECT count(*) FROM old_text o JOIN monthly m
	            ON m.force = o.force AND m.month IS NOT DISTINCT FROM o.month AND m.s = o.t::offence_summary)")
echo "  written at $oldest, read at $default: binary COPY $nbin of $nstored equal, text $ntext of $nstored equal"
[ "$nbin" -eq "$nstored" ] && [ "$ntext" -eq "$nstored" ] ||
	fail "values written at $oldest do not read back equal at $default"

# ---- the catalog: chained install = fresh install ----
q -d "$fresh_db" -c "CREATE EXTENSION $ext"

# One line per member object (newlines written as \n): its identity, tab,
# everything that defines it, tab, its comment.
fingerprint_sql=$(
	cat <<'SQL'
WITH m AS (
  SELECT d.classid, d.objid, d.objsubid
  FROM pg_depend d JOIN pg_extension e ON d.refobjid = e.oid
  WHERE d.refclassid = 'pg_extension'::regclass AND d.deptype = 'e' AND e.extname = 'groomstats'
)
SELECT replace(pg_describe_object(m.classid, m.objid, m.objsubid) || E'\t' || coalesce(
  CASE m.classid
    WHEN 'pg_proc'::regclass THEN (
      SELECT CASE WHEN p.prokind = 'a' THEN
               format('aggregate %s; kind %s; trans %s %s; final %s %s; combine %s; serial %s; deserial %s; '
                      'transspace %s; mtrans %s; minv %s; mfinal %s; sortop %s; init %s; parallel %s; returns %s',
                      a.aggfnoid::regprocedure, a.aggkind, a.aggtransfn::regprocedure, a.aggtranstype::regtype,
                      a.aggfinalfn, a.aggfinalmodify, a.aggcombinefn, a.aggserialfn, a.aggdeserialfn, a.aggtransspace,
                      a.aggmtransfn, a.aggminvtransfn, a.aggmfinalfn, a.aggsortop, a.agginitval,
                      p.proparallel, p.prorettype::regtype)
             ELSE pg_get_functiondef(p.oid) || format(' [acl %s]', p.proacl) END
      FROM pg_proc p LEFT JOIN pg_aggregate a ON a.aggfnoid = p.oid WHERE p.oid = m.objid)
    WHEN 'pg_type'::regclass THEN (
      SELECT format('len %s byval %s type %s cat %s in %s out %s recv %s send %s mod %s %s analyze %s '
                    'subscript %s align %s storage %s elem %s array %s',
                    typlen, typbyval, typtype, typcategory, typinput, typoutput, typreceive, typsend,
                    typmodin, typmodout, typanalyze, typsubscript, typalign, typstorage,
                    typelem::regtype, typarray::regtype)
      FROM pg_type WHERE oid = m.objid)
    WHEN 'pg_operator'::regclass THEN (
      SELECT format('code %s com %s neg %s rest %s join %s merges %s hashes %s',
                    oprcode::regprocedure, oprcom::regoperator, oprnegate::regoperator,
                    oprrest, oprjoin, oprcanmerge, oprcanhash)
      FROM pg_operator WHERE oid = m.objid)
    WHEN 'pg_opclass'::regclass THEN (
      SELECT format('default %s family %s; ops %s; procs %s', c.opcdefault,
                    (SELECT pg_describe_object('pg_opfamily'::regclass, c.opcfamily, 0)),
                    (SELECT string_agg(format('%s %s', amopstrategy, amopopr::regoperator), ', ' ORDER BY amopstrategy)
                     FROM pg_amop WHERE amopfamily = c.opcfamily),
                    (SELECT string_agg(format('%s %s', amprocnum, amproc::regprocedure), ', ' ORDER BY amprocnum)
                     FROM pg_amproc WHERE amprocfamily = c.opcfamily))
      FROM pg_opclass c WHERE c.oid = m.objid)
    WHEN 'pg_cast'::regclass THEN (
      SELECT format('func %s context %s method %s', castfunc::regprocedure, castcontext, castmethod)
      FROM pg_cast WHERE oid = m.objid)
  END, '')
  || E'\tcomment: ' || coalesce(
       (SELECT description FROM pg_description
        WHERE classoid = m.classid AND objoid = m.objid AND objsubid = m.objsubid), '(none)'),
  E'\n', '\n')
FROM m
UNION ALL
SELECT 'extension' || E'\t' || format('version %s relocatable %s schema %s config %s',
       extversion, extrelocatable, extnamespace::regnamespace, extconfig)
FROM pg_extension WHERE extname = 'groomstats'
ORDER BY 1;
SQL
)
fingerprint() {
	q -d "$1" -tA -c "$fingerprint_sql"
}
fingerprint "$chain_db" >"$work/chain.txt"
fingerprint "$fresh_db" >"$work/fresh.txt"
nobj=$(($(wc -l <"$work/fresh.txt") - 1))
kinds=$(cut -f1 "$work/fresh.txt" | grep -v '^extension$' | sed -E 's/^(operator (class|family)|[a-z]+) .*/\1/' |
	sort | uniq -c | awk '{n=$1; $1=""; printf "%s%s%s", sep, n, $0; sep=", "}')
naggs=$(grep -c $'\taggregate ' "$work/fresh.txt" || true)
echo "catalog of a fresh CREATE EXTENSION $ext ($default): $nobj member objects ($kinds; $naggs of the functions are aggregates)"
if ! diff -u "$work/fresh.txt" "$work/chain.txt" >"$work/catalog.diff"; then
	head -40 "$work/catalog.diff" >&2
	fail "the catalog after the chain ${chain[*]} differs from a fresh install of $default"
fi
echo "  the catalog after the chain (${chain[*]}) equals the fresh install: every member, its definition and comment"

# Negative control: the comparison sees a changed and a missing member
# (made in a transaction that is rolled back).
changed=$(q -d "$chain_db" -tA <<SQL | diff "$work/fresh.txt" - | grep -c '^[<>]' || true
BEGIN;
ALTER FUNCTION offences(offence_summary) PARALLEL RESTRICTED;
ALTER EXTENSION $ext DROP OPERATOR <> (offence_summary, offence_summary);
$fingerprint_sql
ROLLBACK;
SQL
)
echo "  negative control (one function altered, one operator left out): $changed differing lines seen"
[ "$changed" -ge 2 ] || fail "the catalog comparison does not notice a changed member"
fingerprint "$chain_db" | cmp -s - "$work/fresh.txt" || fail "the negative control was not rolled back"

echo "upgrade_chain: all checks passed"

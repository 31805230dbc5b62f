# The 1.0 fixtures (test/fixtures/1.0, made by test/fixtures/make-1.0.sh with
# 1.0's code) load with the current code, by every route a stored value
# comes back, and every accessor gives what it gave in 1.0:
#   text      COPY FROM the text-format file into a fresh 1.1 database
#   binary    COPY FROM the binary file
#   dump      pg_restore of the pg_dump -Fc archive (made in a 1.0 database)
#   upgrade   COPY FROM into a 1.0 catalog, then ALTER EXTENSION ... UPDATE
# Every later version must pass this test unchanged.
set -euo pipefail
cd "$(dirname "$0")/../fixtures"
source ../lib.sh
export PGCLIENTENCODING=UTF8
db=groomstats_fixtures

fresh() {
	drop_db $db
	q -d postgres -c "CREATE DATABASE $db TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'"
}

table() {
	q -d $db -c "CREATE EXTENSION groomstats $1" \
		-c "CREATE TABLE fixture_summaries (id integer PRIMARY KEY, shape text NOT NULL, s offence_summary)"
}

check() {
	local how=$1 got
	got=$(mktemp)
	q -d $db -f accessors.sql >"$got"
	if ! diff -u 1.0/expected.out "$got" >"$got.diff"; then
		head -40 "$got.diff"
		rm -f "$got" "$got.diff"
		fail "1.0 fixtures read by $how differ from what 1.0 gave"
	fi
	rm -f "$got" "$got.diff"
	echo "ok: 1.0 fixtures by $how: $(grep -c . 1.0/expected.out) values as in 1.0"
}

fresh
table ""
q -d $db -c "\\copy fixture_summaries FROM '1.0/summaries.copy'"
check "COPY FROM (text)"

fresh
table ""
q -d $db -c "\\copy fixture_summaries FROM '1.0/summaries.bin' WITH (FORMAT binary)"
check "COPY FROM (binary)"

fresh
pg_restore --exit-on-error -d $db 1.0/summaries.dump
check "pg_restore of a 1.0 dump"
[ "$(q -d $db -At -c "SELECT extversion FROM pg_extension WHERE extname = 'groomstats'")" = 1.1 ] ||
	fail "the restored dump did not create the current extension version"

fresh
table "VERSION '1.0'"
q -d $db -c "\\copy fixture_summaries FROM '1.0/summaries.copy'"
q -d $db -c "ALTER EXTENSION groomstats UPDATE"
check "a 1.0 catalog updated to 1.1"

drop_db $db

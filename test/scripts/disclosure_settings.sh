#!/bin/bash
# Who can set the disclosure floor, by every route (issue 11, items 3 and 4).
#
# 1. The README's administration block, extracted from README.md and run as
#    written by a superuser in a fresh session that has not loaded groomstats
#    (ALTER SYSTEM must work there), then pg_reload_conf(): new sessions see
#    the floor of ALTER SYSTEM, and the analyst the floor of ALTER ROLE.
# 2. A role that is not a superuser tries every route to lower the floor:
#    connection options (PGOPTIONS), SET and SET LOCAL before and after the
#    library loads, set_config, a function's SET clause, ALTER ROLE on itself,
#    ALTER DATABASE on a database it owns, ALTER ROLE on another role with
#    CREATEROLE, RESET ALL; a role granted SET on the floor may set it.  None may change the
#    floor in force; a connection option that displaced the administrator's
#    floor makes the session refuse to publish (42501).
# 3. A superuser's ALTER DATABASE and ALTER ROLE floors take effect.
#
# The floor in force is read through an accessor 1.0 has too: a summary with
# platforms P1..P12 of 1..12 offences; platform_offences(s, '{Pk}') is NULL
# for k below the threshold, so "hidden" = threshold - 1.
#
# ALTER SYSTEM changes the shared test cluster: the trap resets it.
set -euo pipefail
cd "$(dirname "$0")/../.."
source test/lib.sh

db=groomstats_disclosure_settings
owned_db=groomstats_disclosure_owned
analyst=analyst # the README's name for the role
other=gs_disclosure_other
password=gs-disclosure-test

cleanup() {
	q -d postgres -c "LOAD 'groomstats'" -c "ALTER SYSTEM RESET groomstats.min_cell_count_floor" \
		-c "SELECT pg_reload_conf()" >/dev/null 2>&1 || true
	drop_db "$db" >/dev/null 2>&1 || true
	drop_db "$owned_db" >/dev/null 2>&1 || true
	q -d postgres -c "REVOKE SET ON PARAMETER groomstats.min_cell_count_floor FROM $other" >/dev/null 2>&1 || true
	q -d postgres -c "DROP ROLE IF EXISTS $analyst" -c "DROP ROLE IF EXISTS $other" >/dev/null 2>&1 || true
}
trap cleanup EXIT
cleanup

recreate_db "$db"
q -d postgres <<SQL
CREATE ROLE $analyst LOGIN PASSWORD '$password';
CREATE ROLE $other LOGIN PASSWORD '$password';
CREATE DATABASE $owned_db OWNER $analyst;
SQL
q -d "$db" <<SQL
SET client_min_messages = warning;
CREATE EXTENSION groomstats;
CREATE TABLE probe AS
SELECT offence_summary_agg(NULL::date, 'P' || k, NULL::integer) AS s
FROM generate_series(1, 12) k, generate_series(1, k);
GRANT SELECT ON probe TO $analyst, $other;
CREATE VIEW hidden AS
SELECT count(*) FILTER (WHERE platform_offences(s, ARRAY['P' || k]) IS NULL) AS hidden
FROM probe, generate_series(1, 12) k;
GRANT SELECT ON hidden TO $analyst, $other;
SQL

# psql as a role (superuser: the harness's user) in a fresh session; extra
# arguments are psql's.  PGOPTIONS is passed through when set.
as_role() {
	local role=$1
	shift
	if [ "$role" = super ]; then
		psql -X -q -v ON_ERROR_STOP=1 -tA -d "$db" "$@" 2>&1
	else
		PGUSER=$role PGPASSWORD=$password psql -X -q -v ON_ERROR_STOP=1 -tA -d "$db" "$@" 2>&1
	fi
}

# expect NAME WANT ROLE psql-args...: the session's last line of output must be WANT.
expect() {
	local name=$1 want=$2 role=$3
	shift 3
	local out last
	out=$(as_role "$role" "$@") || true
	last=$(printf '%s\n' "$out" | tail -n 1)
	if [ "$last" != "$want" ]; then
		printf '%s\n' "$out" >&2
		fail "$name: got '$last', want '$want'"
	fi
	echo "ok: $name: $want"
}

# expect_error NAME SQLSTATE ROLE psql-args...: the session must fail with SQLSTATE.
expect_error() {
	local name=$1 state=$2 role=$3
	shift 3
	local out
	if out=$(as_role "$role" -v VERBOSITY=verbose "$@"); then
		printf '%s\n' "$out" >&2
		fail "$name: succeeded, want error $state"
	fi
	if ! printf '%s\n' "$out" | grep -q "ERROR:  $state:"; then
		printf '%s\n' "$out" >&2
		fail "$name: want error $state"
	fi
	echo "ok: $name: error $state"
}

hidden='SELECT hidden FROM hidden'
# Is groomstats loaded in this session?  Its settings are in pg_settings only then.
loaded="SELECT count(*) FROM pg_settings WHERE name LIKE 'groomstats.%'"

# 1. The README's administration block, as written, in a fresh session.
block=$(awk '/^<!-- not run: changes the server.s configuration/ { want = 1; next }
	want && /^```sql/ { inside = 1; next }
	inside && /^```/ { exit }
	inside { print }' README.md)
[ -n "$block" ] || fail "README: administration block not found"
grep -q 'ALTER SYSTEM SET groomstats.min_cell_count_floor = 3' <<<"$block" ||
	fail "README: the block does not set the floor with ALTER SYSTEM"
expect "a fresh session has not loaded groomstats" 0 super -c "$loaded"
out=$(as_role super -v VERBOSITY=verbose <<<"$block") || {
	printf '%s\n' "$out" >&2
	fail "README administration block failed"
}
echo "ok: README administration block runs as written"
sleep 1 # pg_reload_conf signals; let the postmaster reread the file
expect "new session of another role: the ALTER SYSTEM floor" 2 "$other" -c "$hidden"
expect "new session of the analyst: the ALTER ROLE floor" 4 "$analyst" -c "$hidden"
expect "the floor shown to a new session before groomstats loads" 3 "$other" \
	-c "SHOW groomstats.min_cell_count_floor"

# 2. The analyst, not a superuser, tries every route.
for value in 0 2 7; do
	PGOPTIONS="-c groomstats.min_cell_count_floor=$value" \
		expect_error "PGOPTIONS floor=$value: the session refuses to publish" 42501 "$analyst" -c "$hidden"
done
PGOPTIONS="-c groomstats.min_cell_count_floor=0" \
	expect_error "PGOPTIONS floor=0: suppressed_cells refuses too" 42501 "$analyst" \
	-c "SELECT suppressed_cells('{1,2,3}'::bigint[])"
PGOPTIONS="-c groomstats.min_cell_count=0" \
	expect "PGOPTIONS threshold=0: the floor holds" 4 "$analyst" -c "$hidden"
expect "SET floor before the library loads: refused at load" 4 "$analyst" \
	-c "SET groomstats.min_cell_count_floor = 0" -c "$hidden"
expect "SET LOCAL floor before the library loads: refused at load" 4 "$analyst" \
	-c "BEGIN" -c "SET LOCAL groomstats.min_cell_count_floor = 0" -c "$hidden" -c "COMMIT"
expect "set_config floor before the library loads: refused at load" 4 "$analyst" \
	-c "SELECT set_config('groomstats.min_cell_count_floor', '0', false)" -c "$hidden"
expect_error "SET floor after the library loads" 42501 "$analyst" \
	-c "$hidden" -c "SET groomstats.min_cell_count_floor = 0"
expect_error "SET LOCAL floor after the library loads" 42501 "$analyst" \
	-c "$hidden" -c "BEGIN" -c "SET LOCAL groomstats.min_cell_count_floor = 0"
expect_error "set_config floor after the library loads" 42501 "$analyst" \
	-c "$hidden" -c "SELECT set_config('groomstats.min_cell_count_floor', '0', false)"
expect_error "a function with SET floor = 0 (library not loaded)" 42501 "$analyst" \
	-c "CREATE FUNCTION pg_temp.low() RETURNS bigint LANGUAGE sql SET groomstats.min_cell_count_floor = 0 AS 'SELECT hidden FROM hidden'"
expect_error "a function with SET floor = 0 (library loaded)" 42501 "$analyst" \
	-c "$hidden" \
	-c "CREATE FUNCTION pg_temp.low() RETURNS bigint LANGUAGE sql SET groomstats.min_cell_count_floor = 0 AS 'SELECT hidden FROM hidden'"
expect_error "ALTER ROLE on itself (library not loaded)" 42501 "$analyst" \
	-c "ALTER ROLE $analyst SET groomstats.min_cell_count_floor = 0"
expect_error "ALTER ROLE on itself (library loaded)" 42501 "$analyst" \
	-c "$hidden" -c "ALTER ROLE $analyst SET groomstats.min_cell_count_floor = 0"
expect_error "ALTER DATABASE it owns (library not loaded)" 42501 "$analyst" \
	-c "ALTER DATABASE $owned_db SET groomstats.min_cell_count_floor = 0"
expect_error "ALTER DATABASE it owns (library loaded)" 42501 "$analyst" \
	-c "$hidden" -c "ALTER DATABASE $owned_db SET groomstats.min_cell_count_floor = 0"
expect "RESET ALL returns to the administrator's floor" 4 "$analyst" \
	-c "SET groomstats.min_cell_count = 9" -c "RESET ALL" -c "$hidden"
expect "the session raises its threshold above the floor" 7 "$analyst" \
	-c "SET groomstats.min_cell_count = 8" -c "$hidden"
expect "the session cannot go below the floor" 4 "$analyst" \
	-c "SET groomstats.min_cell_count = 2" -c "$hidden"

q -d postgres -c "ALTER ROLE $other CREATEROLE"
expect_error "ALTER ROLE on another role by a role with CREATEROLE" 42501 "$other" \
	-c "ALTER ROLE $analyst SET groomstats.min_cell_count_floor = 0"
q -d postgres -c "ALTER ROLE $other NOCREATEROLE"

# A role granted SET on the floor may set it, by any route (the administrator's choice).
q -d postgres -c "GRANT SET ON PARAMETER groomstats.min_cell_count_floor TO $other"
expect "granted SET: SET lowers the floor" 0 "$other" \
	-c "$hidden" -c "SET groomstats.min_cell_count_floor = 0" -c "$hidden"
PGOPTIONS="-c groomstats.min_cell_count_floor=0" \
	expect "granted SET: a connection option lowers the floor" 0 "$other" -c "$hidden"
q -d postgres -c "REVOKE SET ON PARAMETER groomstats.min_cell_count_floor FROM $other"
PGOPTIONS="-c groomstats.min_cell_count_floor=0" \
	expect_error "SET revoked: the connection option is refused again" 42501 "$other" -c "$hidden"

# 3. A superuser's settings.
expect "a superuser (the harness's user) has the ALTER SYSTEM floor" 2 super -c "$hidden"
PGOPTIONS="-c groomstats.min_cell_count_floor=0" \
	expect "a superuser's connection option is accepted" 0 super -c "$hidden"
q -d postgres -c "ALTER DATABASE $db SET groomstats.min_cell_count_floor = 6"
expect "ALTER DATABASE by a superuser: the other role's floor" 5 "$other" -c "$hidden"
expect "ALTER ROLE beats ALTER DATABASE for the analyst" 4 "$analyst" -c "$hidden"
q -d postgres -c "ALTER ROLE $analyst IN DATABASE $db SET groomstats.min_cell_count_floor = 10"
expect "ALTER ROLE ... IN DATABASE by a superuser" 9 "$analyst" -c "$hidden"
q -d postgres -c "ALTER ROLE $analyst RESET ALL" -c "ALTER ROLE $analyst IN DATABASE $db RESET ALL" \
	-c "ALTER DATABASE $db RESET ALL"
expect "with the role and database floors gone, the ALTER SYSTEM floor" 2 "$analyst" -c "$hidden"
echo "disclosure settings: every route checked"

# Shared by the scripted tests in test/scripts/ (sourced, not run): psql
# that stops on the first error, a failure message, and a fresh database.

q() { psql -X -q -v ON_ERROR_STOP=1 "$@"; }

fail() {
	echo "FAIL: $*" >&2
	exit 1
}

# Drop a database an earlier run left (WITH (FORCE): a lingering fdw
# connection may hold it).
drop_db() {
	q -d postgres -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $1 WITH (FORCE)"
}

# Drop and create a database.
recreate_db() {
	drop_db "$1"
	q -d postgres -c "CREATE DATABASE $1"
}

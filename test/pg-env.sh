# Which PostgreSQL to build and test against; sourced (bash) by the Makefile,
# test/install-deps and the test drivers, so all of them agree:
#   PG_CONFIG when the caller gives it (`make test PG_CONFIG=/usr/lib/postgresql/17/bin/pg_config`);
#   else the distribution's PostgreSQL major, the one Debian's `postgresql` package depends on
#   (15 on Debian 12, 17 on Debian 13), at /usr/lib/postgresql/<major>/bin/pg_config.
# Exports PG_CONFIG, PG_MAJOR and PG_BINDIR, and puts PG_BINDIR first on PATH so that
# psql, pgbench, initdb and pg_ctl are that major's.  PG_MAJOR is empty when nothing can
# tell (no PG_CONFIG, no apt metadata yet): test/install-deps then updates apt and asks again.
# Every pipeline here ends well under `set -e` and pipefail: a missing tool means "cannot
# tell", not an exit.

# The major version a pg_config reports, or the one in its Debian path when it is not
# installed yet (/usr/lib/postgresql/17/bin/pg_config).
groomstats_major_of() {
	local v
	v=$("$1" --version 2>/dev/null | sed -n 's/^PostgreSQL \([0-9][0-9]*\).*/\1/p' || true)
	[ -n "$v" ] || v=$(sed -n 's|^/usr/lib/postgresql/\([0-9][0-9]*\)/bin/pg_config$|\1|p' <<<"$1")
	echo "$v"
}

# What the distribution's `postgresql` metapackage depends on.
groomstats_distribution_major() {
	{ apt-cache depends postgresql 2>/dev/null || true; } | sed -n 's/^ *Depends: postgresql-\([0-9][0-9]*\)$/\1/p' | sed -n 1p
}

groomstats_pg_env() {
	local given=${PG_CONFIG:-}
	PG_CONFIG= PG_BINDIR=
	if [ -n "$given" ]; then
		PG_CONFIG=$given
		PG_MAJOR=$(groomstats_major_of "$given")
	else
		PG_MAJOR=$(groomstats_distribution_major)
		if [ -n "$PG_MAJOR" ]; then
			PG_CONFIG=/usr/lib/postgresql/$PG_MAJOR/bin/pg_config
		else
			PG_MAJOR=$(groomstats_major_of pg_config) # not Debian, or no apt lists yet
			[ -z "$PG_MAJOR" ] || PG_CONFIG=pg_config
		fi
	fi
	[ -z "$PG_CONFIG" ] || PG_BINDIR=$("$PG_CONFIG" --bindir 2>/dev/null || true)
	[ -n "$PG_BINDIR" ] || [ -z "$PG_MAJOR" ] || PG_BINDIR=/usr/lib/postgresql/$PG_MAJOR/bin
	if [ -n "$PG_BINDIR" ] && [[ ":$PATH:" != *":$PG_BINDIR:"* ]]; then
		PATH=$PG_BINDIR:$PATH
	fi
	# Nothing known: leave PG_CONFIG unset, so that a later call (after apt-get
	# update) decides afresh, and the Makefile does not read an empty value.
	if [ -z "$PG_CONFIG" ]; then
		unset PG_CONFIG
	else
		export PG_CONFIG
	fi
	export PG_MAJOR PG_BINDIR PATH
}
groomstats_pg_env

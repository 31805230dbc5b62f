#!/bin/bash
# The clients BI tools and notebooks use, against the sample: Python
# (psycopg2 + pandas) and Java (the PostgreSQL JDBC driver), each checking
# what it receives against plain SQL on the server (test/clients/).
set -euo pipefail
cd "$(dirname "$0")/../.."
source test/lib.sh

db=groomstats_clients
recreate_db "$db"
q -d "$db" <<'SQL'
SET client_min_messages = warning;
CREATE EXTENSION groomstats;
\i test/data/sample_offences.sql
CREATE TABLE monthly AS
SELECT force, date_trunc('month', recorded)::date AS month,
       offence_summary_agg(recorded, platforms, victim_age) AS s
FROM sample_offences GROUP BY 1, 2;
SQL

status=0
echo "python (psycopg2 $(/usr/bin/python3 -c 'import psycopg2; print(psycopg2.__version__.split()[0])'), pandas $(/usr/bin/python3 -c 'import pandas; print(pandas.__version__)')):"
/usr/bin/python3 test/clients/python_client.py "$db" || status=1

jar=/usr/share/java/postgresql.jar
echo "java ($(java -version 2>&1 | head -1)), JDBC $(basename "$(readlink -f "$jar")"):"
# A JVM time zone far from the server's UTC: a date shifted by a time zone
# conversion would show.
java -Duser.timezone=Pacific/Kiritimati -cp "$jar" test/clients/JdbcClient.java "$db" || status=1

drop_db "$db"
[ $status -eq 0 ] && echo "clients: all checks passed"
exit $status

"""groomstats from Python, as a notebook would use it: psycopg2 and pandas
(Debian's python3-psycopg2 and python3-pandas).

Run by test/scripts/clients.sh inside the test cluster (libpq's PG* variables
name the server; argv[1] the database, which holds the sample and a table
`monthly` of stored summaries per force per month).  Every check compares
what the client receives with a value computed on the server by plain SQL,
so a wrong type mapping or a lost value fails.
"""
import datetime
import sys
import warnings

import pandas as pd
import psycopg2
import psycopg2.extras

# pandas prefers SQLAlchemy but reads a DB-API connection; say no more about it.
warnings.filterwarnings("ignore", message=".*SQLAlchemy.*")

failures = []


def check(what, got, want):
    if got != want:
        failures.append(f"{what}: got {got!r}, want {want!r}")
    else:
        print(f"  ok: {what}: {got!r}")


conn = psycopg2.connect(dbname=sys.argv[1])
conn.autocommit = True
cur = conn.cursor()

year = "[2017-04-03,2018-04-01)"
cur.execute("SELECT count(*) FROM sample_offences WHERE recorded <@ %s::daterange", (year,))
(plain_2017,) = cur.fetchone()

# A period as a parameter: a range literal cast on the server, the two ends
# as Python dates, and psycopg2's own DateRange adapter.
cur.execute("SELECT offences(rollup(s)), per_day_rate(rollup(s), %s::daterange) FROM monthly", (year,))
total, rate_cast = cur.fetchone()
cur.execute("SELECT per_day_rate(rollup(s), daterange(%s, %s)) FROM monthly",
            (datetime.date(2017, 4, 3), datetime.date(2018, 4, 1)))
(rate_dates,) = cur.fetchone()
cur.execute("SELECT per_day_rate(rollup(s), %s) FROM monthly",
            (psycopg2.extras.DateRange(datetime.date(2017, 4, 3), datetime.date(2018, 4, 1), "[)"),))
(rate_adapter,) = cur.fetchone()
check("bigint arrives as a Python int", type(total), int)
check("per_day_rate with ?::daterange = offences / 363 days", rate_cast, plain_2017 / 363)
check("per_day_rate with daterange(date, date)", rate_dates, rate_cast)
check("per_day_rate with psycopg2's DateRange", rate_adapter, rate_cast)

# A summary column: psycopg2 does not know the type and gives its text form,
# which goes back as a parameter and is the same value (=).
cur.execute("SELECT s FROM monthly WHERE force = 'Cambridgeshire' ORDER BY month LIMIT 1")
(text_form,) = cur.fetchone()
check("a summary arrives as its text form", text_form.startswith("v1;offences="), True)
cur.execute("SELECT %s::offence_summary = s FROM monthly WHERE force = 'Cambridgeshire' ORDER BY month LIMIT 1",
            (text_form,))
check("the text form sent back is the same summary", cur.fetchone()[0], True)

# Its jsonb: psycopg2 parses it into a dict; counts are exact ints.
cur.execute("SELECT rollup(s)::jsonb FROM monthly")
doc = cur.fetchone()[0]
check("s::jsonb arrives as a dict with the exact total", (type(doc), doc["offences"]), (dict, total))

# Every set-returning accessor into a DataFrame, checked against plain SQL.
national = "(SELECT rollup(s) FROM monthly)"
daily = pd.read_sql_query(f"SELECT * FROM daily_counts({national}, %s::daterange)", conn, params=(year,))
check("daily_counts: 363 rows, summing to the year's offences", (len(daily), int(daily.offences.sum())), (363, plain_2017))
check("daily_counts: day column holds datetime.date (no time zone)", type(daily.day[0]), datetime.date)

shares = pd.read_sql_query(f"SELECT * FROM platform_shares({national})", conn)
cur.execute("SELECT count(DISTINCT id) FROM sample_offences, unnest(platforms) p WHERE p = 'Instagram'")
check("platform_shares: Instagram's offences", int(shares.set_index("platform").offences["Instagram"]), cur.fetchone()[0])

bands = pd.read_sql_query(f"SELECT * FROM age_bands({national})", conn)
cur.execute("SELECT count(*) FROM sample_offences WHERE victim_age BETWEEN 12 AND 15")
check("age_bands: 12-15", int(bands.set_index("band").offences["12-15"]), cur.fetchone()[0])

ci = pd.read_sql_query(f"SELECT * FROM per_day_rate_ci({national}, %s::daterange)", conn, params=(year,))
check("per_day_rate_ci: one row, offences", (len(ci), int(ci.offences[0])), (1, plain_2017))

rows = pd.read_sql_query(f"SELECT * FROM summary_rows({national})", conn)
by_dim = rows.groupby("dimension").offences.sum()
cur.execute("SELECT count(*) FILTER (WHERE recorded IS NOT NULL), count(*) FILTER (WHERE victim_age IS NOT NULL) FROM sample_offences")
dated, aged = cur.fetchone()
check("summary_rows: days add up to dated offences", int(by_dim["day"]), dated)
check("summary_rows: ages add up to offences with an age", int(by_dim["age"]), aged)

# Disclosure control: hidden counts are NULL.  pandas turns an integer
# column with a NULL into float64 (NaN): read it as nullable Int64.
cur.execute("SET groomstats.min_cell_count = 10")
small = pd.read_sql_query(
    "SELECT * FROM platform_shares((SELECT rollup(s) FROM monthly WHERE force = 'Cambridgeshire'))", conn)
hidden = small[small.suppressed]
check("hidden rows come back with NaN in a float64 column", (len(hidden) > 0, str(small.offences.dtype)), (True, "float64"))
exact = small.offences.astype("Int64")
check("astype('Int64') keeps them exact, hidden as <NA>", (str(exact.dtype), int(exact.isna().sum())), ("Int64", len(hidden)))
cur.execute("RESET groomstats.min_cell_count")

conn.close()
print(f"python client: {len(failures)} failed")
for f in failures:
    print("FAIL:", f)
sys.exit(1 if failures else 0)

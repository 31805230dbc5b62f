// groomstats from Java over JDBC: the PostgreSQL driver that DBeaver,
// Metabase and Tableau use (Debian's libpostgresql-jdbc-java).
//
// Run by test/scripts/clients.sh as a single-file program
// (java -cp postgresql.jar JdbcClient.java DATABASE), with libpq's PG*
// variables naming the server, and a JVM time zone far from UTC so that a
// date shifted by a time zone conversion would show.  Every check compares
// what the driver returns with plain SQL on the server.
import java.sql.*;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

public class JdbcClient {
    static final List<String> failures = new ArrayList<>();

    static void check(String what, Object got, Object want) {
        if (got == null ? want != null : !got.equals(want))
            failures.add(what + ": got " + got + ", want " + want);
        else
            System.out.println("  ok: " + what + ": " + got);
    }

    static long one(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    public static void main(String[] args) throws Exception {
        String url = "jdbc:postgresql://" + System.getenv("PGHOST") + ":" + System.getenv("PGPORT") + "/" + args[0];
        try (Connection c = DriverManager.getConnection(url, System.getenv("PGUSER"), System.getenv("PGPASSWORD"))) {
            String year = "[2017-04-03,2018-04-01)";
            long plain = one(c, "SELECT count(*) FROM sample_offences WHERE recorded <@ '" + year + "'::daterange");

            // A period as a parameter: ?::daterange, and daterange(?, ?) with LocalDate.
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT offences, days, rate FROM per_day_rate_ci((SELECT rollup(s) FROM monthly), ?::daterange)")) {
                ps.setString(1, year);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    check("bigint offences with ?::daterange (getLong)", rs.getLong(1), plain);
                    check("bigint arrives as java.lang.Long (getObject)", rs.getObject(1).getClass().getName(), "java.lang.Long");
                    check("days", rs.getInt(2), 363);
                }
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT offences FROM per_day_rate_ci((SELECT rollup(s) FROM monthly), daterange(?, ?))")) {
                ps.setObject(1, LocalDate.of(2017, 4, 3));
                ps.setObject(2, LocalDate.of(2018, 4, 1));
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    check("daterange(?, ?) with LocalDate parameters", rs.getLong(1), plain);
                }
            }

            // Dates: getObject(LocalDate.class) is the calendar day whatever the JVM's time zone.
            try (Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT first_recorded(rollup(s)) FROM monthly")) {
                rs.next();
                check("first_recorded as LocalDate", rs.getObject(1, LocalDate.class), LocalDate.parse(firstDay(c)));
            }

            // A summary column: the driver gives a PGobject; its text goes back as a parameter.
            String text;
            try (Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT s FROM monthly WHERE force = 'Cambridgeshire' ORDER BY month LIMIT 1")) {
                rs.next();
                Object o = rs.getObject(1);
                check("a summary arrives as a PGobject of type offence_summary",
                      o.getClass().getSimpleName() + "/" + ((org.postgresql.util.PGobject) o).getType(), "PGobject/offence_summary");
                text = rs.getString(1);
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT ?::offence_summary = s FROM monthly WHERE force = 'Cambridgeshire' ORDER BY month LIMIT 1")) {
                ps.setString(1, text);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    check("the text form sent back is the same summary", rs.getBoolean(1), true);
                }
            }

            // jsonb as a string the application parses.
            try (Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT rollup(s)::jsonb ->> 'offences', offences(rollup(s)) FROM monthly")) {
                rs.next();
                check("s::jsonb carries the exact total", Long.parseLong(rs.getString(1)), rs.getLong(2));
            }

            // Each set-returning accessor, as a BI tool reads a table.
            String national = "(SELECT rollup(s) FROM monthly)";
            long sum = 0;
            int n = 0;
            try (PreparedStatement ps = c.prepareStatement("SELECT day, offences FROM daily_counts(" + national + ", ?::daterange)")) {
                ps.setString(1, year);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) { sum += rs.getLong(2); n++; }
                }
            }
            check("daily_counts: 363 rows summing to the year", n + "/" + sum, "363/" + plain);
            check("platform_shares: Instagram",
                  one(c, "SELECT offences FROM platform_shares(" + national + ") WHERE platform = 'Instagram'"),
                  one(c, "SELECT count(DISTINCT id) FROM sample_offences, unnest(platforms) p WHERE p = 'Instagram'"));
            check("age_bands: 12-15",
                  one(c, "SELECT offences FROM age_bands(" + national + ") WHERE band = '12-15'"),
                  one(c, "SELECT count(*) FROM sample_offences WHERE victim_age BETWEEN 12 AND 15"));
            check("summary_rows: ages add up",
                  one(c, "SELECT sum(offences) FROM summary_rows(" + national + ") WHERE dimension = 'age'"),
                  one(c, "SELECT count(victim_age) FROM sample_offences"));

            // Disclosure control: a hidden count is SQL NULL; getLong gives 0, so check wasNull.
            try (Statement st = c.createStatement()) {
                st.execute("SET groomstats.min_cell_count = 10");
                int hidden = 0, zeroButNull = 0, mismatched = 0;
                try (ResultSet rs = st.executeQuery("SELECT offences, suppressed FROM platform_shares("
                        + "(SELECT rollup(s) FROM monthly WHERE force = 'Cambridgeshire'))")) {
                    while (rs.next()) {
                        long v = rs.getLong(1);
                        if (rs.wasNull()) { hidden++; if (v == 0) zeroButNull++; }
                        if (rs.getBoolean(2) != (rs.getObject(1) == null)) mismatched++;
                    }
                }
                check("suppressed exactly when the count is NULL (rows that differ)", mismatched, 0);
                check("hidden counts read by getLong come back as 0 (check wasNull)", hidden > 0 && zeroButNull == hidden, true);
                st.execute("RESET groomstats.min_cell_count");
            }
        }
        System.out.println("java client: " + failures.size() + " failed");
        for (String f : failures) System.out.println("FAIL: " + f);
        System.exit(failures.isEmpty() ? 0 : 1);
    }

    static String firstDay(Connection c) throws SQLException {
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT to_char(min(recorded), 'YYYY-MM-DD') FROM sample_offences")) {
            rs.next();
            return rs.getString(1);
        }
    }
}

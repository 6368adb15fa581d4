package dev.kairos.bench.offline;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/**
 * The hand-written DuckDB query the aggregation benchmark compares Kairos with: what an engineer
 * who knows DuckDB would write for the same windows, independently of Kairos' SQL generator. Per
 * entity, the entity rows are unioned with the events and each window is a window-function frame
 * {@code RANGE BETWEEN W PRECEDING AND 1 MICROSECOND PRECEDING} (the query time excluded); the
 * three entities' results are joined back on the row number.
 */
final class AggBaseline {
  private AggBaseline() {}

  private static String frame(String interval) {
    return "(PARTITION BY k ORDER BY ts RANGE BETWEEN INTERVAL "
        + interval
        + " PRECEDING AND INTERVAL 1 MICROSECOND PRECEDING)";
  }

  /** One entity's windows: the union of markers and events, then the window aggregates. */
  private static String side(String key, String columns, String aggregates) {
    return "SELECT _row, "
        + aggregates
        + " FROM (SELECT _row, "
        + key
        + " AS k, event_timestamp AS ts, NULL::BIGINT AS ev"
        + nulls(columns)
        + " FROM e UNION ALL SELECT NULL, "
        + key
        + ", event_timestamp, 1"
        + columns
        + " FROM transactions WHERE "
        + key
        + " IS NOT NULL) QUALIFY _row IS NOT NULL";
  }

  private static String nulls(String columns) {
    StringBuilder out = new StringBuilder();
    for (String c : columns.split(",")) {
      String col = c.trim();
      if (!col.isEmpty()) {
        out.append(", NULL AS ").append(col);
      }
    }
    return out.toString();
  }

  static String sql(Path entities, Path output) {
    String user =
        side(
            "user_id",
            ", amount, merchant_id, country",
            String.join(
                ", ",
                "count(ev) OVER " + frame("1 MINUTE"),
                "count(ev) OVER " + frame("10 MINUTE"),
                "count(ev) OVER " + frame("1 HOUR"),
                "count(ev) OVER " + frame("1 DAY"),
                "coalesce(sum(amount) OVER " + frame("1 HOUR") + ", 0)",
                "coalesce(sum(amount) OVER " + frame("1 DAY") + ", 0)",
                "coalesce(sum(amount) OVER " + frame("30 DAY") + ", 0)",
                "avg(amount) OVER " + frame("1 HOUR"),
                "avg(amount) OVER " + frame("1 DAY"),
                "avg(amount) OVER " + frame("30 DAY"),
                "count(DISTINCT merchant_id) OVER " + frame("1 HOUR"),
                "count(DISTINCT merchant_id) OVER " + frame("1 DAY"),
                "count(DISTINCT country) OVER " + frame("1 HOUR"),
                "count(DISTINCT country) OVER " + frame("1 DAY"),
                "max(CASE WHEN ev = 1 THEN ts END) OVER " + frame("30 DAY")));
    String merchant =
        side(
            "merchant_id",
            ", amount",
            String.join(
                ", ",
                "count(ev) OVER " + frame("1 HOUR"),
                "count(ev) OVER " + frame("1 DAY"),
                "coalesce(sum(amount) OVER " + frame("1 HOUR") + ", 0)",
                "coalesce(sum(amount) OVER " + frame("1 DAY") + ", 0)"));
    String device =
        side(
            "device_id",
            ", user_id",
            String.join(
                ", ",
                "count(DISTINCT user_id) OVER " + frame("1 DAY"),
                "count(DISTINCT user_id) OVER " + frame("7 DAY")));
    return "COPY (WITH e AS (SELECT row_number() OVER () AS _row, * FROM read_csv('"
        + entities.toAbsolutePath()
        + "', header = true, columns = {'transaction_id': 'VARCHAR', 'user_id': 'BIGINT',"
        + " 'merchant_id': 'BIGINT', 'device_id': 'VARCHAR', 'event_timestamp': 'TIMESTAMP',"
        + " 'is_fraud': 'VARCHAR'})), u AS ("
        + user
        + "), m AS ("
        + merchant
        + "), d AS ("
        + device
        + ") SELECT e.transaction_id, e.user_id, e.merchant_id, e.device_id,"
        + " e.event_timestamp, e.is_fraud, u.* EXCLUDE (_row), m.* EXCLUDE (_row), d.* EXCLUDE"
        + " (_row) FROM e LEFT JOIN u USING (_row) LEFT JOIN m USING (_row) LEFT JOIN d USING"
        + " (_row) ORDER BY e._row) TO '"
        + output.toAbsolutePath()
        + "' (HEADER, DELIMITER ',')";
  }

  static void run(Path duckdbFile, Path entities, Path output, String memoryLimit)
      throws SQLException {
    Properties p = new Properties();
    p.setProperty("memory_limit", memoryLimit);
    p.setProperty("duckdb.read_only", "true");
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + duckdbFile, p);
        Statement s = c.createStatement()) {
      s.execute(sql(entities, output));
    }
  }

  /**
   * Compares two outputs cell by cell after the six entity columns: equal text, equal timestamps,
   * or numbers within a relative 1e-9.
   *
   * @return null when they agree, else a description of the first difference
   */
  static String compare(Path kairos, Path baseline, String[] features) throws SQLException {
    StringBuilder mismatch = new StringBuilder("SELECT ");
    for (int i = 0; i < features.length; i++) {
      String a = "a.\"" + features[i] + "\"";
      String b = "b.column" + String.format("%02d", i + 6);
      mismatch
          .append(i > 0 ? " + " : "")
          .append("count(*) FILTER (WHERE NOT (")
          .append(a + " IS NOT DISTINCT FROM " + b)
          .append(
              " OR try_cast(replace("
                  + a
                  + ", 'Z', '') AS TIMESTAMP) = try_cast("
                  + b
                  + " AS TIMESTAMP)")
          .append(" OR abs(try_cast(" + a + " AS DOUBLE) - try_cast(" + b + " AS DOUBLE))")
          .append(" <= 1e-9 * greatest(1, abs(try_cast(" + a + " AS DOUBLE)))))");
    }
    mismatch
        .append(", count(*) FROM read_csv('")
        .append(kairos.toAbsolutePath())
        .append("', all_varchar = true, header = true) a POSITIONAL JOIN read_csv('")
        .append(baseline.toAbsolutePath())
        .append("', all_varchar = true, header = false, skip = 1) b");
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(mismatch.toString())) {
      rs.next();
      long bad = rs.getLong(1);
      return bad == 0 ? null : bad + " of " + rs.getLong(2) + " rows' cells differ";
    }
  }
}

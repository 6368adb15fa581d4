package dev.kairos.bench.offline;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The hand-written baseline: one DuckDB statement that reads the entity CSV, joins the three views
 * with {@code ASOF LEFT JOIN}s over the table Kairos loaded, and writes the CSV, in input order.
 * Ties are broken as Kairos' semantics say (greatest event time, then created time, then ingestion
 * sequence) by comparing structs, and each view's TTL is checked on the winner; so its output must
 * equal Kairos' row for row, which {@link #compare} checks.
 */
final class PitBaseline {
  private static final String TS = "'%Y-%m-%dT%H:%M:%SZ'";
  private static final String ENTITY_COLUMNS =
      "{'transaction_id': 'VARCHAR', 'user_id': 'BIGINT', 'merchant_id': 'BIGINT',"
          + " 'device_id': 'VARCHAR', 'event_timestamp': 'TIMESTAMP', 'is_fraud': 'VARCHAR'";
  private static final String OUTPUT_COLUMNS =
      ENTITY_COLUMNS
          + ", 'user_last_transaction__amount': 'DOUBLE',"
          + " 'user_last_transaction__merchant_category': 'VARCHAR',"
          + " 'user_last_transaction__country': 'VARCHAR',"
          + " 'user_last_transaction__device_id': 'VARCHAR',"
          + " 'user_last_transaction__currency': 'VARCHAR',"
          + " 'merchant_last_transaction__amount': 'DOUBLE',"
          + " 'merchant_last_transaction__merchant_category': 'VARCHAR',"
          + " 'merchant_last_transaction__country': 'VARCHAR',"
          + " 'device_last_transaction__amount': 'DOUBLE',"
          + " 'device_last_transaction__country': 'VARCHAR'}";

  private PitBaseline() {}

  /** {@code read_csv(...)} of a generated transactions file with its declared types. */
  static String readTransactions(Path csv) {
    return readCsv(
        csv,
        "{'transaction_id': 'VARCHAR', 'user_id': 'BIGINT', 'merchant_id': 'BIGINT',"
            + " 'merchant_category': 'VARCHAR', 'amount': 'DOUBLE', 'currency': 'VARCHAR',"
            + " 'country': 'VARCHAR', 'device_id': 'VARCHAR', 'event_timestamp': 'TIMESTAMP',"
            + " 'created_timestamp': 'TIMESTAMP', 'is_fraud': 'INTEGER'}");
  }

  static String sql(Path entities, Path output) {
    return "COPY (WITH e AS (SELECT row_number() OVER () AS _row, * FROM "
        + readCsv(entities, ENTITY_COLUMNS + "}")
        + "),\n"
        + view("u", "user_id", "amount, merchant_category, country, device_id, currency")
        + ",\n"
        + view("m", "merchant_id", "amount, merchant_category, country")
        + ",\n"
        + view("d", "device_id", "amount, country")
        + "\nSELECT e.transaction_id, e.user_id, e.merchant_id, e.device_id, e.event_timestamp,"
        + " e.is_fraud,\n"
        + fresh("u", "30 DAY", "user_last_transaction", "amount", "merchant_category", "country")
        + ",\n"
        + fresh("u", "30 DAY", "user_last_transaction", "device_id", "currency")
        + ",\n"
        + fresh("m", "7 DAY", "merchant_last_transaction", "amount", "merchant_category", "country")
        + ",\n"
        + fresh("d", "1 DAY", "device_last_transaction", "amount", "country")
        + "\nFROM e\n"
        + asof("u", "user_id")
        + asof("m", "merchant_id")
        + asof("d", "device_id")
        + "ORDER BY e._row) TO '"
        + output.toAbsolutePath()
        + "' (HEADER, DELIMITER ',', TIMESTAMPFORMAT "
        + TS
        + ")";
  }

  /** {@code read_csv(...)} of a CSV file with a header, with declared column types. */
  private static String readCsv(Path file, String columns) {
    return "read_csv('"
        + file.toAbsolutePath()
        + "', header = true, auto_detect = false, timestampformat = "
        + TS
        + ", columns = "
        + columns
        + ")";
  }

  private static String view(String alias, String key, String features) {
    return alias
        + " AS (SELECT "
        + key
        + ", event_timestamp AS ts, "
        + features
        + ", {'t': event_timestamp, 'c': coalesce(created_timestamp, '-infinity'::TIMESTAMP),"
        + " 'q': _kairos_seq} AS k FROM transactions)";
  }

  private static String fresh(String alias, String ttl, String view, String... features) {
    StringBuilder out = new StringBuilder();
    for (String f : features) {
      out.append(out.length() > 0 ? ", " : "")
          .append("CASE WHEN ")
          .append(alias)
          .append(".ts >= e.event_timestamp - INTERVAL ")
          .append(ttl)
          .append(" THEN ")
          .append(alias)
          .append('.')
          .append(f)
          .append(" END AS ")
          .append(view)
          .append("__")
          .append(f);
    }
    return out.toString();
  }

  private static String asof(String alias, String key) {
    return asofJoin(
        alias,
        alias,
        key,
        "{'t': e.event_timestamp, 'c': 'infinity'::TIMESTAMP, 'q': 9223372036854775807::BIGINT} >= "
            + alias
            + ".k");
  }

  /** {@code ASOF LEFT JOIN relation ON e.key = alias.key AND inequality}, one line. */
  private static String asofJoin(String relation, String alias, String key, String inequality) {
    return "ASOF LEFT JOIN "
        + relation
        + " ON e."
        + key
        + " = "
        + alias
        + "."
        + key
        + " AND "
        + inequality
        + "\n";
  }

  /**
   * The engine's floor for this join: the same entity CSV, each view a plain ASOF join on the event
   * time alone (no tie-break on created time or ingestion order, no TTL), and only an aggregate out
   * instead of a file. Nothing Kairos must do is left out of the baseline's cost here, so this
   * bounds what any DuckDB SQL, Kairos' included, can reach on this machine.
   */
  static String floorSql(Path entities) {
    return "SELECT count(*), sum(u.amount), count(u.country), sum(m.amount), count(d.country)"
        + " FROM "
        + readCsv(entities, ENTITY_COLUMNS + "}")
        + " e\n"
        + plainAsof("u", "user_id", "amount, country")
        + plainAsof("m", "merchant_id", "amount")
        + plainAsof("d", "device_id", "country");
  }

  private static String plainAsof(String alias, String key, String features) {
    String relation =
        "(SELECT " + key + ", event_timestamp AS ts, " + features + " FROM transactions) " + alias;
    return asofJoin(relation, alias, key, "e.event_timestamp >= " + alias + ".ts");
  }

  /**
   * Runs {@link #floorSql} against the DuckDB file Kairos loaded.
   *
   * @return the number of entity rows it joined
   */
  static long runFloor(Path duckdbFile, Path entities, String memoryLimit) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + duckdbFile.toAbsolutePath());
        Statement s = c.createStatement()) {
      s.execute("SET memory_limit = '" + memoryLimit + "'");
      // DuckDB guesses a CSV holds a few dozen rows and would then plan the ASOF JOINs as nested
      // loops (meant for small left sides); the floor must time the ASOF operator itself.
      s.execute("SET asof_loop_join_threshold = 0");
      try (ResultSet rs = s.executeQuery(floorSql(entities))) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  /** Runs the baseline against the DuckDB file Kairos loaded. */
  static void run(Path duckdbFile, Path entities, Path output, String memoryLimit)
      throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + duckdbFile.toAbsolutePath());
        Statement s = c.createStatement()) {
      s.execute("SET memory_limit = '" + memoryLimit + "'");
      s.execute(sql(entities, output));
    }
  }

  /**
   * Compares two output files value by value and row by row (position included).
   *
   * @return null when equal, else what differs
   */
  static String compare(Path a, Path b) throws SQLException {
    String sql =
        "WITH a AS ("
            + numbered(a)
            + "), b AS ("
            + numbered(b)
            + ") SELECT (SELECT count(*) FROM a), (SELECT count(*) FROM b),"
            + " (SELECT count(*) FROM (SELECT * FROM a EXCEPT ALL SELECT * FROM b)),"
            + " (SELECT count(*) FROM (SELECT * FROM b EXCEPT ALL SELECT * FROM a)),"
            + " (SELECT count(*) FROM a WHERE user_last_transaction__amount IS NOT NULL),"
            + " (SELECT count(*) FROM a WHERE device_last_transaction__amount IS NOT NULL)";
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      if (rs.getLong(1) != rs.getLong(2) || rs.getLong(3) != 0 || rs.getLong(4) != 0) {
        return String.format(
            "rows %d vs %d; %d rows only in %s, %d only in %s",
            rs.getLong(1), rs.getLong(2), rs.getLong(3), a, rs.getLong(4), b);
      }
      if (rs.getLong(5) == 0 || rs.getLong(6) == 0) {
        return "no feature values found at all: the data does not exercise the join";
      }
      return null;
    }
  }

  private static String numbered(Path file) {
    return "SELECT row_number() OVER () AS _row, * FROM " + readCsv(file, OUTPUT_COLUMNS);
  }
}

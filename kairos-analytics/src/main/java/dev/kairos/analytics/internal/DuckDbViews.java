package dev.kairos.analytics.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;

/**
 * DuckDB has no materialized views: each view is a table. A full refresh is one {@code CREATE OR
 * REPLACE TABLE ... AS}, a partial one deletes and re-inserts the periods from the given day; each
 * runs in one transaction, so under DuckDB's MVCC a reader sees the old table or the new one.
 */
final class DuckDbViews implements ViewStore {
  private final String schema;
  private final String predictionLog;

  DuckDbViews(String schema, String predictionLog) {
    this.schema = schema;
    this.predictionLog = predictionLog;
  }

  @Override
  public void prepare(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA IF NOT EXISTS " + schema);
      s.execute(PredictionLog.createSql(predictionLog, Dialect.DUCKDB));
    }
  }

  @Override
  public boolean refresh(
      Connection c, View view, String qualified, ViewSql sql, LocalDate from, String fingerprint)
      throws SQLException {
    boolean whole = from == null || !fingerprint.equals(comment(c, view.name()));
    c.setAutoCommit(false);
    try (Statement s = c.createStatement()) {
      if (whole) {
        s.execute("CREATE OR REPLACE TABLE " + qualified + " AS " + view.select().apply(sql, null));
        s.execute("COMMENT ON TABLE " + qualified + " IS '" + fingerprint + "'");
      } else {
        s.execute(
            "DELETE FROM "
                + qualified
                + " WHERE "
                + view.period()
                + " >= DATE '"
                + view.firstPeriod(from)
                + "'");
        s.execute(
            "INSERT INTO "
                + qualified
                + " SELECT * FROM ("
                + view.select().apply(sql, from)
                + ") q");
      }
      c.commit();
      return whole;
    } catch (SQLException | RuntimeException e) {
      c.rollback();
      throw e;
    } finally {
      c.setAutoCommit(true);
    }
  }

  private String comment(Connection c, String table) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT comment FROM duckdb_tables() WHERE database_name = current_database()"
                + " AND schema_name = ? AND table_name = ?")) {
      ps.setString(1, unquote(schema));
      ps.setString(2, table);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    }
  }

  @Override
  public boolean exists(Connection c, String qualified) throws SQLException {
    String table = qualified.substring(schema.length() + 1);
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT count(*) FROM duckdb_tables() WHERE database_name = current_database()"
                + " AND schema_name = ? AND table_name = ?")) {
      ps.setString(1, unquote(schema));
      ps.setString(2, unquote(table));
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1) > 0;
      }
    }
  }

  private static String unquote(String quoted) {
    return quoted.substring(1, quoted.length() - 1).replace("\"\"", "\"");
  }
}

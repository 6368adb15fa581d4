package dev.kairos.analytics.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.List;

/**
 * PostgreSQL: each view is a {@code MATERIALIZED VIEW} with a unique index, refreshed {@code
 * CONCURRENTLY} so readers keep seeing the previous rows meanwhile. A materialized view can only be
 * refreshed whole, so a refresh from a day refreshes everything. The first build, and a rebuild
 * after the definition changed, run in one transaction (readers wait for it, then see the new
 * view).
 */
final class PgViews implements ViewStore {
  private final String schema;
  private final String predictionLog;

  PgViews(String schema, String predictionLog) {
    this.schema = schema;
    this.predictionLog = predictionLog;
  }

  @Override
  public void prepare(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA IF NOT EXISTS " + schema);
      s.execute(PredictionLog.createSql(predictionLog, Dialect.POSTGRESQL));
    }
  }

  @Override
  public boolean refresh(
      Connection c, View view, String qualified, ViewSql sql, LocalDate from, String fingerprint)
      throws SQLException {
    if (fingerprint.equals(comment(c, qualified))) {
      try (Statement s = c.createStatement()) {
        s.execute("REFRESH MATERIALIZED VIEW CONCURRENTLY " + qualified);
      }
      return true;
    }
    c.setAutoCommit(false);
    try (Statement s = c.createStatement()) {
      s.execute("DROP MATERIALIZED VIEW IF EXISTS " + qualified);
      s.execute("CREATE MATERIALIZED VIEW " + qualified + " AS " + view.select().apply(sql, null));
      // NULL totals are allowed in the unique key: each NULL is distinct, and every group occurs
      // once, so the key is unique; CONCURRENTLY accepts such an index (column names, no WHERE).
      s.execute(index(view, qualified, "key", view.key(), true));
      for (List<String> cols : view.indexes()) {
        s.execute(index(view, qualified, String.join("_", cols), cols, false));
      }
      s.execute("COMMENT ON MATERIALIZED VIEW " + qualified + " IS '" + fingerprint + "'");
      c.commit();
      return true;
    } catch (SQLException | RuntimeException e) {
      c.rollback();
      throw e;
    } finally {
      c.setAutoCommit(true);
    }
  }

  private static String index(
      View view, String qualified, String suffix, List<String> cols, boolean unique) {
    return "CREATE "
        + (unique ? "UNIQUE " : "")
        + "INDEX \""
        + view.name()
        + "_"
        + suffix
        + "\" ON "
        + qualified
        + " ("
        + String.join(", ", cols)
        + ")";
  }

  private static String comment(Connection c, String qualified) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT obj_description(to_regclass(?), 'pg_class')")) {
      ps.setString(1, qualified);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getString(1);
      }
    }
  }

  @Override
  public boolean exists(Connection c, String qualified) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
      ps.setString(1, qualified);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getBoolean(1);
      }
    }
  }
}

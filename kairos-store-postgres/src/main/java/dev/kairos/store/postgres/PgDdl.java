package dev.kairos.store.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Schema changes that several Kairos processes may make at once, such as two {@code kairos stream}
 * processes of one group starting on a fresh schema. {@code CREATE ... IF NOT EXISTS} alone races
 * in PostgreSQL (the loser fails on a duplicate key in {@code pg_namespace}, {@code pg_type} or
 * {@code pg_class}), so each change runs in a transaction holding an advisory lock named after the
 * schema; a change already made costs only a catalog lookup and takes no lock.
 */
final class PgDdl {
  private PgDdl() {}

  /** Whether the relation (a qualified, quoted table or index name) exists. */
  static boolean exists(Connection c, String relation) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
      ps.setString(1, relation);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getBoolean(1);
      }
    }
  }

  /**
   * Runs the statements in one transaction that holds the schema's advisory lock, on a connection
   * in auto-commit mode, which it leaves in auto-commit mode.
   */
  static void run(Connection c, String schema, String... statements) throws SQLException {
    c.setAutoCommit(false);
    try (Statement s = c.createStatement();
        PreparedStatement lock = c.prepareStatement("SELECT pg_advisory_xact_lock(hashtext(?))")) {
      lock.setString(1, "kairos_ddl:" + schema);
      lock.execute();
      for (String sql : statements) {
        s.execute(sql);
      }
      c.commit();
    } catch (SQLException | RuntimeException e) {
      c.rollback();
      throw e;
    } finally {
      c.setAutoCommit(true);
    }
  }
}

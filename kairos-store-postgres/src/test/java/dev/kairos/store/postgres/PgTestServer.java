package dev.kairos.store.postgres;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** The PostgreSQL server tests use: {@code KAIROS_PG_URL} or the local default. */
final class PgTestServer {
  private PgTestServer() {}

  static String url() {
    String url = System.getenv("KAIROS_PG_URL");
    if (url == null || url.isBlank()) {
      return "jdbc:postgresql://127.0.0.1:5432/postgres";
    }
    return url.startsWith("jdbc:")
        ? url
        : "jdbc:" + url.replaceFirst("^postgres://", "postgresql://");
  }

  /** A schema name no other test run uses. */
  static String uniqueSchema(String base) {
    return base + "_" + ProcessHandle.current().pid() + "_" + System.nanoTime() % 1_000_000;
  }

  /**
   * A store whose point-in-time joins run in three sessions, so that every join test also deals
   * entity rows unevenly (rows 0, 3, 6… to the first session) and merges them back in order.
   */
  static PostgresOfflineStore open(String schema) {
    return PostgresOfflineStore.open(url(), "postgres", "", schema, 4, 3);
  }

  /**
   * Drops a schema. Property tests leave thousands of tables, more than one transaction may lock,
   * so tables go first, a hundred per statement.
   */
  static void dropSchema(String schema) {
    try (Connection c = DriverManager.getConnection(url(), "postgres", "");
        Statement s = c.createStatement()) {
      List<String> tables = new ArrayList<>();
      try (PreparedStatement ps =
          c.prepareStatement("SELECT tablename FROM pg_tables WHERE schemaname = ?")) {
        ps.setString(1, schema);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            tables.add(PgValues.quote(schema) + "." + PgValues.quote(rs.getString(1)));
          }
        }
      }
      for (int i = 0; i < tables.size(); i += 100) {
        s.execute(
            "DROP TABLE " + String.join(", ", tables.subList(i, Math.min(i + 100, tables.size()))));
      }
      s.execute("DROP SCHEMA IF EXISTS " + PgValues.quote(schema) + " CASCADE");
    } catch (SQLException e) {
      throw new IllegalStateException("cannot drop test schema " + schema, e);
    }
  }
}

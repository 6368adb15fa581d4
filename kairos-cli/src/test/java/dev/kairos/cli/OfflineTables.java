package dev.kairos.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Properties;

/** Reads a repository's DuckDB offline store directly, after the CLI process has exited. */
final class OfflineTables {
  private OfflineTables() {}

  /** Rows in {@code table} of the repository's {@code data/offline.duckdb}; 0 when absent. */
  static long rows(Path repo, String table) throws Exception {
    Path file = repo.resolve("data/offline.duckdb");
    if (!Files.exists(file)) {
      return 0;
    }
    Properties readOnly = new Properties();
    readOnly.setProperty("duckdb.read_only", "true");
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + file, readOnly)) {
      try (PreparedStatement exists =
          c.prepareStatement(
              "SELECT count(*) FROM information_schema.tables"
                  + " WHERE table_schema = 'main' AND table_name = ?")) {
        exists.setString(1, table);
        try (ResultSet rs = exists.executeQuery()) {
          rs.next();
          if (rs.getLong(1) == 0) {
            return 0;
          }
        }
      }
      try (Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT count(*) FROM \"" + table + "\"")) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  /** The first column of the first row of {@code sql} over the repository's DuckDB store. */
  static long scalar(Path repo, String sql) throws Exception {
    Properties readOnly = new Properties();
    readOnly.setProperty("duckdb.read_only", "true");
    try (Connection c =
            DriverManager.getConnection(
                "jdbc:duckdb:" + repo.resolve("data/offline.duckdb"), readOnly);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}

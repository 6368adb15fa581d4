package dev.kairos.bench.materialize;

import dev.kairos.core.generate.GeneratorConfig;
import dev.kairos.core.generate.GeneratorOutput;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;

/**
 * Fills the benchmark repository's {@code transactions} table. The fraud generator writes a sample
 * (realistic merchants, amounts, countries, devices); DuckDB then fans it out to {@code users}
 * distinct user ids with {@code versions} rows each, so "latest row per user" yields exactly {@code
 * users} rows. Generating 20M rows with the generator itself would take minutes and would not give
 * an exact count of distinct users.
 */
final class OfflineData {
  static final Instant FIRST_EVENT = GeneratorConfig.DEFAULT_START;
  private static final int SAMPLE_USERS = 2_000;
  private static final int SAMPLE_DAYS = 7;

  private OfflineData() {}

  /**
   * Writes the table into the DuckDB file, whose {@code transactions} table must exist and be empty
   * (created by the offline store, so it has the store's hidden sequence column).
   *
   * @return the last event time written
   */
  static Instant fill(Path duckDbFile, Path workDir, long users, int versions) throws SQLException {
    Path sample = workDir.resolve("sample.parquet");
    GeneratorOutput.write(new GeneratorConfig(SAMPLE_USERS, SAMPLE_DAYS, 42), sample);
    long total = users * versions;
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + duckDbFile.toAbsolutePath());
        Statement s = c.createStatement()) {
      s.execute(
          "CREATE TEMP TABLE sample AS SELECT row_number() OVER () - 1 AS i, * FROM read_parquet('"
              + sample.toAbsolutePath()
              + "')");
      long sampleRows = count(s, "SELECT count(*) FROM sample");
      // Row r belongs to user (r % users) + 1; its event time grows with r, so each user's last
      // version is its latest row. Values come from sample row r % sampleRows.
      s.execute(
          "INSERT INTO transactions SELECT 'tx-' || lpad(r::VARCHAR, 10, '0'), (r % "
              + users
              + ") + 1, s.merchant_id, s.merchant_category, s.amount, s.currency, s.country,"
              + " s.device_id, TIMESTAMP '2026-01-01 00:00:00' + to_seconds(r // 4),"
              + " TIMESTAMP '2026-01-01 00:00:05' + to_seconds(r // 4), s.is_fraud, r + 1"
              + " FROM range("
              + total
              + ") t(r) JOIN sample s ON s.i = r % "
              + sampleRows);
      s.execute("CHECKPOINT");
    }
    return FIRST_EVENT.plusSeconds((total - 1) / 4 + 5);
  }

  private static long count(Statement s, String sql) throws SQLException {
    try (var rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}

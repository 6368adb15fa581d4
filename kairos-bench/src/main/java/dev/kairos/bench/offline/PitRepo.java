package dev.kairos.bench.offline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The benchmark's feature repository and entity file: the fraud source, three views keyed by three
 * entities (user 30d, merchant 7d, device 1d) and a service over all of them.
 */
final class PitRepo {
  static final String SERVICE = "pit_bench";
  static final String DEFINITIONS =
      """
      entities:
        - {name: user, join_keys: [user_id], value_type: INT64}
        - {name: merchant, join_keys: [merchant_id], value_type: INT64}
        - {name: device, join_keys: [device_id], value_type: STRING}
      sources:
        - name: transactions
          table: transactions
          timestamp_field: event_timestamp
          created_timestamp_field: created_timestamp
          fields:
            - {name: transaction_id, type: STRING}
            - {name: user_id, type: INT64}
            - {name: merchant_id, type: INT64}
            - {name: merchant_category, type: STRING}
            - {name: amount, type: DOUBLE}
            - {name: currency, type: STRING}
            - {name: country, type: STRING}
            - {name: device_id, type: STRING}
            - {name: event_timestamp, type: TIMESTAMP}
            - {name: created_timestamp, type: TIMESTAMP}
            - {name: is_fraud, type: INT32}
      feature_views:
        - name: user_last_transaction
          entities: [user]
          source: transactions
          ttl: 30d
          features:
            - {name: amount, type: DOUBLE}
            - {name: merchant_category, type: STRING}
            - {name: country, type: STRING}
            - {name: device_id, type: STRING}
            - {name: currency, type: STRING}
        - name: merchant_last_transaction
          entities: [merchant]
          source: transactions
          ttl: 7d
          features:
            - {name: amount, type: DOUBLE}
            - {name: merchant_category, type: STRING}
            - {name: country, type: STRING}
        - name: device_last_transaction
          entities: [device]
          source: transactions
          ttl: 1d
          features:
            - {name: amount, type: DOUBLE}
            - {name: country, type: STRING}
      feature_services:
        - name: pit_bench
          features: ["user_last_transaction:*", "merchant_last_transaction:*", "device_last_transaction:*"]
      """;

  private PitRepo() {}

  /** Writes a repository whose offline store section is {@code offlineStore} (YAML lines). */
  static Path write(Path dir, String offlineStore) throws IOException {
    Files.createDirectories(dir.resolve("features"));
    Files.writeString(
        dir.resolve("kairos.yaml"),
        "project: pitbench\nregistry:\n  type: file\n  path: data/registry\n"
            + offlineStore
            + "online_store:\n  type: rocksdb\n  path: data/online\n");
    Files.writeString(dir.resolve("features/bench.yaml"), DEFINITIONS);
    return dir;
  }

  /**
   * Writes {@code rows} entity rows drawn at random from the transactions, each one second before
   * its transaction (so a training row sees the user's previous transactions, not itself), in a
   * shuffled order. Columns: transaction_id, user_id, merchant_id, device_id, event_timestamp,
   * is_fraud.
   */
  static Path entities(Path transactionsCsv, Path file, long rows) throws SQLException {
    if (Files.isRegularFile(file)) {
      return file;
    }
    String sql =
        "COPY (SELECT transaction_id, user_id, merchant_id, device_id,"
            + " strftime(event_timestamp - INTERVAL 1 SECOND, '%Y-%m-%dT%H:%M:%SZ')"
            + " AS event_timestamp, is_fraud FROM ("
            + "SELECT * FROM "
            + PitBaseline.readTransactions(transactionsCsv)
            + " USING SAMPLE "
            + rows
            + " ROWS (reservoir, 42)) ORDER BY hash(transaction_id)) TO '"
            + file.toAbsolutePath()
            + "' (HEADER, DELIMITER ',')";
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
    return file;
  }
}

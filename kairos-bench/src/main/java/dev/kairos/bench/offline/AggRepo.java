package dev.kairos.bench.offline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The aggregation benchmark's repository: the fraud source with the template's kinds of windows —
 * per user velocity counts, amount sums and averages, distinct merchants and countries and the time
 * of the previous transaction; per merchant count and amount; per device distinct users — and, for
 * the materialization comparison, a plain view with as many features.
 */
final class AggRepo {
  static final String SERVICE = "agg_bench";
  static final String AGG_VIEWS = "user_windows,merchant_windows,device_windows";
  static final String PLAIN_VIEW = "user_last_transaction";

  /** The output columns the baseline computes, in the service's order (full feature names). */
  static final String[] FEATURES = {
    "user_windows__amount_count_1m",
    "user_windows__amount_count_10m",
    "user_windows__amount_count_1h",
    "user_windows__amount_count_1d",
    "user_windows__amount_sum_1h",
    "user_windows__amount_sum_1d",
    "user_windows__amount_sum_30d",
    "user_windows__amount_avg_1h",
    "user_windows__amount_avg_1d",
    "user_windows__amount_avg_30d",
    "user_windows__merchant_id_count_distinct_1h",
    "user_windows__merchant_id_count_distinct_1d",
    "user_windows__country_count_distinct_1h",
    "user_windows__country_count_distinct_1d",
    "user_windows__last_txn_ts",
    "merchant_windows__amount_count_1h",
    "merchant_windows__amount_count_1d",
    "merchant_windows__amount_sum_1h",
    "merchant_windows__amount_sum_1d",
    "device_windows__user_id_count_distinct_1d",
    "device_windows__user_id_count_distinct_7d",
  };

  static final String DEFINITIONS =
      PitRepo.DEFINITIONS.substring(0, PitRepo.DEFINITIONS.indexOf("feature_views:"))
          + """
          feature_views:
            - name: user_windows
              entities: [user]
              source: transactions
              aggregations:
                - {column: amount, function: count, windows: [1m, 10m, 1h, 1d]}
                - {column: amount, function: sum, windows: [1h, 1d, 30d]}
                - {column: amount, function: avg, windows: [1h, 1d, 30d]}
                - {column: merchant_id, function: count_distinct, windows: [1h, 1d]}
                - {column: country, function: count_distinct, windows: [1h, 1d]}
                - {column: event_timestamp, function: last, windows: [30d], name: last_txn_ts}
            - name: merchant_windows
              entities: [merchant]
              source: transactions
              aggregations:
                - {column: amount, function: count, windows: [1h, 1d]}
                - {column: amount, function: sum, windows: [1h, 1d]}
            - name: device_windows
              entities: [device]
              source: transactions
              aggregations:
                - {column: user_id, function: count_distinct, windows: [1d, 7d]}
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
                - {name: merchant_id, type: INT64}
                - {name: transaction_id, type: STRING}
                - {name: created_timestamp, type: TIMESTAMP}
                - {name: is_fraud, type: INT32}
          feature_services:
            - name: agg_bench
              features: ["user_windows:*", "merchant_windows:*", "device_windows:*"]
          """;

  private AggRepo() {}

  static Path write(Path dir, String offlineStore) throws IOException {
    Files.createDirectories(dir.resolve("features"));
    Files.writeString(
        dir.resolve("kairos.yaml"),
        "project: aggbench\nregistry:\n  type: file\n  path: data/registry\n"
            + offlineStore
            + "online_store:\n  type: rocksdb\n  path: data/online\n");
    Files.writeString(dir.resolve("features/bench.yaml"), DEFINITIONS);
    return dir;
  }
}

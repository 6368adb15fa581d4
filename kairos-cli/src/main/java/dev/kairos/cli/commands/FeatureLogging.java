package dev.kairos.cli.commands;

import dev.kairos.analytics.Analytics;
import dev.kairos.api.Definitions;
import dev.kairos.api.monitor.SkewHistory;
import dev.kairos.core.FeatureStore;
import dev.kairos.ml.Models;
import dev.kairos.monitor.FeatureLog;
import dev.kairos.monitor.FeatureLogTable;
import dev.kairos.monitor.SkewCheck;
import dev.kairos.monitor.SkewChecks;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The feature server's logging, wired from the repository: served vectors of services with {@code
 * logging.sample_rate > 0} go to their {@code feature_log_<service>} table, predictions also to the
 * analytics {@code prediction_log} when {@code kairos.yaml} has an analytics section. The offline
 * store is opened at the first write, so a server that logs nothing never locks it.
 */
final class FeatureLogging {
  private FeatureLogging() {}

  static FeatureLog start(FeatureStore fs, Supplier<Definitions> definitions) {
    Map<String, String> services = new ConcurrentHashMap<>();
    FeatureLog.Builder b =
        FeatureLog.builder(
                (service, rows) -> new FeatureLogTable(SkewCheck.sql(fs)).append(service, rows),
                definitions)
            .modelService(
                r ->
                    services.computeIfAbsent(
                        r.model() + "@" + r.version(),
                        k -> Models.of(fs).registry().require(r.model(), r.version()).service()));
    if (fs.config().analytics() != null) {
      b.predictionLog(
          fs.config().analytics().transactionId(), rows -> Analytics.of(fs).logPredictions(rows));
    }
    return b.start();
  }

  /** The stored skew checks, read from the offline store on each call. */
  static SkewHistory history(FeatureStore fs) {
    return (service, limit) -> new SkewChecks(SkewCheck.sql(fs)).latest(service, limit);
  }
}

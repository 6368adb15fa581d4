package dev.kairos.server.internal;

import dev.kairos.api.OnlineQuery;
import dev.kairos.api.OnlineResult;
import dev.kairos.api.monitor.FeatureLogger;
import dev.kairos.api.predict.PredictQuery;
import dev.kairos.api.predict.PredictResult;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands served answers to the configured {@link FeatureLogger}, if any, so that logging can never
 * fail a request: whatever the logger throws is counted and logged here. Its counters are exposed
 * as {@code kairos_feature_log_*} meters.
 */
public final class ServedLogging {
  private static final Logger LOG = LoggerFactory.getLogger(ServedLogging.class);

  private final FeatureLogger logger;
  private final Clock clock;
  private final java.util.concurrent.atomic.AtomicLong errors =
      new java.util.concurrent.atomic.AtomicLong();

  /**
   * @param logger the logger, or null when nothing is logged
   */
  public ServedLogging(FeatureLogger logger, Clock clock, MeterRegistry meters) {
    this.logger = logger;
    this.clock = clock;
    if (logger != null) {
      counter(
          meters,
          "kairos.feature.log.offered",
          "Sampled rows offered to the log",
          l -> l.offered());
      counter(
          meters,
          "kairos.feature.log.written",
          "Rows written to feature_log tables",
          l -> l.written());
      counter(
          meters,
          "kairos.feature.log.dropped",
          "Rows dropped because the log queue was full",
          l -> l.dropped());
      counter(meters, "kairos.feature.log.failed", "Rows whose write failed", l -> l.failed());
      Gauge.builder("kairos.feature.log.queued", logger, l -> l.stats().queued())
          .description("Rows waiting to be written")
          .register(meters);
    }
  }

  private void counter(
      MeterRegistry meters,
      String name,
      String description,
      java.util.function.ToDoubleFunction<FeatureLogger.Stats> value) {
    FunctionCounter.builder(name, logger, l -> value.applyAsDouble(l.stats()))
        .description(description)
        .register(meters);
  }

  /** The request time to log: the clock's time when the request is read. */
  Instant now() {
    return logger == null ? null : clock.instant();
  }

  void features(
      String service, long version, Instant requestTime, OnlineQuery query, OnlineResult result) {
    if (logger == null || service == null || service.isEmpty()) {
      return;
    }
    try {
      logger.features(service, version, requestTime, query, result);
    } catch (RuntimeException e) {
      failed(e);
    }
  }

  void predictions(Instant requestTime, PredictQuery query, PredictResult result) {
    if (logger == null) {
      return;
    }
    try {
      logger.predictions(requestTime, query, result);
    } catch (RuntimeException e) {
      failed(e);
    }
  }

  private void failed(RuntimeException e) {
    if (errors.getAndIncrement() % 1000 == 0) {
      LOG.warn("the feature logger failed; requests are unaffected: {}", e.toString(), e);
    }
  }

  /** Flushes and stops the logger; called after the last request drained. */
  public void close() {
    if (logger != null) {
      logger.close();
    }
  }
}

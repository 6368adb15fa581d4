package dev.kairos.server.internal;

import dev.kairos.api.ErrorKind;
import dev.kairos.api.FieldStatus;
import dev.kairos.api.predict.PredictResult;
import dev.kairos.api.predict.Prediction;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The server's meters. Latencies are histograms with buckets, so p50/p99 are derivable in
 * Prometheus with {@code histogram_quantile}; counters are cheap enough for the hot path.
 */
public final class ServerMetrics {
  private final MeterRegistry registry;
  private final Map<Endpoint, Timer> requests = new EnumMap<>(Endpoint.class);
  private final Map<Endpoint, Counter> entityRows = new EnumMap<>(Endpoint.class);
  private final Map<FieldStatus, Counter> statuses = new EnumMap<>(FieldStatus.class);
  private final Map<String, Counter> errors = new ConcurrentHashMap<>();
  private final Map<String, Timer> predictLatency = new ConcurrentHashMap<>();
  private final Map<String, Counter> predictions = new ConcurrentHashMap<>();
  private final Map<String, Counter> decisions = new ConcurrentHashMap<>();
  private final Timer storeRead;
  private final Counter reloads;
  private final Counter reloadFailures;

  public ServerMetrics(MeterRegistry registry) {
    this.registry = registry;
    for (Endpoint e : Endpoint.values()) {
      requests.put(e, latency("kairos.request.duration", "Request latency", e.tag()));
      entityRows.put(
          e,
          Counter.builder("kairos.entity.rows")
              .description("Entity rows requested")
              .tag("endpoint", e.tag())
              .register(registry));
    }
    for (FieldStatus s : FieldStatus.values()) {
      statuses.put(
          s,
          Counter.builder("kairos.feature.values")
              .description("Served feature values by status")
              .tag("status", s.name())
              .register(registry));
    }
    storeRead = latency("kairos.online.read.duration", "Online store read latency", "reader");
    reloads =
        Counter.builder("kairos.registry.reloads")
            .description("Registry versions swapped in")
            .register(registry);
    reloadFailures =
        Counter.builder("kairos.registry.reload.failures")
            .description("Registry polls that failed; the previous version kept serving")
            .register(registry);
  }

  private Timer latency(String name, String description, String endpoint) {
    return latency(name, description, "endpoint", endpoint);
  }

  private Timer latency(String name, String description, String tag, String value) {
    return Timer.builder(name)
        .description(description)
        .tag(tag, value)
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofNanos(10_000))
        .maximumExpectedValue(Duration.ofSeconds(10))
        .register(registry);
  }

  void request(Endpoint endpoint, long nanos) {
    requests.get(endpoint).record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
  }

  void storeRead(long nanos) {
    storeRead.record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
  }

  void entityRows(Endpoint endpoint, int rows) {
    entityRows.get(endpoint).increment(rows);
  }

  void statuses(long[] countsByOrdinal) {
    for (FieldStatus s : FieldStatus.values()) {
      long n = countsByOrdinal[s.ordinal()];
      if (n > 0) {
        statuses.get(s).increment(n);
      }
    }
  }

  void error(Endpoint endpoint, ErrorKind kind) {
    errors
        .computeIfAbsent(
            endpoint.tag() + '/' + kind,
            k ->
                Counter.builder("kairos.errors")
                    .description("Failed requests by error kind")
                    .tag("endpoint", endpoint.tag())
                    .tag("kind", kind.name())
                    .register(registry))
        .increment();
  }

  /**
   * A batch the predictor scored: its latency by model, its rows by model and version, and its
   * decisions by model. Only answered batches are recorded here, tagged with the model the
   * predictor answered for, so a request naming an unknown model adds no series (failures are
   * counted by {@link #error}).
   */
  void predicted(PredictResult result, long nanos) {
    String model = result.model();
    predictLatency
        .computeIfAbsent(
            model,
            m ->
                latency(
                    "kairos.predict.latency", "Prediction latency (scoring a batch)", "model", m))
        .record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    String version = Long.toString(result.version());
    predictions
        .computeIfAbsent(
            model + '@' + version,
            k ->
                Counter.builder("kairos.predictions")
                    .description("Transactions scored")
                    .tag("model", model)
                    .tag("version", version)
                    .register(registry))
        .increment(result.predictions().size());
    long fraud = result.predictions().stream().filter(Prediction::decision).count();
    decision(model, "fraud").increment(fraud);
    decision(model, "legit").increment(result.predictions().size() - fraud);
  }

  private Counter decision(String model, String decision) {
    return decisions.computeIfAbsent(
        model + '/' + decision,
        k ->
            Counter.builder("kairos.predict.decisions")
                .description("Scored transactions by decision")
                .tag("model", model)
                .tag("decision", decision)
                .register(registry));
  }

  void reloaded() {
    reloads.increment();
  }

  void reloadFailed() {
    reloadFailures.increment();
  }
}

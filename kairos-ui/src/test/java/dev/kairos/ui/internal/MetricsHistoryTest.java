package dev.kairos.ui.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class MetricsHistoryTest {
  /** A clock the test moves by hand. */
  static final class ManualClock extends Clock {
    private Instant now = Instant.parse("2026-01-01T00:00:00Z");

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }

  final PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  final ManualClock clock = new ManualClock();
  final MetricsHistory history = new MetricsHistory(meters, clock);

  /** Registered as the server's ServerMetrics registers its latency timers. */
  Timer timer(String name, String tag, String value) {
    return Timer.builder(name)
        .tag(tag, value)
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofNanos(10_000))
        .maximumExpectedValue(Duration.ofSeconds(10))
        .register(meters);
  }

  Timer rest() {
    return timer(MetricsHistory.REQUESTS, "endpoint", "rest_features");
  }

  void record(Timer t, int n, double millis) {
    for (int i = 0; i < n; i++) {
      t.record((long) (millis * 1_000_000), TimeUnit.NANOSECONDS);
    }
  }

  void tick() {
    clock.advance(Duration.ofSeconds(1));
    history.sample();
  }

  @Test
  void sample_firstCallOnlyReads_andAddsNoPoint() {
    record(rest(), 10, 1);
    history.sample();
    assertThat(history.since(0)).isEmpty();
  }

  @Test
  void sample_givesTheSecondsPercentilesAndRate_fromTheHistogramDelta() {
    Timer t = rest();
    record(t, 5, 50); // before the first sample: never counted
    history.sample();
    record(t, 980, 1);
    record(t, 20, 100);
    tick();

    MetricsHistory.Latency l = history.since(0).get(0).endpoints().get("rest_features");
    assertThat(l.perSecond()).isEqualTo(1000.0);
    assertThat(l.p50Ms()).isCloseTo(1.0, within(0.15));
    assertThat(l.p99Ms()).isBetween(60.0, 115.0);
    assertThat(l.p999Ms()).isBetween(60.0, 115.0);
  }

  @Test
  void sample_isARollingWindow_aSlowSecondDoesNotLeakIntoTheNext() {
    Timer t = rest();
    history.sample();
    record(t, 100, 200);
    tick();
    record(t, 100, 2);
    tick();

    List<MetricsHistory.Sample> s = history.since(0);
    assertThat(s.get(0).endpoints().get("rest_features").p99Ms()).isBetween(150.0, 230.0);
    assertThat(s.get(1).endpoints().get("rest_features").p99Ms()).isBetween(1.7, 2.3);
    assertThat(s.get(1).endpoints().get("rest_features").p50Ms()).isBetween(1.7, 2.3);
  }

  @Test
  void sample_aSecondWithoutRequests_hasNoEndpointAndNoStoreReads() {
    record(rest(), 3, 1);
    history.sample();
    tick();
    MetricsHistory.Sample s = history.since(0).get(0);
    assertThat(s.endpoints()).isEmpty();
    assertThat(s.onlineStore()).isNull();
    assertThat(s.entityRowsPerSecond()).isZero();
    assertThat(s.errorsByKind()).isEmpty();
  }

  @Test
  void sample_countsEntityRowsErrorsByKindAndStoreReads_perSecond() {
    Counter rowsRest =
        Counter.builder(MetricsHistory.ENTITY_ROWS)
            .tag("endpoint", "rest_features")
            .register(meters);
    Counter rowsGrpc =
        Counter.builder(MetricsHistory.ENTITY_ROWS).tag("endpoint", "kairos_grpc").register(meters);
    Counter userRest =
        Counter.builder(MetricsHistory.ERRORS)
            .tag("endpoint", "rest_features")
            .tag("kind", "USER")
            .register(meters);
    Counter userGrpc =
        Counter.builder(MetricsHistory.ERRORS)
            .tag("endpoint", "kairos_grpc")
            .tag("kind", "USER")
            .register(meters);
    Counter unavailable =
        Counter.builder(MetricsHistory.ERRORS)
            .tag("endpoint", "rest_features")
            .tag("kind", "UNAVAILABLE")
            .register(meters);
    Timer store = timer(MetricsHistory.STORE_READS, "endpoint", "reader");
    rowsRest.increment(1000);
    userRest.increment(7);
    history.sample();

    rowsRest.increment(30);
    rowsGrpc.increment(10);
    userRest.increment(2);
    userGrpc.increment(1);
    unavailable.increment();
    record(store, 50, 0.5);
    clock.advance(Duration.ofSeconds(2));
    history.sample();

    MetricsHistory.Sample s = history.since(0).get(0);
    assertThat(s.entityRowsPerSecond()).isEqualTo(20.0);
    assertThat(s.errorsByKind())
        .containsExactly(java.util.Map.entry("UNAVAILABLE", 1L), java.util.Map.entry("USER", 3L));
    assertThat(s.onlineStore().perSecond()).isEqualTo(25.0);
    assertThat(s.onlineStore().p50Ms()).isCloseTo(0.5, within(0.08));
  }

  @Test
  void since_keepsTheLast900Samples_andFiltersByTime() {
    history.sample();
    long start = clock.millis();
    for (int i = 0; i < MetricsHistory.CAPACITY + 5; i++) {
      tick();
    }
    List<MetricsHistory.Sample> all = history.since(0);
    assertThat(all).hasSize(MetricsHistory.CAPACITY);
    assertThat(all.get(0).atMs()).isEqualTo(start + 6_000);
    assertThat(all.get(all.size() - 1).atMs()).isEqualTo(clock.millis());
    assertThat(history.since(clock.millis() - 3_000)).hasSize(3);
    assertThat(history.since(clock.millis())).isEmpty();
  }

  @Test
  void percentiles_interpolateInsideTheBucketHoldingTheRank() {
    double[] bounds = {1, 2, 4, 8};
    double[] cumulative = {0, 50, 90, 100};
    assertThat(Percentiles.of(bounds, cumulative, 100, 0.5)).isEqualTo(2.0);
    assertThat(Percentiles.of(bounds, cumulative, 100, 0.25)).isEqualTo(1.5);
    assertThat(Percentiles.of(bounds, cumulative, 100, 0.95)).isEqualTo(6.0);
    assertThat(Percentiles.of(bounds, cumulative, 0, 0.5)).isNull();
    assertThat(Percentiles.of(bounds, new double[] {0, 0, 0, 0}, 10, 0.99)).isEqualTo(8.0);
  }
}

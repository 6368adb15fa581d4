package dev.kairos.stream;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What a stream reports on {@code /metrics}: events applied, late and dead-lettered (per reason),
 * freshness (event time to servable, and produced to servable), consumer lag per partition and the
 * latest event time per view. Written by the consumer thread, read by the scrape thread.
 */
public final class StreamMetrics {
  private final MeterRegistry registry;
  private final String source;
  private final Counter applied;
  private final Counter late;
  private final Map<DeadLetterReason, Counter> deadLettered = new ConcurrentHashMap<>();
  private final Timer freshness;
  private final Timer produceToServable;
  private final Map<Integer, AtomicLong> lag = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> lastEventMicros = new ConcurrentHashMap<>();
  private final String topic;

  public StreamMetrics(MeterRegistry registry, String source, String topic) {
    this.registry = registry;
    this.source = source;
    this.topic = topic;
    this.applied = events("applied");
    this.late = events("late");
    for (DeadLetterReason r : DeadLetterReason.values()) {
      deadLettered.put(
          r,
          Counter.builder("kairos_stream_dead_lettered")
              .description("Events sent to the dead-letter topic, by reason")
              .tags(Tags.of("source", source, "reason", r.label()))
              .register(registry));
    }
    this.freshness = timer("kairos_stream_freshness", "Event time to servable online, per event");
    this.produceToServable =
        timer(
            "kairos_stream_produce_to_servable",
            "Record timestamp (produced) to servable online, per event");
  }

  private Counter events(String outcome) {
    return Counter.builder("kairos_stream_events")
        .description(
            "Events read from the topic: applied online and offline, or late (offline only)")
        .tags(Tags.of("source", source, "outcome", outcome))
        .register(registry);
  }

  private Timer timer(String name, String description) {
    return Timer.builder(name)
        .description(description)
        .tags(Tags.of("source", source))
        .publishPercentiles(0.5, 0.99, 0.999)
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(1))
        .maximumExpectedValue(Duration.ofMinutes(10))
        .distributionStatisticExpiry(Duration.ofMinutes(1))
        .register(registry);
  }

  void applied(long n) {
    applied.increment(n);
  }

  void late(long n) {
    late.increment(n);
  }

  void deadLettered(DeadLetterReason reason) {
    deadLettered.get(reason).increment();
  }

  /** One applied event became servable at {@code servableAt}. */
  void servable(Instant eventTs, Instant producedAt, Instant servableAt) {
    freshness.record(nonNegative(Duration.between(eventTs, servableAt)));
    if (producedAt != null) {
      produceToServable.record(nonNegative(Duration.between(producedAt, servableAt)));
    }
  }

  private static Duration nonNegative(Duration d) {
    return d.isNegative() ? Duration.ZERO : d;
  }

  void lag(int partition, long records) {
    lag.computeIfAbsent(
            partition,
            p -> {
              AtomicLong v = new AtomicLong();
              Gauge.builder("kairos_stream_consumer_lag", v, AtomicLong::get)
                  .description("Records behind the end of the partition")
                  .tags(Tags.of("source", source, "topic", topic, "partition", String.valueOf(p)))
                  .register(registry);
              return v;
            })
        .set(records);
  }

  void lastEvent(String view, Instant eventTs) {
    long micros = eventTs.getEpochSecond() * 1_000_000L + eventTs.getNano() / 1000;
    lastEventMicros
        .computeIfAbsent(
            view,
            v -> {
              AtomicLong a = new AtomicLong(Long.MIN_VALUE);
              Gauge.builder("kairos_stream_last_event_time_seconds", a, x -> x.get() / 1e6)
                  .description("Latest event time applied to the view, epoch seconds")
                  .tags(Tags.of("source", source, "view", v))
                  .register(registry);
              return a;
            })
        .accumulateAndGet(micros, Math::max);
  }

  public Timer freshness() {
    return freshness;
  }

  public Timer produceToServable() {
    return produceToServable;
  }

  public double appliedCount() {
    return applied.count();
  }

  public double lateCount() {
    return late.count();
  }

  public double deadLetteredCount(DeadLetterReason r) {
    return deadLettered.get(r).count();
  }
}

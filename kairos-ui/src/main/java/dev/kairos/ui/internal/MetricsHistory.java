package dev.kairos.ui.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * The serving page's memory: every {@link #sample()} (once a second) reads the server's meters and
 * keeps what happened since the previous sample, the last {@value #CAPACITY} samples (15 minutes).
 *
 * <p>Latency percentiles are those of the requests recorded between two samples: they come from the
 * difference of the timers' bucket counts (the server's timers publish a percentile histogram whose
 * counts grow from the start), interpolated linearly inside a bucket, so they are as precise as the
 * buckets (about ±10%) and never since-start averages. A second without requests has no percentiles
 * (null).
 *
 * <p>Thread-safe: one thread samples while request threads read; a reader waits at most for one
 * append, never for a sample's reading of the meters.
 */
public final class MetricsHistory {
  /** Samples kept: 15 minutes at one per second. */
  public static final int CAPACITY = 900;

  static final String REQUESTS = "kairos.request.duration";
  static final String ENTITY_ROWS = "kairos.entity.rows";
  static final String ERRORS = "kairos.errors";
  static final String STORE_READS = "kairos.online.read.duration";

  private final MeterRegistry meters;
  private final Clock clock;
  private final ArrayDeque<Sample> samples = new ArrayDeque<>(CAPACITY);
  private final Map<String, Cumulative> previous = new HashMap<>();
  private long previousAt = -1;

  public MetricsHistory(MeterRegistry meters, Clock clock) {
    this.meters = meters;
    this.clock = clock;
  }

  /**
   * One second of a timer.
   *
   * @param perSecond requests (or reads) per second
   * @param p50Ms median latency in milliseconds, null without requests
   */
  public record Latency(double perSecond, Double p50Ms, Double p99Ms, Double p999Ms) {}

  /**
   * What happened between two samples.
   *
   * @param atMs when the sample was taken, epoch milliseconds
   * @param endpoints per endpoint tag with requests in that interval
   * @param entityRowsPerSecond entity rows requested per second, all endpoints
   * @param errorsByKind failed requests in that interval by error kind (kinds with none absent)
   * @param onlineStore the online store's reads, null when there were none
   */
  public record Sample(
      long atMs,
      Map<String, Latency> endpoints,
      double entityRowsPerSecond,
      Map<String, Long> errorsByKind,
      Latency onlineStore) {}

  /** Reads the meters and appends what changed since the previous call (the first only reads). */
  public synchronized void sample() {
    long now = clock.millis();
    Map<String, Latency> endpoints = new TreeMap<>();
    for (Timer t : meters.find(REQUESTS).timers()) {
      String endpoint = t.getId().getTag("endpoint");
      Latency l = delta("request/" + endpoint, t.takeSnapshot(), now);
      if (l != null && l.perSecond() > 0) {
        endpoints.put(endpoint, l);
      }
    }
    Latency store = null;
    for (Timer t : meters.find(STORE_READS).timers()) {
      Latency l = delta("store", t.takeSnapshot(), now);
      store = l != null && l.perSecond() > 0 ? l : null;
    }
    double rows = 0;
    for (Counter c : meters.find(ENTITY_ROWS).counters()) {
      rows += counterDelta("rows/" + c.getId().getTag("endpoint"), c.count());
    }
    Map<String, Long> errors = new TreeMap<>();
    for (Counter c : meters.find(ERRORS).counters()) {
      String kind = c.getId().getTag("kind");
      long n =
          Math.round(
              counterDelta("errors/" + c.getId().getTag("endpoint") + "/" + kind, c.count()));
      if (n > 0) {
        errors.merge(kind, n, Long::sum);
      }
    }
    long elapsed = previousAt < 0 ? 0 : now - previousAt;
    previousAt = now;
    if (elapsed <= 0) {
      return;
    }
    double seconds = elapsed / 1000.0;
    Sample sample = new Sample(now, endpoints, rows / seconds, errors, store);
    synchronized (samples) {
      if (samples.size() == CAPACITY) {
        samples.removeFirst();
      }
      samples.addLast(sample);
    }
  }

  /** The samples taken after {@code sinceMs} (epoch milliseconds), oldest first. */
  public List<Sample> since(long sinceMs) {
    List<Sample> out = new ArrayList<>();
    synchronized (samples) {
      for (java.util.Iterator<Sample> it = samples.descendingIterator(); it.hasNext(); ) {
        Sample s = it.next();
        if (s.atMs() <= sinceMs) {
          break;
        }
        out.add(s);
      }
    }
    java.util.Collections.reverse(out);
    return out;
  }

  private record Cumulative(long count, double[] bounds, double[] cumulative, double value) {}

  private double counterDelta(String key, double value) {
    Cumulative before = previous.put(key, new Cumulative(0, null, null, value));
    return before == null ? 0 : Math.max(0, value - before.value());
  }

  /** The latency of the requests recorded since the previous snapshot of {@code key}. */
  private Latency delta(String key, HistogramSnapshot snap, long now) {
    CountAtBucket[] buckets = snap.histogramCounts();
    double[] bounds = new double[buckets.length];
    double[] cumulative = new double[buckets.length];
    for (int i = 0; i < buckets.length; i++) {
      bounds[i] = buckets[i].bucket(TimeUnit.MILLISECONDS);
      cumulative[i] = buckets[i].count();
    }
    Cumulative before = previous.put(key, new Cumulative(snap.count(), bounds, cumulative, 0));
    if (before == null || previousAt < 0 || now <= previousAt) {
      return null;
    }
    double seconds = (now - previousAt) / 1000.0;
    long n = snap.count() - before.count();
    if (n <= 0) {
      return new Latency(0, null, null, null);
    }
    double[] d = new double[buckets.length];
    boolean sameBuckets = before.bounds().length == bounds.length;
    for (int i = 0; sameBuckets && i < d.length; i++) {
      d[i] = Math.max(0, cumulative[i] - before.cumulative()[i]);
    }
    if (!sameBuckets) {
      return new Latency(n / seconds, null, null, null);
    }
    return new Latency(
        n / seconds,
        Percentiles.of(bounds, d, n, 0.5),
        Percentiles.of(bounds, d, n, 0.99),
        Percentiles.of(bounds, d, n, 0.999));
  }
}

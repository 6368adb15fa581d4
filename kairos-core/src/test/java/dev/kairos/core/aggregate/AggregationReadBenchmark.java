package dev.kairos.core.aggregate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kairos.spi.EventRow;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * What one request costs, decode and evaluate, for the template's per-user view (18 aggregations,
 * windows 1m to 30d and lifetime) at states of 150 to 100,000 events over 30 days: format version 2
 * (tiles) against the version-1 linear path measured in the same run ({@link AggregationStateV1}:
 * decode every event, scan them per aggregation), alternated round by round. A program, not a test:
 * it runs only with {@code -Dkairos.bench=true} (see {@code kairos-bench/bin/agg-read.sh}) and
 * prints Markdown tables (reads, then one-event writes): the median over 31 alternated slices of
 * 150 ms (at least 3 requests) of each slice's mean.
 */
@EnabledIfSystemProperty(named = "kairos.bench", matches = "true")
class AggregationReadBenchmark {
  static final int[] SIZES = {150, 1_000, 10_000, 100_000};

  /** Short alternated slices, so that a busy phase of a shared machine hits both paths alike. */
  static final int ROUNDS = 31;

  static final long ROUND_NANOS = 150_000_000L;
  static Object sink;

  @Test
  void decodeAndEvaluate_tilesAgainstVersion1() {
    AggregationLayout layout = TemplateView.LAYOUT;
    StringBuilder table = new StringBuilder();
    table.append(
        "| events in state | v1 bytes | v2 bytes | v2 tiles | v2 events decoded per request |"
            + " v1 µs/request, median (fastest slice) | v2 µs/request, median (fastest slice) |"
            + " v1 / v2 (medians) |\n");
    table.append("|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    StringBuilder writes = new StringBuilder();
    writes.append(
        "| events in state | v1 µs/write, median (fastest slice) |"
            + " v2 µs/write, median (fastest slice) | v2 / v1 (medians) |\n");
    writes.append("|---:|---:|---:|---:|\n");
    for (int n : SIZES) {
      List<EventRow> events = TemplateView.events(n, 30, 11);
      AggregationStateV1 v1 = AggregationStateV1.empty(layout);
      AggregationState v2 = AggregationState.empty(layout);
      for (int day = 0; day < 30; day++) {
        List<EventRow> batch = events.subList(day * n / 30, (day + 1) * n / 30);
        v1.add(batch);
        v2.add(batch);
      }
      byte[] v1Bytes = v1.encode();
      byte[] v2Bytes = v2.encode();
      Instant latest = v2.latest();
      Instant[] times = new Instant[64];
      for (int i = 0; i < times.length; i++) {
        times[i] = latest.plusNanos(i * 937_000_123L % 60_000_000_000L);
      }
      for (Instant t : times) {
        Object[] expected = AggregationStateV1.decode(layout, v1Bytes).evaluate(t);
        Object[] actual = AggregationState.decode(layout, v2Bytes).evaluate(t);
        assertThat(TemplateView.mismatches(expected, actual)).as("%d events at %s", n, t).isEmpty();
      }
      AggregationState probe = AggregationState.decode(layout, v2Bytes);
      probe.evaluate(times[1]);
      double[] v1Micros = new double[ROUNDS];
      double[] v2Micros = new double[ROUNDS];
      for (int round = -1; round < ROUNDS; round++) { // round -1 warms the JIT up
        double a = time(() -> AggregationStateV1.decode(layout, v1Bytes), times, true);
        double b = time(() -> AggregationState.decode(layout, v2Bytes), times, false);
        if (round >= 0) {
          v1Micros[round] = a;
          v2Micros[round] = b;
        }
      }
      double m1 = median(v1Micros);
      double m2 = median(v2Micros);
      table.append(
          String.format(
              Locale.ROOT,
              "| %,d | %,d | %,d | %d | %,d | %.1f (%.1f) | %.1f (%.1f) | **%.1f** |%n",
              n,
              v1Bytes.length,
              v2Bytes.length,
              probe.tileCount(),
              probe.eventsDecoded(),
              m1,
              Arrays.stream(v1Micros).min().orElseThrow(),
              m2,
              Arrays.stream(v2Micros).min().orElseThrow(),
              m1 / m2));
      System.out.printf(
          Locale.ROOT,
          "%,d events: v1 rounds %s us, v2 rounds %s us%n",
          n,
          Arrays.toString(v1Micros),
          Arrays.toString(v2Micros));
      writes.append(writes(n, events.get(n - 1), v1Bytes, v2Bytes));
    }
    System.out.print(table);
    System.out.println();
    System.out.print(writes);
  }

  /**
   * One write of a stream-like batch: decode the state, add one new event a millisecond after the
   * latest, encode. Format 2 also cuts the tiles again and rebuilds the partials of those that
   * changed.
   */
  static String writes(int n, EventRow last, byte[] v1Bytes, byte[] v2Bytes) {
    AggregationLayout layout = TemplateView.LAYOUT;
    double[] v1Micros = new double[ROUNDS / 3];
    double[] v2Micros = new double[ROUNDS / 3];
    for (int round = -1; round < v1Micros.length; round++) {
      double a =
          timeWrites(
              k -> {
                AggregationStateV1 s = AggregationStateV1.decode(layout, v1Bytes);
                s.add(List.of(next(last, k)));
                return s.encode();
              });
      double b =
          timeWrites(
              k -> {
                AggregationState s = AggregationState.decode(layout, v2Bytes);
                s.add(List.of(next(last, k)));
                return s.encode();
              });
      if (round >= 0) {
        v1Micros[round] = a;
        v2Micros[round] = b;
      }
    }
    double m1 = median(v1Micros);
    double m2 = median(v2Micros);
    return String.format(
        Locale.ROOT,
        "| %,d | %.1f (%.1f) | %.1f (%.1f) | %.2f |%n",
        n,
        m1,
        Arrays.stream(v1Micros).min().orElseThrow(),
        m2,
        Arrays.stream(v2Micros).min().orElseThrow(),
        m2 / m1);
  }

  static EventRow next(EventRow last, long k) {
    return new EventRow(
        last.key(), last.eventTs().plusMillis(1 + k % 1_000), null, 10_000_000L + k, last.values());
  }

  static double timeWrites(java.util.function.LongFunction<Object> write) {
    long start = System.nanoTime();
    long writes = 0;
    while (System.nanoTime() - start < ROUND_NANOS || writes < 3) {
      sink = write.apply(writes);
      writes++;
    }
    return (System.nanoTime() - start) / 1_000.0 / writes;
  }

  interface Decoder {
    Object decode();
  }

  /** Mean µs per request (decode, then evaluate at the next of {@code times}) over one round. */
  static double time(Decoder decoder, Instant[] times, boolean v1) {
    long start = System.nanoTime();
    long requests = 0;
    Object last = null;
    while (System.nanoTime() - start < ROUND_NANOS || requests < 3) {
      Instant t = times[(int) (requests % times.length)];
      Object state = decoder.decode();
      last = v1 ? ((AggregationStateV1) state).evaluate(t) : ((AggregationState) state).evaluate(t);
      requests++;
    }
    sink = last;
    return (System.nanoTime() - start) / 1_000.0 / requests;
  }

  static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }
}

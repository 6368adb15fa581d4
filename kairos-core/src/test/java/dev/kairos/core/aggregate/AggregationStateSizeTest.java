package dev.kairos.core.aggregate;

import static dev.kairos.core.aggregate.AggregationFixtures.BASE;
import static dev.kairos.core.aggregate.AggregationFixtures.TXN;
import static dev.kairos.core.aggregate.AggregationFixtures.layout;
import static dev.kairos.core.aggregate.AggregationFixtures.rows;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kairos.core.aggregate.AggregationFixtures.Ev;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The size of a realistic state, and what a read costs: an entity with 150 events within the 60s
 * horizon of a view with 20 aggregations (3 columns, 7 of them lifetime) and 1,000 older events
 * compacted. Asserts the size only; prints the time to decode and evaluate, which depends on the
 * machine.
 */
class AggregationStateSizeTest {
  static final int KEPT = 150;
  static final int COMPACTED = 1_000;

  /**
   * 8 KiB: about 38 bytes per kept event (time delta 3, created delta and flag 5, sequence 4,
   * amount 9, qty 2, a 13-character merchant 15), each column stored once per event, not once per
   * aggregation; plus about 10 bytes per tile, the partial aggregates of the tiles of 16 events or
   * more (17 pairs), and the lifetime accumulators. Format version 1, without tiles, took 5.7 KB.
   */
  static final int MAX_BYTES = 8_192;

  @Test
  void encodedState_ofARealisticEntity_staysUnderItsBound() {
    AggregationLayout layout = layout(TXN);
    AggregationState state = AggregationState.empty(layout);
    state.add(rows(layout, events(new Random(42))));
    byte[] bytes = state.encode();

    assertThat(state.size()).isEqualTo(KEPT);
    assertThat(TXN.aggregations()).hasSize(20);
    AggregationState read = AggregationState.decode(layout, bytes);
    read.evaluate(state.latest().plusMillis(1));
    System.out.printf(
        "aggregation state: %d events kept in %d tiles, %d aggregations, %d bytes (%.1f per kept"
            + " event); a read decodes %d events%n",
        state.size(),
        read.tileCount(),
        TXN.aggregations().size(),
        bytes.length,
        (double) bytes.length / KEPT,
        read.eventsDecoded());
    assertThat(bytes.length).isLessThan(MAX_BYTES);

    Instant now = state.latest().plusMillis(1);
    long[] micros = new long[2_000];
    Object sink = null;
    for (int round = 0; round < 3; round++) { // the first rounds warm the JIT up
      for (int i = 0; i < micros.length; i++) {
        long t0 = System.nanoTime();
        sink = AggregationState.decode(layout, bytes).evaluate(now);
        micros[i] = (System.nanoTime() - t0) / 1_000;
      }
    }
    Arrays.sort(micros);
    System.out.printf(
        "decode + evaluate: p50 %d us, p99 %d us, max %d us (%s)%n",
        micros[micros.length / 2],
        micros[micros.length * 99 / 100],
        micros[micros.length - 1],
        sink == null ? "" : "20 values");
  }

  /** Card-payment-like events: 1,000 over the day before, then 150 in the last minute. */
  static List<Ev> events(Random random) {
    List<String> merchants = new ArrayList<>();
    for (int m = 0; m < 40; m++) {
      merchants.add("merchant-" + (1_000 + m));
    }
    List<Ev> out = new ArrayList<>();
    Instant end = BASE.plusSeconds(86_400);
    for (int i = 0; i < COMPACTED + KEPT; i++) {
      Instant ts =
          i < COMPACTED
              ? BASE.plusMillis(i * 86_000_000L / COMPACTED)
              : end.minusMillis(59_000).plusMillis((i - COMPACTED) * 59_000L / KEPT);
      Instant created = ts.plusMillis(random.nextInt(2_000));
      double amount = Math.round(random.nextDouble() * 50_000) / 100.0;
      out.add(
          new Ev(
              1,
              ts,
              created,
              10_000_000L + i * 3L,
              amount,
              1 + random.nextInt(5),
              merchants.get(random.nextInt(merchants.size()))));
    }
    return out;
  }
}

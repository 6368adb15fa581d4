package dev.kairos.core.aggregate;

import static dev.kairos.api.AggregationFunction.AVG;
import static dev.kairos.api.AggregationFunction.COUNT;
import static dev.kairos.api.AggregationFunction.COUNT_DISTINCT;
import static dev.kairos.api.AggregationFunction.FIRST;
import static dev.kairos.api.AggregationFunction.LAST;
import static dev.kairos.api.AggregationFunction.MAX;
import static dev.kairos.api.AggregationFunction.MIN;
import static dev.kairos.api.AggregationFunction.STDDEV;
import static dev.kairos.api.AggregationFunction.SUM;
import static dev.kairos.core.aggregate.AggregationFixtures.BASE;
import static dev.kairos.core.aggregate.AggregationFixtures.LIFE;
import static dev.kairos.core.aggregate.AggregationFixtures.agg;
import static dev.kairos.core.aggregate.AggregationFixtures.layout;
import static dev.kairos.core.aggregate.AggregationFixtures.rows;
import static dev.kairos.core.aggregate.AggregationFixtures.view;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kairos.api.Aggregation;
import dev.kairos.api.FeatureView;
import dev.kairos.api.Window;
import dev.kairos.core.aggregate.AggregationFixtures.Ev;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Where tiles matter: bursts of events spanning many tiles of every unit (1s to 5m for this view's
 * windows of 5s to 2h), merged in batches in any time order (late events land in old tiles, some
 * before the compacted time and ignored, compaction cuts through tiles), evaluated at request times
 * inside a tile, on tile boundaries, and where a window starts exactly on an event: always what the
 * brute-force oracle says over the events the state accepted.
 */
class AggregationTileProperties {
  static final Window S5 = Window.of(Duration.ofSeconds(5));
  static final Window M1 = Window.of(Duration.ofMinutes(1));
  static final Window M7_30 = Window.of(Duration.ofSeconds(450));
  static final Window H1 = Window.of(Duration.ofHours(1));
  static final Window H2 = Window.of(Duration.ofHours(2));

  static final FeatureView TILED =
      view(
          "tiled",
          agg(COUNT, "amount", S5),
          agg(SUM, "qty", M1),
          agg(LAST, "merchant", M7_30),
          agg(COUNT_DISTINCT, "merchant", H1),
          agg(AVG, "amount", H1),
          agg(MIN, "amount", M7_30),
          agg(MAX, "qty", H2),
          agg(STDDEV, "amount", H2),
          agg(FIRST, "merchant", H2),
          agg(SUM, "amount", S5),
          agg(COUNT, "amount", LIFE),
          agg(SUM, "qty", LIFE),
          agg(LAST, "amount", LIFE),
          agg(COUNT_DISTINCT, "qty", LIFE));

  static final long HORIZON = H2.micros();

  @Property
  void tiledState_mergedOutOfOrder_equalsTheOracleOverTheAcceptedEvents(
      @ForAll("events") List<Ev> events,
      @ForAll @IntRange(min = 1, max = 6) int batches,
      @ForAll long seed,
      @ForAll("requestKinds") int requestKind,
      @ForAll("offsets") long offset) {
    AggregationLayout layout = layout(TILED);
    Random random = new Random(seed);
    List<List<Ev>> split = new ArrayList<>();
    for (int b = 0; b < batches; b++) {
      split.add(new ArrayList<>());
    }
    for (Ev e : events) {
      split.get(random.nextInt(batches)).add(e);
    }
    AggregationState state = AggregationState.empty(layout);
    List<Ev> accepted = new ArrayList<>();
    Set<Long> seen = new HashSet<>();
    long compacted = Long.MIN_VALUE;
    long latest = Long.MIN_VALUE;
    for (int b = 0; b < batches; b++) {
      List<Ev> batch = new ArrayList<>(split.get(b));
      for (int d = random.nextInt(4); d > 0 && !accepted.isEmpty(); d--) {
        batch.add(accepted.get(random.nextInt(accepted.size())));
      }
      Collections.shuffle(batch, random);
      for (Ev e : batch) {
        long ts = AggregationState.toMicros(e.ts());
        if (ts >= compacted && seen.add(e.seq())) {
          accepted.add(e);
        }
        latest = Math.max(latest, ts);
      }
      if (!batch.isEmpty()) {
        compacted = Math.max(compacted, latest - HORIZON);
      }
      state.add(rows(layout, batch));
      if (random.nextBoolean()) {
        state = AggregationState.decode(layout, state.encode());
      }
    }
    if (accepted.isEmpty()) {
      return;
    }
    Instant now = requestTime(requestKind, offset, latest, accepted, random);
    Object[] expected = AggregationFixtures.expected(TILED, accepted, 1, now);
    AggregationState read = AggregationState.decode(layout, state.encode());

    assertThat(AggregationFixtures.mismatches(TILED, expected, state.evaluate(now)))
        .as("in memory at %s, %d tiles", now, state.tileCount())
        .isEmpty();
    assertThat(AggregationFixtures.mismatches(TILED, expected, read.evaluate(now)))
        .as("read from bytes at %s, %d tiles", now, read.tileCount())
        .isEmpty();
    assertThat(read.encode()).isEqualTo(state.encode());
    assertThat(state.compactedThrough()).isEqualTo(compacted);
  }

  /**
   * 0: the latest event plus an offset; 1: on a tile boundary of some unit (or 1us either side); 2:
   * where some window starts exactly on an accepted event; 3: exactly the latest event's time.
   */
  static Instant requestTime(int kind, long offset, long latest, List<Ev> events, Random random) {
    long t =
        switch (kind) {
          case 0 -> latest + offset;
          case 1 -> {
            long unit = Tiling.UNITS[random.nextInt(4)];
            long boundary = Math.floorDiv(latest, unit) * unit + unit * random.nextInt(3);
            yield Math.max(latest, boundary + random.nextInt(3) - 1);
          }
          case 2 -> {
            List<Aggregation> aggs = TILED.aggregations();
            long w = aggs.get(random.nextInt(aggs.size() - 4)).window().micros();
            long candidate =
                AggregationState.toMicros(events.get(random.nextInt(events.size())).ts()) + w;
            yield candidate >= latest ? candidate : latest + offset;
          }
          default -> latest;
        };
    return AggregationState.micros(t);
  }

  @Provide
  Arbitrary<Integer> requestKinds() {
    return Arbitraries.integers().between(0, 3);
  }

  @Provide
  Arbitrary<Long> offsets() {
    return Arbitraries.oneOf(
        Arbitraries.longs().between(0, 3 * 3_600_000_000L),
        Arbitraries.longs().between(0, 600).map(s -> s * 1_000_000),
        Arbitraries.longs().between(0, 600).map(s -> s * 1_000_000 + 1),
        Arbitraries.longs().between(1, 600).map(s -> s * 1_000_000 - 1));
  }

  /** Bursts: up to 12 clusters of up to 40 events over 3 hours, each within 0s to 10 minutes. */
  @Provide
  Arbitrary<List<Ev>> events() {
    Arbitrary<long[]> cluster =
        Combinators.combine(
                Arbitraries.longs().between(0, 3 * 3_600),
                Arbitraries.of(0L, 1L, 30L, 600L),
                Arbitraries.integers().between(1, 40))
            .as((center, spread, size) -> new long[] {center, spread, size});
    Arbitrary<Double> amount =
        Arbitraries.doubles().between(-1000, 1000).ofScale(3).injectNull(0.1);
    Arbitrary<Integer> qty = Arbitraries.integers().between(-50, 50).injectNull(0.1);
    Arbitrary<String> merchant = Arbitraries.of("a", "b", "c", "ä", "😀").injectNull(0.1);
    Arbitrary<Long> micros = Arbitraries.of(0L, 1L, 500_000L, 999_999L);
    Arbitrary<Instant> created =
        Arbitraries.integers().between(0, 3).map(s -> BASE.plusSeconds(s)).injectNull(0.3);
    return Combinators.combine(
            cluster.list().ofMinSize(1).ofMaxSize(12),
            Arbitraries.longs().map(Random::new),
            amount.list().ofSize(8),
            qty.list().ofSize(8),
            merchant.list().ofSize(8),
            micros.list().ofSize(8),
            created.list().ofSize(8))
        .as(
            (clusters, random, amounts, qtys, merchants, us, createds) -> {
              List<Ev> out = new ArrayList<>();
              for (long[] c : clusters) {
                for (int i = 0; i < c[2]; i++) {
                  long s = c[0] + (c[1] == 0 ? 0 : random.nextInt((int) c[1] + 1));
                  Instant ts = BASE.plusSeconds(s).plusNanos(us.get(random.nextInt(8)) * 1000);
                  out.add(
                      new Ev(
                          1,
                          ts,
                          createds.get(random.nextInt(8)),
                          2L * out.size() + 1,
                          amounts.get(random.nextInt(8)),
                          qtys.get(random.nextInt(8)),
                          merchants.get(random.nextInt(8))));
                }
              }
              return out;
            });
  }
}

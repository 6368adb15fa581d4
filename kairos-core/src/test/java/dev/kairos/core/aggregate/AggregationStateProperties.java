package dev.kairos.core.aggregate;

import static dev.kairos.core.aggregate.AggregationFixtures.BASE;
import static dev.kairos.core.aggregate.AggregationFixtures.RECENT;
import static dev.kairos.core.aggregate.AggregationFixtures.TXN;
import static dev.kairos.core.aggregate.AggregationFixtures.layout;
import static dev.kairos.core.aggregate.AggregationFixtures.rows;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kairos.api.FeatureView;
import dev.kairos.core.aggregate.AggregationFixtures.Ev;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * A state built from random events, merged in random batches (each batch in any order, later
 * batches re-sending earlier events) and passed through its bytes between batches, evaluates every
 * aggregation at any time at or after its latest event as the oracle does.
 */
class AggregationStateProperties {

  @Property
  void state_mergedInBatchesWithDuplicates_equalsTheOracle(
      @ForAll("events") List<Ev> events,
      @ForAll @IntRange(min = 1, max = 5) int batches,
      @ForAll long seed,
      @ForAll("later") long laterMicros) {
    for (FeatureView view : List.of(TXN, RECENT)) {
      AggregationLayout layout = layout(view);
      AggregationState state = merged(layout, events, batches, new Random(seed));
      Instant latest = events.stream().map(Ev::ts).max(Comparator.naturalOrder()).orElseThrow();
      Instant now = latest.plusNanos(laterMicros * 1000);

      Object[] expected = AggregationFixtures.expected(view, events, 1, now);
      Object[] actual = state.evaluate(now);

      assertThat(AggregationFixtures.mismatches(view, expected, actual))
          .as("view %s at %s, events %s", view.name(), now, events)
          .isEmpty();
      assertThat(state.latest()).isEqualTo(latest);
    }
  }

  /** Chronological batches, each shuffled, each also re-sending some earlier events. */
  static AggregationState merged(
      AggregationLayout layout, List<Ev> events, int batches, Random random) {
    List<Ev> byTime = new ArrayList<>(events);
    byTime.sort(Comparator.comparing(Ev::ts));
    List<Integer> cuts = new ArrayList<>();
    for (int b = 1; b < batches; b++) {
      cuts.add(random.nextInt(byTime.size() + 1));
    }
    cuts.add(0);
    cuts.add(byTime.size());
    Collections.sort(cuts);
    AggregationState state = AggregationState.empty(layout);
    for (int b = 0; b + 1 < cuts.size(); b++) {
      List<Ev> batch = new ArrayList<>(byTime.subList(cuts.get(b), cuts.get(b + 1)));
      int end = cuts.get(b + 1);
      for (int d = random.nextInt(3); d > 0 && end > 0; d--) {
        batch.add(byTime.get(random.nextInt(end)));
      }
      Collections.shuffle(batch, random);
      state.add(rows(layout, batch));
      state = AggregationState.decode(layout, state.encode());
    }
    return state;
  }

  @Provide
  Arbitrary<Long> later() {
    return AggregationFixtures.laterMicros();
  }

  @Provide
  Arbitrary<List<Ev>> events() {
    Arbitrary<Instant> ts =
        Combinators.combine(
                Arbitraries.integers().between(0, 150), Arbitraries.of(0L, 1L, 999_999L, 500_000L))
            .as((s, us) -> BASE.plusSeconds(s).plusNanos(us * 1000));
    Arbitrary<Instant> created =
        Arbitraries.integers().between(0, 3).map(s -> BASE.plusSeconds(s)).injectNull(0.3);
    Arbitrary<Double> amount =
        Arbitraries.doubles().between(-1000, 1000).ofScale(3).injectNull(0.15);
    Arbitrary<Integer> qty = Arbitraries.integers().between(-50, 50).injectNull(0.15);
    Arbitrary<String> merchant =
        Arbitraries.of("a", "b", "c", "ä", "😀", "\uFFFF").injectNull(0.15);
    Arbitrary<Ev> event =
        Combinators.combine(ts, created, amount, qty, merchant)
            .as((t, c, a, q, m) -> new Ev(1, t, c, 0, a, q, m));
    return event
        .list()
        .ofMinSize(1)
        .ofMaxSize(40)
        .map(
            list -> {
              List<Ev> out = new ArrayList<>();
              for (int i = 0; i < list.size(); i++) {
                Ev e = list.get(i);
                out.add(
                    new Ev(1, e.ts(), e.created(), 2L * i + 1, e.amount(), e.qty(), e.merchant()));
              }
              return out;
            });
  }
}

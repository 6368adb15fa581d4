package dev.kairos.core.online;

import static dev.kairos.core.aggregate.AggregationFixtures.BASE;
import static dev.kairos.core.aggregate.AggregationFixtures.DEFS;
import static dev.kairos.core.aggregate.AggregationFixtures.RECENT;
import static dev.kairos.core.aggregate.AggregationFixtures.TXN;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kairos.api.Aggregation;
import dev.kairos.api.FeatureRef;
import dev.kairos.api.FeatureView;
import dev.kairos.api.FieldStatus;
import dev.kairos.api.OnlineQuery;
import dev.kairos.api.OnlineResult;
import dev.kairos.core.aggregate.AggregationFixtures;
import dev.kairos.core.aggregate.AggregationFixtures.Ev;
import dev.kairos.core.aggregate.AggregationFixtures.EventLog;
import dev.kairos.core.aggregate.AggregationFixtures.MutableClock;
import dev.kairos.core.aggregate.AggregationLayout;
import dev.kairos.spi.OnlineStore;
import dev.kairos.testkit.AggregationOracle;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeProperty;

/**
 * The online path of windowed aggregations end to end, on a real online store: generated events of
 * several entities are materialized by the real {@link Materializer} in chronological, overlapping
 * intervals and small batches, then read through {@link OnlineServingEngine} at a request time at
 * or after every entity's latest event. Every value and status must be the oracle's: {@code
 * PRESENT} (a count of 0 included), {@code NULL_VALUE} for an empty window of a function that gives
 * null, {@code NOT_FOUND} for an entity never materialized. Each try uses entities of its own.
 */
abstract class AggregationServingContract {
  /** Entities of one try; each try takes the next block of ids. */
  private static final int ENTITIES_PER_TRY = 8;

  private static final AtomicLong TRIES = new AtomicLong();
  private static final List<FeatureView> VIEWS = List.of(TXN, RECENT);

  protected OnlineStore store;
  private final MutableClock clock = new MutableClock(BASE);
  private long cases;

  /** A store isolated from every other test (own project, key prefix or folder). */
  protected abstract OnlineStore openStore();

  /** Removes what {@link #openStore} made, after the store is closed. */
  protected void removeStore() {}

  @BeforeProperty
  void open() {
    store = openStore();
  }

  @AfterProperty
  void close() {
    try {
      for (FeatureView v : VIEWS) {
        store.deleteView(AggregationLayout.of(v, DEFS).storageView());
      }
      System.out.printf(
          "%s: %d entity rows x %d aggregations checked against the oracle%n",
          getClass().getSimpleName(),
          cases,
          TXN.aggregations().size() + RECENT.aggregations().size());
      assertThat(cases).as("entity rows checked against the oracle").isGreaterThanOrEqualTo(1000);
    } finally {
      store.close();
      removeStore();
    }
  }

  /** Each try checks 3 to 9 entity rows: 400 tries check more than 1000. */
  @Property(tries = 400)
  void servedAggregations_equalTheOracle_forEveryEntityAndWindow(
      @ForAll("entities") List<List<Ev>> perEntity,
      @ForAll @IntRange(min = 0, max = 160) int firstCut,
      @ForAll @IntRange(min = 0, max = 160) int secondCut,
      @ForAll @IntRange(min = 1, max = 6) int batchSize,
      @ForAll("later") long laterMicros) {
    long first = TRIES.getAndIncrement() * (ENTITIES_PER_TRY + 1) + 1;
    List<Ev> events = withUsersAndSequence(perEntity, first);
    materialize(events, Math.min(firstCut, secondCut), Math.max(firstCut, secondCut), batchSize);

    Instant latest = events.stream().map(Ev::ts).max(Comparator.naturalOrder()).orElse(BASE);
    Instant now = latest.plusNanos(laterMicros * 1000);
    clock.set(now);
    OnlineServingEngine engine = new OnlineServingEngine(() -> DEFS, store, clock, 100);
    List<Object> users = new ArrayList<>();
    for (int i = 0; i <= perEntity.size(); i++) { // the last one was never materialized
      users.add(first + i);
    }
    for (FeatureView view : VIEWS) {
      // Both read paths: the async one is what the server uses for Redis.
      OnlineResult result =
          view == TXN ? engine.get(query(view, users)) : engine.getAsync(query(view, users)).join();
      for (int row = 0; row < users.size(); row++) {
        check(view, result, row, (long) users.get(row), events, now);
      }
    }
    cases += users.size();
  }

  private static void check(
      FeatureView view, OnlineResult result, int row, long user, List<Ev> events, Instant now) {
    List<Ev> own = events.stream().filter(e -> e.user() == user).toList();
    Object[] expected =
        own.isEmpty() ? null : AggregationFixtures.expected(view, events, user, now);
    Instant latest = own.stream().map(Ev::ts).max(Comparator.naturalOrder()).orElse(null);
    for (int a = 0; a < view.aggregations().size(); a++) {
      Aggregation agg = view.aggregations().get(a);
      OnlineResult.Column column = result.columns().get(a + 1);
      String what = view.name() + ":" + agg.name() + " of user " + user + " at " + now;
      if (expected == null) {
        assertThat(column.statuses()[row]).as(what).isEqualTo(FieldStatus.NOT_FOUND);
        // The value is the oracle's for an entity without events: the empty window's.
        Object empty =
            AggregationOracle.value(agg, agg.type(), List.of(), List.of(user), now, false);
        assertThat(AggregationOracle.matches(empty, column.values()[row], agg.type()))
            .as(what + ": expected " + empty + " but was " + column.values()[row])
            .isTrue();
        continue;
      }
      FieldStatus status = expected[a] == null ? FieldStatus.NULL_VALUE : FieldStatus.PRESENT;
      assertThat(column.statuses()[row]).as(what + ", events " + own).isEqualTo(status);
      assertThat(AggregationOracle.matches(expected[a], column.values()[row], agg.type()))
          .as(
              what
                  + ": expected "
                  + expected[a]
                  + " but was "
                  + column.values()[row]
                  + ", events "
                  + own)
          .isTrue();
      assertThat(column.type()).isEqualTo(agg.type());
      assertThat(column.eventTimestamps()[row]).as(what).isEqualTo(latest);
    }
  }

  /**
   * Intervals {@code [BASE, c1]}, {@code [c1, c2]}, {@code [c2, end]} (bounds inclusive, so events
   * at a cut are read twice), then the first interval again: re-running changes nothing.
   */
  private void materialize(List<Ev> events, int c1, int c2, int batchSize) {
    Materializer m =
        new Materializer(
            DEFS, new EventLog(events), store, new WatermarkRegistry(), clock, batchSize);
    List<String> views = VIEWS.stream().map(FeatureView::name).toList();
    Instant end = BASE.plusSeconds(200);
    m.materialize(BASE, BASE.plusSeconds(c1), views, ProgressListener.NONE);
    m.materialize(BASE.plusSeconds(c1), BASE.plusSeconds(c2), views, ProgressListener.NONE);
    m.materialize(BASE.plusSeconds(c2), end, views, ProgressListener.NONE);
    m.materialize(BASE, BASE.plusSeconds(c1), views, ProgressListener.NONE);
  }

  private static OnlineQuery query(FeatureView view, List<Object> users) {
    List<FeatureRef> refs =
        view.aggregations().stream().map(a -> new FeatureRef(view.name(), a.name())).toList();
    return new OnlineQuery(refs, null, Map.of("user_id", users), false);
  }

  /** Entity i gets user id {@code first + i}; sequences follow the order of the whole list. */
  private static List<Ev> withUsersAndSequence(List<List<Ev>> perEntity, long first) {
    List<Ev> out = new ArrayList<>();
    long seq = 1;
    int maxLength = perEntity.stream().mapToInt(List::size).max().orElse(0);
    // Interleave the entities, as ingestion of one source would.
    for (int k = 0; k < maxLength; k++) {
      for (int i = 0; i < perEntity.size(); i++) {
        if (k < perEntity.get(i).size()) {
          Ev e = perEntity.get(i).get(k);
          out.add(new Ev(first + i, e.ts(), e.created(), seq++, e.amount(), e.qty(), e.merchant()));
        }
      }
    }
    return out;
  }

  @Provide
  Arbitrary<Long> later() {
    return AggregationFixtures.laterMicros();
  }

  @Provide
  Arbitrary<List<List<Ev>>> entities() {
    Arbitrary<Instant> ts =
        Combinators.combine(
                Arbitraries.integers().between(0, 150), Arbitraries.of(0L, 1L, 999_999L))
            .as((s, us) -> BASE.plusSeconds(s).plusNanos(us * 1000));
    Arbitrary<Instant> created =
        Arbitraries.integers().between(0, 2).map(s -> BASE.plusSeconds(s)).injectNull(0.3);
    Arbitrary<Double> amount =
        Arbitraries.doubles().between(-1000, 1000).ofScale(2).injectNull(0.15);
    Arbitrary<Integer> qty = Arbitraries.integers().between(-20, 20).injectNull(0.15);
    Arbitrary<String> merchant = Arbitraries.of("a", "b", "ä", "😀").injectNull(0.15);
    Arbitrary<Ev> event =
        Combinators.combine(ts, created, amount, qty, merchant)
            .as((t, c, a, q, m) -> new Ev(0, t, c, 0, a, q, m));
    return event.list().ofMaxSize(12).list().ofMinSize(2).ofMaxSize(ENTITIES_PER_TRY);
  }
}

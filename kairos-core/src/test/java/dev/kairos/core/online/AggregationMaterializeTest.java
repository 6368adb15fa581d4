package dev.kairos.core.online;

import static dev.kairos.core.aggregate.AggregationFixtures.BASE;
import static dev.kairos.core.aggregate.AggregationFixtures.DEFS;
import static dev.kairos.core.aggregate.AggregationFixtures.TXN;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kairos.api.EntityKey;
import dev.kairos.api.FeatureRef;
import dev.kairos.api.FeatureView;
import dev.kairos.api.OnlineQuery;
import dev.kairos.api.OnlineResult;
import dev.kairos.core.aggregate.AggregationFixtures;
import dev.kairos.core.aggregate.AggregationFixtures.Ev;
import dev.kairos.core.aggregate.AggregationFixtures.EventLog;
import dev.kairos.core.aggregate.AggregationFixtures.MutableClock;
import dev.kairos.core.aggregate.AggregationLayout;
import dev.kairos.spi.OnlineRow;
import dev.kairos.store.duckdb.DuckDbOfflineStore;
import dev.kairos.testkit.InMemoryOnlineStore;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AggregationMaterializeTest {
  static final FeatureView STORAGE = AggregationLayout.of(TXN, DEFS).storageView();

  final InMemoryOnlineStore online = new InMemoryOnlineStore();
  final WatermarkRegistry registry = new WatermarkRegistry();
  final MutableClock clock = new MutableClock(BASE);

  /**
   * User 1 at 0s, 20s, 40s, 60s and user 2 at 30s; later user 1 at 60s (another event at the
   * watermark, which the next run reads again), 90s and 120s.
   */
  static final List<Ev> FIRST =
      List.of(
          ev(1, 1, 0, 10.0, 1, "a"),
          ev(2, 1, 20, 20.0, 2, "b"),
          ev(3, 2, 30, 5.0, 3, "z"),
          ev(4, 1, 40, null, 3, "c"),
          ev(5, 1, 60, 40.0, null, "d"));

  static final List<Ev> LATER =
      List.of(ev(6, 1, 60, 1.0, 9, "e"), ev(7, 1, 90, 2.0, 1, "f"), ev(8, 1, 120, 3.0, 2, "a"));

  static Ev ev(long seq, long user, long seconds, Double amount, Integer qty, String merchant) {
    return new Ev(user, BASE.plusSeconds(seconds), null, seq, amount, qty, merchant);
  }

  Materializer materializer(List<Ev> events) {
    return new Materializer(DEFS, new EventLog(events), online, registry, clock, 2);
  }

  @Test
  void materializeIncremental_extendsEachState_fromTheWatermark() {
    materializer(FIRST)
        .materializeIncremental(BASE.plusSeconds(60), List.of("txn"), ProgressListener.NONE);
    assertThat(registry.get(Materializer.WATERMARK_NAMESPACE, "txn"))
        .contains(BASE.plusSeconds(60).toString());
    assertServedAsTheOracle(FIRST, BASE.plusSeconds(61));

    List<Ev> all = new ArrayList<>(FIRST);
    all.addAll(LATER);
    MaterializationSummary second =
        materializer(all)
            .materializeIncremental(BASE.plusSeconds(130), List.of("txn"), ProgressListener.NONE);

    assertThat(second.views().get(0).start()).isEqualTo(BASE.plusSeconds(60));
    assertThat(second.rows()).as("user 1's state only").isEqualTo(1);
    assertServedAsTheOracle(all, BASE.plusSeconds(121));
    assertServedAsTheOracle(all, BASE.plusSeconds(200));
    assertThat(state(1).eventTs()).isEqualTo(BASE.plusSeconds(120));
  }

  @Test
  void materialize_again_ofIntervalsAlreadyMerged_writesNothing_andChangesNoState() {
    List<Ev> all = new ArrayList<>(FIRST);
    all.addAll(LATER);
    Materializer m = materializer(all);
    m.materialize(BASE, BASE.plusSeconds(60), List.of("txn"), ProgressListener.NONE);
    m.materialize(
        BASE.plusSeconds(60), BASE.plusSeconds(130), List.of("txn"), ProgressListener.NONE);
    byte[] one = (byte[]) state(1).values()[0];
    byte[] two = (byte[]) state(2).values()[0];

    MaterializationSummary again =
        m.materialize(BASE, BASE.plusSeconds(130), List.of("txn"), ProgressListener.NONE);
    MaterializationSummary part =
        m.materialize(
            BASE.plusSeconds(30), BASE.plusSeconds(90), List.of("txn"), ProgressListener.NONE);

    assertThat(again.rows()).isZero();
    assertThat(part.rows()).isZero();
    assertThat((byte[]) state(1).values()[0]).isEqualTo(one);
    assertThat((byte[]) state(2).values()[0]).isEqualTo(two);
    assertServedAsTheOracle(all, BASE.plusSeconds(121));
  }

  @Test
  void materializeIncremental_pastTheWatermark_isSkipped() {
    materializer(FIRST)
        .materializeIncremental(BASE.plusSeconds(60), List.of("txn"), ProgressListener.NONE);
    List<String> skipped = new ArrayList<>();
    ProgressListener listener =
        new ProgressListener() {
          @Override
          public void viewSkipped(String view, String reason) {
            skipped.add(view + ": " + reason);
          }
        };

    materializer(FIRST).materializeIncremental(BASE.plusSeconds(59), List.of("txn"), listener);

    assertThat(skipped).containsExactly("txn: already materialized up to " + BASE.plusSeconds(60));
  }

  @Test
  void materialize_fromDuckDb_inTwoRuns_servesWhatTheOracleComputes(@TempDir Path dir) {
    Random random = new Random(7);
    List<Ev> events = new ArrayList<>();
    String[] merchants = {"a", "b", "ä", "😀", null};
    for (int i = 0; i < 400; i++) {
      Instant ts = BASE.plusSeconds(random.nextInt(150)).plusNanos(random.nextInt(3) * 1000L);
      Instant created = random.nextInt(3) == 0 ? null : BASE.plusSeconds(random.nextInt(3));
      Double amount = random.nextInt(8) == 0 ? null : (random.nextInt(200_000) - 100_000) / 100.0;
      Integer qty = random.nextInt(8) == 0 ? null : random.nextInt(41) - 20;
      events.add(
          new Ev(
              1 + random.nextInt(12),
              ts,
              created,
              i + 1, // DuckDB's ingestion sequence: rows are appended in this order
              amount,
              qty,
              merchants[random.nextInt(merchants.length)]));
    }
    try (DuckDbOfflineStore duck = DuckDbOfflineStore.open(dir.resolve("offline.duckdb"), 1, "")) {
      duck.ensureTable(AggregationFixtures.SOURCE);
      duck.append(
          AggregationFixtures.SOURCE,
          events.stream()
              .map(
                  e ->
                      new Object[] {
                        e.user(), e.ts(), e.created(), e.amount(), e.qty(), e.merchant()
                      })
              .iterator());
      Materializer m = new Materializer(DEFS, duck, online, registry, clock, 7);
      m.materialize(BASE, BASE.plusSeconds(75), List.of("txn"), ProgressListener.NONE);
      m.materializeIncremental(BASE.plusSeconds(150), List.of("txn"), ProgressListener.NONE);
    }

    Instant latest = events.stream().map(Ev::ts).max(Instant::compareTo).orElseThrow();
    for (long later : new long[] {0, 1, 5_000_000, 10_000_000, 59_999_999, 60_000_000}) {
      Instant now = latest.plusNanos(later * 1000);
      for (long user = 1; user <= 12; user++) {
        assertServedAsTheOracle(events, now, user);
      }
    }
  }

  private OnlineRow state(long user) {
    return online.multiGet(STORAGE, List.of(EntityKey.of(user))).get(0);
  }

  private void assertServedAsTheOracle(List<Ev> events, Instant now) {
    assertServedAsTheOracle(events, now, 1L, 2L);
  }

  private void assertServedAsTheOracle(List<Ev> events, Instant now, Object... users) {
    clock.set(now);
    OnlineServingEngine engine = new OnlineServingEngine(() -> DEFS, online, clock, 10);
    List<FeatureRef> refs =
        TXN.aggregations().stream().map(a -> new FeatureRef("txn", a.name())).toList();
    OnlineResult result =
        engine.get(new OnlineQuery(refs, null, Map.of("user_id", List.of(users)), false));
    for (int row = 0; row < users.length; row++) {
      Object[] actual = new Object[refs.size()];
      for (int a = 0; a < actual.length; a++) {
        actual[a] = result.columns().get(a + 1).values()[row];
      }
      long user = ((Number) users[row]).longValue();
      Object[] expected = AggregationFixtures.expected(TXN, events, user, now);
      assertThat(AggregationFixtures.mismatches(TXN, expected, actual))
          .as("user %d at %s", user, now)
          .isEmpty();
    }
  }
}

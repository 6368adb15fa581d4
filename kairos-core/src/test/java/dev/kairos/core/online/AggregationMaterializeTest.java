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
import dev.kairos.testkit.InMemoryOnlineStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

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

  private OnlineRow state(long user) {
    return online.multiGet(STORAGE, List.of(EntityKey.of(user))).get(0);
  }

  private void assertServedAsTheOracle(List<Ev> events, Instant now) {
    clock.set(now);
    OnlineServingEngine engine = new OnlineServingEngine(() -> DEFS, online, clock, 10);
    List<FeatureRef> refs =
        TXN.aggregations().stream().map(a -> new FeatureRef("txn", a.name())).toList();
    OnlineResult result =
        engine.get(new OnlineQuery(refs, null, Map.of("user_id", List.of(1L, 2L)), false));
    for (int row = 0; row < 2; row++) {
      Object[] actual = new Object[refs.size()];
      for (int a = 0; a < actual.length; a++) {
        actual[a] = result.columns().get(a + 1).values()[row];
      }
      Object[] expected = AggregationFixtures.expected(TXN, events, row + 1, now);
      assertThat(AggregationFixtures.mismatches(TXN, expected, actual))
          .as("user %d at %s", row + 1, now)
          .isEmpty();
    }
  }
}

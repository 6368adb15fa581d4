package dev.kairos.core.online;

import static dev.kairos.core.aggregate.AggregationFixtures.BASE;
import static dev.kairos.core.aggregate.AggregationFixtures.DEFS;
import static dev.kairos.core.aggregate.AggregationFixtures.RECENT;
import static dev.kairos.core.aggregate.AggregationFixtures.TXN;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kairos.api.EntityKey;
import dev.kairos.api.FeatureRef;
import dev.kairos.api.FeatureView;
import dev.kairos.api.FieldStatus;
import dev.kairos.api.OnlineQuery;
import dev.kairos.api.OnlineResult;
import dev.kairos.core.aggregate.AggregationFixtures.Ev;
import dev.kairos.core.aggregate.AggregationFixtures.EventLog;
import dev.kairos.core.aggregate.AggregationFixtures.MutableClock;
import dev.kairos.core.aggregate.AggregationLayout;
import dev.kairos.spi.OnlineRow;
import dev.kairos.spi.OnlineStore;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * RocksDB's TTL sweep removes the aggregation state of a view without lifetime windows one horizon
 * after its latest event (it is then outside every window), once the feature server tells the store
 * the hidden state views ({@link AggregationLayout#storedViews}); state of a view with a lifetime
 * window never expires.
 */
class AggregationExpiryTest {
  static final FeatureView RECENT_STATE = AggregationLayout.of(RECENT, DEFS).storageView();
  static final FeatureView TXN_STATE = AggregationLayout.of(TXN, DEFS).storageView();

  @TempDir Path dir;
  final MutableClock clock = new MutableClock(BASE.plusSeconds(100));

  @Test
  void sweep_removesStateOneHorizonAfterItsLatestEvent_onlyOnceTheStoredViewsAreDefined()
      throws Exception {
    Map<String, Object> path = Map.of("path", dir.toString());
    try (OnlineStore writer = OnlineStores.open("rocksdb", "p", path, clock);
        OnlineStore server =
            OnlineStores.open(
                "rocksdb",
                "p",
                Map.of("path", dir.toString(), "ttl_expiry", "true", "ttl_sweep_interval_s", 1),
                clock)) {
      new Materializer(
              DEFS,
              new EventLog(
                  List.of(
                      new Ev(1, BASE.plusSeconds(50), null, 1, 1.0, 1, "a"),
                      new Ev(2, BASE.plusSeconds(70), null, 2, 2.0, 2, "b"))),
              writer,
              new WatermarkRegistry(),
              clock)
          .materialize(BASE, BASE.plusSeconds(100), null, ProgressListener.NONE);
      clock.set(BASE.plusSeconds(80).plusNanos(1000)); // user 1's latest event is 30s + 1us old

      server.viewsDefined(DEFS.views()); // what the server passed before: no hidden views
      Thread.sleep(2_500); // two sweeps
      assertThat(latest(server, RECENT_STATE, 1)).isEqualTo(BASE.plusSeconds(50));

      server.viewsDefined(
          AggregationLayout.storedViews(DEFS).stream().filter(FeatureView::online).toList());
      long deadline = System.nanoTime() + 10_000_000_000L;
      while (latest(server, RECENT_STATE, 1) != null && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }

      assertThat(latest(server, RECENT_STATE, 1)).as("expired").isNull();
      assertThat(latest(server, RECENT_STATE, 2)).isEqualTo(BASE.plusSeconds(70));
      assertThat(latest(server, TXN_STATE, 1))
          .as("lifetime window")
          .isEqualTo(BASE.plusSeconds(50));
      OnlineResult r =
          new OnlineServingEngine(() -> DEFS, server, clock, 10)
              .get(
                  new OnlineQuery(
                      List.of(
                          new FeatureRef("recent", RECENT.aggregations().get(0).name()),
                          new FeatureRef("txn", TXN.aggregations().get(1).name())),
                      null,
                      Map.of("user_id", List.of(1L, 2L)),
                      false));
      assertThat(r.columns().get(1).statuses())
          .containsExactly(FieldStatus.NOT_FOUND, FieldStatus.PRESENT);
      // The swept entity's count is the empty window's 0, as in a training set.
      assertThat(r.columns().get(1).values()).containsExactly(0L, 1L);
      assertThat(r.columns().get(2).values()).containsExactly(1L, 1L);
    }
  }

  @Test
  void sweep_keepsStateWhoseLatestEventIsExactlyOneHorizonOld() throws Exception {
    try (OnlineStore store =
        OnlineStores.open(
            "rocksdb",
            "p",
            Map.of("path", dir.toString(), "ttl_expiry", "true", "ttl_sweep_interval_s", 1),
            clock)) {
      new Materializer(
              DEFS,
              new EventLog(List.of(new Ev(1, BASE.plusSeconds(50), null, 1, 1.0, 1, "a"))),
              store,
              new WatermarkRegistry(),
              clock)
          .materialize(BASE, BASE.plusSeconds(100), List.of("recent"), ProgressListener.NONE);
      clock.set(BASE.plusSeconds(80));

      Thread.sleep(2_500); // two sweeps of the views this store wrote

      assertThat(latest(store, RECENT_STATE, 1)).isEqualTo(BASE.plusSeconds(50));
    }
  }

  private static Instant latest(OnlineStore store, FeatureView view, long user) {
    OnlineRow row = store.multiGet(view, List.of(EntityKey.of(user))).get(0);
    return row == null ? null : row.eventTs();
  }
}

package dev.kairos.core.online;

import static dev.kairos.core.aggregate.AggregationFixtures.BASE;
import static dev.kairos.core.aggregate.AggregationFixtures.TXN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kairos.api.EntityKey;
import dev.kairos.api.ErrorKind;
import dev.kairos.api.FeatureView;
import dev.kairos.api.KairosException;
import dev.kairos.core.aggregate.AggregationFixtures;
import dev.kairos.core.aggregate.AggregationFixtures.Ev;
import dev.kairos.core.aggregate.AggregationLayout;
import dev.kairos.core.aggregate.AggregationState;
import dev.kairos.spi.EventRow;
import dev.kairos.spi.OnlineRow;
import dev.kairos.spi.OnlineStore;
import dev.kairos.testkit.InMemoryOnlineStore;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AggregationMergerTest {
  static final AggregationLayout LAYOUT = AggregationFixtures.layout(TXN);
  static final FeatureView STORAGE = LAYOUT.storageView();

  final InMemoryOnlineStore memory = new InMemoryOnlineStore();
  final List<Integer> pauses = new ArrayList<>();

  static Ev ev(long seq, long user, long seconds) {
    return new Ev(user, BASE.plusSeconds(seconds), null, seq, seq * 1.5, (int) seq, "m" + seq);
  }

  static List<EventRow> rows(Ev... events) {
    return AggregationFixtures.rows(LAYOUT, List.of(events));
  }

  AggregationMerger merger(OnlineStore store) {
    return new AggregationMerger(store, LAYOUT, pauses::add);
  }

  static AggregationState state(OnlineStore store, long user) {
    OnlineRow row = store.multiGet(STORAGE, List.of(EntityKey.of(user))).get(0);
    return row == null ? null : AggregationState.decode(LAYOUT, (byte[]) row.values()[0]);
  }

  /** A store that runs {@code before} ahead of each compare-and-set it passes on. */
  static OnlineStore interleaving(OnlineStore store, Runnable before) {
    return new OnlineStore() {
      @Override
      public void multiPut(FeatureView view, List<OnlineRow> rows) {
        store.multiPut(view, rows);
      }

      @Override
      public List<Boolean> multiPutIfUnchanged(
          FeatureView view, List<OnlineRow> rows, List<OnlineRow> expected) {
        before.run();
        return store.multiPutIfUnchanged(view, rows, expected);
      }

      @Override
      public List<OnlineRow> multiGet(FeatureView view, List<EntityKey> keys) {
        return store.multiGet(view, keys);
      }

      @Override
      public void deleteView(FeatureView view) {
        store.deleteView(view);
      }

      @Override
      public void close() {}
    };
  }

  @Test
  void mergeAndWrite_whenAnotherWriterMergesTheSameEntityBetweenReadAndWrite_losesNoEvent() {
    AggregationMerger other = merger(memory);
    int[] interleaved = {0};
    AggregationMerger mine =
        merger(
            interleaving(
                memory,
                () -> {
                  if (interleaved[0]++ == 0) { // between my first read and my first write
                    assertThat(other.mergeAndWrite(rows(ev(10, 1, 5), ev(11, 1, 50)))).isOne();
                  }
                }));

    int written = mine.mergeAndWrite(rows(ev(1, 1, 0), ev(2, 1, 20), ev(3, 2, 30)));

    assertThat(written).as("user 1 after a retry, user 2 at once").isEqualTo(2);
    assertThat(pauses).containsExactly(1);
    assertThat(mine.eventsAdded()).isEqualTo(3);
    assertThat(other.eventsAdded()).isEqualTo(2);
    assertThat(state(memory, 1).size()).as("both writers' events").isEqualTo(4);
    assertThat(state(memory, 1).latest()).isEqualTo(BASE.plusSeconds(50));
    assertThat(state(memory, 2).size()).isEqualTo(1);
  }

  @Test
  void mergeAndWrite_whenTheStateChangesBeforeEveryWrite_failsWithConflict_namingViewAndEntity() {
    AggregationMerger other = merger(memory);
    long[] seq = {100};
    AggregationMerger mine =
        merger(
            interleaving(
                memory, () -> other.mergeAndWrite(rows(ev(seq[0]++, 7, 1), ev(seq[0]++, 8, 2)))));

    assertThatThrownBy(() -> mine.mergeAndWrite(rows(ev(1, 7, 0), ev(2, 8, 0))))
        .isInstanceOfSatisfying(
            KairosException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.CONFLICT))
        .hasMessage(
            "the aggregation state of view 'txn' for entity [7] (and 1 more) was changed by"
                + " another writer in each of 10 attempts to merge events into it; merging the"
                + " batch again is harmless");
    assertThat(pauses).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9);
    assertThat(mine.eventsAdded()).isZero();
    assertThat(state(memory, 7).size()).as("the other writer's events only").isEqualTo(10);
  }

  @Test
  void mergeAndWrite_ofEventsTheStatesHoldAlready_writesNothing_andCountsNothing() {
    AggregationMerger first = merger(memory);
    first.mergeAndWrite(rows(ev(1, 1, 0), ev(2, 1, 20)));
    int[] writes = {0};
    AggregationMerger again = merger(interleaving(memory, () -> writes[0]++));

    assertThat(again.mergeAndWrite(rows(ev(1, 1, 0), ev(2, 1, 20)))).isZero();

    assertThat(writes[0]).isZero();
    assertThat(again.eventsAdded()).isZero();
  }

  @Test
  void mergeAndWrite_replacesAStateOfAnotherLayout_onlyWhenItsLatestEventIsNotNewer() {
    AggregationLayout recent = AggregationFixtures.layout(AggregationFixtures.RECENT);
    AggregationState foreign = AggregationState.empty(recent);
    foreign.add(AggregationFixtures.rows(recent, List.of(ev(1, 1, 90))));
    OnlineRow stored =
        new OnlineRow(EntityKey.of(1L), new Object[] {foreign.encode()}, foreign.latest(), null);
    memory.multiPut(STORAGE, List.of(stored));
    AggregationMerger merger = merger(memory);

    assertThat(merger.mergeAndWrite(rows(ev(2, 1, 0)))).isZero();
    assertThat(merger.eventsAdded()).isZero();
    assertThat(state(memory, 1)).as("still the other layout's state, read as absent").isNull();

    assertThat(merger.mergeAndWrite(rows(ev(3, 1, 120)))).isOne();
    assertThat(merger.eventsAdded()).isOne();
    assertThat(state(memory, 1).latest()).isEqualTo(BASE.plusSeconds(120));
  }

  /** Four threads, each with its own store and merger on one RocksDB, merge into three entities. */
  @Test
  void concurrentMergers_onRocksDb_keepEveryEvent_andCountEachOnce(@TempDir Path dir)
      throws Exception {
    int threads = 4;
    int batches = 25;
    List<OnlineStore> stores = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<Long>> added = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        OnlineStore store =
            OnlineStores.open(
                "rocksdb", "merge", Map.of("path", dir.toString()), Clock.systemUTC());
        stores.add(store);
        AggregationMerger merger = new AggregationMerger(store, LAYOUT);
        int thread = t;
        added.add(
            pool.submit(
                () -> {
                  for (int b = 0; b < batches; b++) {
                    long seq = 1 + (long) b * threads + thread; // unique per event pair
                    merger.mergeAndWrite(
                        rows(ev(seq, 1, seq % 60), ev(seq, 2, seq % 60), ev(seq, 1 + seq % 3, 59)));
                  }
                  return merger.eventsAdded();
                }));
      }
      long total = 0;
      for (Future<Long> f : added) {
        total += f.get(2, TimeUnit.MINUTES);
      }
      int n = threads * batches;
      assertThat(
              state(stores.get(0), 1).size()
                  + state(stores.get(0), 2).size()
                  + state(stores.get(0), 3).size())
          .isEqualTo(3 * n);
      assertThat(total).isEqualTo(3L * n);
    } finally {
      pool.shutdownNow();
      stores.forEach(OnlineStore::close);
    }
  }
}

package dev.kairos.testkit;

import static dev.kairos.testkit.OnlineFixtures.ALL_TYPES;
import static dev.kairos.testkit.OnlineFixtures.SMALL;
import static dev.kairos.testkit.OnlineFixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kairos.api.EntityKey;
import dev.kairos.api.FeatureView;
import dev.kairos.api.Field;
import dev.kairos.api.ValueType;
import dev.kairos.spi.OnlineRow;
import dev.kairos.spi.OnlineStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link OnlineStore} must have. A store's test extends this class and opens
 * stores that share one backing data set per test (isolated from other tests and runs).
 */
public abstract class OnlineStoreContractTest implements CompareAndSetContract {
  private static final FeatureView STRINGS =
      OnlineFixtures.view(
          "by_name", List.of(new Field("score", ValueType.DOUBLE)), Duration.ofHours(1));

  private final List<OnlineStore> opened = new ArrayList<>();
  protected OnlineStore store;

  /** Opens a store for this project over the test's shared backing data. */
  protected abstract OnlineStore openStore(String project);

  @BeforeEach
  void openDefaultStore() {
    store = open("contract");
  }

  @AfterEach
  void cleanUpAndClose() {
    for (OnlineStore s : opened) {
      for (FeatureView v : List.of(ALL_TYPES, SMALL, STRINGS)) {
        s.deleteView(v);
      }
      s.close();
    }
  }

  @Override
  public OnlineStore store() {
    return store;
  }

  /** Opens another store for the project; it is cleaned up and closed after the test. */
  @Override
  public OnlineStore open(String project) {
    OnlineStore s = openStore(project);
    opened.add(s);
    return s;
  }

  /** Closes {@link #store} (clean-up no longer touches it) and opens it again for the project. */
  protected OnlineStore reopen(String project) {
    opened.remove(store);
    store.close();
    store = open(project);
    return store;
  }

  protected static OnlineRow row(long user, long a, Instant event, Instant created) {
    return new OnlineRow(EntityKey.of(user), new Object[] {a, a * 10}, event, created);
  }

  private static Long aOf(OnlineRow r) {
    return r == null ? null : (Long) r.values()[0];
  }

  @Test
  void multiGet_returnsWhatMultiPutWrote_forEveryType() {
    Object[] values = OnlineFixtures.sampleValues();
    Object[] nulls = new Object[values.length];
    store.multiPut(
        ALL_TYPES,
        List.of(
            new OnlineRow(EntityKey.of(1L), values, T0, T0.plusSeconds(1)),
            new OnlineRow(EntityKey.of(2L), nulls, T0, null)));

    List<OnlineRow> got = store.multiGet(ALL_TYPES, List.of(EntityKey.of(1L), EntityKey.of(2L)));

    assertThat(Values.normalized(got.get(0).values())).isEqualTo(Values.normalized(values));
    assertThat(got.get(0).eventTs()).isEqualTo(T0);
    assertThat(got.get(0).createdTs()).isEqualTo(T0.plusSeconds(1));
    assertThat(got.get(0).key()).isEqualTo(EntityKey.of(1L));
    assertThat(got.get(1).values()).containsOnlyNulls().hasSize(values.length);
    assertThat(got.get(1).createdTs()).isNull();
  }

  @Test
  void multiGet_returnsNullForMissingKeys_inKeyOrder() {
    store.multiPut(SMALL, List.of(row(2, 20, T0, null), row(4, 40, T0, null)));

    List<OnlineRow> got =
        store.multiGet(
            SMALL,
            List.of(
                EntityKey.of(4L),
                EntityKey.of(1L),
                EntityKey.of(2L),
                EntityKey.of(4L),
                EntityKey.of(3L)));

    assertThat(got)
        .extracting(OnlineStoreContractTest::aOf)
        .containsExactly(40L, null, 20L, 40L, null);
  }

  @Test
  void multiGetAsync_completesWithWhatMultiGetReturns_inKeyOrder() throws Exception {
    store.multiPut(SMALL, List.of(row(2, 20, T0, null), row(4, 40, T0, null)));
    List<EntityKey> keys =
        List.of(EntityKey.of(4L), EntityKey.of(1L), EntityKey.of(2L), EntityKey.of(3L));

    List<OnlineRow> got = store.multiGetAsync(SMALL, keys).get(10, TimeUnit.SECONDS);

    assertThat(got).extracting(OnlineStoreContractTest::aOf).containsExactly(40L, null, 20L, null);
    assertThat(got.get(0).eventTs()).isEqualTo(T0);
    assertThat(got.get(0).key()).isEqualTo(EntityKey.of(4L));
    assertThat(store.multiGetAsync(SMALL, List.of()).get(10, TimeUnit.SECONDS)).isEmpty();
  }

  @Test
  void multiGet_ofEmptyKeyList_isEmpty() {
    assertThat(store.multiGet(SMALL, List.of())).isEmpty();
  }

  @Test
  void multiGet_findsIntegerKeyWrittenAsLong_andStringKeys() {
    store.multiPut(SMALL, List.of(row(5, 50, T0, null)));
    store.multiPut(
        STRINGS, List.of(new OnlineRow(EntityKey.of("ana"), new Object[] {1.5}, T0, null)));

    assertThat(aOf(store.multiGet(SMALL, List.of(EntityKey.of(5))).get(0))).isEqualTo(50L);
    assertThat(store.multiGet(STRINGS, List.of(EntityKey.of("ana"), EntityKey.of("bob"))))
        .extracting(r -> r == null ? null : r.values()[0])
        .containsExactly(1.5, null);
  }

  @Test
  void multiPut_replacesOlderRowWithNewer() {
    store.multiPut(SMALL, List.of(row(1, 1, T0, null)));
    store.multiPut(SMALL, List.of(row(1, 2, T0.plusMillis(1), null)));

    assertThat(aOf(store.multiGet(SMALL, List.of(EntityKey.of(1L))).get(0))).isEqualTo(2L);
  }

  @Test
  void multiPut_neverReplacesRowWithOlderEventTime() {
    store.multiPut(SMALL, List.of(row(1, 2, T0, null)));
    store.multiPut(SMALL, List.of(row(1, 1, T0.minusNanos(1000), T0.plusSeconds(99))));

    OnlineRow got = store.multiGet(SMALL, List.of(EntityKey.of(1L))).get(0);
    assertThat(aOf(got)).isEqualTo(2L);
    assertThat(got.eventTs()).isEqualTo(T0);
  }

  @Test
  void multiPut_withEqualEventTime_neverReplacesRowWithOlderCreatedTime() {
    store.multiPut(SMALL, List.of(row(1, 2, T0, T0.plusSeconds(5))));
    store.multiPut(SMALL, List.of(row(1, 1, T0, T0.plusSeconds(4))));
    store.multiPut(SMALL, List.of(row(1, 0, T0, null)));

    assertThat(aOf(store.multiGet(SMALL, List.of(EntityKey.of(1L))).get(0))).isEqualTo(2L);

    store.multiPut(SMALL, List.of(row(1, 3, T0, T0.plusSeconds(6))));
    assertThat(aOf(store.multiGet(SMALL, List.of(EntityKey.of(1L))).get(0))).isEqualTo(3L);
  }

  @Test
  void multiPut_keepsNewestOfSeveralRowsForOneKeyInOneBatch() {
    store.multiPut(
        SMALL,
        List.of(
            row(1, 2, T0.plusSeconds(2), null),
            row(1, 3, T0.plusSeconds(3), null),
            row(1, 1, T0.plusSeconds(1), null)));

    assertThat(aOf(store.multiGet(SMALL, List.of(EntityKey.of(1L))).get(0))).isEqualTo(3L);
  }

  @Test
  void multiPut_ofEqualRowAgain_isHarmless() {
    List<OnlineRow> rows = List.of(row(1, 1, T0, T0), row(2, 2, T0, null));
    store.multiPut(SMALL, rows);
    store.multiPut(SMALL, rows);

    assertThat(store.multiGet(SMALL, List.of(EntityKey.of(1L), EntityKey.of(2L))))
        .extracting(OnlineStoreContractTest::aOf)
        .containsExactly(1L, 2L);
  }

  @Test
  void projects_areIsolated() {
    OnlineStore other = open("contract_other");
    store.multiPut(SMALL, List.of(row(1, 1, T0, null)));
    other.multiPut(SMALL, List.of(row(1, 9, T0.minusSeconds(10), null)));

    assertThat(aOf(store.multiGet(SMALL, List.of(EntityKey.of(1L))).get(0))).isEqualTo(1L);
    assertThat(aOf(other.multiGet(SMALL, List.of(EntityKey.of(1L))).get(0))).isEqualTo(9L);

    other.deleteView(SMALL);
    assertThat(aOf(store.multiGet(SMALL, List.of(EntityKey.of(1L))).get(0))).isEqualTo(1L);
  }

  @Test
  void deleteView_removesOnlyThatView() {
    store.multiPut(SMALL, List.of(row(1, 1, T0, null)));
    store.multiPut(
        STRINGS, List.of(new OnlineRow(EntityKey.of("ana"), new Object[] {1.0}, T0, null)));

    store.deleteView(SMALL);

    assertThat(store.multiGet(SMALL, List.of(EntityKey.of(1L)))).containsOnlyNulls();
    assertThat(store.multiGet(STRINGS, List.of(EntityKey.of("ana"))).get(0)).isNotNull();
  }

  @Test
  void concurrentWriters_endInTheNewestValue() throws Exception {
    int writers = 4;
    int versions = 50;
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int w = 0; w < writers; w++) {
        int offset = w;
        done.add(
            pool.submit(
                () -> {
                  for (int v = versions - 1 - offset; v >= 0; v -= writers) {
                    List<OnlineRow> batch = new ArrayList<>();
                    for (long user = 0; user < 20; user++) {
                      batch.add(row(user, v, T0.plusSeconds(v), null));
                    }
                    store.multiPut(SMALL, batch);
                  }
                }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    List<EntityKey> keys = new ArrayList<>();
    for (long user = 0; user < 20; user++) {
      keys.add(EntityKey.of(user));
    }
    assertThat(store.multiGet(SMALL, keys))
        .extracting(OnlineStoreContractTest::aOf)
        .containsOnly((long) versions - 1);
  }

  @Test
  void largeBatch_roundTrips() {
    int n = 50_000;
    List<OnlineRow> rows = new ArrayList<>(n);
    List<EntityKey> keys = new ArrayList<>(n);
    for (long i = 0; i < n; i++) {
      rows.add(row(i, i, T0, null));
      keys.add(EntityKey.of(n - 1 - i));
    }
    store.multiPut(SMALL, rows);

    List<OnlineRow> got = store.multiGet(SMALL, keys);

    assertThat(got).hasSize(n);
    Long[] expected = new Long[n];
    Arrays.setAll(expected, i -> (long) (n - 1 - i));
    assertThat(got).extracting(OnlineStoreContractTest::aOf).containsExactly(expected);
  }
}

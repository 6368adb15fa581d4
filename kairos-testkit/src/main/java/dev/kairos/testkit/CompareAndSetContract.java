package dev.kairos.testkit;

import static dev.kairos.testkit.OnlineFixtures.ALL_TYPES;
import static dev.kairos.testkit.OnlineFixtures.SMALL;
import static dev.kairos.testkit.OnlineFixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kairos.api.EntityKey;
import dev.kairos.api.FeatureView;
import dev.kairos.spi.OnlineRow;
import dev.kairos.spi.OnlineStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The compare-and-set part of the online store contract ({@link OnlineStore#multiPutIfUnchanged}),
 * run for every store by {@link OnlineStoreContractTest}.
 */
public interface CompareAndSetContract {
  /** The test's store; cleaned up after each test. */
  OnlineStore store();

  /** Another store for the project over the same data; cleaned up and closed after the test. */
  OnlineStore open(String project);

  private static OnlineRow row(long user, long a, Instant event, Instant created) {
    return new OnlineRow(EntityKey.of(user), new Object[] {a, a * 10}, event, created);
  }

  private static Long aOf(OnlineRow r) {
    return r == null ? null : (Long) r.values()[0];
  }

  private static OnlineRow stored(OnlineStore store, FeatureView view, long user) {
    return store.multiGet(view, List.of(EntityKey.of(user))).get(0);
  }

  @Test
  default void multiPutIfUnchanged_writes_whenTheStoredRowIsTheExpectedOne() {
    store().multiPut(SMALL, List.of(row(1, 1, T0, null)));
    OnlineRow read = stored(store(), SMALL, 1);

    List<Boolean> written =
        store()
            .multiPutIfUnchanged(
                SMALL,
                List.of(row(1, 2, T0.plusSeconds(1), null)),
                Collections.singletonList(read));

    assertThat(written).containsExactly(true);
    assertThat(aOf(stored(store(), SMALL, 1))).isEqualTo(2L);
  }

  @Test
  default void multiPutIfUnchanged_refuses_whenAnotherWriterChangedTheRow_andKeepsTheirs() {
    store().multiPut(SMALL, List.of(row(1, 1, T0, null)));
    OnlineRow read = stored(store(), SMALL, 1);
    OnlineStore other = open("contract");
    other.multiPut(SMALL, List.of(row(1, 5, T0, T0)));

    List<Boolean> written =
        store()
            .multiPutIfUnchanged(
                SMALL,
                List.of(row(1, 2, T0.plusSeconds(1), null)),
                Collections.singletonList(read));

    assertThat(written).containsExactly(false);
    assertThat(aOf(stored(store(), SMALL, 1))).isEqualTo(5L);
  }

  @Test
  default void multiPutIfUnchanged_refuses_whenNothingWasExpectedButARowIsStored() {
    store().multiPut(SMALL, List.of(row(1, 1, T0, null)));

    List<Boolean> written =
        store()
            .multiPutIfUnchanged(
                SMALL,
                List.of(row(1, 2, T0.plusSeconds(1), null)),
                Collections.singletonList(null));

    assertThat(written).containsExactly(false);
    assertThat(aOf(stored(store(), SMALL, 1))).isEqualTo(1L);
  }

  @Test
  default void multiPutIfUnchanged_writes_whenNothingWasExpectedAndNothingIsStored() {
    List<Boolean> written =
        store()
            .multiPutIfUnchanged(
                SMALL, List.of(row(1, 2, T0, null)), Collections.singletonList(null));

    assertThat(written).containsExactly(true);
    assertThat(aOf(stored(store(), SMALL, 1))).isEqualTo(2L);
  }

  @Test
  default void multiPutIfUnchanged_refuses_whenARowWasExpectedButNothingIsStored() {
    List<Boolean> written =
        store()
            .multiPutIfUnchanged(SMALL, List.of(row(1, 2, T0, null)), List.of(row(1, 1, T0, null)));

    assertThat(written).containsExactly(false);
    assertThat(stored(store(), SMALL, 1)).isNull();
  }

  @Test
  default void multiPutIfUnchanged_hasNoOrderCheck_andWritesAnOlderRowThatMatches() {
    store().multiPut(SMALL, List.of(row(1, 1, T0, null)));

    List<Boolean> written =
        store()
            .multiPutIfUnchanged(
                SMALL,
                List.of(row(1, 0, T0.minusSeconds(60), null)),
                List.of(stored(store(), SMALL, 1)));

    assertThat(written).containsExactly(true);
    assertThat(stored(store(), SMALL, 1).eventTs()).isEqualTo(T0.minusSeconds(60));
  }

  @Test
  default void multiPutIfUnchanged_matchesWhatMultiGetReturned_forEveryType() {
    Object[] values = OnlineFixtures.sampleValues();
    store()
        .multiPut(
            ALL_TYPES,
            List.of(
                new OnlineRow(EntityKey.of(1L), values, T0, T0.plusSeconds(1)),
                new OnlineRow(EntityKey.of(2L), new Object[values.length], T0, null)));
    List<OnlineRow> read = store().multiGet(ALL_TYPES, List.of(EntityKey.of(1L), EntityKey.of(2L)));

    List<Boolean> written =
        store()
            .multiPutIfUnchanged(
                ALL_TYPES,
                List.of(
                    new OnlineRow(EntityKey.of(1L), values, T0.plusSeconds(1), null),
                    new OnlineRow(EntityKey.of(2L), values, T0.plusSeconds(1), null)),
                read);

    assertThat(written).containsExactly(true, true);
  }

  /**
   * 450 rows (three Redis script calls): every third stored and expected as read (written), every
   * third stored but expected absent (refused), every third absent and expected absent (written).
   */
  @Test
  default void multiPutIfUnchanged_judgesEachRowOfABatchOnItsOwn_inRowOrder() {
    int n = 450;
    List<OnlineRow> existing = new ArrayList<>();
    for (long user = 0; user < n; user += 3) {
      existing.add(row(user, 1, T0, null));
      existing.add(row(user + 1, 1, T0, null));
    }
    store().multiPut(SMALL, existing);
    List<EntityKey> keys = new ArrayList<>();
    List<OnlineRow> rows = new ArrayList<>();
    for (long user = 0; user < n; user++) {
      keys.add(EntityKey.of(user));
      rows.add(row(user, 2, T0.plusSeconds(1), null));
    }
    List<OnlineRow> expected = new ArrayList<>(store().multiGet(SMALL, keys));
    for (int i = 1; i < n; i += 3) {
      expected.set(i, null);
    }

    List<Boolean> written = store().multiPutIfUnchanged(SMALL, rows, expected);

    List<Boolean> want = new ArrayList<>();
    List<Long> values = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      want.add(i % 3 != 1);
      values.add(i % 3 == 1 ? 1L : 2L);
    }
    assertThat(written).isEqualTo(want);
    assertThat(store().multiGet(SMALL, keys))
        .extracting(CompareAndSetContract::aOf)
        .isEqualTo(values);
  }

  @Test
  default void multiPutIfUnchanged_ofOneKeyTwice_comparesTheSecondRowWithWhatTheFirstWrote() {
    List<Boolean> written =
        store()
            .multiPutIfUnchanged(
                SMALL,
                List.of(row(1, 1, T0, null), row(1, 2, T0, null), row(1, 3, T0, null)),
                Arrays.asList(null, null, row(1, 1, T0, null)));

    assertThat(written).containsExactly(true, false, true);
    assertThat(aOf(stored(store(), SMALL, 1))).isEqualTo(3L);
  }

  @Test
  default void multiPutIfUnchanged_ofEmptyBatch_isEmpty_andOfUnequalSizes_isRejected() {
    assertThat(store().multiPutIfUnchanged(SMALL, List.of(), List.of())).isEmpty();
    assertThatThrownBy(
            () -> store().multiPutIfUnchanged(SMALL, List.of(row(1, 1, T0, null)), List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("1 rows but 0 expected rows; give one per row");
  }

  /**
   * Each thread increments counters on a few shared keys by read, add one, compare-and-set, and
   * again on refusal: with no lost update the counters add up to the number of increments.
   */
  @Test
  default void multiPutIfUnchanged_underConcurrentReadModifyWrite_losesNoIncrement()
      throws Exception {
    int threads = 4;
    int increments = 60;
    int keyCount = 3;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    AtomicLong refusals = new AtomicLong();
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        OnlineStore mine = open("contract");
        int seed = t;
        done.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < increments; i++) {
                    EntityKey key = EntityKey.of((long) ((seed + i) % keyCount));
                    while (true) {
                      OnlineRow now = mine.multiGet(SMALL, List.of(key)).get(0);
                      long a = now == null ? 0 : (Long) now.values()[0];
                      OnlineRow next =
                          new OnlineRow(key, new Object[] {a + 1, (long) seed}, T0, null);
                      if (mine.multiPutIfUnchanged(
                              SMALL, List.of(next), Collections.singletonList(now))
                          .get(0)) {
                        break;
                      }
                      refusals.incrementAndGet();
                    }
                  }
                  return null;
                }));
      }
      for (Future<?> f : done) {
        f.get(2, TimeUnit.MINUTES);
      }
    } finally {
      pool.shutdownNow();
    }
    List<EntityKey> keys = new ArrayList<>();
    for (long k = 0; k < keyCount; k++) {
      keys.add(EntityKey.of(k));
    }
    long total = 0;
    for (OnlineRow r : store().multiGet(SMALL, keys)) {
      total += aOf(r);
    }
    assertThat(total)
        .as("increments kept (%d refusals retried)", refusals.get())
        .isEqualTo((long) threads * increments);
  }
}

package dev.kairos.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kairos.api.ErrorKind;
import dev.kairos.api.KairosException;
import dev.kairos.spi.RegistryStore;
import dev.kairos.spi.RegistryStore.RegistryVersion;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Every behaviour a {@link RegistryStore} must have. A store's test extends this class and says how
 * to open a store on fresh storage and a second instance on the same storage (as another process
 * would); it cleans the storage up itself.
 */
public abstract class RegistryStoreContractTest {
  protected static final Instant T0 = Instant.parse("2026-01-02T03:04:05.123Z");
  private final List<RegistryStore> opened = new ArrayList<>();

  /** A store on new, empty storage. Called at most once per test, before {@link #openAgain}. */
  protected abstract RegistryStore createStore();

  /** Another instance on the storage of the last {@link #createStore}, like a second process. */
  protected abstract RegistryStore openAgain();

  private RegistryStore store() {
    return track(createStore());
  }

  private RegistryStore again() {
    return track(openAgain());
  }

  private RegistryStore track(RegistryStore s) {
    opened.add(s);
    return s;
  }

  @AfterEach
  void closeStores() {
    opened.forEach(RegistryStore::close);
  }

  @Test
  void emptyStore_hasNoVersions() {
    RegistryStore s = store();
    assertThat(s.latest()).isEmpty();
    assertThat(s.history()).isEmpty();
  }

  @Test
  void commit_firstVersionIsOne_andReadsBackExactly() {
    RegistryStore s = store();
    String content = "{\n  \"project\": \"fraud\", \"note\": \"naïve – ünïcödé ✓\"\n}\n";
    RegistryVersion v = s.commit(0, content, "+ entity user", T0);
    assertThat(v).isEqualTo(new RegistryVersion(1, T0, content, "+ entity user"));
    assertThat(s.latest()).contains(v);
    assertThat(s.history()).containsExactly(v);
  }

  @Test
  void commit_numbersVersionsInOrder_andHistoryIsOldestFirst() {
    RegistryStore s = store();
    for (int i = 0; i < 3; i++) {
      s.commit(i, "content " + i, "change " + i, T0.plusSeconds(i));
    }
    assertThat(s.history()).extracting(RegistryVersion::version).containsExactly(1L, 2L, 3L);
    assertThat(s.history())
        .extracting(RegistryVersion::content)
        .containsExactly("content 0", "content 1", "content 2");
    assertThat(s.latest().orElseThrow().appliedAt()).isEqualTo(T0.plusSeconds(2));
  }

  @Test
  void commit_againstAStaleVersion_failsWithConflict_andWritesNothing() {
    RegistryStore s = store();
    s.commit(0, "a", "first", T0);
    assertThatThrownBy(() -> s.commit(0, "b", "second", T0))
        .isInstanceOf(KairosException.class)
        .hasMessage(
            "registry changed concurrently: expected latest version 0 but it is 1; plan again and retry")
        .extracting(e -> ((KairosException) e).kind())
        .isEqualTo(ErrorKind.CONFLICT);
    assertThat(s.history()).extracting(RegistryVersion::content).containsExactly("a");
  }

  @Test
  void commit_againstAVersionThatDoesNotExistYet_failsWithConflict() {
    RegistryStore s = store();
    assertThatThrownBy(() -> s.commit(3, "a", "first", T0))
        .hasMessage(
            "registry changed concurrently: expected latest version 3 but it is 0; plan again and retry");
    assertThat(s.history()).isEmpty();
  }

  @Test
  void commit_isVisibleToAnotherInstance() {
    RegistryStore s = store();
    RegistryVersion v = s.commit(0, "a", "first", T0);
    RegistryStore other = again();
    assertThat(other.latest()).contains(v);
    assertThatThrownBy(() -> other.commit(0, "b", "second", T0))
        .extracting(e -> ((KairosException) e).kind())
        .isEqualTo(ErrorKind.CONFLICT);
  }

  @Test
  void racingCommitsOnTwoInstances_exactlyOneWinsEachVersion() throws Exception {
    RegistryStore a = store();
    RegistryStore b = again();
    race(a, b);
  }

  @Test
  void racingCommitsOnOneInstance_exactlyOneWinsEachVersion() throws Exception {
    RegistryStore a = store();
    race(a, a);
  }

  private void race(RegistryStore a, RegistryStore b) throws Exception {
    int rounds = 20;
    CyclicBarrier barrier = new CyclicBarrier(2);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      for (long round = 0; round < rounds; round++) {
        long expected = round;
        Future<Boolean> fa = pool.submit(() -> tryCommit(a, barrier, expected, "a" + expected));
        Future<Boolean> fb = pool.submit(() -> tryCommit(b, barrier, expected, "b" + expected));
        assertThat(fa.get(30, TimeUnit.SECONDS) ^ fb.get(30, TimeUnit.SECONDS))
            .as("exactly one commit wins version %d", expected + 1)
            .isTrue();
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(a.history())
        .extracting(RegistryVersion::version)
        .containsExactlyElementsOf(LongStream.rangeClosed(1, rounds).boxed().toList());
    assertThat(b.history()).isEqualTo(a.history());
  }

  private static boolean tryCommit(
      RegistryStore s, CyclicBarrier barrier, long expected, String content) throws Exception {
    barrier.await(30, TimeUnit.SECONDS);
    try {
      s.commit(expected, content, content, T0);
      return true;
    } catch (KairosException e) {
      if (e.kind() != ErrorKind.CONFLICT) {
        throw e;
      }
      return false;
    }
  }

  @Test
  void metadata_putReplacesAndListsSortedByKey() {
    RegistryStore s = store();
    assertThat(s.get("watermarks", "user_stats")).isEmpty();
    s.put("watermarks", "user_stats", "2026-01-01T00:00:00Z");
    s.put("watermarks", "merchant_stats", "2026-01-02T00:00:00Z");
    s.put("watermarks", "user_stats", "2026-01-03T00:00:00Z");
    assertThat(s.get("watermarks", "user_stats")).contains("2026-01-03T00:00:00Z");
    assertThat(s.list("watermarks"))
        .containsExactly(
            Map.entry("merchant_stats", "2026-01-02T00:00:00Z"),
            Map.entry("user_stats", "2026-01-03T00:00:00Z"));
  }

  @Test
  void metadata_namespacesAreSeparate_andSharedBetweenInstances() {
    RegistryStore s = store();
    s.put("watermarks", "k", "1");
    s.put("validation", "k", "{\"ok\": true}");
    RegistryStore other = again();
    assertThat(other.get("watermarks", "k")).contains("1");
    assertThat(other.get("validation", "k")).contains("{\"ok\": true}");
    assertThat(other.list("nothing_here")).isEmpty();
  }

  @Test
  void putIfAbsent_storesOnlyTheFirstValue() {
    RegistryStore s = store();
    assertThat(s.putIfAbsent("models", "fraud/0000000001", "a")).isTrue();
    assertThat(s.putIfAbsent("models", "fraud/0000000001", "b")).isFalse();
    assertThat(again().get("models", "fraud/0000000001")).contains("a");
  }

  @Test
  void racingPutIfAbsentOnTwoInstances_exactlyOneWinsEachKey() throws Exception {
    RegistryStore a = store();
    RegistryStore b = again();
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(2);
    try {
      for (int k = 0; k < 20; k++) {
        String key = "k" + k;
        java.util.concurrent.Future<Boolean> fa =
            pool.submit(() -> a.putIfAbsent("race", key, "a"));
        java.util.concurrent.Future<Boolean> fb =
            pool.submit(() -> b.putIfAbsent("race", key, "b"));
        boolean wonA = fa.get();
        boolean wonB = fb.get();
        assertThat(wonA ^ wonB).as("exactly one wins " + key).isTrue();
        assertThat(a.get("race", key)).contains(wonA ? "a" : "b");
      }
    } finally {
      pool.shutdownNow();
    }
  }
}

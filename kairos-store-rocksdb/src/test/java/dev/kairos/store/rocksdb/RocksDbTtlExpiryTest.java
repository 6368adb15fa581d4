package dev.kairos.store.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kairos.api.EntityKey;
import dev.kairos.api.FeatureView;
import dev.kairos.api.Field;
import dev.kairos.api.KairosException;
import dev.kairos.api.ValueType;
import dev.kairos.spi.OnlineRow;
import dev.kairos.spi.OnlineStore;
import dev.kairos.spi.OnlineStoreFactory;
import dev.kairos.spi.Plugins;
import dev.kairos.spi.StoreConfig;
import dev.kairos.spi.StoreContext;
import dev.kairos.testkit.OnlineFixtures;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RocksDbTtlExpiryTest {
  private static final Instant T0 = OnlineFixtures.T0;
  private static final List<Field> FEATURES =
      List.of(new Field("a", ValueType.INT64), new Field("b", ValueType.INT64));
  private static final FeatureView HOURLY = view("scores", Duration.ofHours(1));
  private static final FeatureView FOREVER = view("forever", Duration.ZERO);
  private static final Duration NEVER = Duration.ofDays(365);

  @TempDir Path repo;
  private final ManualClock clock = new ManualClock(T0);
  private final List<RocksDbOnlineStore> opened = new ArrayList<>();

  @AfterEach
  void closeStores() {
    opened.forEach(RocksDbOnlineStore::close);
  }

  @Test
  void sweep_removesExpiredRows_whichThenReadNotFound_andKeepsFreshOnes() {
    RocksDbOnlineStore store = open("p");
    store.multiPut(
        HOURLY, List.of(row(1, T0), row(2, T0), row(3, T0.plus(Duration.ofMinutes(50)))));
    clock.set(T0.plus(Duration.ofHours(1)).plusSeconds(1));

    assertThat(store.sweepExpired()).isEqualTo(2);

    assertThat(eventTimes(store, HOURLY, 1, 2, 3))
        .containsExactly(null, null, T0.plus(Duration.ofMinutes(50)));
  }

  @Test
  void sweep_removesRowsWrittenByCompareAndSet_likeThoseOfMultiPut_andTheNextCompareSeesNothing() {
    RocksDbOnlineStore store = open("p");
    store.multiPut(HOURLY, List.of(row(1, T0)));
    OnlineRow read = store.multiGet(HOURLY, List.of(EntityKey.of(1L))).get(0);
    assertThat(
            store.multiPutIfUnchanged(
                HOURLY,
                List.of(row(1, T0.plusSeconds(1)), row(2, T0.plus(Duration.ofMinutes(50)))),
                java.util.Arrays.asList(read, null)))
        .containsExactly(true, true);
    clock.set(T0.plus(Duration.ofHours(1)).plusSeconds(2));

    assertThat(store.sweepExpired()).isEqualTo(1);

    assertThat(eventTimes(store, HOURLY, 1, 2))
        .containsExactly(null, T0.plus(Duration.ofMinutes(50)));
    OnlineRow before = row(1, T0.plusSeconds(1));
    assertThat(
            store.multiPutIfUnchanged(
                HOURLY, List.of(row(1, T0.plus(Duration.ofHours(2)))), List.of(before)))
        .as("the row read before the sweep is gone")
        .containsExactly(false);
  }

  @Test
  void sweep_coversViewsTheRegistryDefines_evenOnesThisStoreNeverReadOrWrote() {
    RocksDbOnlineStore writer = open("p");
    writer.multiPut(HOURLY, List.of(row(1, T0), row(2, T0.plus(Duration.ofMinutes(50)))));
    RocksDbOnlineStore server = open("p");
    clock.set(T0.plus(Duration.ofHours(1)).plusSeconds(1));
    assertThat(server.sweepExpired()).as("a view this store has not heard of").isZero();

    server.viewsDefined(List.of(HOURLY, FOREVER));

    assertThat(server.sweepExpired()).isEqualTo(1);
    assertThat(eventTimes(server, HOURLY, 1, 2))
        .containsExactly(null, T0.plus(Duration.ofMinutes(50)));
  }

  @Test
  void sweep_keepsRowWhoseAgeEqualsTtl_andRemovesItOneMicrosecondLater() {
    RocksDbOnlineStore store = open("p");
    store.multiPut(HOURLY, List.of(row(1, T0)));

    clock.set(T0.plus(Duration.ofHours(1)));
    assertThat(store.sweepExpired()).isZero();
    assertThat(eventTimes(store, HOURLY, 1)).containsExactly(T0);

    clock.set(T0.plus(Duration.ofHours(1)).plusNanos(1_000));
    assertThat(store.sweepExpired()).isEqualTo(1);
    assertThat(eventTimes(store, HOURLY, 1)).containsOnlyNulls();
  }

  @Test
  void sweep_neverRemovesRowsOfViewsWithoutTtl() {
    RocksDbOnlineStore store = open("p");
    store.multiPut(FOREVER, List.of(row(1, Instant.EPOCH)));
    clock.set(T0.plus(Duration.ofDays(10_000)));

    assertThat(store.sweepExpired()).isZero();
    assertThat(eventTimes(store, FOREVER, 1)).containsExactly(Instant.EPOCH);
  }

  @Test
  void sweep_leavesSameKeyOfOtherProjectsAndViewsAlone() {
    RocksDbOnlineStore mine = open("p");
    RocksDbOnlineStore theirs = open("q");
    FeatureView daily = view("scores_daily", Duration.ofDays(1));
    FeatureView shortName = view("score", Duration.ZERO);
    mine.multiPut(HOURLY, List.of(row(1, T0)));
    mine.multiPut(daily, List.of(row(1, T0)));
    mine.multiPut(shortName, List.of(row(1, T0)));
    theirs.multiPut(HOURLY, List.of(row(1, T0)));
    clock.set(T0.plus(Duration.ofHours(2)));

    assertThat(mine.sweepExpired()).isEqualTo(1);

    assertThat(eventTimes(mine, HOURLY, 1)).containsOnlyNulls();
    assertThat(eventTimes(mine, daily, 1)).containsExactly(T0);
    assertThat(eventTimes(mine, shortName, 1)).containsExactly(T0);
    assertThat(eventTimes(theirs, HOURLY, 1)).containsExactly(T0);
  }

  @Test
  void sweep_withoutARegistry_usesTheLongestTtlSeen() {
    RocksDbOnlineStore store = open("p");
    store.multiPut(HOURLY, List.of(row(1, T0)));
    FeatureView daily = view("scores", Duration.ofDays(1));
    store.multiGet(daily, List.of(EntityKey.of(1L)));
    clock.set(T0.plus(Duration.ofHours(2)));

    assertThat(store.sweepExpired()).isZero();

    store.multiGet(HOURLY, List.of(EntityKey.of(1L)));
    assertThat(store.sweepExpired()).as("a request on the shorter definition").isZero();
    clock.set(T0.plus(Duration.ofDays(1)).plusSeconds(1));
    assertThat(store.sweepExpired()).isEqualTo(1);
  }

  @Test
  void sweep_followsTheRegistry_whateverDefinitionsRequestsStillCarry() {
    RocksDbOnlineStore store = open("p");
    store.multiPut(HOURLY, List.of(row(1, T0)));
    store.viewsDefined(List.of(view("scores", Duration.ofDays(1))));
    store.multiGet(HOURLY, List.of(EntityKey.of(1L))); // a request still on the old version
    clock.set(T0.plus(Duration.ofHours(2)));

    assertThat(store.sweepExpired()).as("the registry says one day").isZero();

    store.viewsDefined(List.of(HOURLY));
    assertThat(store.sweepExpired()).isEqualTo(1);
    store.multiPut(HOURLY, List.of(row(2, T0)));
    store.viewsDefined(List.of());
    assertThat(store.sweepExpired()).as("a view the registry dropped is left alone").isZero();
  }

  @Test
  void removeIfExpired_neverRemovesARowThatANewerWriteReplacedAfterTheScan() throws Exception {
    RocksDbOnlineStore store = open("p");
    store.multiPut(HOURLY, List.of(row(1, T0), row(2, T0)));
    Instant now = T0.plus(Duration.ofHours(2));
    // What a scan collected as expired, before a materialization wrote a fresh row for key 1.
    List<byte[]> scanned =
        List.of(
            RocksDbOnlineStore.rowKey("p", "scores", EntityKey.of(1L)),
            RocksDbOnlineStore.rowKey("p", "scores", EntityKey.of(2L)));
    Instant fresh = now.minus(Duration.ofMinutes(5));
    store.multiPut(HOURLY, List.of(row(1, fresh)));

    SharedDb shared = SharedDb.acquire(repo.resolve("online"));
    try {
      long removed =
          new ExpirySweeper(shared, clock)
              .removeIfExpired(scanned, ExpirySweeper.cutoff(now, HOURLY.ttl()));
      assertThat(removed).isEqualTo(1);
    } finally {
      shared.release();
    }
    assertThat(eventTimes(store, HOURLY, 1, 2)).containsExactly(fresh, null);
  }

  @Test
  void sweep_concurrentWithNewerWritesOfAnotherStoreInstance_neverLosesANewerRow()
      throws Exception {
    RocksDbOnlineStore store = open("p");
    // A materialization in the serving process opens its own store over the same database.
    RocksDbOnlineStore materializer = open("p");
    long[] users = LongStream.range(0, 3_000).toArray();
    List<OnlineRow> old = new ArrayList<>();
    List<OnlineRow> fresh = new ArrayList<>();
    Instant freshTs = T0.plus(Duration.ofMinutes(90));
    for (long u : users) {
      old.add(row(u, T0));
      fresh.add(row(u, freshTs));
    }
    store.multiPut(HOURLY, old);
    clock.set(T0.plus(Duration.ofHours(2)));
    AtomicBoolean writing = new AtomicBoolean(true);
    Thread writer =
        new Thread(
            () -> {
              for (int from = 0; from < fresh.size(); from += 50) {
                materializer.multiPut(HOURLY, fresh.subList(from, from + 50));
              }
              writing.set(false);
            });

    writer.start();
    long removed = 0;
    do {
      removed += store.sweepExpired();
    } while (writing.get());
    writer.join();

    assertThat(removed).isLessThanOrEqualTo(users.length);
    assertThat(eventTimes(store, HOURLY, users)).containsOnly(freshTs).hasSize(users.length);
  }

  @Test
  void ttlExpiryOff_neverRemovesAnything_andRunsNoSweepThread() {
    RocksDbOnlineStore store = (RocksDbOnlineStore) viaFactory(Map.of());
    store.multiPut(HOURLY, List.of(row(1, T0)));
    clock.set(T0.plus(Duration.ofDays(30)));

    assertThat(store.sweepExpired()).isZero();
    assertThat(eventTimes(store, HOURLY, 1)).containsExactly(T0);
    assertThat(store.sweeping()).isFalse();
  }

  @Test
  void ttlExpiryOn_sweepsInTheBackground_untilClosed() {
    RocksDbOnlineStore store =
        open("p", new TtlExpiry(true, clock, Duration.ZERO, Duration.ofMillis(10)));
    store.multiPut(HOURLY, List.of(row(1, T0)));
    clock.set(T0.plus(Duration.ofHours(2)));

    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (eventTimes(store, HOURLY, 1).get(0) != null && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    assertThat(eventTimes(store, HOURLY, 1)).containsOnlyNulls();
    assertThat(store.sweeping()).isTrue();

    store.close();
    assertThat(store.sweeping()).isFalse();
    assertThatThrownBy(store::sweepExpired).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void factory_withTtlExpiry_startsTheSweepThread() {
    RocksDbOnlineStore store =
        (RocksDbOnlineStore) viaFactory(Map.of("ttl_expiry", true, "ttl_sweep_interval_s", "30"));

    assertThat(store.sweeping()).isTrue();
  }

  @Test
  void factory_rejectsANonBooleanTtlExpiry() {
    assertThatThrownBy(() -> viaFactory(Map.of("ttl_expiry", "yes")))
        .isInstanceOf(KairosException.class)
        .hasMessage(
            "kairos.yaml: online_store: key 'ttl_expiry' must be true or false (got 'yes')");
  }

  @Test
  void factory_rejectsANonPositiveOrNonNumericSweepInterval() {
    assertThatThrownBy(() -> viaFactory(Map.of("ttl_expiry", true, "ttl_sweep_interval_s", 0)))
        .isInstanceOf(KairosException.class)
        .hasMessage(
            "kairos.yaml: online_store: key 'ttl_sweep_interval_s' must be a positive number of"
                + " seconds (got '0')");
    assertThatThrownBy(() -> viaFactory(Map.of("ttl_sweep_interval_s", "10m")))
        .isInstanceOf(KairosException.class)
        .hasMessage(
            "kairos.yaml: online_store: key 'ttl_sweep_interval_s' must be a whole number (got"
                + " '10m')");
  }

  @Test
  void factory_stillRejectsUnknownKeys_listingTheValidOnes() {
    assertThatThrownBy(() -> viaFactory(Map.of("ttl", "1h")))
        .isInstanceOf(KairosException.class)
        .hasMessage(
            "kairos.yaml: online_store: unknown key 'ttl'; valid keys: path, ttl_expiry,"
                + " ttl_sweep_interval_s");
  }

  private OnlineStore viaFactory(Map<String, ?> raw) {
    OnlineStoreFactory factory = Plugins.find(OnlineStoreFactory.class, "rocksdb", "test");
    StoreConfig config = StoreConfig.validate("kairos.yaml: online_store", raw, factory.options());
    RocksDbOnlineStore store =
        (RocksDbOnlineStore) factory.create(config, new StoreContext("p", repo, clock));
    opened.add(store);
    return store;
  }

  private RocksDbOnlineStore open(String project) {
    return open(project, new TtlExpiry(true, clock, NEVER, NEVER));
  }

  private RocksDbOnlineStore open(String project, TtlExpiry expiry) {
    RocksDbOnlineStore store = new RocksDbOnlineStore(repo.resolve("online"), project, expiry);
    opened.add(store);
    return store;
  }

  private static FeatureView view(String name, Duration ttl) {
    return OnlineFixtures.view(name, FEATURES, ttl);
  }

  private static OnlineRow row(long user, Instant event) {
    return new OnlineRow(EntityKey.of(user), new Object[] {user, 1L}, event, null);
  }

  private static List<Instant> eventTimes(OnlineStore store, FeatureView view, long... users) {
    List<EntityKey> keys = LongStream.of(users).mapToObj(EntityKey::of).toList();
    List<Instant> out = new ArrayList<>();
    for (OnlineRow r : store.multiGet(view, keys)) {
      out.add(r == null ? null : r.eventTs());
    }
    return out;
  }

  /** A clock the test sets; sweeps read it, nothing sleeps. */
  private static final class ManualClock extends Clock {
    private volatile Instant now;

    ManualClock(Instant now) {
      this.now = now;
    }

    void set(Instant instant) {
      now = instant;
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException("a test clock stays in UTC");
    }
  }
}

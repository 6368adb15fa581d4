package dev.kairos.store.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kairos.api.EntityKey;
import dev.kairos.api.ErrorKind;
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
import dev.kairos.testkit.OnlineStoreContractTest;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.resource.DefaultEventLoopGroupProvider;
import io.lettuce.core.resource.Transports;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RedisOnlineStoreIT extends OnlineStoreContractTest {
  static final String URL =
      System.getenv().getOrDefault("KAIROS_REDIS_URL", "redis://127.0.0.1:6379/0");
  static final String PREFIX = "kairos-it-" + UUID.randomUUID();
  static RedisClient admin;
  static StatefulRedisConnection<String, String> conn;

  @BeforeAll
  static void connect() {
    admin = RedisClient.create(URL);
    conn = admin.connect();
    assertThat(conn.sync().ping()).as("Redis must run at " + URL).isEqualTo("PONG");
  }

  @AfterAll
  static void removeEverythingThisTestWrote() {
    List<String> left =
        conn.sync().scan(ScanArgs.Builder.matches("{" + PREFIX + "*").limit(10_000)).getKeys();
    if (!left.isEmpty()) {
      conn.sync().del(left.toArray(new String[0]));
    }
    conn.close();
    admin.shutdown();
  }

  @Override
  protected OnlineStore openStore(String project) {
    // a generous command timeout: largeBatch pipelines 50k commands on a shared 2-core machine
    return open(project, Map.of("url", URL, "key_prefix", PREFIX, "timeout_ms", 10_000));
  }

  static OnlineStore open(String project, Map<String, Object> options) {
    OnlineStoreFactory factory = Plugins.find(OnlineStoreFactory.class, "redis", "test");
    StoreConfig config = StoreConfig.validate("test", options, factory.options());
    return factory.create(config, new StoreContext(project, Path.of("."), Clock.systemUTC()));
  }

  @Test
  void multiPut_ofOneChunkMixingNewStaleNewerAndRepeatedKeys_keepsTheNewestRowOfEach() {
    assertChunkKeepsNewest(store, OnlineFixtures.SMALL);
  }

  @Test
  void multiPut_withTtlExpiry_keepsTheNewestRowOfEach_andSetsTheirExpiry() {
    FeatureView ttlView =
        OnlineFixtures.view(
            "mixed_ttl",
            List.of(new Field("a", ValueType.INT64), new Field("b", ValueType.INT64)),
            Duration.ofHours(2));
    Map<String, Object> options = new HashMap<>(Map.of("url", URL, "key_prefix", PREFIX));
    options.put("ttl_expiry", "true");
    try (OnlineStore expiring = open("ttl", options)) {
      assertChunkKeepsNewest(expiring, ttlView);
      for (long user = 1; user <= 4; user++) {
        assertThat(conn.sync().pttl("{" + PREFIX + ":ttl:01800000000000000" + user + "}:mixed_ttl"))
            .isBetween(7_000_000L, 7_200_000L);
      }
      expiring.deleteView(ttlView);
    }
  }

  /**
   * One script call: user 1 stored and sent older (kept), user 2 stored and sent newer (replaced),
   * user 3 new then sent again older (first kept), user 4 new three times (newest of the three).
   */
  private static void assertChunkKeepsNewest(OnlineStore target, FeatureView view) {
    java.time.Instant t = java.time.Instant.parse("2026-01-01T00:00:00Z");
    target.multiPut(view, List.of(row(1, 5, t, null), row(2, 5, t, null)));
    target.multiPut(
        view,
        List.of(
            row(1, 1, t.minusSeconds(1), t.plusSeconds(9)),
            row(2, 6, t.plusSeconds(1), null),
            row(3, 7, t, null),
            row(4, 1, t, null),
            row(3, 8, t.minusSeconds(1), null),
            row(4, 2, t.plusSeconds(1), null),
            row(4, 3, t, t.plusSeconds(9))));

    List<EntityKey> keys =
        List.of(EntityKey.of(1L), EntityKey.of(2L), EntityKey.of(3L), EntityKey.of(4L));
    assertThat(target.multiGet(view, keys).stream().map(r -> r.values()[0]).toList())
        .containsExactly(5L, 6L, 7L, 2L);
  }

  @Test
  void keys_useOneHashTagPerEntity_withViewOutsideTheTag() {
    store.multiPut(
        OnlineFixtures.SMALL,
        List.of(new OnlineRow(EntityKey.of(1L), new Object[] {1L, 2L}, OnlineFixtures.T0, null)));

    assertThat(conn.sync().keys("{" + PREFIX + ":contract:*"))
        .containsExactly("{" + PREFIX + ":contract:018000000000000001}:small");
  }

  @Test
  void ttlExpiry_setsExpiryFromViewTtl_onlyWhenEnabled() {
    FeatureView ttlView =
        OnlineFixtures.view(
            "with_ttl", List.of(new Field("x", ValueType.INT64)), Duration.ofHours(2));
    Map<String, Object> options = new HashMap<>(Map.of("url", URL, "key_prefix", PREFIX));
    options.put("ttl_expiry", "true");
    try (OnlineStore expiring = open("ttl", options)) {
      expiring.multiPut(
          ttlView,
          List.of(new OnlineRow(EntityKey.of(1L), new Object[] {1L}, OnlineFixtures.T0, null)));
      store.multiPut(
          ttlView,
          List.of(new OnlineRow(EntityKey.of(1L), new Object[] {1L}, OnlineFixtures.T0, null)));

      long pttl = conn.sync().pttl("{" + PREFIX + ":ttl:018000000000000001}:with_ttl");
      assertThat(pttl).isBetween(7_000_000L, 7_200_000L);
      assertThat(conn.sync().pttl("{" + PREFIX + ":contract:018000000000000001}:with_ttl"))
          .isEqualTo(-1L);
      expiring.deleteView(ttlView);
      store.deleteView(ttlView);
    }
  }

  @Test
  void multiPutIfUnchanged_setsTheExpiryMultiPutWould_onlyWhenEnabled() {
    FeatureView ttlView =
        OnlineFixtures.view(
            "cas_ttl", List.of(new Field("x", ValueType.INT64)), Duration.ofHours(2));
    Map<String, Object> options = new HashMap<>(Map.of("url", URL, "key_prefix", PREFIX));
    options.put("ttl_expiry", "true");
    try (OnlineStore expiring = open("ttl", options)) {
      List<OnlineRow> rows =
          List.of(new OnlineRow(EntityKey.of(1L), new Object[] {1L}, OnlineFixtures.T0, null));
      List<OnlineRow> nothing = java.util.Collections.singletonList(null);
      assertThat(expiring.multiPutIfUnchanged(ttlView, rows, nothing)).containsExactly(true);
      assertThat(store.multiPutIfUnchanged(ttlView, rows, nothing)).containsExactly(true);

      assertThat(conn.sync().pttl("{" + PREFIX + ":ttl:018000000000000001}:cas_ttl"))
          .isBetween(7_000_000L, 7_200_000L);
      assertThat(conn.sync().pttl("{" + PREFIX + ":contract:018000000000000001}:cas_ttl"))
          .isEqualTo(-1L);
      expiring.deleteView(ttlView);
      store.deleteView(ttlView);
    }
  }

  @Test
  void multiPutIfUnchanged_afterScriptCacheFlush_writesEveryChunkOnce_andReportsEachWritten() {
    List<OnlineRow> rows = new java.util.ArrayList<>();
    List<EntityKey> keys = new java.util.ArrayList<>();
    for (long user = 1; user <= 2_001; user++) {
      rows.add(
          new OnlineRow(EntityKey.of(user), new Object[] {user, -user}, OnlineFixtures.T0, null));
      keys.add(EntityKey.of(user));
    }
    conn.sync().scriptFlush();

    List<Boolean> written =
        store.multiPutIfUnchanged(
            OnlineFixtures.SMALL, rows, java.util.Arrays.asList(new OnlineRow[rows.size()]));

    assertThat(written).hasSize(2_001).containsOnly(true);
    List<OnlineRow> stored = store.multiGet(OnlineFixtures.SMALL, keys);
    for (int i = 0; i < keys.size(); i++) {
      assertThat(stored.get(i).values()).containsExactly(i + 1L, -(i + 1L));
    }
  }

  @Test
  void useIoThreads_readStartedOnASharedLoop_completesOnThatLoop_withTheStoredRows()
      throws Exception {
    List<EntityKey> keys = List.of(EntityKey.of(1L), EntityKey.of(2L), EntityKey.of(404L));
    store.multiPut(
        OnlineFixtures.SMALL,
        List.of(
            new OnlineRow(keys.get(0), new Object[] {10L, 11L}, OnlineFixtures.T0, null),
            new OnlineRow(keys.get(1), new Object[] {20L, 21L}, OnlineFixtures.T0, null)));
    // loops of the transport Lettuce uses here, as a server on this class path would have
    EventLoopGroup loops =
        (EventLoopGroup)
            DefaultEventLoopGroupProvider.createEventLoopGroup(Transports.eventLoopGroupClass(), 2);
    try (AutoCloseable use = store.useIoThreads(loops)) {
      for (EventExecutor loop : loops) {
        CompletableFuture<Boolean> onLoop = new CompletableFuture<>();
        CompletableFuture<List<OnlineRow>> rows = new CompletableFuture<>();
        loop.execute(
            () ->
                store
                    .multiGetAsync(OnlineFixtures.SMALL, keys)
                    .whenComplete(
                        (r, e) -> {
                          onLoop.complete(loop.inEventLoop());
                          if (e != null) {
                            rows.completeExceptionally(e);
                          } else {
                            rows.complete(r);
                          }
                        }));

        assertThat(onLoop.get(5, TimeUnit.SECONDS)).as("completed on the starting loop").isTrue();
        List<OnlineRow> read = rows.get(5, TimeUnit.SECONDS);
        assertThat(read.get(0).values()).containsExactly(10L, 11L);
        assertThat(read.get(1).values()).containsExactly(20L, 21L);
        assertThat(read.get(2)).isNull();
      }
      // a caller on no loop still reads, through the shared connection
      assertThat(store.multiGetAsync(OnlineFixtures.SMALL, keys).get(5, TimeUnit.SECONDS).get(1))
          .isNotNull();
    } finally {
      loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }
    // after release the store reads as before
    assertThat(store.multiGet(OnlineFixtures.SMALL, keys).get(0).values())
        .containsExactly(10L, 11L);
  }

  @Test
  void useIoThreads_ignoresThreadsThatAreNoEventLoops() throws Exception {
    ScheduledExecutorService plain = Executors.newSingleThreadScheduledExecutor();
    try (AutoCloseable use = store.useIoThreads(plain)) {
      assertThat(store.multiGet(OnlineFixtures.SMALL, List.of(EntityKey.of(9L))))
          .containsOnlyNulls();
    } finally {
      plain.shutdownNow();
    }
  }

  @Test
  void unreachableRedis_failsUnavailable_withinTheTimeout() {
    long start = System.nanoTime();

    assertThatThrownBy(() -> open("p", Map.of("url", "redis://127.0.0.1:1/0", "timeout_ms", "300")))
        .isInstanceOfSatisfying(
            KairosException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.UNAVAILABLE))
        .hasMessageStartingWith("cannot connect to Redis at 127.0.0.1:1/0 within 300 ms: ");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
  }

  @Test
  void scriptCacheFlush_isRecoveredFrom() {
    conn.sync().scriptFlush();

    store.multiPut(
        OnlineFixtures.SMALL,
        List.of(new OnlineRow(EntityKey.of(3L), new Object[] {3L, 4L}, OnlineFixtures.T0, null)));

    assertThat(store.multiGet(OnlineFixtures.SMALL, List.of(EntityKey.of(3L))).get(0).values())
        .containsExactly(3L, 4L);
  }

  @Test
  void scriptCacheFlush_isRecoveredFrom_whenACallSpansManyChunks() {
    conn.sync().scriptFlush();
    List<OnlineRow> rows = new java.util.ArrayList<>();
    List<EntityKey> keys = new java.util.ArrayList<>();
    for (long user = 1; user <= 2_001; user++) {
      rows.add(
          new OnlineRow(EntityKey.of(user), new Object[] {user, -user}, OnlineFixtures.T0, null));
      keys.add(EntityKey.of(user));
    }

    store.multiPut(OnlineFixtures.SMALL, rows);

    List<OnlineRow> stored = store.multiGet(OnlineFixtures.SMALL, keys);
    for (int i = 0; i < keys.size(); i++) {
      assertThat(stored.get(i).values()).containsExactly(i + 1L, -(i + 1L));
    }
  }

  @Test
  void checkAvailable_passesAgainstRunningRedis() {
    store.checkAvailable();
    assertThat(conn.sync().ping()).isEqualTo("PONG");
  }
}

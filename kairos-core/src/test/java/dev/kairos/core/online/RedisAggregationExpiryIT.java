package dev.kairos.core.online;

import static dev.kairos.core.aggregate.AggregationFixtures.BASE;
import static dev.kairos.core.aggregate.AggregationFixtures.RECENT;
import static dev.kairos.core.aggregate.AggregationFixtures.SOURCE;
import static dev.kairos.core.aggregate.AggregationFixtures.TXN;
import static dev.kairos.core.aggregate.AggregationFixtures.USER;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kairos.api.AggregationFunction;
import dev.kairos.api.Definitions;
import dev.kairos.api.EntityKey;
import dev.kairos.api.FeatureRef;
import dev.kairos.api.FeatureView;
import dev.kairos.api.FieldStatus;
import dev.kairos.api.OnlineQuery;
import dev.kairos.api.Window;
import dev.kairos.core.aggregate.AggregationFixtures;
import dev.kairos.core.aggregate.AggregationFixtures.Ev;
import dev.kairos.core.aggregate.AggregationFixtures.EventLog;
import dev.kairos.core.aggregate.AggregationFixtures.MutableClock;
import dev.kairos.core.aggregate.AggregationLayout;
import dev.kairos.spi.OnlineStore;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * With {@code ttl_expiry}, Redis expires the aggregation state of a view without lifetime windows
 * one horizon after it was written (so never before its latest event is one horizon old), and never
 * expires state of a view with a lifetime window.
 */
class RedisAggregationExpiryIT {
  static final FeatureView BLINK =
      AggregationFixtures.view(
          "blink",
          AggregationFixtures.agg(
              AggregationFunction.COUNT, "amount", Window.of(Duration.ofSeconds(1))));
  static final Definitions DEFS =
      new Definitions(
          "shop", List.of(USER), List.of(SOURCE), List.of(TXN, RECENT, BLINK), List.of());

  final String prefix = "kairos-agg-expiry-it-" + UUID.randomUUID();
  RedisClient admin;
  StatefulRedisConnection<String, String> conn;
  OnlineStore store;

  @BeforeEach
  void open() {
    admin = RedisClient.create(OnlineStores.REDIS_URL);
    conn = admin.connect();
    store =
        OnlineStores.open(
            "redis",
            "p",
            Map.of("url", OnlineStores.REDIS_URL, "key_prefix", prefix, "ttl_expiry", "true"),
            java.time.Clock.systemUTC());
  }

  @AfterEach
  void close() {
    List<String> left = conn.sync().keys("{" + prefix + ":*");
    if (!left.isEmpty()) {
      conn.sync().del(left.toArray(new String[0]));
    }
    store.close();
    conn.close();
    admin.shutdown();
  }

  @Test
  void materialize_setsEachStateKeysExpiryToTheHorizon_onlyWithoutLifetimeWindows()
      throws Exception {
    Instant now = Instant.now();
    MutableClock clock = new MutableClock(now);
    new Materializer(
            DEFS,
            new EventLog(List.of(new Ev(1, now.minusMillis(100), null, 1, 1.0, 1, "a"))),
            store,
            new WatermarkRegistry(),
            clock)
        .materialize(BASE, now, null, ProgressListener.NONE);

    assertThat(conn.sync().pttl(key("recent"))).isBetween(25_000L, 30_000L);
    assertThat(conn.sync().pttl(key("txn"))).as("no expiry").isEqualTo(-1L);
    String blink = key("blink");
    assertThat(conn.sync().pttl(blink)).isBetween(1L, 1_000L);

    long deadline = System.nanoTime() + 5_000_000_000L;
    while (conn.sync().exists(blink) == 1 && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    FeatureView blinkState = AggregationLayout.of(BLINK, DEFS).storageView();
    assertThat(store.multiGet(blinkState, List.of(EntityKey.of(1L))).get(0)).isNull();
    clock.set(Instant.now());
    var result =
        new OnlineServingEngine(() -> DEFS, store, clock, 10)
            .get(
                new OnlineQuery(
                    List.of(
                        new FeatureRef("blink", BLINK.aggregations().get(0).name()),
                        new FeatureRef("recent", RECENT.aggregations().get(0).name())),
                    null,
                    Map.of("user_id", List.of(1L)),
                    false));
    assertThat(result.columns().get(1).statuses()).containsExactly(FieldStatus.NOT_FOUND);
    assertThat(result.columns().get(2).statuses()).containsExactly(FieldStatus.PRESENT);
  }

  /** The key of user 1's state of a view. */
  private String key(String view) {
    List<String> keys = conn.sync().keys("{" + prefix + ":p:*}:" + view + "#aggregations");
    assertThat(keys).as("state keys of " + view).hasSize(1);
    return keys.get(0);
  }
}

package dev.kairos.store.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kairos.api.EntityKey;
import dev.kairos.api.ErrorKind;
import dev.kairos.api.KairosException;
import dev.kairos.spi.OnlineRow;
import dev.kairos.spi.OnlineStore;
import dev.kairos.testkit.OnlineFixtures;
import dev.kairos.testkit.OnlineStoreContractTest;
import dev.kairos.testkit.RedisClusterProcesses;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The online store contract on a real three-primary Redis Cluster this test starts. */
class RedisClusterOnlineStoreIT extends OnlineStoreContractTest {
  static RedisClusterProcesses cluster;

  @BeforeAll
  static void startCluster() throws Exception {
    cluster = RedisClusterProcesses.start(3);
  }

  @AfterAll
  static void stopCluster() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Override
  protected OnlineStore openStore(String project) {
    return RedisOnlineStoreIT.open(
        project,
        Map.of(
            "url", cluster.url(), "cluster", "true", "key_prefix", "kairos", "timeout_ms", 10_000));
  }

  @Test
  void rowsOfManyEntities_spreadOverEveryPrimary_andReadBackInKeyOrder() throws Exception {
    Instant t = Instant.parse("2026-01-01T00:00:00Z");
    List<OnlineRow> rows = new ArrayList<>();
    List<EntityKey> keys = new ArrayList<>();
    for (long user = 1; user <= 600; user++) {
      rows.add(row(user, user * 10, t, null));
      keys.add(rows.get(rows.size() - 1).key());
    }
    store.multiPut(OnlineFixtures.SMALL, rows);

    for (int port : cluster.ports()) {
      assertThat(Long.parseLong(RedisClusterProcesses.cli(port, "dbsize").trim()))
          .as("keys on node %d", port)
          .isPositive();
    }
    List<OnlineRow> back = store.multiGet(OnlineFixtures.SMALL, keys);
    assertThat(back).hasSize(600);
    for (int i = 0; i < 600; i++) {
      assertThat(back.get(i).key()).isEqualTo(keys.get(i));
      assertThat(back.get(i).values()).containsExactly(rows.get(i).values());
    }
  }

  @Test
  void aNodeThatForgotTheScript_getsItAgain_andTheWriteLands() throws Exception {
    Instant t = Instant.parse("2026-01-01T00:00:00Z");
    store.multiPut(OnlineFixtures.SMALL, List.of(row(1, 1, t, null)));
    for (int port : cluster.ports()) { // what a restart or a failover to a fresh node does
      assertThat(RedisClusterProcesses.cli(port, "script", "flush")).contains("OK");
    }

    List<OnlineRow> rows = new ArrayList<>();
    for (long user = 1; user <= 50; user++) {
      rows.add(row(user, 2, t.plusSeconds(1), null));
    }
    store.multiPut(OnlineFixtures.SMALL, rows);

    List<OnlineRow> back =
        store.multiGet(OnlineFixtures.SMALL, rows.stream().map(OnlineRow::key).toList());
    assertThat(back).allSatisfy(r -> assertThat(r.values()).containsExactly(rows.get(0).values()));
  }

  @Test
  void multiPutIfUnchanged_acrossEveryPrimary_afterTheyForgotTheScripts_answersInRowOrder()
      throws Exception {
    Instant t = Instant.parse("2026-01-01T00:00:00Z");
    List<OnlineRow> rows = new ArrayList<>();
    List<EntityKey> keys = new ArrayList<>();
    for (long user = 1; user <= 600; user++) {
      rows.add(row(user, user, t, null));
      keys.add(EntityKey.of(user));
    }
    store.multiPut(OnlineFixtures.SMALL, rows.subList(0, 300));
    List<OnlineRow> expected = new ArrayList<>(store.multiGet(OnlineFixtures.SMALL, keys));
    for (int i = 0; i < 600; i += 2) {
      expected.set(i, expected.get(i) == null ? row(i + 1, 0, t, null) : null);
    }
    for (int port : cluster.ports()) {
      assertThat(RedisClusterProcesses.cli(port, "script", "flush")).contains("OK");
    }
    List<OnlineRow> next = new ArrayList<>();
    for (long user = 1; user <= 600; user++) {
      next.add(row(user, -user, t.plusSeconds(1), null));
    }

    List<Boolean> written = store.multiPutIfUnchanged(OnlineFixtures.SMALL, next, expected);

    List<OnlineRow> back = store.multiGet(OnlineFixtures.SMALL, keys);
    for (int i = 0; i < 600; i++) {
      boolean wanted = i % 2 == 1;
      assertThat(written.get(i)).as("row %d", i).isEqualTo(wanted);
      Long a = back.get(i) == null ? null : (Long) back.get(i).values()[0];
      Long want = wanted ? Long.valueOf(-(i + 1L)) : i < 300 ? Long.valueOf(i + 1L) : null;
      assertThat(a).as("user %d", i + 1).isEqualTo(want);
    }
  }

  @Test
  void aDatabaseNumberInUrl_isRefused_namingTheFix() {
    assertThatThrownBy(
            () ->
                RedisOnlineStoreIT.open(
                    "shop", Map.of("url", cluster.url() + "/2", "cluster", "true")))
        .isInstanceOfSatisfying(
            KairosException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(ErrorKind.USER);
              assertThat(e.getMessage())
                  .contains("url names database 2")
                  .contains("a Redis Cluster has only database 0")
                  .contains("drop the /2 from url or set cluster: false");
            });
  }

  @Test
  void aStandaloneServerConfiguredAsCluster_isUnavailable_notAHang() {
    String standalone = RedisOnlineStoreIT.URL.replaceAll("/\\d+$", "");
    assertThatThrownBy(
            () ->
                RedisOnlineStoreIT.open(
                    "shop", Map.of("url", standalone, "cluster", "true", "timeout_ms", 2_000)))
        .isInstanceOfSatisfying(
            KairosException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(ErrorKind.UNAVAILABLE);
              assertThat(e.getMessage())
                  .startsWith("cannot connect to Redis Cluster at ")
                  .endsWith("a standalone Redis (cluster_enabled:0 in INFO) needs cluster: false");
            });
  }
}

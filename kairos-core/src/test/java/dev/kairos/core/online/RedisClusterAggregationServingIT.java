package dev.kairos.core.online;

import dev.kairos.spi.OnlineStore;
import dev.kairos.testkit.RedisClusterProcesses;
import java.time.Clock;
import java.util.Map;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/** The aggregation serving contract on a three-primary Redis Cluster this test starts and stops. */
class RedisClusterAggregationServingIT extends AggregationServingContract {
  static RedisClusterProcesses cluster;

  @BeforeContainer
  static void startCluster() throws Exception {
    cluster = RedisClusterProcesses.start(3);
  }

  @AfterContainer
  static void stopCluster() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Override
  protected OnlineStore openStore() {
    return OnlineStores.open(
        "redis",
        "agg",
        Map.of(
            "url", cluster.url(), "cluster", "true", "key_prefix", "kairos", "timeout_ms", 10_000),
        Clock.systemUTC());
  }
}

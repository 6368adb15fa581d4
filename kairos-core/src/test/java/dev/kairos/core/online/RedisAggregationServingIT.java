package dev.kairos.core.online;

import dev.kairos.spi.OnlineStore;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;

/**
 * The aggregation serving contract on standalone Redis ({@code KAIROS_REDIS_URL}, by default
 * 127.0.0.1:6379), under a key prefix of its own whose keys it removes.
 */
class RedisAggregationServingIT extends AggregationServingContract {
  @Override
  protected OnlineStore openStore() {
    String prefix = "kairos-agg-it-" + UUID.randomUUID();
    return OnlineStores.open(
        "redis",
        "agg",
        Map.of("url", OnlineStores.REDIS_URL, "key_prefix", prefix, "timeout_ms", 10_000),
        Clock.systemUTC());
  }
}

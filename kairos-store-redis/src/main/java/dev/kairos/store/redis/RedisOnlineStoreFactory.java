package dev.kairos.store.redis;

import dev.kairos.api.KairosException;
import dev.kairos.spi.ConfigOption;
import dev.kairos.spi.OnlineStore;
import dev.kairos.spi.OnlineStoreFactory;
import dev.kairos.spi.StoreConfig;
import dev.kairos.spi.StoreContext;
import io.lettuce.core.RedisURI;
import java.util.Set;

/**
 * Online store in Redis: {@code online_store: {type: redis, url: redis://127.0.0.1:6379/0}}, a
 * standalone server, or with {@code cluster: true} a Redis Cluster that {@code url} names one node
 * of. Both use one key layout (one hash tag per entity).
 */
public final class RedisOnlineStoreFactory implements OnlineStoreFactory {
  public static final ConfigOption<String> URL =
      ConfigOption.optional(
              "url",
              String.class,
              "redis://127.0.0.1:6379/0",
              "Redis URI (redis:// or rediss://, optional password and database number)")
          .withRule(
              u -> u.startsWith("redis://") || u.startsWith("rediss://"),
              "a redis:// or rediss:// URI");

  public static final ConfigOption<String> KEY_PREFIX =
      ConfigOption.optional(
              "key_prefix", String.class, "kairos", "first part of every key, before the project")
          .withRule(
              p -> !p.isEmpty() && p.indexOf('{') < 0 && p.indexOf('}') < 0,
              "a non-empty text without braces");

  public static final ConfigOption<Boolean> TTL_EXPIRY =
      ConfigOption.optional(
          "ttl_expiry",
          Boolean.class,
          false,
          "let Redis expire rows one view TTL after they were written (reads judge staleness"
              + " from the event time either way)");

  public static final ConfigOption<Boolean> CLUSTER =
      ConfigOption.optional(
          "cluster",
          Boolean.class,
          false,
          "url is one node of a Redis Cluster (database 0); the client discovers the others");

  public static final ConfigOption<Integer> TIMEOUT_MS =
      ConfigOption.optional(
              "timeout_ms",
              Integer.class,
              1000,
              "connect and command timeout; an unreachable Redis fails UNAVAILABLE after it")
          .withRule(t -> t > 0, "a positive number of milliseconds");

  @Override
  public String type() {
    return "redis";
  }

  @Override
  public Set<ConfigOption<?>> options() {
    return Set.of(URL, KEY_PREFIX, TTL_EXPIRY, CLUSTER, TIMEOUT_MS);
  }

  @Override
  public OnlineStore create(StoreConfig config, StoreContext context) {
    RedisKeys keys = new RedisKeys(config.get(KEY_PREFIX), context.project());
    if (!config.get(CLUSTER)) {
      return new RedisOnlineStore(
          config.get(URL), keys, config.get(TTL_EXPIRY), config.get(TIMEOUT_MS));
    }
    RedisURI seed = RedisURI.create(config.get(URL));
    if (seed.getDatabase() != 0) {
      throw KairosException.user(
          config.section()
              + ": url names database "
              + seed.getDatabase()
              + ", but a Redis Cluster has only database 0; drop the /"
              + seed.getDatabase()
              + " from url or set cluster: false");
    }
    return new RedisClusterOnlineStore(seed, keys, config.get(TTL_EXPIRY), config.get(TIMEOUT_MS));
  }
}

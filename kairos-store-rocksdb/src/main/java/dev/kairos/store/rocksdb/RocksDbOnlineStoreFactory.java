package dev.kairos.store.rocksdb;

import dev.kairos.spi.ConfigOption;
import dev.kairos.spi.OnlineStore;
import dev.kairos.spi.OnlineStoreFactory;
import dev.kairos.spi.StoreConfig;
import dev.kairos.spi.StoreContext;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

/**
 * The embedded default online store: {@code online_store: {type: rocksdb, path: data/online}}. With
 * {@code ttl_expiry: true} a background sweep removes rows older than their view's TTL (see {@code
 * RocksDbOnlineStore}).
 */
public final class RocksDbOnlineStoreFactory implements OnlineStoreFactory {
  public static final ConfigOption<Path> PATH =
      ConfigOption.optional(
          "path",
          Path.class,
          Path.of("data/online"),
          "folder of the RocksDB database, relative to the feature repository");

  public static final ConfigOption<Boolean> TTL_EXPIRY =
      ConfigOption.optional(
          "ttl_expiry",
          Boolean.class,
          false,
          "remove rows older than their view's TTL in a background sweep (reads judge staleness"
              + " from the event time either way)");

  public static final ConfigOption<Integer> TTL_SWEEP_INTERVAL_S =
      ConfigOption.optional(
              "ttl_sweep_interval_s",
              Integer.class,
              600,
              "seconds between TTL sweeps when ttl_expiry is true (the first runs a minute after"
                  + " opening, or sooner when this is shorter)")
          .withRule(s -> s > 0, "a positive number of seconds");

  @Override
  public String type() {
    return "rocksdb";
  }

  @Override
  public Set<ConfigOption<?>> options() {
    return Set.of(PATH, TTL_EXPIRY, TTL_SWEEP_INTERVAL_S);
  }

  @Override
  public OnlineStore create(StoreConfig config, StoreContext context) {
    Duration interval = Duration.ofSeconds(config.get(TTL_SWEEP_INTERVAL_S));
    TtlExpiry expiry =
        config.get(TTL_EXPIRY)
            ? TtlExpiry.every(interval, context.clock())
            : TtlExpiry.off(context.clock());
    return new RocksDbOnlineStore(context.resolve(config.get(PATH)), context.project(), expiry);
  }
}

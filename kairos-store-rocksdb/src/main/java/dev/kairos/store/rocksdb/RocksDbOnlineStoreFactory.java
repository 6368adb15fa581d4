package dev.kairos.store.rocksdb;

import dev.kairos.spi.ConfigOption;
import dev.kairos.spi.OnlineStore;
import dev.kairos.spi.OnlineStoreFactory;
import dev.kairos.spi.StoreConfig;
import dev.kairos.spi.StoreContext;
import java.nio.file.Path;
import java.util.Set;

/** The embedded default online store: {@code online_store: {type: rocksdb, path: data/online}}. */
public final class RocksDbOnlineStoreFactory implements OnlineStoreFactory {
  public static final ConfigOption<Path> PATH =
      ConfigOption.optional(
          "path",
          Path.class,
          Path.of("data/online"),
          "folder of the RocksDB database, relative to the feature repository");

  @Override
  public String type() {
    return "rocksdb";
  }

  @Override
  public Set<ConfigOption<?>> options() {
    return Set.of(PATH);
  }

  @Override
  public OnlineStore create(StoreConfig config, StoreContext context) {
    return new RocksDbOnlineStore(context.resolve(config.get(PATH)), context.project());
  }
}

package dev.kairos.store.duckdb;

import dev.kairos.spi.ConfigOption;
import dev.kairos.spi.OfflineStore;
import dev.kairos.spi.OfflineStoreFactory;
import dev.kairos.spi.StoreConfig;
import dev.kairos.spi.StoreContext;
import java.nio.file.Path;
import java.util.Set;

/** {@code type: duckdb}: an embedded DuckDB file in the repository's data folder. */
public final class DuckDbOfflineStoreFactory implements OfflineStoreFactory {
  public static final ConfigOption<Path> PATH =
      ConfigOption.optional(
          "path",
          Path.class,
          Path.of("data/offline.duckdb"),
          "DuckDB database file, relative to the repository folder");
  public static final ConfigOption<Integer> THREADS =
      ConfigOption.optional("threads", Integer.class, 0, "DuckDB worker threads; 0 = one per core")
          .withRule(t -> t >= 0, "a whole number >= 0");
  public static final ConfigOption<String> MEMORY_LIMIT =
      ConfigOption.optional(
          "memory_limit", String.class, "", "DuckDB memory limit such as 2GB; empty = DuckDB's");

  @Override
  public String type() {
    return "duckdb";
  }

  @Override
  public Set<ConfigOption<?>> options() {
    return Set.of(PATH, THREADS, MEMORY_LIMIT);
  }

  @Override
  public OfflineStore create(StoreConfig config, StoreContext context) {
    return DuckDbOfflineStore.open(
        context.resolve(config.get(PATH)), config.get(THREADS), config.get(MEMORY_LIMIT));
  }
}

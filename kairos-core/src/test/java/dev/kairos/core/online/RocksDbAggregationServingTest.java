package dev.kairos.core.online;

import dev.kairos.spi.OnlineStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/** The aggregation serving contract on the embedded RocksDB store, in a folder of its own. */
class RocksDbAggregationServingTest extends AggregationServingContract {
  private Path dir;

  @Override
  protected OnlineStore openStore() {
    try {
      dir = Files.createTempDirectory("kairos-agg-serving");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return OnlineStores.open("rocksdb", "agg", Map.of("path", dir.toString()), Clock.systemUTC());
  }

  @Override
  protected void removeStore() {
    OnlineStores.deleteRecursively(dir);
  }
}

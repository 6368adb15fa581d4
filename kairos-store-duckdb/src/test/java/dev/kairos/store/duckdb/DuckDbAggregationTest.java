package dev.kairos.store.duckdb;

import dev.kairos.spi.OfflineStore;
import dev.kairos.testkit.AggregationContractTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import net.jqwik.api.lifecycle.AfterContainer;
import org.junit.jupiter.api.AfterAll;

class DuckDbAggregationTest extends AggregationContractTest {
  private static Path dir;
  private static DuckDbOfflineStore store;

  @Override
  protected OfflineStore store() {
    return shared();
  }

  private static synchronized OfflineStore shared() {
    if (store == null) {
      try {
        dir = Files.createTempDirectory("kairos-duckdb-agg-test");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      store = DuckDbOfflineStore.open(dir.resolve("offline.duckdb"), 2, "");
    }
    return store;
  }

  @AfterAll
  @AfterContainer
  static synchronized void closeStore() throws IOException {
    if (store != null) {
      store.close();
      store = null;
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}

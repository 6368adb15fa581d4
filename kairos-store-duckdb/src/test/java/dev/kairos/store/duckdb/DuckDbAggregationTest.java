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
        dir = Files.createTempDirectory(scratch(), "kairos-duckdb-agg-test");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      // one thread: the cases are tiny, and a second thread only waits for a busy core
      store = DuckDbOfflineStore.open(dir.resolve("offline.duckdb"), 1, "");
    }
    return store;
  }

  /**
   * A memory-backed directory when there is one: the property creates a few thousand tables, and
   * DuckDB's commits on a disk take most of its time (70 s against 25 s here).
   */
  private static Path scratch() {
    Path shm = Path.of("/dev/shm");
    return Files.isDirectory(shm) && Files.isWritable(shm)
        ? shm
        : Path.of(System.getProperty("java.io.tmpdir"));
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

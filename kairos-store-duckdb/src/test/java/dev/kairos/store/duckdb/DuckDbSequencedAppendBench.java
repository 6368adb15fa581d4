package dev.kairos.store.duckdb;

import dev.kairos.testkit.SequencedAppendBench;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Not part of the suite (no Test suffix): {@code -Dtest=DuckDbSequencedAppendBench}. */
class DuckDbSequencedAppendBench {
  @Test
  void run(@TempDir Path dir) {
    try (DuckDbOfflineStore store = DuckDbOfflineStore.open(dir.resolve("bench.duckdb"), 2, "")) {
      new SequencedAppendBench(store, System.out::println).run("bench");
    }
  }
}

package dev.kairos.store.postgres;

import dev.kairos.testkit.SequencedAppendBench;
import org.junit.jupiter.api.Test;

/** Not part of the suite (no Test or IT suffix): {@code -Dtest=PostgresSequencedAppendBench}. */
class PostgresSequencedAppendBench {
  @Test
  void run() {
    String schema = PgTestServer.uniqueSchema("kairos_bench_seq");
    try (PostgresOfflineStore store = PgTestServer.open(schema)) {
      new SequencedAppendBench(store, System.out::println).run("bench");
    } finally {
      PgTestServer.dropSchema(schema);
    }
  }
}

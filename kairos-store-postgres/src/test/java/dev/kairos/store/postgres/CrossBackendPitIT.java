package dev.kairos.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kairos.store.duckdb.DuckDbOfflineStore;
import dev.kairos.testkit.PitCase;
import dev.kairos.testkit.PitOracle;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The same random cases, run on DuckDB and on PostgreSQL, give identical training sets. */
class CrossBackendPitIT {
  @TempDir Path dir;

  @Test
  void historical_givesIdenticalResultsOnDuckDbAndPostgres_for300Cases() throws Exception {
    String schema = PgTestServer.uniqueSchema("kairos_it_cross");
    try (PostgresOfflineStore pg = PgTestServer.open(schema);
        DuckDbOfflineStore duck = DuckDbOfflineStore.open(dir.resolve("x.duckdb"), 2, "")) {
      int nonEmpty = 0;
      for (long seed = 0; seed < 300; seed++) {
        PitCase c = PitCase.random(seed, "cross_" + seed);
        c.load(pg);
        c.load(duck);
        var onPg = PitOracle.normalize(c.runOn(pg));
        assertThat(onPg).as("%s", c).isEqualTo(PitOracle.normalize(c.runOn(duck)));
        nonEmpty +=
            onPg.stream().anyMatch(r -> r.subList(4, r.size()).stream().anyMatch(v -> v != null))
                ? 1
                : 0;
      }
      assertThat(nonEmpty).as("cases where some feature matched").isGreaterThan(100);
    } finally {
      PgTestServer.dropSchema(schema);
    }
    assertThat(Files.exists(dir.resolve("x.duckdb"))).isTrue();
  }
}

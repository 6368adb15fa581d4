package dev.kairos.store.duckdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kairos.api.Source;
import dev.kairos.spi.OfflineStore;
import dev.kairos.spi.OfflineStoreFactory;
import dev.kairos.spi.Plugins;
import dev.kairos.spi.StoreConfig;
import dev.kairos.spi.StoreContext;
import dev.kairos.spi.StreamedSeq;
import dev.kairos.testkit.OfflineStoreContractTest;
import dev.kairos.testkit.PitFixtures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import net.jqwik.api.lifecycle.AfterContainer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DuckDbOfflineStoreTest extends OfflineStoreContractTest {
  private static Path dir;
  private static DuckDbOfflineStore store;

  @Override
  protected synchronized OfflineStore store() {
    return shared();
  }

  private static synchronized OfflineStore shared() {
    if (store == null) {
      try {
        dir = Files.createTempDirectory("kairos-duckdb-test");
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

  @Test
  void factory_isFoundByType_andResolvesPathAgainstRepository(@TempDir Path repo) {
    OfflineStoreFactory f = Plugins.find(OfflineStoreFactory.class, "duckdb", "offline_store");
    StoreConfig config =
        StoreConfig.validate("kairos.yaml: offline_store", Map.of("threads", 1), f.options());
    try (OfflineStore s = f.create(config, new StoreContext("demo", repo, Clock.systemUTC()))) {
      s.checkAvailable();
    }
    assertThat(repo.resolve("data/offline.duckdb")).exists();
  }

  @Test
  void appendSequenced_afterReopening_stillSkipsWhatWasWritten(@TempDir Path dir) {
    Path file = dir.resolve("reopen.duckdb");
    Source s = PitFixtures.source("reopen", PitFixtures.USER_ID, false);
    List<Object[]> rows =
        List.<Object[]>of(
            PitFixtures.row(s, 1L, PitFixtures.at(1), null, 1.0, 1L),
            PitFixtures.row(s, 1L, PitFixtures.at(2), null, 2.0, 2L));
    long[] seqs = {StreamedSeq.of(0, 5), StreamedSeq.of(0, 6)};
    try (DuckDbOfflineStore first = DuckDbOfflineStore.open(file, 1, "")) {
      assertThat(first.appendSequenced(s, rows, seqs)).isEqualTo(2);
    }
    try (DuckDbOfflineStore again = DuckDbOfflineStore.open(file, 1, "")) {
      assertThat(again.appendSequenced(s, rows.subList(1, 2), new long[] {seqs[1]})).isZero();
      assertThat(
              again.appendSequenced(
                  s,
                  List.<Object[]>of(PitFixtures.row(s, 1L, PitFixtures.at(3), null, 3.0, 3L)),
                  new long[] {StreamedSeq.of(0, 4)}))
          .isEqualTo(1);
      assertThat(again.count(s)).isEqualTo(3);
    }
  }

  @Test
  void factory_rejectsUnknownKeys_listingValidOnes() {
    OfflineStoreFactory f = Plugins.find(OfflineStoreFactory.class, "duckdb", "offline_store");
    assertThatThrownBy(
            () ->
                StoreConfig.validate("kairos.yaml: offline_store", Map.of("pth", "x"), f.options()))
        .hasMessage(
            "kairos.yaml: offline_store: unknown key 'pth'; valid keys: memory_limit, path, threads");
  }
}

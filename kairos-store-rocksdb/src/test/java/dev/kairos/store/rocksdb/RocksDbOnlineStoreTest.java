package dev.kairos.store.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kairos.api.EntityKey;
import dev.kairos.api.ErrorKind;
import dev.kairos.api.KairosException;
import dev.kairos.spi.OnlineRow;
import dev.kairos.spi.OnlineStore;
import dev.kairos.spi.OnlineStoreFactory;
import dev.kairos.spi.Plugins;
import dev.kairos.spi.StoreConfig;
import dev.kairos.spi.StoreContext;
import dev.kairos.testkit.OnlineFixtures;
import dev.kairos.testkit.OnlineStoreContractTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RocksDbOnlineStoreTest extends OnlineStoreContractTest {
  @TempDir Path repo;

  @Override
  protected OnlineStore openStore(String project) {
    OnlineStoreFactory factory = Plugins.find(OnlineStoreFactory.class, "rocksdb", "test");
    StoreConfig config = StoreConfig.validate("test", Map.of(), factory.options());
    return factory.create(config, new StoreContext(project, repo, Clock.systemUTC()));
  }

  @Test
  void factory_resolvesDefaultPathAgainstRepository() {
    assertThat(Files.isDirectory(repo.resolve("data/online"))).isTrue();
  }

  @Test
  void aClosedStore_failsCleanly_insteadOfTouchingFreedNativeMemory() {
    OnlineStore other = openStore("other");
    other.close();
    other.close();

    assertThatThrownBy(() -> other.multiGet(OnlineFixtures.SMALL, List.of(EntityKey.of(1L))))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageEndingWith(" is closed");
    assertThatThrownBy(() -> other.deleteView(OnlineFixtures.SMALL))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void rowsSurviveReopening() {
    store.multiPut(
        OnlineFixtures.SMALL,
        List.of(new OnlineRow(EntityKey.of(1L), new Object[] {1L, 2L}, OnlineFixtures.T0, null)));
    reopen("contract");

    assertThat(store.multiGet(OnlineFixtures.SMALL, List.of(EntityKey.of(1L))).get(0).values())
        .containsExactly(1L, 2L);
  }

  @Test
  void open_failsUnavailable_whenPathIsAFile() throws Exception {
    Path file = Files.writeString(repo.resolve("not-a-folder"), "x");

    assertThatThrownBy(() -> new RocksDbOnlineStore(file, "p", TtlExpiry.off(Clock.systemUTC())))
        .isInstanceOfSatisfying(
            KairosException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.UNAVAILABLE))
        .hasMessageStartingWith("cannot open the RocksDB online store at " + file);
  }
}

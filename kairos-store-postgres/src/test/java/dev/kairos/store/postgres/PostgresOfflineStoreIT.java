package dev.kairos.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kairos.spi.OfflineStore;
import dev.kairos.spi.OfflineStoreFactory;
import dev.kairos.spi.Plugins;
import dev.kairos.spi.StoreConfig;
import dev.kairos.spi.StoreContext;
import dev.kairos.testkit.OfflineStoreContractTest;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import net.jqwik.api.lifecycle.AfterContainer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class PostgresOfflineStoreIT extends OfflineStoreContractTest {
  private static String schema;
  private static PostgresOfflineStore store;

  @Override
  protected OfflineStore store() {
    return shared();
  }

  private static synchronized OfflineStore shared() {
    if (store == null) {
      schema = PgTestServer.uniqueSchema("kairos_it_offline");
      store = PgTestServer.open(schema);
    }
    return store;
  }

  @AfterAll
  @AfterContainer
  static synchronized void closeStore() {
    if (store != null) {
      store.close();
      store = null;
      PgTestServer.dropSchema(schema);
    }
  }

  @Test
  void factory_usesSchemaNamedAfterProject_byDefault() {
    OfflineStoreFactory f = Plugins.find(OfflineStoreFactory.class, "postgres", "offline_store");
    StoreConfig config =
        StoreConfig.validate(
            "kairos.yaml: offline_store", Map.of("url", PgTestServer.url()), f.options());
    String project = "It Offline " + ProcessHandle.current().pid();
    try (OfflineStore s =
        f.create(config, new StoreContext(project, Path.of("."), Clock.systemUTC()))) {
      s.checkAvailable();
    } finally {
      PgTestServer.dropSchema(PostgresOfflineStoreFactory.defaultSchema(project));
    }
    assertThat(PostgresOfflineStoreFactory.defaultSchema("My-Shop")).isEqualTo("kairos_my_shop");
  }
}

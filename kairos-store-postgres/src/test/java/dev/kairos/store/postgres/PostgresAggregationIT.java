package dev.kairos.store.postgres;

import dev.kairos.spi.OfflineStore;
import dev.kairos.testkit.AggregationContractTest;
import net.jqwik.api.lifecycle.AfterContainer;
import org.junit.jupiter.api.AfterAll;

class PostgresAggregationIT extends AggregationContractTest {
  private static String schema;
  private static PostgresOfflineStore store;

  @Override
  protected OfflineStore store() {
    return shared();
  }

  private static synchronized OfflineStore shared() {
    if (store == null) {
      schema = PgTestServer.uniqueSchema("kairos_it_agg");
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
}

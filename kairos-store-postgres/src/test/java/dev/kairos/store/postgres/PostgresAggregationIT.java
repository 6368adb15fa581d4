package dev.kairos.store.postgres;

import dev.kairos.spi.OfflineStore;
import dev.kairos.testkit.AggregationContractTest;
import net.jqwik.api.lifecycle.AfterContainer;
import org.junit.jupiter.api.AfterAll;

/**
 * The aggregation contract on PostgreSQL, in one join session (PostgresOfflineStoreIT deals rows
 * out).
 */
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
      String url = PgTestServer.url();
      // Thousands of small appends: commits need not wait for the disk in a test.
      url += (url.contains("?") ? "&" : "?") + "options=-c%20synchronous_commit%3Doff";
      store = PostgresOfflineStore.open(url, "postgres", "", schema, 4, 1);
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

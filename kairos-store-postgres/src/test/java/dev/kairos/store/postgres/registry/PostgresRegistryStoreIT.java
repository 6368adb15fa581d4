package dev.kairos.store.postgres.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kairos.api.ErrorKind;
import dev.kairos.api.KairosException;
import dev.kairos.spi.Plugins;
import dev.kairos.spi.RegistryStore;
import dev.kairos.spi.RegistryStoreFactory;
import dev.kairos.spi.StoreConfig;
import dev.kairos.spi.StoreContext;
import dev.kairos.testkit.RegistryStoreContractTest;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Runs the registry contract against a real PostgreSQL, in a schema of its own per test. */
class PostgresRegistryStoreIT extends RegistryStoreContractTest {
  static final String URL =
      System.getenv().getOrDefault("KAIROS_PG_URL", "jdbc:postgresql://127.0.0.1:5432/postgres");
  private final String schema =
      "kairos_it_registry_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

  @Override
  protected RegistryStore createStore() {
    return PostgresRegistryStore.open(URL, "postgres", "", schema);
  }

  @Override
  protected RegistryStore openAgain() {
    return PostgresRegistryStore.open(URL, "postgres", "", schema);
  }

  @AfterEach
  void dropSchema() throws Exception {
    try (Connection c = DriverManager.getConnection(URL, "postgres", "");
        Statement s = c.createStatement()) {
      s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }
  }

  @Test
  void factory_isFoundByType_andDefaultsTheSchemaToTheProject() throws Exception {
    RegistryStoreFactory f =
        Plugins.find(RegistryStoreFactory.class, "postgres", "kairos.yaml registry");
    StoreConfig config =
        StoreConfig.validate(
            "kairos.yaml registry", Map.of("url", URL, "schema", schema), f.options());
    try (RegistryStore s =
        f.create(config, new StoreContext("fraud", Path.of("/repo"), Clock.systemUTC()))) {
      s.put("ns", "k", "v");
    }
    try (Connection c = DriverManager.getConnection(URL, "postgres", "");
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT value FROM " + schema + ".registry_metadata")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1)).isEqualTo("v");
    }
    assertThat(PostgresRegistryStoreFactory.defaultSchema("Fraud-1")).isEqualTo("kairos_fraud_1");
    assertThat(config.masked(f.options())).containsEntry("password", "******");
  }

  @Test
  void unreachableDatabase_isUnavailable() {
    assertThatThrownBy(
            () ->
                PostgresRegistryStore.open(
                    "jdbc:postgresql://127.0.0.1:1/postgres", "postgres", "", schema))
        .isInstanceOf(KairosException.class)
        .hasMessageStartingWith(
            "PostgreSQL registry at jdbc:postgresql://127.0.0.1:1/postgres is unavailable: ")
        .hasMessageEndingWith("; start PostgreSQL or fix registry.url in kairos.yaml")
        .extracting(e -> ((KairosException) e).kind())
        .isEqualTo(ErrorKind.UNAVAILABLE);
  }

  @Test
  void invalidSchemaName_isAUserError() {
    assertThatThrownBy(() -> PostgresRegistryStore.open(URL, "postgres", "", "bad-schema; drop"))
        .hasMessage(
            "invalid registry schema 'bad-schema; drop'; use lower-case letters, digits and underscores (at most 63)");
  }
}

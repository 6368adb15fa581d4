package dev.kairos.store.postgres.registry;

import dev.kairos.spi.ConfigOption;
import dev.kairos.spi.RegistryStore;
import dev.kairos.spi.RegistryStoreFactory;
import dev.kairos.spi.StoreConfig;
import dev.kairos.spi.StoreContext;
import java.util.Locale;
import java.util.Set;

/**
 * {@code registry: {type: postgres, url: …, user: …, password: …, schema: …}}: a registry shared by
 * every machine that can reach the database.
 */
public final class PostgresRegistryStoreFactory implements RegistryStoreFactory {
  public static final ConfigOption<String> URL =
      ConfigOption.optional(
          "url",
          String.class,
          "jdbc:postgresql://127.0.0.1:5432/postgres",
          "JDBC URL of the database");
  public static final ConfigOption<String> USER =
      ConfigOption.optional("user", String.class, "postgres", "database user");
  public static final ConfigOption<String> PASSWORD =
      ConfigOption.optional("password", String.class, "", "database password; use ${ENV_VAR}")
          .asSecret();
  public static final ConfigOption<String> SCHEMA =
      ConfigOption.optional(
          "schema", String.class, "", "schema of the registry tables; default kairos_<project>");

  @Override
  public String type() {
    return "postgres";
  }

  @Override
  public Set<ConfigOption<?>> options() {
    return Set.of(URL, USER, PASSWORD, SCHEMA);
  }

  @Override
  public RegistryStore create(StoreConfig config, StoreContext context) {
    String schema = config.get(SCHEMA);
    if (schema.isEmpty()) {
      schema = defaultSchema(context.project());
    }
    return PostgresRegistryStore.open(
        config.get(URL), config.get(USER), config.get(PASSWORD), schema);
  }

  /** {@code kairos_<project>}, lower-cased, other characters replaced by {@code _}. */
  public static String defaultSchema(String project) {
    return "kairos_" + project.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
  }
}

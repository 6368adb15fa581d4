package dev.kairos.store.postgres;

import dev.kairos.api.KairosException;
import dev.kairos.spi.ConfigOption;
import dev.kairos.spi.OfflineStore;
import dev.kairos.spi.OfflineStoreFactory;
import dev.kairos.spi.StoreConfig;
import dev.kairos.spi.StoreContext;
import java.util.Locale;
import java.util.Set;

/** {@code type: postgres}: source tables in a PostgreSQL schema of their own per project. */
public final class PostgresOfflineStoreFactory implements OfflineStoreFactory {
  public static final ConfigOption<String> URL =
      ConfigOption.optional(
          "url", String.class, "jdbc:postgresql://127.0.0.1:5432/postgres", "JDBC URL");
  public static final ConfigOption<String> USER =
      ConfigOption.optional("user", String.class, "postgres", "database user");
  public static final ConfigOption<String> PASSWORD =
      ConfigOption.optional("password", String.class, "", "database password").asSecret();
  public static final ConfigOption<String> SCHEMA =
      ConfigOption.optional(
          "schema", String.class, "", "schema holding the tables; empty = kairos_<project>");
  public static final ConfigOption<Integer> POOL_SIZE =
      ConfigOption.optional("pool_size", Integer.class, 4, "maximum pooled connections")
          .withRule(n -> n > 0, "a positive whole number");
  public static final ConfigOption<Integer> JOIN_SESSIONS =
      ConfigOption.optional(
              "join_sessions",
              Integer.class,
              2,
              "sessions one point-in-time join runs in, each joining a share of the entity rows"
                  + " on a core of the server; at most pool_size")
          .withRule(n -> n > 0, "a positive whole number");

  @Override
  public String type() {
    return "postgres";
  }

  @Override
  public Set<ConfigOption<?>> options() {
    return Set.of(URL, USER, PASSWORD, SCHEMA, POOL_SIZE, JOIN_SESSIONS);
  }

  @Override
  public OfflineStore create(StoreConfig config, StoreContext context) {
    String schema = config.get(SCHEMA);
    if (schema.isEmpty()) {
      schema = defaultSchema(context.project());
    }
    int poolSize = config.get(POOL_SIZE);
    int sessions = config.get(JOIN_SESSIONS);
    if (sessions > poolSize) {
      throw KairosException.user(
          config.section()
              + ": join_sessions ("
              + sessions
              + ") is more than pool_size ("
              + poolSize
              + "); raise pool_size or lower join_sessions");
    }
    return PostgresOfflineStore.open(
        config.get(URL), config.get(USER), config.get(PASSWORD), schema, poolSize, sessions);
  }

  /**
   * {@code kairos_<project>}, lower case, other characters than letters and digits as {@code _}.
   */
  static String defaultSchema(String project) {
    return "kairos_" + project.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "_");
  }
}

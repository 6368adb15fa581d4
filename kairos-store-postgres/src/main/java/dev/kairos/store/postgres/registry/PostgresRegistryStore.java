package dev.kairos.store.postgres.registry;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.kairos.api.ErrorKind;
import dev.kairos.api.KairosException;
import dev.kairos.spi.RegistryStore;
import dev.kairos.store.postgres.PgPool;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A registry in PostgreSQL tables of one schema per project. A commit runs in one transaction that
 * locks the single {@code registry_head} row ({@code SELECT … FOR UPDATE}) before comparing
 * versions, so concurrent commits from any number of processes serialize and all but one get
 * CONFLICT; the primary key on {@code version} backs this up. Times are kept to the microsecond.
 */
public final class PostgresRegistryStore implements RegistryStore {
  private static final Pattern SCHEMA = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
  private final HikariDataSource pool;
  private final String schema;
  private final String url;

  private PostgresRegistryStore(HikariDataSource pool, String schema, String url) {
    this.pool = pool;
    this.schema = schema;
    this.url = url;
  }

  /**
   * Connects and creates the schema and tables when missing.
   *
   * @throws KairosException USER for an invalid schema name; UNAVAILABLE when PostgreSQL cannot be
   *     reached
   */
  public static PostgresRegistryStore open(
      String url, String user, String password, String schema) {
    if (!SCHEMA.matcher(schema).matches()) {
      throw KairosException.user(
          "invalid registry schema '"
              + schema
              + "'; use lower-case letters, digits and underscores (at most 63)");
    }
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url);
    config.setUsername(user);
    config.setPassword(password);
    config.setMaximumPoolSize(4);
    config.setMinimumIdle(0);
    config.setPoolName("kairos-registry-" + schema);
    HikariDataSource pool =
        PgPool.open(
            config,
            "PostgreSQL registry at " + url + " is unavailable",
            "start PostgreSQL or fix registry.url in kairos.yaml");
    PostgresRegistryStore store = new PostgresRegistryStore(pool, schema, url);
    try {
      store.createTables();
    } catch (RuntimeException e) {
      pool.close();
      throw e;
    }
    return store;
  }

  /** The schema holding this registry's tables. */
  public String schema() {
    return schema;
  }

  private void createTables() {
    tx(
        c -> {
          try (Statement s = c.createStatement()) {
            // Serializes first-time creation by concurrent processes; IF NOT EXISTS alone can race.
            s.execute("SELECT pg_advisory_xact_lock(hashtext('kairos_registry_" + schema + "'))");
            s.execute("CREATE SCHEMA IF NOT EXISTS " + schema);
            s.execute(
                "CREATE TABLE IF NOT EXISTS "
                    + schema
                    + ".registry_versions (version BIGINT PRIMARY KEY,"
                    + " applied_at TIMESTAMPTZ NOT NULL, summary TEXT NOT NULL, content TEXT NOT NULL)");
            s.execute(
                "CREATE TABLE IF NOT EXISTS "
                    + schema
                    + ".registry_head"
                    + " (id INT PRIMARY KEY CHECK (id = 1), version BIGINT NOT NULL)");
            s.execute(
                "INSERT INTO " + schema + ".registry_head VALUES (1, 0) ON CONFLICT DO NOTHING");
            s.execute(
                "CREATE TABLE IF NOT EXISTS "
                    + schema
                    + ".registry_metadata (namespace TEXT NOT NULL,"
                    + " key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (namespace, key))");
          }
          return null;
        });
  }

  @Override
  public Optional<RegistryVersion> latest() {
    List<RegistryVersion> v = select(" ORDER BY version DESC LIMIT 1");
    return v.isEmpty() ? Optional.empty() : Optional.of(v.get(0));
  }

  @Override
  public List<RegistryVersion> history() {
    return select(" ORDER BY version");
  }

  private List<RegistryVersion> select(String tail) {
    return tx(
        c -> {
          List<RegistryVersion> out = new ArrayList<>();
          try (Statement s = c.createStatement();
              ResultSet rs =
                  s.executeQuery(
                      "SELECT version, applied_at, content, summary FROM "
                          + schema
                          + ".registry_versions"
                          + tail)) {
            while (rs.next()) {
              out.add(
                  new RegistryVersion(
                      rs.getLong(1),
                      rs.getObject(2, OffsetDateTime.class).toInstant(),
                      rs.getString(3),
                      rs.getString(4)));
            }
          }
          return out;
        });
  }

  @Override
  public RegistryVersion commit(long expectedLatest, String content, String summary, Instant at) {
    RegistryVersion v =
        new RegistryVersion(
            expectedLatest + 1, at.truncatedTo(ChronoUnit.MICROS), content, summary);
    return tx(
        c -> {
          long latest;
          try (Statement s = c.createStatement();
              ResultSet rs =
                  s.executeQuery(
                      "SELECT version FROM " + schema + ".registry_head WHERE id = 1 FOR UPDATE")) {
            rs.next();
            latest = rs.getLong(1);
          }
          if (latest != expectedLatest) {
            throw new KairosException(
                ErrorKind.CONFLICT,
                "registry changed concurrently: expected latest version "
                    + expectedLatest
                    + " but it is "
                    + latest
                    + "; plan again and retry");
          }
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO " + schema + ".registry_versions VALUES (?, ?, ?, ?)")) {
            ps.setLong(1, v.version());
            ps.setObject(2, OffsetDateTime.ofInstant(v.appliedAt(), ZoneOffset.UTC));
            ps.setString(3, summary);
            ps.setString(4, content);
            ps.executeUpdate();
          }
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE " + schema + ".registry_head SET version = ? WHERE id = 1")) {
            ps.setLong(1, v.version());
            ps.executeUpdate();
          }
          return v;
        });
  }

  @Override
  public Optional<String> get(String namespace, String key) {
    return tx(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT value FROM "
                      + schema
                      + ".registry_metadata WHERE namespace = ? AND key = ?")) {
            ps.setString(1, namespace);
            ps.setString(2, key);
            try (ResultSet rs = ps.executeQuery()) {
              return rs.next() ? Optional.of(rs.getString(1)) : Optional.<String>empty();
            }
          }
        });
  }

  @Override
  public void put(String namespace, String key, String value) {
    tx(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO "
                      + schema
                      + ".registry_metadata VALUES (?, ?, ?)"
                      + " ON CONFLICT (namespace, key) DO UPDATE SET value = EXCLUDED.value")) {
            ps.setString(1, namespace);
            ps.setString(2, key);
            ps.setString(3, value);
            ps.executeUpdate();
          }
          return null;
        });
  }

  @Override
  public boolean putIfAbsent(String namespace, String key, String value) {
    return tx(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO "
                      + schema
                      + ".registry_metadata VALUES (?, ?, ?) ON CONFLICT (namespace, key) DO NOTHING")) {
            ps.setString(1, namespace);
            ps.setString(2, key);
            ps.setString(3, value);
            return ps.executeUpdate() == 1;
          }
        });
  }

  @Override
  public Map<String, String> list(String namespace) {
    return tx(
        c -> {
          Map<String, String> out = new TreeMap<>();
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT key, value FROM " + schema + ".registry_metadata WHERE namespace = ?")) {
            ps.setString(1, namespace);
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                out.put(rs.getString(1), rs.getString(2));
              }
            }
          }
          return out;
        });
  }

  @Override
  public void close() {
    pool.close();
  }

  private interface Work<T> {
    T run(Connection c) throws SQLException;
  }

  /** Runs {@code work} in one transaction, rolled back on any failure. */
  private <T> T tx(Work<T> work) {
    try (Connection c = pool.getConnection()) {
      c.setAutoCommit(false);
      try {
        T result = work.run(c);
        c.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw translate(e);
    }
  }

  private KairosException translate(SQLException e) {
    String state = e.getSQLState() == null ? "" : e.getSQLState();
    if (state.equals("23505")) {
      // A commit that slipped past the head row lock still cannot duplicate a version.
      return new KairosException(
          ErrorKind.CONFLICT, "registry changed concurrently; plan again and retry", e);
    }
    if (state.startsWith("08") || state.isEmpty()) {
      return KairosException.unavailable(
          "PostgreSQL registry at "
              + url
              + " is unavailable: "
              + String.valueOf(e.getMessage()).replaceFirst("\\.$", "")
              + "; start PostgreSQL or fix registry.url in kairos.yaml",
          e);
    }
    return KairosException.internal(
        "PostgreSQL registry in schema " + schema + " failed: " + e.getMessage(), e);
  }
}

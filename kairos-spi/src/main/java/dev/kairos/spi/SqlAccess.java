package dev.kairos.spi;

import dev.kairos.api.Source;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * SQL-level access to an {@link OfflineStore} whose engine speaks SQL, for features that build
 * their own tables or views over source tables (analytics). Obtained from {@link
 * OfflineStore#sql()}.
 *
 * <p>Identifiers: every method returning a name returns it already quoted for the dialect. Callers
 * must build SQL only from these names and from identifiers of validated definitions or
 * configuration, quoted with {@link #quote}; values from users go in as bind parameters.
 */
public interface SqlAccess {
  /** The SQL dialect: {@code "duckdb"} or {@code "postgresql"}. */
  String dialect();

  /**
   * Runs {@code work} on a connection of the store and returns its result. The connection is in
   * auto-commit mode; {@code work} may start transactions but must end them (commit or roll back)
   * and restore auto-commit before returning. The connection is released (closed or returned to its
   * pool) afterwards: never keep it.
   *
   * <p>DuckDB: a duplicate of the store's embedded connection, so several may run at once in one
   * process. PostgreSQL: a connection from the store's pool.
   *
   * @throws SQLException whatever {@code work} or getting the connection throws, unchanged; the
   *     caller classifies it (SQL state class {@code 08} means the database is unreachable)
   */
  <T> T withConnection(SqlWork<T> work) throws SQLException;

  /** The qualified, quoted name of a source's table, such as {@code "kairos_fraud"."orders"}. */
  String table(Source source);

  /**
   * The qualified, quoted name of a table Kairos itself owns (not a source's), in the schema that
   * holds the source tables, such as {@code "kairos_fraud"."prediction_log"}.
   */
  String ownedTable(String name);

  /**
   * The quoted name of the schema where Kairos-owned objects for {@code purpose} go, such as {@code
   * "analytics"} (DuckDB) or {@code "kairos_fraud_analytics"} (PostgreSQL: the store's schema with
   * {@code _purpose} appended). The schema may not exist yet: create it with {@code CREATE SCHEMA
   * IF NOT EXISTS}.
   *
   * @param purpose lower-case letters, digits and underscores
   */
  String schema(String purpose);

  /** Quotes an identifier for the dialect: {@code "name"}, with inner quotes doubled. */
  default String quote(String identifier) {
    return '"' + identifier.replace("\"", "\"\"") + '"';
  }

  /** Work run on a connection by {@link #withConnection}. */
  @FunctionalInterface
  interface SqlWork<T> {
    T run(Connection connection) throws SQLException;
  }
}

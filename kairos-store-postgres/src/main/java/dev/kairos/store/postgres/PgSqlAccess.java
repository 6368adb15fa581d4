package dev.kairos.store.postgres;

import static dev.kairos.store.postgres.PgValues.quote;

import com.zaxxer.hikari.HikariDataSource;
import dev.kairos.api.Source;
import dev.kairos.spi.SqlAccess;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * {@link SqlAccess} to the offline store's PostgreSQL: source tables and Kairos-owned tables live
 * in the project's schema, each purpose gets the schema {@code <project schema>_<purpose>}, and
 * work runs on a connection of the store's pool.
 */
final class PgSqlAccess implements SqlAccess {
  private final HikariDataSource pool;
  private final String schema;

  PgSqlAccess(HikariDataSource pool, String schema) {
    this.pool = pool;
    this.schema = schema;
  }

  @Override
  public String dialect() {
    return "postgresql";
  }

  @Override
  public <T> T withConnection(SqlWork<T> work) throws SQLException {
    try (Connection c = pool.getConnection()) {
      return work.run(c);
    }
  }

  @Override
  public String table(Source source) {
    return quote(schema) + "." + quote(source.table());
  }

  @Override
  public String ownedTable(String name) {
    return quote(schema) + "." + quote(name);
  }

  @Override
  public String schema(String purpose) {
    return quote(schema + "_" + purpose);
  }
}

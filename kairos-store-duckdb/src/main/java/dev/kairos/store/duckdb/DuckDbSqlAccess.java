package dev.kairos.store.duckdb;

import static dev.kairos.store.duckdb.DuckDbValues.quote;

import dev.kairos.api.Source;
import dev.kairos.spi.SqlAccess;
import java.sql.Connection;
import java.sql.SQLException;
import org.duckdb.DuckDBConnection;

/**
 * {@link SqlAccess} to the embedded DuckDB file: source tables and Kairos-owned tables live in
 * schema {@code main}, each purpose gets a schema of its own name in the same file, and work runs
 * on a duplicate of the store's connection (DuckDB lets only one process open the file).
 */
final class DuckDbSqlAccess implements SqlAccess {
  private final DuckDBConnection connection;

  DuckDbSqlAccess(DuckDBConnection connection) {
    this.connection = connection;
  }

  @Override
  public String dialect() {
    return "duckdb";
  }

  @Override
  public <T> T withConnection(SqlWork<T> work) throws SQLException {
    try (Connection c = connection.duplicate()) {
      return work.run(c);
    }
  }

  @Override
  public String table(Source source) {
    return quote(source.table());
  }

  @Override
  public String ownedTable(String name) {
    return quote(name);
  }

  @Override
  public String schema(String purpose) {
    return quote(purpose);
  }
}

package dev.kairos.core.io;

import dev.kairos.api.ErrorKind;
import dev.kairos.api.Field;
import dev.kairos.api.KairosException;
import dev.kairos.api.ValueType;
import dev.kairos.core.io.ParquetReader.DuckDb;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * Buffers rows in an in-memory DuckDB table and exports it with {@code COPY ... (FORMAT parquet)}.
 */
final class ParquetWriter implements TabularWriter {
  private final Path file;
  private final Connection connection;
  private final DuckDBAppender appender;
  private final List<Field> columns;
  private long rows;

  private ParquetWriter(
      Path file, Connection connection, DuckDBAppender appender, List<Field> cols) {
    this.file = file;
    this.connection = connection;
    this.appender = appender;
    this.columns = List.copyOf(cols);
  }

  static ParquetWriter create(Path file, List<Field> columns) {
    Connection c = null;
    try {
      c = DuckDb.memory();
      StringBuilder ddl = new StringBuilder("CREATE TABLE out_rows (");
      for (int i = 0; i < columns.size(); i++) {
        ddl.append(i > 0 ? ", " : "")
            .append(quoteIdent(columns.get(i).name()))
            .append(' ')
            .append(sqlType(columns.get(i).type()));
      }
      try (Statement s = c.createStatement()) {
        s.execute(ddl.append(')').toString());
      }
      DuckDBAppender a = c.unwrap(DuckDBConnection.class).createAppender("out_rows");
      return new ParquetWriter(file, c, a, columns);
    } catch (SQLException e) {
      DuckDb.closeQuietly(c);
      throw new KairosException(
          ErrorKind.INTERNAL, file + ": cannot prepare Parquet output: " + DuckDb.firstLine(e), e);
    }
  }

  /** The DuckDB column type holding a value type. */
  static String sqlType(ValueType type) {
    if (type.isList()) {
      return sqlType(type.elementType()) + "[]";
    }
    return switch (type) {
      case INT32 -> "INTEGER";
      case INT64 -> "BIGINT";
      case FLOAT -> "FLOAT";
      case DOUBLE -> "DOUBLE";
      case STRING -> "VARCHAR";
      case BOOL -> "BOOLEAN";
      case BYTES -> "BLOB";
      case TIMESTAMP -> "TIMESTAMP";
      default -> throw new IllegalArgumentException("no SQL type for " + type);
    };
  }

  static String quoteIdent(String name) {
    return '"' + name.replace("\"", "\"\"") + '"';
  }

  @Override
  public void write(Object[] row) {
    try {
      appender.beginRow();
      for (int i = 0; i < row.length; i++) {
        appendValue(row[i], columns.get(i).type());
      }
      appender.endRow();
      rows++;
    } catch (SQLException e) {
      throw new KairosException(
          ErrorKind.INTERNAL, file + ": cannot write row " + (rows + 1) + ": " + e.getMessage(), e);
    }
  }

  private void appendValue(Object v, ValueType type) throws SQLException {
    if (v == null) {
      appender.appendNull();
      return;
    }
    switch (type) {
      case INT32 -> appender.append(((Number) v).intValue());
      case INT64 -> appender.append(((Number) v).longValue());
      case FLOAT -> appender.append(((Number) v).floatValue());
      case DOUBLE -> appender.append(((Number) v).doubleValue());
      case BOOL -> appender.append(((Boolean) v).booleanValue());
      case BYTES -> appender.append((byte[]) v);
      case TIMESTAMP -> appender.appendEpochMicros(micros((java.time.Instant) v));
      case STRING -> appender.append(v.toString());
      default -> appender.append(listForAppender((List<?>) v, type.elementType()));
    }
  }

  private static List<?> listForAppender(List<?> list, ValueType element) {
    if (element != ValueType.TIMESTAMP) {
      return list;
    }
    return list.stream()
        .map(
            o ->
                o == null
                    ? null
                    : java.time.LocalDateTime.ofInstant(
                        (java.time.Instant) o, java.time.ZoneOffset.UTC))
        .toList();
  }

  static long micros(java.time.Instant t) {
    return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1000);
  }

  @Override
  public long rows() {
    return rows;
  }

  @Override
  public void close() {
    try {
      appender.close();
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      try (Statement s = connection.createStatement()) {
        s.execute("COPY out_rows TO " + DuckDb.literal(file) + " (FORMAT parquet)");
      }
    } catch (SQLException | java.io.IOException e) {
      throw new KairosException(
          ErrorKind.USER, file + ": cannot write Parquet: " + e.getMessage(), e);
    } finally {
      DuckDb.closeQuietly(connection);
    }
  }
}

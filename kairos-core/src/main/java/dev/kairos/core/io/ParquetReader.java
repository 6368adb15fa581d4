package dev.kairos.core.io;

import dev.kairos.api.ErrorKind;
import dev.kairos.api.KairosException;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Blob;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;

/** Streams a Parquet file through an in-memory DuckDB ({@code read_parquet}). */
final class ParquetReader implements TabularReader {
  private final Path file;
  private final String fileName;
  private final Connection connection;
  private final Statement statement;
  private final ResultSet rows;
  private final List<String> header;
  private final String[] typeNames;
  private long row;

  private ParquetReader(Path file, Connection connection, Statement statement, ResultSet rows)
      throws SQLException {
    this.file = file;
    this.fileName = file.getFileName().toString();
    this.connection = connection;
    this.statement = statement;
    this.rows = rows;
    ResultSetMetaData meta = rows.getMetaData();
    List<String> names = new ArrayList<>();
    typeNames = new String[meta.getColumnCount()];
    for (int i = 1; i <= meta.getColumnCount(); i++) {
      names.add(meta.getColumnName(i));
      typeNames[i - 1] = meta.getColumnTypeName(i);
    }
    this.header = List.copyOf(names);
  }

  static ParquetReader open(Path file) {
    Connection c = null;
    try {
      c = DuckDb.memory();
      Statement s = c.createStatement();
      ResultSet rs = s.executeQuery("SELECT * FROM read_parquet(" + DuckDb.literal(file) + ")");
      return new ParquetReader(file, c, s, rs);
    } catch (SQLException e) {
      DuckDb.closeQuietly(c);
      throw new KairosException(
          ErrorKind.USER,
          file.getFileName() + ": cannot read as Parquet: " + DuckDb.firstLine(e),
          e);
    }
  }

  @Override
  public Path file() {
    return file;
  }

  @Override
  public List<String> header() {
    return header;
  }

  @Override
  public TabularRecord next() {
    try {
      if (!rows.next()) {
        return null;
      }
      row++;
      List<Object> values = new ArrayList<>(typeNames.length);
      for (int i = 0; i < typeNames.length; i++) {
        values.add(value(i + 1, typeNames[i]));
      }
      return new TabularRecord(fileName + ": row ", row, values);
    } catch (SQLException e) {
      throw new KairosException(
          ErrorKind.USER,
          fileName + ": row " + (row + 1) + ": cannot read: " + DuckDb.firstLine(e),
          e);
    }
  }

  private Object value(int column, String typeName) throws SQLException {
    if (typeName.equals("TIMESTAMP WITH TIME ZONE")) {
      OffsetDateTime t = rows.getObject(column, OffsetDateTime.class);
      return t == null ? null : t.toInstant();
    }
    if (typeName.startsWith("TIMESTAMP") && !typeName.endsWith("[]")) {
      LocalDateTime t = rows.getObject(column, LocalDateTime.class);
      return t == null ? null : t.toInstant(ZoneOffset.UTC);
    }
    return plain(rows.getObject(column));
  }

  private static Object plain(Object v) throws SQLException {
    if (v instanceof Array a) {
      Object[] items = (Object[]) a.getArray();
      List<Object> out = new ArrayList<>(items.length);
      for (Object item : items) {
        out.add(plain(item));
      }
      return out;
    }
    if (v instanceof Blob b) {
      return b.getBytes(1, (int) b.length());
    }
    if (v instanceof Timestamp t) {
      return t.toLocalDateTime().toInstant(ZoneOffset.UTC);
    }
    if (v instanceof LocalDateTime t) {
      return t.toInstant(ZoneOffset.UTC);
    }
    if (v instanceof OffsetDateTime t) {
      return t.toInstant();
    }
    if (v instanceof java.sql.Date d) {
      return d.toLocalDate();
    }
    if (v instanceof byte[] b) {
      return Arrays.copyOf(b, b.length);
    }
    return v;
  }

  @Override
  public void close() {
    DuckDb.closeQuietly(rows);
    DuckDb.closeQuietly(statement);
    DuckDb.closeQuietly(connection);
  }

  /** Small helpers shared by the DuckDB-backed reader and writer. */
  static final class DuckDb {
    private DuckDb() {}

    static Connection memory() throws SQLException {
      Properties p = new Properties();
      p.setProperty("jdbc_stream_results", "true");
      return DriverManager.getConnection("jdbc:duckdb:", p);
    }

    static String literal(Path file) {
      return "'" + file.toAbsolutePath().toString().replace("'", "''") + "'";
    }

    static String firstLine(SQLException e) {
      String m = String.valueOf(e.getMessage());
      int nl = m.indexOf('\n');
      return nl < 0 ? m : m.substring(0, nl);
    }

    static void closeQuietly(AutoCloseable c) {
      if (c == null) {
        return;
      }
      try {
        c.close();
      } catch (Exception e) {
        // Closing after a failure: the original error is the one worth reporting.
      }
    }
  }
}

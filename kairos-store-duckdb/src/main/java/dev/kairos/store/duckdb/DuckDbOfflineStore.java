package dev.kairos.store.duckdb;

import static dev.kairos.store.duckdb.DuckDbValues.quote;

import dev.kairos.api.ErrorKind;
import dev.kairos.api.Field;
import dev.kairos.api.KairosException;
import dev.kairos.api.Source;
import dev.kairos.spi.EventQuery;
import dev.kairos.spi.EventRow;
import dev.kairos.spi.HistoricalQuery;
import dev.kairos.spi.LatestQuery;
import dev.kairos.spi.OfflineStore;
import dev.kairos.spi.OnlineRow;
import dev.kairos.spi.SqlAccess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.function.Consumer;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * An {@link OfflineStore} in one embedded DuckDB file. Each source is a table named after {@link
 * Source#table()}, with the source's fields plus the hidden ingestion sequence {@value #SEQ}.
 * Point-in-time joins run as DuckDB {@code ASOF JOIN}s (see {@link DuckDbHistorical}).
 *
 * <p>Writes are serialized by this instance; reads use their own duplicated connection each, so
 * they run concurrently. DuckDB allows one process to open a file for writing; within it, one
 * instance per file must do the writing, because {@link #appendSequenced} remembers which streamed
 * sequences it committed.
 */
public final class DuckDbOfflineStore implements OfflineStore {
  /**
   * The hidden ingestion sequence column: the row ingested last has the greatest value. {@link
   * #append} continues from the greatest value below {@link #STREAMED_SEQ_BASE}.
   */
  static final String SEQ = "_kairos_seq";

  private final Path path;
  private final DuckDBConnection connection;
  private final StreamedSeqs streamed = new StreamedSeqs(SEQ); // guarded by this

  private DuckDbOfflineStore(Path path, DuckDBConnection connection) {
    this.path = path;
    this.connection = connection;
  }

  /**
   * Opens (creating when missing) a DuckDB file.
   *
   * @param threads DuckDB worker threads, 0 for DuckDB's default (one per core)
   * @param memoryLimit such as {@code 2GB}, empty for DuckDB's default
   * @throws KairosException UNAVAILABLE when the file cannot be opened (for example it is locked by
   *     another process)
   */
  public static DuckDbOfflineStore open(Path path, int threads, String memoryLimit) {
    try {
      Path parent = path.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Properties props = new Properties();
      if (threads > 0) {
        props.setProperty("threads", Integer.toString(threads));
      }
      if (!memoryLimit.isEmpty()) {
        props.setProperty("memory_limit", memoryLimit);
      }
      Connection c = DriverManager.getConnection("jdbc:duckdb:" + path.toAbsolutePath(), props);
      return new DuckDbOfflineStore(path, c.unwrap(DuckDBConnection.class));
    } catch (SQLException | java.io.IOException e) {
      throw KairosException.unavailable(
          "offline store: cannot open DuckDB file " + path + ": " + e.getMessage() + hint(e), e);
    }
  }

  /** The end of the error when another process holds the file: what to do about it. */
  public static final String LOCKED =
      "; one process at a time may open an embedded DuckDB store: stop the other one (a running"
          + " 'kairos serve' or 'kairos stream'?) and run this again, or use PostgreSQL"
          + " (offline_store: {type: postgres}) to share the offline store between processes";

  static String hint(Exception e) {
    String m = String.valueOf(e.getMessage());
    return m.contains("Could not set lock") || m.contains("Conflicting lock") ? LOCKED : "";
  }

  @Override
  public synchronized void ensureTable(Source source) {
    try (Statement s = connection.createStatement()) {
      s.execute(createTableSql(source));
    } catch (SQLException e) {
      throw failure("cannot create table '" + source.table() + "'", e);
    }
  }

  private static String createTableSql(Source source) {
    StringBuilder sql =
        new StringBuilder("CREATE TABLE IF NOT EXISTS ").append(quote(source.table())).append(" (");
    for (Field f : source.fields()) {
      sql.append(quote(f.name())).append(' ').append(DuckDbValues.sqlType(f.type())).append(", ");
    }
    return sql.append(SEQ).append(" BIGINT NOT NULL)").toString();
  }

  @Override
  public synchronized long append(Source source, Iterator<Object[]> rows) {
    ensureTable(source);
    long written = 0;
    try {
      connection.setAutoCommit(false);
      long seq = maxSeq(source);
      try (DuckDBAppender a = connection.createAppender(source.table())) {
        while (rows.hasNext()) {
          appendRow(a, source, rows.next(), ++seq, written + 1);
          written++;
        }
      }
      connection.commit();
      return written;
    } catch (SQLException | RuntimeException e) {
      rollback();
      if (e instanceof KairosException k) {
        throw k;
      }
      throw failure("cannot append to '" + source.table() + "'; nothing was written", e);
    } finally {
      autoCommit();
    }
  }

  /**
   * {@inheritDoc}
   *
   * <p>DuckDB: sequences above the greatest one this instance knows per partition are new; the
   * others are looked up (see {@link StreamedSeqs}); then the new rows go through the appender, all
   * in one transaction. Writes are serialized by this instance, so nothing can slip in between.
   */
  @Override
  public synchronized long appendSequenced(Source source, List<Object[]> rows, long[] seqs) {
    OfflineStore.checkSequenced(rows, seqs);
    if (rows.isEmpty()) {
      return 0;
    }
    ensureTable(source);
    long written = 0;
    try {
      connection.setAutoCommit(false);
      Set<Long> present = streamed.present(connection, quote(source.table()), seqs);
      try (DuckDBAppender a = connection.createAppender(source.table())) {
        for (int i = 0; i < seqs.length; i++) {
          if (present.add(seqs[i])) {
            appendRow(a, source, rows.get(i), seqs[i], i + 1);
            written++;
          }
        }
      }
      connection.commit();
      streamed.committed(quote(source.table()), seqs);
      return written;
    } catch (SQLException | RuntimeException e) {
      rollback();
      streamed.forget(quote(source.table()));
      if (e instanceof KairosException k) {
        throw k;
      }
      throw failure("cannot append to '" + source.table() + "'; nothing was written", e);
    } finally {
      autoCommit();
    }
  }

  private static void appendRow(
      DuckDBAppender a, Source source, Object[] row, long seq, long rowNumber) throws SQLException {
    List<Field> fields = source.fields();
    if (row.length != fields.size()) {
      throw KairosException.user(
          "row "
              + rowNumber
              + " has "
              + row.length
              + " values but source '"
              + source.name()
              + "' has "
              + fields.size()
              + " fields");
    }
    a.beginRow();
    for (int i = 0; i < row.length; i++) {
      appendField(a, row[i], fields.get(i), rowNumber);
    }
    a.append(seq);
    a.endRow();
  }

  private static void appendField(DuckDBAppender a, Object v, Field f, long rowNumber)
      throws SQLException {
    try {
      DuckDbValues.append(a, v, f.type());
    } catch (ClassCastException e) {
      throw new KairosException(
          ErrorKind.USER,
          "row "
              + rowNumber
              + ": field '"
              + f.name()
              + "' holds a "
              + v.getClass().getSimpleName()
              + ", not a "
              + f.type(),
          e);
    }
  }

  private long maxSeq(Source source) throws SQLException {
    try (Statement s = connection.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT coalesce(max("
                    + SEQ
                    + "), 0) FROM "
                    + quote(source.table())
                    + " WHERE "
                    + SEQ
                    + " < "
                    + STREAMED_SEQ_BASE)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private void rollback() {
    try {
      connection.rollback();
    } catch (SQLException e) {
      // The append already failed; that failure is the one reported.
    }
  }

  private void autoCommit() {
    try {
      connection.setAutoCommit(true);
    } catch (SQLException e) {
      throw failure("cannot reset auto-commit", e);
    }
  }

  @Override
  public long count(Source source) {
    try (Connection c = connection.duplicate();
        Statement s = c.createStatement()) {
      if (!exists(c, source.table())) {
        return 0;
      }
      try (ResultSet rs = s.executeQuery("SELECT count(*) FROM " + quote(source.table()))) {
        rs.next();
        return rs.getLong(1);
      }
    } catch (SQLException e) {
      throw failure("cannot count rows of '" + source.table() + "'", e);
    }
  }

  static boolean exists(Connection c, String table) throws SQLException {
    try (var ps =
        c.prepareStatement(
            "SELECT count(*) FROM information_schema.tables WHERE table_name = ?"
                + " AND table_schema = 'main'")) {
      ps.setString(1, table);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1) > 0;
      }
    }
  }

  @Override
  public void historical(
      HistoricalQuery query, Iterator<Object[]> entityRows, Consumer<Object[]> out) {
    query.views().forEach(v -> ensureTable(v.source()));
    try (DuckDBConnection c = (DuckDBConnection) connection.duplicate()) {
      new DuckDbHistorical(c, query).run(entityRows, out);
    } catch (SQLException e) {
      throw failure("point-in-time join failed", e);
    }
  }

  @Override
  public void latest(LatestQuery query, int batchSize, Consumer<List<OnlineRow>> out) {
    ensureTable(query.source());
    try (DuckDBConnection c = (DuckDBConnection) connection.duplicate()) {
      DuckDbLatest.run(c, query, batchSize, out);
    } catch (SQLException e) {
      throw failure("latest-per-key query on '" + query.source().table() + "' failed", e);
    }
  }

  @Override
  public void events(EventQuery query, int batchSize, Consumer<List<EventRow>> out) {
    ensureTable(query.source());
    try (DuckDBConnection c = (DuckDBConnection) connection.duplicate()) {
      DuckDbEvents.run(c, query, batchSize, out);
    } catch (SQLException e) {
      throw failure("event query on '" + query.source().table() + "' failed", e);
    }
  }

  @Override
  public Optional<SqlAccess> sql() {
    return Optional.of(new DuckDbSqlAccess(connection));
  }

  @Override
  public void checkAvailable() {
    try (Statement s = connection.createStatement()) {
      s.execute("SELECT 1");
    } catch (SQLException e) {
      throw KairosException.unavailable("offline store: DuckDB file " + path + " is unusable", e);
    }
  }

  private KairosException failure(String what, Exception e) {
    return KairosException.internal(
        "offline store (DuckDB " + path.getFileName() + "): " + what + ": " + e.getMessage(), e);
  }

  @Override
  public synchronized void close() {
    try {
      connection.close();
    } catch (SQLException e) {
      throw failure("cannot close", e);
    }
  }
}

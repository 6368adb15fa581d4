package dev.kairos.store.postgres;

import static dev.kairos.store.postgres.PgValues.quote;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
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
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Consumer;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * An {@link OfflineStore} in PostgreSQL: one schema per project, one table per source with the
 * hidden ingestion sequence {@value #SEQ} ({@code bigserial}, so a later {@code COPY} gets greater
 * values). Rows are loaded with {@code COPY}; point-in-time joins are {@code LATERAL} top-1 lookups
 * served by an index on {@code (join keys, event_ts DESC, created_ts DESC, seq DESC)} that is
 * created the first time a view's keys are queried (a source does not know its views' keys when its
 * table is created).
 */
public final class PostgresOfflineStore implements OfflineStore {
  static final String SEQ = "_kairos_seq";

  private final HikariDataSource pool;
  private final String schema;
  private final String where;
  private final int joinSessions;
  // Held while taking a join's sessions, so that two joins never wait for each other's last one.
  private final Object sessionsLock = new Object();

  private PostgresOfflineStore(
      HikariDataSource pool, String schema, String where, int joinSessions) {
    this.pool = pool;
    this.schema = schema;
    this.where = where;
    this.joinSessions = joinSessions;
  }

  /**
   * Connects and creates the schema when missing. A point-in-time join runs in {@code joinSessions}
   * sessions at once, at most {@code poolSize}.
   *
   * @throws KairosException UNAVAILABLE when the server cannot be reached
   */
  public static PostgresOfflineStore open(
      String url, String user, String password, String schema, int poolSize, int joinSessions) {
    if (joinSessions < 1 || joinSessions > poolSize) {
      throw new IllegalArgumentException(
          "joinSessions must be within 1.." + poolSize + ", got " + joinSessions);
    }
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url);
    config.setUsername(user);
    config.setPassword(password);
    config.setMaximumPoolSize(poolSize);
    config.setPoolName("kairos-offline");
    HikariDataSource pool =
        PgPool.open(
            config,
            "offline store: cannot reach PostgreSQL at " + url,
            "start PostgreSQL or fix offline_store.url in kairos.yaml");
    PostgresOfflineStore store = new PostgresOfflineStore(pool, schema, url, joinSessions);
    try (Connection c = pool.getConnection();
        Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA IF NOT EXISTS " + quote(schema));
    } catch (SQLException e) {
      pool.close();
      throw KairosException.unavailable(
          "offline store: cannot reach PostgreSQL at " + url + ": " + e.getMessage(), e);
    }
    return store;
  }

  String table(Source source) {
    return quote(schema) + "." + quote(source.table());
  }

  @Override
  public void ensureTable(Source source) {
    try (Connection c = pool.getConnection();
        Statement s = c.createStatement()) {
      s.execute(createTableSql(source));
    } catch (SQLException e) {
      throw failure("cannot create table '" + source.table() + "'", e);
    }
  }

  private String createTableSql(Source source) {
    StringBuilder sql = new StringBuilder("CREATE TABLE IF NOT EXISTS ").append(table(source));
    sql.append(" (");
    for (Field f : source.fields()) {
      sql.append(quote(f.name())).append(' ').append(PgValues.sqlType(f.type())).append(", ");
    }
    return sql.append(SEQ).append(" bigserial NOT NULL)").toString();
  }

  /** Creates the point-in-time index for these join keys when missing. */
  void ensureIndex(Connection c, Source source, List<String> joinKeys) throws SQLException {
    StringBuilder cols = new StringBuilder();
    for (String k : joinKeys) {
      cols.append(quote(k)).append(", ");
    }
    cols.append(quote(source.timestampField())).append(" DESC, ");
    source.createdTimestamp().ifPresent(cr -> cols.append(quote(cr)).append(" DESC NULLS LAST, "));
    cols.append(SEQ).append(" DESC");
    String name = "kairos_pit_" + Integer.toHexString((source.table() + "|" + cols).hashCode());
    try (Statement s = c.createStatement()) {
      s.execute(
          "CREATE INDEX IF NOT EXISTS " + quote(name) + " ON " + table(source) + " (" + cols + ")");
    }
  }

  @Override
  public synchronized long append(Source source, Iterator<Object[]> rows) {
    ensureTable(source);
    StringBuilder cols = new StringBuilder();
    for (Field f : source.fields()) {
      cols.append(cols.length() > 0 ? ", " : "").append(quote(f.name()));
    }
    String sql = "COPY " + table(source) + " (" + cols + ") FROM STDIN (FORMAT csv)";
    try (Connection c = pool.getConnection()) {
      c.setAutoCommit(false);
      try {
        long n = copy(c, sql, source, rows);
        c.commit();
        return n;
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw failure("cannot append to '" + source.table() + "'; nothing was written", e);
    }
  }

  private static long copy(Connection c, String sql, Source source, Iterator<Object[]> rows)
      throws SQLException {
    CopyIn in = c.unwrap(PGConnection.class).getCopyAPI().copyIn(sql);
    List<Field> fields = source.fields();
    StringBuilder buf = new StringBuilder(1 << 16);
    long n = 0;
    try {
      while (rows.hasNext()) {
        Object[] row = rows.next();
        n++;
        if (row.length != fields.size()) {
          throw KairosException.user(
              "row "
                  + n
                  + " has "
                  + row.length
                  + " values but source '"
                  + source.name()
                  + "' has "
                  + fields.size()
                  + " fields");
        }
        for (int i = 0; i < row.length; i++) {
          if (i > 0) {
            buf.append(',');
          }
          appendField(buf, row[i], fields.get(i), n);
        }
        buf.append('\n');
        if (buf.length() >= 1 << 16) {
          write(in, buf);
        }
      }
      write(in, buf);
      in.endCopy();
      return n;
    } finally {
      if (in.isActive()) {
        in.cancelCopy();
      }
    }
  }

  private static void appendField(StringBuilder buf, Object v, Field f, long rowNumber) {
    try {
      PgValues.appendCsv(buf, v, f.type());
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

  private static void write(CopyIn in, StringBuilder buf) throws SQLException {
    byte[] bytes = buf.toString().getBytes(StandardCharsets.UTF_8);
    in.writeToCopy(bytes, 0, bytes.length);
    buf.setLength(0);
  }

  @Override
  public long count(Source source) {
    try (Connection c = pool.getConnection();
        PreparedStatement ps = c.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
      ps.setString(1, table(source));
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        if (!rs.getBoolean(1)) {
          return 0;
        }
      }
      try (Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table(source))) {
        rs.next();
        return rs.getLong(1);
      }
    } catch (SQLException e) {
      throw failure("cannot count rows of '" + source.table() + "'", e);
    }
  }

  @Override
  public void historical(
      HistoricalQuery query, Iterator<Object[]> entityRows, Consumer<Object[]> out) {
    query.views().forEach(v -> ensureTable(v.source()));
    List<Connection> sessions = new ArrayList<>(joinSessions);
    try {
      synchronized (sessionsLock) {
        for (int i = 0; i < joinSessions; i++) {
          sessions.add(pool.getConnection());
        }
      }
      for (HistoricalQuery.ViewInput v : query.views()) {
        ensureIndex(sessions.get(0), v.source(), v.joinKeys());
      }
      for (Connection c : sessions) {
        c.setAutoCommit(false);
      }
      try {
        new PgHistorical(this, sessions, query).run(entityRows, out);
        for (Connection c : sessions) {
          c.commit(); // read only: drops the session's temporary table
        }
      } catch (SQLException | RuntimeException e) {
        for (Connection c : sessions) {
          c.rollback();
        }
        throw e;
      }
    } catch (SQLException e) {
      throw failure("point-in-time join failed", e);
    } finally {
      release(sessions);
    }
  }

  private static void release(List<Connection> sessions) {
    for (Connection c : sessions) {
      try (c) {
        c.setAutoCommit(true);
      } catch (SQLException ignored) { // a broken connection: the pool replaces it
      }
    }
  }

  @Override
  public void events(EventQuery query, int batchSize, Consumer<List<EventRow>> out) {
    ensureTable(query.source());
    try (Connection c = pool.getConnection()) {
      ensureIndex(c, query.source(), query.joinKeys());
      c.setAutoCommit(false);
      try {
        PgEvents.run(this, c, query, batchSize, out);
        c.commit();
      } finally {
        c.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw failure("event query on '" + query.source().table() + "' failed", e);
    }
  }

  @Override
  public void latest(LatestQuery query, int batchSize, Consumer<List<OnlineRow>> out) {
    ensureTable(query.source());
    try (Connection c = pool.getConnection()) {
      ensureIndex(c, query.source(), query.joinKeys());
      c.setAutoCommit(false);
      try {
        PgLatest.run(this, c, query, batchSize, out);
        c.commit();
      } finally {
        c.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw failure("latest-per-key query on '" + query.source().table() + "' failed", e);
    }
  }

  @Override
  public void checkAvailable() {
    try (Connection c = pool.getConnection();
        Statement s = c.createStatement()) {
      s.execute("SELECT 1");
    } catch (SQLException e) {
      throw KairosException.unavailable(
          "offline store: PostgreSQL at " + where + " is unavailable: " + e.getMessage(), e);
    }
  }

  private KairosException failure(String what, SQLException e) {
    String state = e.getSQLState();
    if (state != null && state.startsWith("08")) {
      return KairosException.unavailable(
          "offline store (PostgreSQL " + where + "): " + what + ": " + e.getMessage(), e);
    }
    return KairosException.internal(
        "offline store (PostgreSQL schema " + schema + "): " + what + ": " + e.getMessage(), e);
  }

  @Override
  public void close() {
    pool.close();
  }
}

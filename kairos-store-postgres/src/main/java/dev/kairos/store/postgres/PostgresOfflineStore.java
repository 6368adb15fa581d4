package dev.kairos.store.postgres;

import static dev.kairos.store.postgres.PgValues.quote;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
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
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * An {@link OfflineStore} in PostgreSQL: one schema per project, one table per source with the
 * hidden ingestion sequence {@value #SEQ} ({@code bigserial}, so a later {@code COPY} gets greater
 * values; it counts from 1 and would need 2^62 rows to reach {@link #STREAMED_SEQ_BASE}, where the
 * caller-given sequences of {@link #appendSequenced} start). Rows are loaded with {@code COPY};
 * point-in-time joins are {@code LATERAL} top-1 lookups served by an index on {@code (join keys,
 * event_ts DESC, created_ts DESC, seq DESC)} that is created the first time a view's keys are
 * queried (a source does not know its views' keys when its table is created).
 */
public final class PostgresOfflineStore implements OfflineStore {
  static final String SEQ = "_kairos_seq";
  private static final String UNIQUE_VIOLATION = "23505";
  private static final String DEADLOCK = "40P01";

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
    try (Connection c = pool.getConnection()) {
      PgDdl.run(c, schema, "CREATE SCHEMA IF NOT EXISTS " + quote(schema));
    } catch (SQLException e) {
      pool.close();
      throw store.failure("cannot create schema '" + schema + "'", e);
    }
    return store;
  }

  String table(Source source) {
    return quote(schema) + "." + quote(source.table());
  }

  /**
   * {@inheritDoc}
   *
   * <p>Also creates the unique partial index on streamed sequences ({@code >= STREAMED_SEQ_BASE})
   * that guards {@link #appendSequenced}, on tables created before it existed too. Rows of {@link
   * #append} are not in it, so it costs bulk loads nothing but the predicate.
   */
  @Override
  public void ensureTable(Source source) {
    try (Connection c = pool.getConnection()) {
      if (!PgDdl.exists(c, table(source))) {
        PgDdl.run(c, schema, createTableSql(source));
      }
      ensureStreamedIndex(c, source);
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

  private String streamedIndex(Source source) {
    return "kairos_streamed_" + Integer.toHexString(source.table().hashCode());
  }

  /**
   * Creates the streamed-sequence index when missing. The catalog is asked first, because even
   * {@code CREATE INDEX IF NOT EXISTS} takes a lock that waits for every running write.
   */
  private void ensureStreamedIndex(Connection c, Source source) throws SQLException {
    if (PgDdl.exists(c, quote(schema) + "." + quote(streamedIndex(source)))) {
      return;
    }
    PgDdl.run(
        c,
        schema,
        "CREATE UNIQUE INDEX IF NOT EXISTS "
            + quote(streamedIndex(source))
            + " ON "
            + table(source)
            + " ("
            + SEQ
            + ") WHERE "
            + SEQ
            + " >= "
            + STREAMED_SEQ_BASE);
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
    if (!PgDdl.exists(c, quote(schema) + "." + quote(name))) {
      PgDdl.run(
          c,
          schema,
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
        long n = PgCopy.copy(c, sql, source, rows, null, null);
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

  /**
   * {@inheritDoc}
   *
   * <p>PostgreSQL: one transaction looks up which sequences the table already holds (through the
   * unique partial index on streamed sequences) and {@code COPY}s the others with their sequences.
   * Should another process commit one of them in between, the index rejects the copy (or, when the
   * two wait for each other's rows, PostgreSQL breaks the deadlock) and the whole call runs once
   * more, then skipping those rows.
   */
  @Override
  public synchronized long appendSequenced(Source source, List<Object[]> rows, long[] seqs) {
    OfflineStore.checkSequenced(rows, seqs);
    if (rows.isEmpty()) {
      return 0;
    }
    ensureTable(source);
    StringBuilder cols = new StringBuilder();
    for (Field f : source.fields()) {
      cols.append(quote(f.name())).append(", ");
    }
    String sql = "COPY " + table(source) + " (" + cols + SEQ + ") FROM STDIN (FORMAT csv)";
    try {
      return appendSequenced(source, sql, rows, seqs);
    } catch (SQLException e) {
      if (!UNIQUE_VIOLATION.equals(e.getSQLState()) && !DEADLOCK.equals(e.getSQLState())) {
        throw failure("cannot append to '" + source.table() + "'; nothing was written", e);
      }
      try {
        return appendSequenced(source, sql, rows, seqs);
      } catch (SQLException again) {
        throw failure("cannot append to '" + source.table() + "'; nothing was written", again);
      }
    }
  }

  private long appendSequenced(Source source, String sql, List<Object[]> rows, long[] seqs)
      throws SQLException {
    try (Connection c = pool.getConnection()) {
      c.setAutoCommit(false);
      try {
        Set<Long> skip = PgCopy.present(c, table(source), seqs);
        List<Object[]> fresh = new ArrayList<>(rows.size());
        long[] freshSeqs = new long[seqs.length];
        int[] numbers = new int[seqs.length];
        for (int i = 0; i < seqs.length; i++) {
          if (skip.add(seqs[i])) {
            freshSeqs[fresh.size()] = seqs[i];
            numbers[fresh.size()] = i + 1;
            fresh.add(rows.get(i));
          }
        }
        long n =
            fresh.isEmpty() ? 0 : PgCopy.copy(c, sql, source, fresh.iterator(), freshSeqs, numbers);
        c.commit();
        return n;
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
    }
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
  public Optional<SqlAccess> sql() {
    return Optional.of(new PgSqlAccess(pool, schema));
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

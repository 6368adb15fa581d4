package dev.kairos.store.postgres;

import static dev.kairos.store.postgres.PgValues.quote;
import static dev.kairos.store.postgres.PostgresOfflineStore.SEQ;

import dev.kairos.api.Field;
import dev.kairos.api.KairosException;
import dev.kairos.api.ValueType;
import dev.kairos.spi.HistoricalQuery;
import dev.kairos.spi.HistoricalQuery.Output;
import dev.kairos.spi.HistoricalQuery.ViewInput;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Iterator;
import java.util.List;
import java.util.function.Consumer;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * One point-in-time join over one or more sessions, each inside a transaction: entity rows are
 * dealt round robin into a temporary table per session with their input position, each view is a
 * {@code LEFT JOIN LATERAL (... ORDER BY event_ts DESC, created_ts DESC NULLS LAST, seq DESC LIMIT
 * 1)}, every session's result is read with a cursor in position order on a thread of its own, and
 * the rows are handed back round robin, i.e. in input order.
 *
 * <p>Several sessions because PostgreSQL runs this join on one core per session: a {@code LATERAL}
 * subquery with {@code LIMIT} is never given to parallel workers (and temporary tables cannot be).
 *
 * <p>Windowed aggregations are one more {@code LATERAL} per view, from {@link PgAggregations}; a
 * view with only aggregation outputs has no point-in-time subquery.
 */
final class PgHistorical {
  private static final String ENTITIES = "kairos_entities";

  private final PostgresOfflineStore store;
  private final List<Connection> sessions;
  private final HistoricalQuery q;
  private final List<Field> columns;
  private final int tsColumn;
  private final PgAggregations aggregations;

  PgHistorical(PostgresOfflineStore store, List<Connection> sessions, HistoricalQuery q) {
    if (sessions.isEmpty()) {
      throw new IllegalArgumentException("a point-in-time join needs at least one session");
    }
    this.store = store;
    this.sessions = sessions;
    this.q = q;
    this.columns = q.entityColumns();
    this.tsColumn = column(HistoricalQuery.EVENT_TIMESTAMP, "the entity rows");
    this.aggregations = new PgAggregations(q, this::column, tsColumn);
  }

  private int column(String name, String forWhat) {
    for (int i = 0; i < columns.size(); i++) {
      if (columns.get(i).name().equals(name)) {
        return i;
      }
    }
    throw KairosException.user("entity rows have no column '" + name + "', needed by " + forWhat);
  }

  void run(Iterator<Object[]> entityRows, Consumer<Object[]> out) throws SQLException {
    String sql = sql();
    long rows = upload(entityRows);
    int k = sessions.size();
    if (k == 1) {
      read(sessions.get(0), sql, out, null);
      return;
    }
    try (ShardReader shards = new ShardReader("kairos-pg-historical", k)) {
      for (Connection c : sessions) {
        shards.start(sink -> read(c, sql, sink, shards));
      }
      for (long r = 0; r < rows; r++) {
        out.accept(shards.next((int) (r % k)));
      }
    }
  }

  /** Streams one session's result, registering its statement's cancel with the shard reader. */
  private void read(Connection c, String sql, Consumer<Object[]> out, ShardReader shards)
      throws SQLException {
    try (Statement s = c.createStatement()) {
      if (shards != null) {
        shards.onClose(() -> cancel(s));
      }
      s.setFetchSize(10_000);
      try (ResultSet rs = s.executeQuery(sql)) {
        int width = columns.size() + q.outputs().size();
        while (rs.next()) {
          Object[] row = new Object[width];
          for (int i = 0; i < columns.size(); i++) {
            row[i] = PgValues.read(rs, i + 1, columns.get(i).type());
          }
          for (int j = 0; j < q.outputs().size(); j++) {
            row[columns.size() + j] =
                PgValues.read(rs, columns.size() + j + 1, outputType(q.outputs().get(j)));
          }
          out.accept(row);
        }
      }
    }
  }

  private static void cancel(Statement s) {
    try {
      s.cancel();
    } catch (SQLException ignored) { // the session is rolled back and closed next anyway
    }
  }

  private ValueType outputType(Output o) {
    ViewInput v = q.views().get(o.viewIndex());
    if (aggregations.of(o) != null) {
      return aggregations.of(o).type();
    }
    return v.source()
        .field(o.feature())
        .orElseThrow(
            () ->
                KairosException.user(
                    "source '"
                        + v.source().name()
                        + "' has no column for feature '"
                        + o.feature()
                        + "' of view '"
                        + v.view().name()
                        + "'"))
        .type();
  }

  /** Deals the rows round robin into each session's temporary table; returns how many. */
  private long upload(Iterator<Object[]> rows) throws SQLException {
    StringBuilder ddl = new StringBuilder("CREATE TEMP TABLE " + ENTITIES + " (_row bigint");
    for (int i = 0; i < columns.size(); i++) {
      ddl.append(", c").append(i).append(' ').append(PgValues.sqlType(columns.get(i).type()));
    }
    ddl.append(") ON COMMIT DROP");
    int k = sessions.size();
    CopyIn[] ins = new CopyIn[k];
    StringBuilder[] bufs = new StringBuilder[k];
    try {
      for (int i = 0; i < k; i++) {
        Connection c = sessions.get(i);
        try (Statement s = c.createStatement()) {
          s.execute(ddl.toString());
        }
        ins[i] =
            c.unwrap(PGConnection.class)
                .getCopyAPI()
                .copyIn("COPY " + ENTITIES + " FROM STDIN (FORMAT csv)");
        bufs[i] = new StringBuilder(1 << 16);
      }
      long n = copy(rows, ins, bufs);
      for (int i = 0; i < k; i++) {
        flush(ins[i], bufs[i]);
        ins[i].endCopy();
      }
      for (Connection c : sessions) {
        try (Statement s = c.createStatement()) {
          s.execute("ANALYZE " + ENTITIES);
        }
      }
      return n;
    } finally {
      for (CopyIn in : ins) {
        if (in != null && in.isActive()) {
          in.cancelCopy();
        }
      }
    }
  }

  private long copy(Iterator<Object[]> rows, CopyIn[] ins, StringBuilder[] bufs)
      throws SQLException {
    long n = 0;
    while (rows.hasNext()) {
      Object[] row = rows.next();
      int shard = (int) (n % ins.length);
      StringBuilder buf = bufs[shard];
      buf.append(n++);
      for (int i = 0; i < columns.size(); i++) {
        buf.append(',');
        try {
          PgValues.appendCsv(buf, row[i], columns.get(i).type());
        } catch (ClassCastException e) {
          throw q.notOfColumnType(n, i, e);
        }
      }
      buf.append('\n');
      if (buf.length() >= 1 << 16) {
        flush(ins[shard], buf);
      }
    }
    return n;
  }

  private static void flush(CopyIn in, StringBuilder buf) throws SQLException {
    byte[] bytes = buf.toString().getBytes(StandardCharsets.UTF_8);
    in.writeToCopy(bytes, 0, bytes.length);
    buf.setLength(0);
  }

  String sql() {
    StringBuilder sql = new StringBuilder("SELECT ");
    for (int i = 0; i < columns.size(); i++) {
      sql.append(i > 0 ? ", " : "").append("e.c").append(i);
    }
    for (int j = 0; j < q.outputs().size(); j++) {
      Output o = q.outputs().get(j);
      sql.append(", ");
      if (aggregations.of(o) != null) {
        sql.append(aggregations.value(j));
      } else {
        sql.append('l').append(o.viewIndex()).append(".o").append(j);
      }
    }
    sql.append(" FROM ").append(ENTITIES).append(" e");
    for (int v = 0; v < q.views().size(); v++) {
      if (hasPlain(v)) {
        sql.append(" LEFT JOIN LATERAL (").append(view(v)).append(") l").append(v);
        sql.append(" ON true");
      }
      if (aggregations.hasAny(v)) {
        sql.append(" LEFT JOIN LATERAL (")
            .append(aggregations.lateral(v, store.table(q.views().get(v).source())))
            .append(") a")
            .append(v)
            .append(" ON true");
      }
    }
    return sql.append(" ORDER BY e._row").toString();
  }

  private boolean hasPlain(int v) {
    for (Output o : q.outputs()) {
      if (o.viewIndex() == v && aggregations.of(o) == null) {
        return true;
      }
    }
    return false;
  }

  private String view(int v) {
    ViewInput in = q.views().get(v);
    String ts = "s." + quote(in.source().timestampField());
    String created = in.source().createdTimestamp().map(cr -> "s." + quote(cr)).orElse(null);
    String t = "e.c" + tsColumn;
    StringBuilder sql = new StringBuilder("SELECT 1 AS _one");
    for (int j = 0; j < q.outputs().size(); j++) {
      Output o = q.outputs().get(j);
      if (o.viewIndex() == v && aggregations.of(o) == null) {
        outputType(o);
        sql.append(", s.").append(quote(o.feature())).append(" AS o").append(j);
      }
    }
    sql.append(" FROM ").append(store.table(in.source())).append(" s WHERE ");
    for (String k : in.joinKeys()) {
      int col = column(k, "view '" + in.view().name() + "'");
      sql.append("s.").append(quote(k)).append(" = e.c").append(col).append(" AND ");
    }
    sql.append(ts).append(" <= ").append(t);
    if (!in.view().ttl().isZero()) {
      sql.append(" AND ")
          .append(ts)
          .append(" >= ")
          .append(t)
          .append(" - ")
          .append(PgValues.micros(in.view().ttl()))
          .append(" * interval '1 microsecond'");
    }
    if (q.asOfCreated() && created != null) {
      sql.append(" AND (")
          .append(created)
          .append(" IS NULL OR ")
          .append(created)
          .append(" <= ")
          .append(t)
          .append(')');
    }
    sql.append(" ORDER BY ").append(ts).append(" DESC, ");
    if (created != null) {
      sql.append(created).append(" DESC NULLS LAST, ");
    }
    return sql.append("s.").append(SEQ).append(" DESC LIMIT 1").toString();
  }
}

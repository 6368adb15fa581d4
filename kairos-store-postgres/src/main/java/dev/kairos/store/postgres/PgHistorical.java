package dev.kairos.store.postgres;

import static dev.kairos.store.postgres.PgValues.quote;
import static dev.kairos.store.postgres.PostgresOfflineStore.SEQ;

import dev.kairos.api.ErrorKind;
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
 * One point-in-time join inside a transaction: entity rows are copied into a temporary table with
 * their input position, each view is a {@code LEFT JOIN LATERAL (... ORDER BY event_ts DESC,
 * created_ts DESC NULLS LAST, seq DESC LIMIT 1)}, and the result is read with a cursor in input
 * order.
 */
final class PgHistorical {
  private static final String ENTITIES = "kairos_entities";

  private final PostgresOfflineStore store;
  private final Connection c;
  private final HistoricalQuery q;
  private final List<Field> columns;
  private final int tsColumn;

  PgHistorical(PostgresOfflineStore store, Connection c, HistoricalQuery q) {
    this.store = store;
    this.c = c;
    this.q = q;
    this.columns = q.entityColumns();
    this.tsColumn = column(HistoricalQuery.EVENT_TIMESTAMP, "the entity rows");
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
    upload(entityRows);
    try (Statement s = c.createStatement()) {
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

  private ValueType outputType(Output o) {
    ViewInput v = q.views().get(o.viewIndex());
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

  private void upload(Iterator<Object[]> rows) throws SQLException {
    StringBuilder ddl = new StringBuilder("CREATE TEMP TABLE " + ENTITIES + " (_row bigint");
    for (int i = 0; i < columns.size(); i++) {
      ddl.append(", c").append(i).append(' ').append(PgValues.sqlType(columns.get(i).type()));
    }
    try (Statement s = c.createStatement()) {
      s.execute(ddl.append(") ON COMMIT DROP").toString());
    }
    CopyIn in =
        c.unwrap(PGConnection.class)
            .getCopyAPI()
            .copyIn("COPY " + ENTITIES + " FROM STDIN (FORMAT csv)");
    StringBuilder buf = new StringBuilder(1 << 16);
    long n = 0;
    try {
      while (rows.hasNext()) {
        Object[] row = rows.next();
        buf.append(n++);
        for (int i = 0; i < columns.size(); i++) {
          buf.append(',');
          try {
            PgValues.appendCsv(buf, row[i], columns.get(i).type());
          } catch (ClassCastException e) {
            throw new KairosException(
                ErrorKind.USER,
                "entity row "
                    + n
                    + ": column '"
                    + columns.get(i).name()
                    + "' is not a "
                    + columns.get(i).type(),
                e);
          }
        }
        buf.append('\n');
        if (buf.length() >= 1 << 16) {
          flush(in, buf);
        }
      }
      flush(in, buf);
      in.endCopy();
    } finally {
      if (in.isActive()) {
        in.cancelCopy();
      }
    }
    try (Statement s = c.createStatement()) {
      s.execute("ANALYZE " + ENTITIES);
    }
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
      sql.append(", l").append(q.outputs().get(j).viewIndex()).append(".o").append(j);
    }
    sql.append(" FROM ").append(ENTITIES).append(" e");
    for (int v = 0; v < q.views().size(); v++) {
      sql.append(" LEFT JOIN LATERAL (").append(view(v)).append(") l").append(v).append(" ON true");
    }
    return sql.append(" ORDER BY e._row").toString();
  }

  private String view(int v) {
    ViewInput in = q.views().get(v);
    String ts = "s." + quote(in.source().timestampField());
    String created = in.source().createdTimestamp().map(cr -> "s." + quote(cr)).orElse(null);
    String t = "e.c" + tsColumn;
    StringBuilder sql = new StringBuilder("SELECT 1 AS _one");
    for (int j = 0; j < q.outputs().size(); j++) {
      Output o = q.outputs().get(j);
      if (o.viewIndex() == v) {
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

package dev.kairos.store.duckdb;

import static dev.kairos.store.duckdb.DuckDbOfflineStore.SEQ;
import static dev.kairos.store.duckdb.DuckDbValues.quote;

import dev.kairos.api.ErrorKind;
import dev.kairos.api.Field;
import dev.kairos.api.KairosException;
import dev.kairos.api.ValueType;
import dev.kairos.spi.HistoricalQuery;
import dev.kairos.spi.HistoricalQuery.Output;
import dev.kairos.spi.HistoricalQuery.ViewInput;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Iterator;
import java.util.List;
import java.util.function.Consumer;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * One point-in-time join. Entity rows go into a temporary table with their input position; each
 * view is joined in SQL and the result is streamed back ordered by that position.
 *
 * <p>Without {@code asOfCreated} a view is an {@code ASOF JOIN} on the struct {@code (event_ts,
 * created_ts, seq)}: the greatest source row not after {@code (t, +inf, +inf)} is exactly the
 * winner of the tie-break rules (a null created_ts sorts as {@code -infinity}, i.e. oldest); the
 * TTL lower bound is then checked on the winner, which is right because every other candidate is
 * older. With {@code asOfCreated} the visible rows depend on {@code t}, so the view is a range join
 * ranked with {@code row_number()}.
 */
final class DuckDbHistorical {
  private static final String ENTITIES = "kairos_entities";

  private final DuckDBConnection c;
  private final HistoricalQuery q;
  private final List<Field> columns;
  private final int tsColumn;

  DuckDbHistorical(DuckDBConnection c, HistoricalQuery q) {
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
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      int width = columns.size() + q.outputs().size();
      while (rs.next()) {
        Object[] row = new Object[width];
        for (int i = 0; i < columns.size(); i++) {
          row[i] = DuckDbValues.read(rs, i + 1, columns.get(i).type());
        }
        for (int j = 0; j < q.outputs().size(); j++) {
          row[columns.size() + j] =
              DuckDbValues.read(rs, columns.size() + j + 1, outputType(q.outputs().get(j)));
        }
        out.accept(row);
      }
    } finally {
      try (Statement s = c.createStatement()) {
        s.execute("DROP TABLE IF EXISTS temp.main." + ENTITIES);
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
    StringBuilder ddl =
        new StringBuilder("CREATE OR REPLACE TEMP TABLE " + ENTITIES + " (_row BIGINT");
    for (int i = 0; i < columns.size(); i++) {
      ddl.append(", c").append(i).append(' ').append(DuckDbValues.sqlType(columns.get(i).type()));
    }
    try (Statement s = c.createStatement()) {
      s.execute(ddl.append(')').toString());
    }
    long n = 0;
    try (DuckDBAppender a = c.createAppender("temp", "main", ENTITIES)) {
      while (rows.hasNext()) {
        Object[] row = rows.next();
        a.beginRow();
        a.append(n++);
        for (int i = 0; i < columns.size(); i++) {
          try {
            DuckDbValues.append(a, row[i], columns.get(i).type());
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
        a.endRow();
      }
    }
  }

  String sql() {
    StringBuilder sql = new StringBuilder("WITH ");
    for (int v = 0; v < q.views().size(); v++) {
      sql.append(v > 0 ? ",\n" : "")
          .append('v')
          .append(v)
          .append(" AS (")
          .append(view(v))
          .append(')');
    }
    if (q.views().isEmpty()) {
      sql.setLength(0);
    }
    sql.append("\nSELECT ");
    for (int i = 0; i < columns.size(); i++) {
      sql.append(i > 0 ? ", " : "").append("e.c").append(i);
    }
    for (int j = 0; j < q.outputs().size(); j++) {
      sql.append(", v").append(q.outputs().get(j).viewIndex()).append(".o").append(j);
    }
    sql.append(" FROM temp.main.").append(ENTITIES).append(" e");
    for (int v = 0; v < q.views().size(); v++) {
      sql.append(" LEFT JOIN v").append(v).append(" ON v").append(v).append("._row = e._row");
    }
    return sql.append(" ORDER BY e._row").toString();
  }

  private String view(int v) {
    ViewInput in = q.views().get(v);
    String ts = quote(in.source().timestampField());
    String created = in.source().createdTimestamp().map(DuckDbValues::quote).orElse(null);
    String t = "e.c" + tsColumn;
    StringBuilder select = new StringBuilder("SELECT e._row");
    for (int j = 0; j < q.outputs().size(); j++) {
      Output o = q.outputs().get(j);
      if (o.viewIndex() == v) {
        outputType(o);
        select.append(", s.").append(quote(o.feature())).append(" AS o").append(j);
      }
    }
    StringBuilder keys = new StringBuilder();
    for (String k : in.joinKeys()) {
      int col = column(k, "view '" + in.view().name() + "'");
      keys.append("s.").append(quote(k)).append(" = e.c").append(col).append(" AND ");
    }
    String ttl =
        in.view().ttl().isZero()
            ? ""
            : " AND s._ts >= " + t + " - to_microseconds(" + micros(in.view()) + ")";
    String table = quote(in.source().table());
    if (q.asOfCreated() && created != null) {
      return select
          + " FROM temp.main."
          + ENTITIES
          + " e JOIN (SELECT *, "
          + ts
          + " AS _ts FROM "
          + table
          + ") s ON "
          + keys
          + "s._ts <= "
          + t
          + ttl
          + " AND (s."
          + created
          + " IS NULL OR s."
          + created
          + " <= "
          + t
          + ") QUALIFY row_number() OVER (PARTITION BY e._row ORDER BY s._ts DESC, s."
          + created
          + " DESC NULLS LAST, s."
          + SEQ
          + " DESC) = 1";
    }
    String createdOrMin =
        created == null ? "'-infinity'::TIMESTAMP" : "coalesce(" + created + ", '-infinity')";
    return select
        + " FROM temp.main."
        + ENTITIES
        + " e ASOF JOIN (SELECT *, "
        + ts
        + " AS _ts, {'t': "
        + ts
        + ", 'c': "
        + createdOrMin
        + "::TIMESTAMP, 'q': "
        + SEQ
        + "} AS _ok FROM "
        + table
        + ") s ON "
        + keys
        + "{'t': "
        + t
        + ", 'c': 'infinity'::TIMESTAMP, 'q': 9223372036854775807::BIGINT} >= s._ok"
        + (ttl.isEmpty() ? "" : " WHERE" + ttl.substring(4));
  }

  static long micros(dev.kairos.api.FeatureView view) {
    return Math.addExact(
        Math.multiplyExact(view.ttl().getSeconds(), 1_000_000L), view.ttl().getNano() / 1000);
  }
}

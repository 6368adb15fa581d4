package dev.kairos.store.duckdb;

import static dev.kairos.store.duckdb.DuckDbOfflineStore.SEQ;
import static dev.kairos.store.duckdb.DuckDbValues.quote;

import dev.kairos.api.Field;
import dev.kairos.api.KairosException;
import dev.kairos.api.ValueType;
import dev.kairos.spi.HistoricalQuery;
import dev.kairos.spi.HistoricalQuery.Output;
import dev.kairos.spi.HistoricalQuery.ViewInput;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Consumer;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import org.duckdb.DuckDBPreparedStatement;

/**
 * One point-in-time join. Entity rows go into a temporary table with their input position; each
 * view is joined in SQL and the result is streamed back ordered by that position.
 *
 * <p>Without {@code asOfCreated} a view is an {@code ASOF LEFT JOIN} on the struct {@code
 * (event_ts, created_ts, seq)}: the greatest source row not after {@code (t, +inf, +inf)} is
 * exactly the winner of the tie-break rules (a null created_ts sorts as {@code -infinity}, i.e.
 * oldest); the TTL lower bound is then checked on the winner (its features are null when it is too
 * old), which is right because every other candidate is older. With {@code asOfCreated} the visible
 * rows depend on {@code t}, so the view is a range join ranked with {@code row_number()} and joined
 * back on the row position.
 *
 * <p>Windowed aggregations come from {@link DuckDbAggregations}, one relation per view joined on
 * the row position; a view with only aggregation outputs has no point-in-time join.
 */
final class DuckDbHistorical {
  private static final String ENTITIES = "kairos_entities";

  private final DuckDBConnection c;
  private final HistoricalQuery q;
  private final List<Field> columns;
  private final int tsColumn;
  private final DuckDbAggregations aggregations;

  DuckDbHistorical(DuckDBConnection c, HistoricalQuery q) {
    this.c = c;
    this.q = q;
    this.columns = q.entityColumns();
    this.tsColumn = column(HistoricalQuery.EVENT_TIMESTAMP, "the entity rows");
    this.aggregations = new DuckDbAggregations(q, ENTITIES, this::column, tsColumn);
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
    List<ValueType> types = resultTypes();
    boolean chunked = ChunkRows.canRead(types);
    String sql = sql(chunked);
    upload(entityRows);
    try {
      if (chunked) {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
          ChunkRows.read(ps.unwrap(DuckDBPreparedStatement.class), types, out);
        }
        return;
      }
      try (Statement s = c.createStatement();
          ResultSet rs = s.executeQuery(sql)) {
        while (rs.next()) {
          Object[] row = new Object[types.size()];
          for (int i = 0; i < row.length; i++) {
            row[i] = DuckDbValues.read(rs, i + 1, types.get(i));
          }
          out.accept(row);
        }
      }
    } finally {
      try (Statement s = c.createStatement()) {
        s.execute("DROP TABLE IF EXISTS temp.main." + ENTITIES);
      }
    }
  }

  /** The types of the result's columns: entity columns, then the requested features. */
  private List<ValueType> resultTypes() {
    List<ValueType> types = new ArrayList<>(columns.size() + q.outputs().size());
    columns.forEach(f -> types.add(f.type()));
    q.outputs().forEach(o -> types.add(outputType(o)));
    return types;
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
            throw q.notOfColumnType(n, i, e);
          }
        }
        a.endRow();
      }
    }
  }

  /**
   * The query; with {@code micros}, timestamp columns are selected as epoch microseconds for {@link
   * ChunkRows}.
   */
  private String sql(boolean micros) {
    StringBuilder with = new StringBuilder();
    StringBuilder select = new StringBuilder("SELECT ");
    StringBuilder from = new StringBuilder(" FROM temp.main." + ENTITIES + " e");
    for (int i = 0; i < columns.size(); i++) {
      select.append(i > 0 ? ", " : "").append(as(micros, columns.get(i).type(), "e.c" + i));
    }
    for (int j = 0; j < q.outputs().size(); j++) {
      int v = q.outputs().get(j).viewIndex();
      String value =
          aggregations.of(q.outputs().get(j)) != null
              ? aggregations.value(j)
              : ranked(v) ? "v" + v + ".o" + j : fresh(v, "v" + v + ".o" + j);
      select.append(", ").append(as(micros, outputType(q.outputs().get(j)), value));
    }
    for (int v = 0; v < q.views().size(); v++) {
      if (aggregations.hasAny(v)) {
        with.append(with.length() == 0 ? "WITH " : ",\n")
            .append('a')
            .append(v)
            .append(" AS (")
            .append(aggregations.relation(v))
            .append(')');
        from.append(" LEFT JOIN a").append(v).append(" ON a").append(v).append("._row = e._row");
      }
      if (!hasPlain(v)) {
        continue;
      }
      if (ranked(v)) {
        with.append(with.length() == 0 ? "WITH " : ",\n")
            .append('v')
            .append(v)
            .append(" AS (")
            .append(rankedView(v))
            .append(')');
        from.append(" LEFT JOIN v").append(v).append(" ON v").append(v).append("._row = e._row");
      } else {
        from.append("\n").append(asofView(v));
      }
    }
    return with + (with.length() == 0 ? "" : "\n") + select + from + " ORDER BY e._row";
  }

  private boolean hasPlain(int v) {
    for (Output o : q.outputs()) {
      if (o.viewIndex() == v && aggregations.of(o) == null) {
        return true;
      }
    }
    return false;
  }

  private static String as(boolean micros, ValueType type, String expression) {
    return micros && type == ValueType.TIMESTAMP ? "epoch_us(" + expression + ")" : expression;
  }

  /** Whether view {@code v} needs the range join (as of created time) rather than an ASOF join. */
  private boolean ranked(int v) {
    return q.asOfCreated() && q.views().get(v).source().createdTimestamp().isPresent();
  }

  /** The output expression of a feature of an ASOF-joined view: null when the winner is too old. */
  private String fresh(int v, String value) {
    ViewInput in = q.views().get(v);
    if (in.view().ttl().isZero()) {
      return value;
    }
    return "CASE WHEN v"
        + v
        + "._ts >= e.c"
        + tsColumn
        + " - to_microseconds("
        + micros(in.view())
        + ") THEN "
        + value
        + " END";
  }

  private String features(int v, String prefix) {
    StringBuilder out = new StringBuilder();
    for (int j = 0; j < q.outputs().size(); j++) {
      Output o = q.outputs().get(j);
      if (o.viewIndex() == v && aggregations.of(o) == null) {
        outputType(o);
        out.append(", ").append(prefix).append(quote(o.feature())).append(" AS o").append(j);
      }
    }
    return out.toString();
  }

  /**
   * Chained {@code ASOF LEFT JOIN}s keep every entity row and need no join back on the row
   * position, which a join per view would cost over all entity rows.
   */
  private String asofView(int v) {
    ViewInput in = q.views().get(v);
    String ts = quote(in.source().timestampField());
    String created = in.source().createdTimestamp().map(DuckDbValues::quote).orElse(null);
    String createdOrMin =
        created == null ? "'-infinity'::TIMESTAMP" : "coalesce(" + created + ", '-infinity')";
    StringBuilder keys = new StringBuilder();
    StringBuilder on = new StringBuilder();
    for (int k = 0; k < in.joinKeys().size(); k++) {
      String key = in.joinKeys().get(k);
      int col = column(key, "view '" + in.view().name() + "'");
      keys.append(quote(key)).append(" AS k").append(k).append(", ");
      on.append('v').append(v).append(".k").append(k).append(" = e.c").append(col).append(" AND ");
    }
    return "ASOF LEFT JOIN (SELECT "
        + keys
        + ts
        + " AS _ts, {'t': "
        + ts
        + ", 'c': "
        + createdOrMin
        + "::TIMESTAMP, 'q': "
        + SEQ
        + "} AS _ok"
        + features(v, "")
        + " FROM "
        + quote(in.source().table())
        + ") v"
        + v
        + " ON "
        + on
        + "{'t': e.c"
        + tsColumn
        + ", 'c': 'infinity'::TIMESTAMP, 'q': 9223372036854775807::BIGINT} >= v"
        + v
        + "._ok";
  }

  private String rankedView(int v) {
    ViewInput in = q.views().get(v);
    String ts = quote(in.source().timestampField());
    String created = quote(in.source().createdTimestamp().orElseThrow());
    String t = "e.c" + tsColumn;
    StringBuilder keys = new StringBuilder();
    for (String k : in.joinKeys()) {
      int col = column(k, "view '" + in.view().name() + "'");
      keys.append("s.").append(quote(k)).append(" = e.c").append(col).append(" AND ");
    }
    String ttl =
        in.view().ttl().isZero()
            ? ""
            : " AND s._ts >= " + t + " - to_microseconds(" + micros(in.view()) + ")";
    return "SELECT e._row"
        + features(v, "s.")
        + " FROM temp.main."
        + ENTITIES
        + " e JOIN (SELECT *, "
        + ts
        + " AS _ts FROM "
        + quote(in.source().table())
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

  static long micros(dev.kairos.api.FeatureView view) {
    return Math.addExact(
        Math.multiplyExact(view.ttl().getSeconds(), 1_000_000L), view.ttl().getNano() / 1000);
  }
}

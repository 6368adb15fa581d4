package dev.kairos.store.duckdb;

import static dev.kairos.store.duckdb.DuckDbOfflineStore.SEQ;
import static dev.kairos.store.duckdb.DuckDbValues.quote;

import dev.kairos.api.EntityKey;
import dev.kairos.api.KairosException;
import dev.kairos.api.Source;
import dev.kairos.api.ValueType;
import dev.kairos.spi.EventBatcher;
import dev.kairos.spi.EventQuery;
import dev.kairos.spi.EventRow;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.duckdb.DuckDBConnection;

/**
 * A view's events within {@code [start, end]}, ordered by key and time, in whole-entity batches.
 */
final class DuckDbEvents {
  private DuckDbEvents() {}

  static void run(DuckDBConnection c, EventQuery q, int batchSize, Consumer<List<EventRow>> out)
      throws SQLException {
    Source src = q.source();
    List<ValueType> keyTypes = new ArrayList<>();
    List<ValueType> types = new ArrayList<>();
    StringBuilder cols = new StringBuilder();
    StringBuilder order = new StringBuilder();
    StringBuilder notNull = new StringBuilder();
    for (String k : q.joinKeys()) {
      keyTypes.add(type(src, k));
      cols.append(quote(k)).append(", ");
      order.append(quote(k)).append(", ");
      notNull.append(" AND ").append(quote(k)).append(" IS NOT NULL");
    }
    for (String col : q.columns()) {
      ValueType t = type(src, col);
      types.add(t);
      cols.append(t == ValueType.TIMESTAMP ? "epoch_us(" + quote(col) + ")" : quote(col));
      cols.append(", ");
    }
    String ts = quote(src.timestampField());
    String created = src.createdTimestamp().map(DuckDbValues::quote).orElse("NULL::TIMESTAMP");
    String sql =
        "SELECT "
            + cols
            + "epoch_us("
            + ts
            + "), epoch_us("
            + created
            + "), "
            + SEQ
            + " FROM "
            + quote(src.table())
            + " WHERE "
            + ts
            + " BETWEEN ? AND ?"
            + notNull
            + " ORDER BY "
            + order
            + ts
            + ", "
            + SEQ;
    try (PreparedStatement ps = c.prepareStatement(sql);
        EventBatcher batches = new EventBatcher(batchSize, out)) {
      ps.setObject(1, LocalDateTime.ofInstant(q.start(), ZoneOffset.UTC));
      ps.setObject(2, LocalDateTime.ofInstant(q.end(), ZoneOffset.UTC));
      int nk = keyTypes.size();
      int nc = types.size();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          List<Object> key = new ArrayList<>(nk);
          for (int i = 0; i < nk; i++) {
            key.add(DuckDbValues.read(rs, i + 1, keyTypes.get(i)));
          }
          Object[] values = new Object[nc];
          for (int i = 0; i < nc; i++) {
            values[i] =
                types.get(i) == ValueType.TIMESTAMP
                    ? instant(rs, nk + i + 1)
                    : DuckDbValues.read(rs, nk + i + 1, types.get(i));
          }
          batches.add(
              new EventRow(
                  new EntityKey(key),
                  instant(rs, nk + nc + 1),
                  instant(rs, nk + nc + 2),
                  rs.getLong(nk + nc + 3),
                  values));
        }
      }
    }
  }

  private static Instant instant(ResultSet rs, int column) throws SQLException {
    long micros = rs.getLong(column);
    return rs.wasNull() ? null : DuckDbLatest.fromMicros(micros);
  }

  private static ValueType type(Source src, String name) {
    return src.field(name)
        .orElseThrow(
            () -> KairosException.user("source '" + src.name() + "' has no column '" + name + "'"))
        .type();
  }
}

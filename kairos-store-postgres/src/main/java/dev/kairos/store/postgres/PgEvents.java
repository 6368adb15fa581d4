package dev.kairos.store.postgres;

import static dev.kairos.store.postgres.PgValues.quote;
import static dev.kairos.store.postgres.PostgresOfflineStore.SEQ;

import dev.kairos.api.EntityKey;
import dev.kairos.api.KairosException;
import dev.kairos.api.Source;
import dev.kairos.api.ValueType;
import dev.kairos.spi.EventBatcher;
import dev.kairos.spi.EventQuery;
import dev.kairos.spi.EventRow;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** A view's events within {@code [start, end]}, ordered by key and time, read by cursor. */
final class PgEvents {
  private PgEvents() {}

  static void run(
      PostgresOfflineStore store,
      Connection c,
      EventQuery q,
      int batchSize,
      Consumer<List<EventRow>> out)
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
      types.add(type(src, col));
      cols.append(quote(col)).append(", ");
    }
    String ts = quote(src.timestampField());
    String created = src.createdTimestamp().map(PgValues::quote).orElse("NULL::timestamp");
    String sql =
        "SELECT "
            + cols
            + ts
            + ", "
            + created
            + ", "
            + SEQ
            + " FROM "
            + store.table(src)
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
      ps.setFetchSize(batchSize);
      ps.setObject(1, LocalDateTime.ofInstant(q.start(), ZoneOffset.UTC));
      ps.setObject(2, LocalDateTime.ofInstant(q.end(), ZoneOffset.UTC));
      int nk = keyTypes.size();
      int nc = types.size();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          List<Object> key = new ArrayList<>(nk);
          for (int i = 0; i < nk; i++) {
            key.add(PgValues.read(rs, i + 1, keyTypes.get(i)));
          }
          Object[] values = new Object[nc];
          for (int i = 0; i < nc; i++) {
            values[i] = PgValues.read(rs, nk + i + 1, types.get(i));
          }
          batches.add(
              new EventRow(
                  new EntityKey(key),
                  (Instant) PgValues.read(rs, nk + nc + 1, ValueType.TIMESTAMP),
                  (Instant) PgValues.read(rs, nk + nc + 2, ValueType.TIMESTAMP),
                  rs.getLong(nk + nc + 3),
                  values));
        }
      }
    }
  }

  private static ValueType type(Source src, String name) {
    return src.field(name)
        .orElseThrow(
            () -> KairosException.user("source '" + src.name() + "' has no column '" + name + "'"))
        .type();
  }
}

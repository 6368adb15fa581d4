package dev.kairos.store.duckdb;

import static dev.kairos.store.duckdb.DuckDbOfflineStore.SEQ;
import static dev.kairos.store.duckdb.DuckDbValues.quote;

import dev.kairos.api.EntityKey;
import dev.kairos.api.Field;
import dev.kairos.api.KairosException;
import dev.kairos.api.Source;
import dev.kairos.api.ValueType;
import dev.kairos.spi.LatestQuery;
import dev.kairos.spi.OnlineRow;
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

/** Latest row per key within {@code [start, end]}, ranked in SQL, streamed in batches. */
final class DuckDbLatest {
  private DuckDbLatest() {}

  static void run(DuckDBConnection c, LatestQuery q, int batchSize, Consumer<List<OnlineRow>> out)
      throws SQLException {
    if (batchSize <= 0) {
      throw new IllegalArgumentException("batchSize must be positive, got " + batchSize);
    }
    Source src = q.source();
    List<ValueType> keyTypes = new ArrayList<>();
    List<ValueType> featureTypes = new ArrayList<>();
    StringBuilder cols = new StringBuilder();
    StringBuilder partition = new StringBuilder();
    StringBuilder notNull = new StringBuilder();
    for (String k : q.joinKeys()) {
      keyTypes.add(field(src, k).type());
      cols.append(quote(k)).append(", ");
      partition.append(partition.length() > 0 ? ", " : "").append(quote(k));
      notNull.append(" AND ").append(quote(k)).append(" IS NOT NULL");
    }
    for (Field f : q.view().features()) {
      featureTypes.add(field(src, f.name()).type());
      cols.append(quote(f.name())).append(", ");
    }
    String ts = quote(src.timestampField());
    String created = src.createdTimestamp().map(DuckDbValues::quote).orElse("NULL::TIMESTAMP");
    String sql =
        "SELECT "
            + cols
            + ts
            + ", "
            + created
            + " FROM "
            + quote(src.table())
            + " WHERE "
            + ts
            + " BETWEEN ? AND ?"
            + notNull
            + " QUALIFY row_number() OVER (PARTITION BY "
            + partition
            + " ORDER BY "
            + ts
            + " DESC, "
            + created
            + " DESC NULLS LAST, "
            + SEQ
            + " DESC) = 1";
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setObject(1, LocalDateTime.ofInstant(q.start(), ZoneOffset.UTC));
      ps.setObject(2, LocalDateTime.ofInstant(q.end(), ZoneOffset.UTC));
      try (ResultSet rs = ps.executeQuery()) {
        List<OnlineRow> batch = new ArrayList<>(batchSize);
        int nk = keyTypes.size();
        int nf = featureTypes.size();
        while (rs.next()) {
          List<Object> key = new ArrayList<>(nk);
          for (int i = 0; i < nk; i++) {
            key.add(DuckDbValues.read(rs, i + 1, keyTypes.get(i)));
          }
          Object[] values = new Object[nf];
          for (int i = 0; i < nf; i++) {
            values[i] = DuckDbValues.read(rs, nk + i + 1, featureTypes.get(i));
          }
          Instant eventTs = (Instant) DuckDbValues.read(rs, nk + nf + 1, ValueType.TIMESTAMP);
          Instant createdTs = (Instant) DuckDbValues.read(rs, nk + nf + 2, ValueType.TIMESTAMP);
          batch.add(new OnlineRow(new EntityKey(key), values, eventTs, createdTs));
          if (batch.size() == batchSize) {
            out.accept(batch);
            batch = new ArrayList<>(batchSize);
          }
        }
        if (!batch.isEmpty()) {
          out.accept(batch);
        }
      }
    }
  }

  private static Field field(Source src, String name) {
    return src.field(name)
        .orElseThrow(
            () -> KairosException.user("source '" + src.name() + "' has no column '" + name + "'"));
  }
}

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
import org.duckdb.DuckDBPreparedStatement;

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
      ValueType type = field(src, f.name()).type();
      featureTypes.add(type);
      cols.append(type == ValueType.TIMESTAMP ? micros(quote(f.name())) : quote(f.name()));
      cols.append(", ");
    }
    String ts = quote(src.timestampField());
    String created = src.createdTimestamp().map(DuckDbValues::quote).orElse("NULL::TIMESTAMP");
    String sql =
        "SELECT "
            + cols
            + micros(ts)
            + ", "
            + micros(created)
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
      if (ChunkRows.canRead(keyTypes, featureTypes)) {
        ChunkRows.read(
            ps.unwrap(DuckDBPreparedStatement.class), keyTypes, featureTypes, batchSize, out);
        return;
      }
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
            ValueType type = featureTypes.get(i);
            values[i] =
                type == ValueType.TIMESTAMP
                    ? instant(rs, nk + i + 1)
                    : DuckDbValues.read(rs, nk + i + 1, type);
          }
          Instant eventTs = instant(rs, nk + nf + 1);
          Instant createdTs = instant(rs, nk + nf + 2);
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

  /**
   * Timestamps leave DuckDB as epoch microseconds: reading them as {@code LocalDateTime} through
   * JDBC builds zone rules for every value and was the costliest part of reading a row.
   */
  private static String micros(String column) {
    return "epoch_us(" + column + ")";
  }

  private static Instant instant(ResultSet rs, int column) throws SQLException {
    long micros = rs.getLong(column);
    return rs.wasNull() ? null : fromMicros(micros);
  }

  static Instant fromMicros(long micros) {
    return Instant.ofEpochSecond(
        Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000);
  }

  private static Field field(Source src, String name) {
    return src.field(name)
        .orElseThrow(
            () -> KairosException.user("source '" + src.name() + "' has no column '" + name + "'"));
  }
}

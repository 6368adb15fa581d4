package dev.kairos.store.duckdb;

import dev.kairos.api.EntityKey;
import dev.kairos.api.ValueType;
import dev.kairos.spi.OnlineRow;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.duckdb.DuckDBChunkedResult;
import org.duckdb.DuckDBDataChunkReader;
import org.duckdb.DuckDBPreparedStatement;
import org.duckdb.DuckDBReadableVector;

/**
 * Reads query results (the latest-row query, point-in-time training rows) through DuckDB's chunked
 * C-API result: values are read from the column vectors one by one, where the JDBC {@code
 * ResultSet} first converts every value of a chunk to a Java object (about four times the CPU for a
 * row of a few strings). Covers scalar types except BYTES and lists, which the chunk reader has no
 * getters for; {@link DuckDbLatest} falls back to JDBC for those. Column layout: keys, features,
 * event micros, created micros.
 */
final class ChunkRows {
  private static final Set<ValueType> READABLE =
      Set.of(
          ValueType.INT32,
          ValueType.INT64,
          ValueType.FLOAT,
          ValueType.DOUBLE,
          ValueType.BOOL,
          ValueType.STRING,
          ValueType.TIMESTAMP);

  private ChunkRows() {}

  /** Whether every column of a plain row query can be read from chunks. */
  static boolean canRead(List<ValueType> types) {
    return READABLE.containsAll(types);
  }

  /**
   * Reads a query's rows as arrays, one value per column; TIMESTAMP columns must be selected as
   * epoch microseconds.
   */
  static void read(DuckDBPreparedStatement ps, List<ValueType> types, Consumer<Object[]> out)
      throws SQLException {
    ValueType[] t = types.toArray(new ValueType[0]);
    eachRow(
        ps,
        t.length,
        (vectors, r) -> {
          Object[] row = new Object[t.length];
          for (int c = 0; c < t.length; c++) {
            row[c] = value(vectors[c], r, t[c]);
          }
          out.accept(row);
        });
  }

  /** Called once per row with the current chunk's column vectors and the row's index in it. */
  private interface RowReader {
    void row(DuckDBReadableVector[] vectors, long r);
  }

  private static void eachRow(DuckDBPreparedStatement ps, int columns, RowReader reader)
      throws SQLException {
    DuckDBReadableVector[] vectors = new DuckDBReadableVector[columns];
    try (DuckDBChunkedResult result = ps.query()) {
      while (result.nextChunk()) {
        DuckDBDataChunkReader chunk = result.chunk();
        for (int c = 0; c < columns; c++) {
          vectors[c] = chunk.vector(c);
        }
        long rows = chunk.rowCount();
        for (long r = 0; r < rows; r++) {
          reader.row(vectors, r);
        }
      }
    }
  }

  /** Keys are read as stored; timestamp keys (rare) keep the JDBC path's conversion. */
  static boolean canRead(List<ValueType> keyTypes, List<ValueType> featureTypes) {
    return READABLE.containsAll(featureTypes)
        && READABLE.containsAll(keyTypes)
        && !keyTypes.contains(ValueType.TIMESTAMP);
  }

  static void read(
      DuckDBPreparedStatement ps,
      List<ValueType> keyTypes,
      List<ValueType> featureTypes,
      int batchSize,
      Consumer<List<OnlineRow>> out)
      throws SQLException {
    int nk = keyTypes.size();
    int nf = featureTypes.size();
    ValueType[] kt = keyTypes.toArray(new ValueType[0]);
    ValueType[] ft = featureTypes.toArray(new ValueType[0]);
    var pending =
        new Object() {
          List<OnlineRow> batch = new ArrayList<>(batchSize);
        };
    eachRow(
        ps,
        nk + nf + 2,
        (vectors, r) -> {
          Object[] key = new Object[nk];
          for (int i = 0; i < nk; i++) {
            key[i] = value(vectors[i], r, kt[i]);
          }
          Object[] values = new Object[nf];
          for (int i = 0; i < nf; i++) {
            values[i] = value(vectors[nk + i], r, ft[i]);
          }
          Instant event = (Instant) value(vectors[nk + nf], r, ValueType.TIMESTAMP);
          Instant created = (Instant) value(vectors[nk + nf + 1], r, ValueType.TIMESTAMP);
          pending.batch.add(new OnlineRow(new EntityKey(List.of(key)), values, event, created));
          if (pending.batch.size() == batchSize) {
            out.accept(pending.batch);
            pending.batch = new ArrayList<>(batchSize);
          }
        });
    if (!pending.batch.isEmpty()) {
      out.accept(pending.batch);
    }
  }

  private static Object value(DuckDBReadableVector v, long row, ValueType type) {
    if (v.isNull(row)) {
      return null;
    }
    return switch (type) {
      case INT32 -> v.getInt(row);
      case INT64 -> v.getLong(row);
      case FLOAT -> v.getFloat(row);
      case DOUBLE -> v.getDouble(row);
      case BOOL -> v.getBoolean(row);
      case STRING -> v.getString(row);
      case TIMESTAMP -> DuckDbLatest.fromMicros(v.getLong(row));
      default -> throw new IllegalArgumentException("no chunk reader for " + type);
    };
  }
}

package dev.kairos.store.duckdb;

import dev.kairos.api.ValueType;
import java.sql.Array;
import java.sql.Blob;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.duckdb.DuckDBAppender;

/** Maps Kairos value types to DuckDB columns; timestamps are stored as UTC {@code TIMESTAMP}. */
final class DuckDbValues {
  private DuckDbValues() {}

  static String sqlType(ValueType type) {
    if (type.isList()) {
      return sqlType(type.elementType()) + "[]";
    }
    return switch (type) {
      case INT32 -> "INTEGER";
      case INT64 -> "BIGINT";
      case FLOAT -> "FLOAT";
      case DOUBLE -> "DOUBLE";
      case STRING -> "VARCHAR";
      case BOOL -> "BOOLEAN";
      case BYTES -> "BLOB";
      case TIMESTAMP -> "TIMESTAMP";
      default -> throw new IllegalArgumentException("no DuckDB type for " + type);
    };
  }

  static String quote(String identifier) {
    return '"' + identifier.replace("\"", "\"\"") + '"';
  }

  /**
   * Appends one value of a declared type.
   *
   * @throws ClassCastException when the value is not the Java representation of the type
   */
  static void append(DuckDBAppender a, Object v, ValueType type) throws SQLException {
    if (v == null) {
      a.appendNull();
      return;
    }
    switch (type) {
      case INT32 -> a.append(((Integer) v).intValue());
      case INT64 -> a.append(((Long) v).longValue());
      case FLOAT -> a.append(((Float) v).floatValue());
      case DOUBLE -> a.append(((Double) v).doubleValue());
      case STRING -> a.append((String) v);
      case BOOL -> a.append(((Boolean) v).booleanValue());
      case BYTES -> a.append((byte[]) v);
      case TIMESTAMP -> a.appendEpochMicros(micros((Instant) v));
      default -> a.append(listForAppender((List<?>) v, type.elementType()));
    }
  }

  private static Collection<?> listForAppender(List<?> list, ValueType element) {
    if (element != ValueType.TIMESTAMP) {
      return list;
    }
    List<Object> out = new ArrayList<>(list.size());
    for (Object o : list) {
      out.add(o == null ? null : LocalDateTime.ofInstant((Instant) o, ZoneOffset.UTC));
    }
    return out;
  }

  static long micros(Instant t) {
    return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1000);
  }

  /** Reads a column as the Java representation of {@code type}. */
  static Object read(ResultSet rs, int column, ValueType type) throws SQLException {
    if (type == ValueType.TIMESTAMP) {
      LocalDateTime t = rs.getObject(column, LocalDateTime.class);
      return t == null ? null : t.toInstant(ZoneOffset.UTC);
    }
    return convert(rs.getObject(column), type);
  }

  static Object convert(Object v, ValueType type) throws SQLException {
    if (v == null) {
      return null;
    }
    if (type.isList()) {
      Object[] items = (Object[]) ((Array) v).getArray();
      List<Object> out = new ArrayList<>(items.length);
      for (Object item : items) {
        out.add(convert(item, type.elementType()));
      }
      return out;
    }
    return switch (type) {
      case INT32 -> ((Number) v).intValue();
      case INT64 -> ((Number) v).longValue();
      case FLOAT -> ((Number) v).floatValue();
      case DOUBLE -> ((Number) v).doubleValue();
      case BOOL -> (Boolean) v;
      case STRING -> v.toString();
      case BYTES -> v instanceof Blob b ? b.getBytes(1, (int) b.length()) : (byte[]) v;
      case TIMESTAMP -> instant(v);
      default -> throw new IllegalArgumentException("unexpected type " + type);
    };
  }

  private static Instant instant(Object v) {
    if (v instanceof LocalDateTime t) {
      return t.toInstant(ZoneOffset.UTC);
    }
    if (v instanceof OffsetDateTime t) {
      return t.toInstant();
    }
    if (v instanceof Timestamp t) {
      return t.toLocalDateTime().toInstant(ZoneOffset.UTC);
    }
    return (Instant) v;
  }
}

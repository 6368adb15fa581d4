package dev.kairos.store.postgres;

import dev.kairos.api.ValueType;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * Maps Kairos value types to PostgreSQL columns (timestamps as UTC {@code timestamp}, lists as
 * arrays, bytes as {@code bytea}) and encodes values for {@code COPY ... (FORMAT csv)}.
 */
final class PgValues {
  private static final DateTimeFormatter TS =
      DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSSSSS", Locale.ROOT);

  private PgValues() {}

  static String sqlType(ValueType type) {
    if (type.isList()) {
      return sqlType(type.elementType()) + "[]";
    }
    return switch (type) {
      case INT32 -> "integer";
      case INT64 -> "bigint";
      case FLOAT -> "real";
      case DOUBLE -> "double precision";
      case STRING -> "text";
      case BOOL -> "boolean";
      case BYTES -> "bytea";
      case TIMESTAMP -> "timestamp";
      default -> throw new IllegalArgumentException("no PostgreSQL type for " + type);
    };
  }

  static String quote(String identifier) {
    return '"' + identifier.replace("\"", "\"\"") + '"';
  }

  /**
   * Appends one CSV field: nothing for null, otherwise the value's text in double quotes (so the
   * empty string stays distinct from null).
   *
   * @throws ClassCastException when the value is not the Java representation of the type
   */
  static void appendCsv(StringBuilder out, Object v, ValueType type) {
    if (v == null) {
      return;
    }
    String text = type.isList() ? arrayLiteral((List<?>) v, type.elementType()) : scalar(v, type);
    out.append('"').append(text.replace("\"", "\"\"")).append('"');
  }

  private static String scalar(Object v, ValueType type) {
    return switch (type) {
      case INT32 -> ((Integer) v).toString();
      case INT64 -> ((Long) v).toString();
      case FLOAT -> ((Float) v).toString();
      case DOUBLE -> ((Double) v).toString();
      case STRING -> (String) v;
      case BOOL -> ((Boolean) v).toString();
      case BYTES -> "\\x" + HexFormat.of().formatHex((byte[]) v);
      case TIMESTAMP -> TS.format(LocalDateTime.ofInstant((Instant) v, ZoneOffset.UTC));
      default -> throw new IllegalArgumentException("not a scalar type: " + type);
    };
  }

  private static String arrayLiteral(List<?> list, ValueType element) {
    StringBuilder sb = new StringBuilder("{");
    for (int i = 0; i < list.size(); i++) {
      if (i > 0) {
        sb.append(',');
      }
      Object e = list.get(i);
      if (e == null) {
        sb.append("NULL");
      } else {
        String text = scalar(e, element);
        sb.append('"').append(text.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
      }
    }
    return sb.append('}').toString();
  }

  /** Reads a column as the Java representation of {@code type}. */
  static Object read(ResultSet rs, int column, ValueType type) throws SQLException {
    if (type == ValueType.TIMESTAMP) {
      LocalDateTime t = rs.getObject(column, LocalDateTime.class);
      return t == null ? null : t.toInstant(ZoneOffset.UTC);
    }
    if (type == ValueType.BYTES) {
      return rs.getBytes(column);
    }
    Object v = rs.getObject(column);
    if (v == null) {
      return null;
    }
    if (type.isList()) {
      Object[] items = (Object[]) ((Array) v).getArray();
      List<Object> out = new ArrayList<>(items.length);
      for (Object item : items) {
        out.add(element(item, type.elementType()));
      }
      return out;
    }
    return element(v, type);
  }

  private static Object element(Object v, ValueType type) {
    if (v == null) {
      return null;
    }
    return switch (type) {
      case INT32 -> ((Number) v).intValue();
      case INT64 -> ((Number) v).longValue();
      case FLOAT -> ((Number) v).floatValue();
      case DOUBLE -> ((Number) v).doubleValue();
      case TIMESTAMP ->
          v instanceof Timestamp t
              ? t.toLocalDateTime().toInstant(ZoneOffset.UTC)
              : v instanceof OffsetDateTime o ? o.toInstant() : v;
      default -> v;
    };
  }

  static long micros(java.time.Duration d) {
    return Math.addExact(Math.multiplyExact(d.getSeconds(), 1_000_000L), d.getNano() / 1000);
  }
}

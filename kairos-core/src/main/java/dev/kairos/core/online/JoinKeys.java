package dev.kairos.core.online;

import dev.kairos.api.KairosException;
import dev.kairos.api.ValueType;
import java.time.Instant;

/** Checks request join key values against the entity's type, widening integers where lossless. */
final class JoinKeys {
  private JoinKeys() {}

  /**
   * The value in the Java representation of {@code type}.
   *
   * @throws KairosException USER naming the key, the row and the value
   */
  static Object coerce(String joinKey, ValueType type, Object v, int row) {
    if (v == null) {
      throw KairosException.user(
          "join key '" + joinKey + "' is null in entity row " + row + " (0-based); give a value");
    }
    Object out =
        switch (type) {
          case INT64 ->
              isSmallInt(v) || v instanceof Long ? (Object) ((Number) v).longValue() : null;
          case INT32 -> int32(v);
          case STRING -> v instanceof String ? v : null;
          case BOOL -> v instanceof Boolean ? v : null;
          case BYTES -> v instanceof byte[] ? v : null;
          case DOUBLE -> v instanceof Number n ? (Object) n.doubleValue() : null;
          case FLOAT ->
              v instanceof Float || isSmallInt(v) ? (Object) ((Number) v).floatValue() : null;
          case TIMESTAMP -> v instanceof Instant ? v : null;
          default -> null;
        };
    if (out == null) {
      throw KairosException.user(
          "join key '"
              + joinKey
              + "' expects "
              + type
              + " values, but entity row "
              + row
              + " (0-based) has "
              + v.getClass().getSimpleName()
              + " '"
              + v
              + "'");
    }
    return out;
  }

  private static boolean isSmallInt(Object v) {
    return v instanceof Integer || v instanceof Short || v instanceof Byte;
  }

  private static Object int32(Object v) {
    if (isSmallInt(v)) {
      return ((Number) v).intValue();
    }
    if (v instanceof Long l && l >= Integer.MIN_VALUE && l <= Integer.MAX_VALUE) {
      return l.intValue();
    }
    return null;
  }
}

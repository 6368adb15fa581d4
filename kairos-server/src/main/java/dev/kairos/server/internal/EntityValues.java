package dev.kairos.server.internal;

import dev.kairos.api.ErrorKind;
import dev.kairos.api.KairosException;
import dev.kairos.api.ValueType;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;

/**
 * Converts join key values as a protocol decoded them to the Java representation of the key's
 * {@link ValueType}. Only lossless conversions are made; anything else is a malformed request.
 */
final class EntityValues {
  private EntityValues() {}

  static Object coerce(ValueType type, Object raw, String key, int row, boolean text) {
    if (raw == null) {
      throw KairosException.user(
          "join key '" + key + "' has no value in entity row " + row + "; nulls are not keys");
    }
    Object v = text ? parseText(type, (String) raw, key, row) : convert(type, raw);
    if (v == null) {
      throw wrongType(type, raw, key, row, null);
    }
    return v;
  }

  private static Object convert(ValueType type, Object raw) {
    return switch (type) {
      case INT64 ->
          raw instanceof Long || raw instanceof Integer ? ((Number) raw).longValue() : null;
      case INT32 -> toInt(raw);
      case FLOAT -> raw instanceof Number n ? n.floatValue() : null;
      case DOUBLE -> raw instanceof Number n ? n.doubleValue() : null;
      case STRING -> raw instanceof String ? raw : null;
      case BOOL -> raw instanceof Boolean ? raw : null;
      case BYTES -> raw instanceof byte[] ? raw : null;
      case TIMESTAMP -> raw instanceof Instant ? raw : null;
      default -> null;
    };
  }

  private static Integer toInt(Object raw) {
    if (raw instanceof Integer i) {
      return i;
    }
    if (raw instanceof Long l && l == l.intValue()) {
      return l.intValue();
    }
    return null;
  }

  private static Object parseText(ValueType type, String s, String key, int row) {
    try {
      return switch (type) {
        case INT64 -> Long.parseLong(s);
        case INT32 -> Integer.parseInt(s);
        case FLOAT -> Float.parseFloat(s);
        case DOUBLE -> Double.parseDouble(s);
        case STRING -> s;
        case BOOL -> "true".equals(s) ? Boolean.TRUE : "false".equals(s) ? Boolean.FALSE : null;
        case BYTES -> Base64.getDecoder().decode(s);
        case TIMESTAMP -> Instant.parse(s);
        default -> null;
      };
    } catch (IllegalArgumentException | DateTimeParseException e) {
      throw wrongType(type, s, key, row, e);
    }
  }

  private static KairosException wrongType(
      ValueType type, Object raw, String key, int row, Throwable cause) {
    return new KairosException(
        ErrorKind.USER,
        "join key '"
            + key
            + "' is of type "
            + type
            + " but entity row "
            + row
            + " has "
            + describe(raw)
            + "; send a value of type "
            + type,
        cause);
  }

  static String describe(Object raw) {
    if (raw instanceof String s) {
      return "the text \"" + s + "\"";
    }
    if (raw instanceof byte[] b) {
      return b.length + " bytes";
    }
    return "the " + raw.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT) + " " + raw;
  }
}

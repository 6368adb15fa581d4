package dev.kairos.core.ondemand;

import dev.cel.common.types.CelType;
import dev.cel.common.types.ListType;
import dev.cel.common.types.SimpleType;
import dev.cel.common.values.CelByteString;
import dev.kairos.api.ValueType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Kairos value types in CEL and values across the boundary. INT32 and INT64 are CEL {@code int} (a
 * Java long), FLOAT and DOUBLE are {@code double}, TIMESTAMP is {@code google.protobuf.Timestamp}
 * (a Java Instant with native values), BYTES is {@code bytes}; a list type is a CEL list of its
 * element.
 */
final class CelTypes {
  private CelTypes() {}

  static CelType of(ValueType type) {
    if (type.isList()) {
      return ListType.create(of(type.elementType()));
    }
    return switch (type) {
      case INT32, INT64 -> SimpleType.INT;
      case FLOAT, DOUBLE -> SimpleType.DOUBLE;
      case STRING -> SimpleType.STRING;
      case BOOL -> SimpleType.BOOL;
      case BYTES -> SimpleType.BYTES;
      case TIMESTAMP -> SimpleType.TIMESTAMP;
      default -> throw new IllegalArgumentException("no CEL type for " + type);
    };
  }

  /** A Kairos value (its Java representation, see {@link ValueType}) as CEL sees it. */
  static Object toCel(Object value, ValueType type) {
    if (value instanceof List<?> list) {
      List<Object> out = new ArrayList<>(list.size());
      for (Object o : list) {
        out.add(toCel(o, type.elementType()));
      }
      return out;
    }
    return switch (type.elementType()) {
      case INT32 -> ((Number) value).longValue();
      case FLOAT -> ((Number) value).doubleValue();
      case BYTES -> CelByteString.of((byte[]) value);
      default -> value;
    };
  }

  /**
   * A CEL result as the Kairos value of {@code type}, or null when it does not fit: a non-finite
   * double, an INT32 out of range, a list with a null element.
   */
  static Object fromCel(Object value, ValueType type) {
    if (value == null) {
      return null;
    }
    if (type.isList()) {
      if (!(value instanceof List<?> list)) {
        return null;
      }
      List<Object> out = new ArrayList<>(list.size());
      for (Object o : list) {
        Object v = fromCel(o, type.elementType());
        if (v == null) {
          return null;
        }
        out.add(v);
      }
      return List.copyOf(out);
    }
    return switch (type) {
      case INT64 -> value instanceof Long l ? l : null;
      case INT32 ->
          value instanceof Long l && l >= Integer.MIN_VALUE && l <= Integer.MAX_VALUE
              ? (Object) l.intValue()
              : null;
      case DOUBLE -> value instanceof Double d && Double.isFinite(d) ? d : null;
      case FLOAT ->
          value instanceof Double d && Float.isFinite(d.floatValue()) ? d.floatValue() : null;
      case STRING -> value instanceof String ? value : null;
      case BOOL -> value instanceof Boolean ? value : null;
      case BYTES -> value instanceof CelByteString b ? b.toByteArray() : null;
      case TIMESTAMP -> value instanceof Instant ? value : null;
      default -> null;
    };
  }
}

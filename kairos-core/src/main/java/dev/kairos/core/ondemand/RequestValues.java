package dev.kairos.core.ondemand;

import dev.kairos.api.KairosException;
import dev.kairos.api.ValueType;
import dev.kairos.core.io.ValueText;

/** Request field values in their field's Java representation, wherever they come from. */
public final class RequestValues {
  private RequestValues() {}

  /**
   * The value as its field's type: numbers widen to DOUBLE and FLOAT fields, text is parsed as in
   * entity files (so a CSV column, a JSON string and a URL query parameter mean the same).
   *
   * @param where the value's place for the error, such as {@code entity row 3 (0-based)}
   * @throws KairosException USER naming the field, the place and the value
   */
  public static Object coerce(String field, ValueType type, Object value, String where) {
    if (value == null) {
      return null;
    }
    if (value instanceof Number n && !(value instanceof Float) && type == ValueType.DOUBLE) {
      return n.doubleValue();
    }
    if (value instanceof Number n && type == ValueType.FLOAT && !(value instanceof Double)) {
      return n.floatValue();
    }
    try {
      return ValueText.convert(value, type);
    } catch (IllegalArgumentException e) {
      throw KairosException.user(
          "request field '"
              + field
              + "' expects "
              + type
              + " values; "
              + where
              + ": "
              + e.getMessage());
    }
  }
}

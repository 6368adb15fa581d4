package dev.kairos.api;

import java.util.Locale;
import java.util.Optional;

/**
 * The value types a field can have. They mirror Feast's {@code ValueType} enum one to one so the
 * Feast serving protocol maps without loss: each scalar type has a list counterpart named {@code
 * <SCALAR>_LIST}.
 *
 * <p>Java representation of values, used by every store and by the serving engine: INT32 {@link
 * Integer}, INT64 {@link Long}, FLOAT {@link Float}, DOUBLE {@link Double}, STRING {@link String},
 * BOOL {@link Boolean}, BYTES {@code byte[]}, TIMESTAMP {@link java.time.Instant}; a list type is a
 * {@link java.util.List} of its element's representation. A missing value is {@code null}.
 */
public enum ValueType {
  INT32,
  INT64,
  FLOAT,
  DOUBLE,
  STRING,
  BOOL,
  BYTES,
  TIMESTAMP,
  INT32_LIST,
  INT64_LIST,
  FLOAT_LIST,
  DOUBLE_LIST,
  STRING_LIST,
  BOOL_LIST,
  BYTES_LIST,
  TIMESTAMP_LIST;

  /** True for the {@code *_LIST} types. */
  public boolean isList() {
    return ordinal() >= INT32_LIST.ordinal();
  }

  /** The element type of a list type, or this type itself for a scalar. */
  public ValueType elementType() {
    return isList() ? values()[ordinal() - INT32_LIST.ordinal()] : this;
  }

  /** The list type whose elements are this scalar type. */
  public ValueType listOf() {
    if (isList()) {
      throw new IllegalStateException(this + " is already a list type");
    }
    return values()[ordinal() + INT32_LIST.ordinal()];
  }

  /** True for INT32, INT64, FLOAT and DOUBLE. */
  public boolean isNumeric() {
    return this == INT32 || this == INT64 || this == FLOAT || this == DOUBLE;
  }

  /**
   * Parses a type name as written in definition files: case-insensitive, and {@code LIST<INT64>} is
   * accepted as a synonym of {@code INT64_LIST}.
   */
  public static Optional<ValueType> parse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    String t = text.trim().toUpperCase(Locale.ROOT);
    if (t.startsWith("LIST<") && t.endsWith(">")) {
      t = t.substring(5, t.length() - 1).trim() + "_LIST";
    }
    for (ValueType v : values()) {
      if (v.name().equals(t)) {
        return Optional.of(v);
      }
    }
    return Optional.empty();
  }
}

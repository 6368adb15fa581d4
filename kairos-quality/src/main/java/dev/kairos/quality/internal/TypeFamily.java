package dev.kairos.quality.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The type families {@code expect_column_values_to_be_of_type} checks. Great Expectations suites
 * name types the way pandas, Spark or SQL do, so several spellings map to one family.
 */
public enum TypeFamily {
  INTEGER,
  FLOAT,
  BOOLEAN,
  TIMESTAMP,
  STRING;

  private static final Map<String, TypeFamily> NAMES = new LinkedHashMap<>();

  static {
    for (String n : List.of("int", "int32", "int64", "integer", "long", "bigint", "short")) {
      NAMES.put(n, INTEGER);
    }
    for (String n :
        List.of("float", "float32", "float64", "double", "decimal", "number", "numeric")) {
      NAMES.put(n, FLOAT);
    }
    for (String n : List.of("bool", "boolean")) {
      NAMES.put(n, BOOLEAN);
    }
    for (String n : List.of("datetime", "datetime64", "datetime64[ns]", "timestamp", "date")) {
      NAMES.put(n, TIMESTAMP);
    }
    for (String n : List.of("str", "string", "object", "varchar", "text")) {
      NAMES.put(n, STRING);
    }
  }

  /** The family a type name belongs to (case-insensitive), or null. */
  public static TypeFamily of(String name) {
    return NAMES.get(name.toLowerCase(Locale.ROOT));
  }

  static List<String> names() {
    return new ArrayList<>(NAMES.keySet());
  }

  /** Whether a present value belongs to this family; integers are floats too. */
  public boolean accepts(Object v) {
    return switch (this) {
      case INTEGER -> Values.isInteger(v);
      case FLOAT -> v instanceof Number || Values.isNumber(v);
      case BOOLEAN -> Values.isBoolean(v);
      case TIMESTAMP -> Values.isTimestamp(v);
      case STRING -> true;
    };
  }

  /** The name profiles and observed values use. */
  public String typeName() {
    return switch (this) {
      case INTEGER -> "int64";
      case FLOAT -> "float64";
      case BOOLEAN -> "bool";
      case TIMESTAMP -> "datetime64";
      case STRING -> "str";
    };
  }
}

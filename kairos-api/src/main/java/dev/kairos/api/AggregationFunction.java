package dev.kairos.api;

import java.util.Locale;
import java.util.Optional;

/**
 * What a windowed aggregation computes over the events of its window. Every function ignores events
 * whose column value is null, except {@link #COUNT}, which counts events.
 *
 * <p>Empty window (or only nulls): {@link #COUNT}, {@link #COUNT_DISTINCT} and {@link #SUM} give 0;
 * every other function gives null.
 */
public enum AggregationFunction {
  /** Number of events in the window, whatever the column's value. INT64. */
  COUNT,
  /** Sum of the non-null values: INT64 for integer columns, DOUBLE for FLOAT and DOUBLE. */
  SUM,
  /** Arithmetic mean of the non-null values. DOUBLE. */
  AVG,
  /** Smallest non-null value; the column's type. */
  MIN,
  /** Greatest non-null value; the column's type. */
  MAX,
  /**
   * The non-null value of the earliest event: smallest event time, then smallest created time (a
   * missing created time is the smallest), then the row ingested first. The column's type.
   */
  FIRST,
  /**
   * The non-null value of the latest event: greatest event time, then greatest created time (a
   * missing created time is the smallest), then the row ingested last. The column's type.
   */
  LAST,
  /** Number of different non-null values. INT64. */
  COUNT_DISTINCT,
  /** Population standard deviation of the non-null values (divides by n). DOUBLE. */
  STDDEV;

  /** The name used in definitions and in default feature names, such as {@code count_distinct}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses a name as written in definitions, case-insensitive. */
  public static Optional<AggregationFunction> parse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    String t = text.trim().toUpperCase(Locale.ROOT);
    for (AggregationFunction f : values()) {
      if (f.name().equals(t)) {
        return Optional.of(f);
      }
    }
    return Optional.empty();
  }

  /** Whether this function can aggregate a column of the given type. */
  public boolean accepts(ValueType column) {
    if (column.isList()) {
      return this == COUNT;
    }
    return switch (this) {
      case COUNT -> true;
      case SUM, AVG, STDDEV -> column.isNumeric();
      case MIN, MAX ->
          column.isNumeric() || column == ValueType.STRING || column == ValueType.TIMESTAMP;
      case FIRST, LAST -> true;
      case COUNT_DISTINCT -> column != ValueType.FLOAT && column != ValueType.DOUBLE;
    };
  }

  /** The types this function accepts, for error messages. */
  public String acceptedTypes() {
    return switch (this) {
      case COUNT -> "any type";
      case SUM, AVG, STDDEV -> "INT32, INT64, FLOAT or DOUBLE";
      case MIN, MAX -> "INT32, INT64, FLOAT, DOUBLE, STRING or TIMESTAMP";
      case FIRST, LAST -> "any scalar type";
      case COUNT_DISTINCT -> "INT32, INT64, STRING, BOOL, BYTES or TIMESTAMP";
    };
  }

  /** The type of the result for a column of the given type (which it must accept). */
  public ValueType resultType(ValueType column) {
    return switch (this) {
      case COUNT, COUNT_DISTINCT -> ValueType.INT64;
      case SUM ->
          column == ValueType.FLOAT || column == ValueType.DOUBLE
              ? ValueType.DOUBLE
              : ValueType.INT64;
      case AVG, STDDEV -> ValueType.DOUBLE;
      case MIN, MAX, FIRST, LAST -> column;
    };
  }

  /** True when an empty window gives 0 rather than null. */
  public boolean zeroWhenEmpty() {
    return this == COUNT || this == COUNT_DISTINCT || this == SUM;
  }
}

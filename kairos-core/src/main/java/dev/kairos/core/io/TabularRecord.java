package dev.kairos.core.io;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.List;

/**
 * One data row of a tabular file.
 *
 * <p>Values from a CSV file are {@link String}s, or {@code null} for an empty unquoted field.
 * Values from a Parquet file are already typed, in the Java representation of {@link
 * dev.kairos.api.ValueType} ({@link java.time.Instant} for timestamps, {@link java.util.List} for
 * lists, {@code byte[]} for binary; dates come as {@link java.time.LocalDate}). {@link
 * ValueText#convert} turns either into a value of a declared type.
 *
 * @param locationPrefix what {@link #location()} puts before the line number: {@code file.csv:} or
 *     {@code file.parquet: row }
 * @param line the 1-based physical line number of a CSV record, or the 1-based row number of a
 *     Parquet row
 * @param values one value per header column, in header order
 */
public record TabularRecord(String locationPrefix, long line, List<Object> values) {
  public TabularRecord {
    requireNonNull(locationPrefix, "locationPrefix");
    // Values may hold nulls, so List.copyOf does not fit; the list is wrapped, never shared.
    values = Collections.unmodifiableList(values);
  }

  /**
   * Where the row is, for messages: {@code file.csv:17} (physical line where the record starts) or
   * {@code file.parquet: row 17}. Built on demand: most rows are never reported.
   */
  public String location() {
    return locationPrefix + line;
  }

  public Object get(int column) {
    return values.get(column);
  }
}

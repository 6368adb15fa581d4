package dev.kairos.core.io;

import dev.kairos.api.Field;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes rows to a CSV or Parquet file, chosen by extension.
 *
 * <p><b>CSV</b>: UTF-8, LF line ends, a header line, fields quoted only when needed (they hold a
 * comma, quote or line break, or are the empty string, written {@code ""}); null is an empty field;
 * values in the text form of {@link ValueText#format} (timestamps ISO-8601 UTC, lists as JSON
 * arrays, bytes base64).
 *
 * <p><b>Parquet</b>: columns typed after the declared {@link dev.kairos.api.ValueType}s (timestamps
 * as {@code TIMESTAMP} in UTC); written through an in-memory DuckDB when the writer is closed.
 */
public interface TabularWriter extends AutoCloseable {

  /**
   * Creates (or replaces) a file.
   *
   * @param columns the column names and types, in order
   * @throws dev.kairos.api.KairosException USER when the extension is neither .csv nor .parquet or
   *     the file cannot be written
   */
  static TabularWriter create(Path file, List<Field> columns) {
    return switch (TabularReader.Format.of(file)) {
      case CSV -> CsvWriter.create(file, columns);
      case PARQUET -> ParquetWriter.create(file, columns);
    };
  }

  /** Writes one row: one value per column, in the Java representation of its type. */
  void write(Object[] row);

  /** Rows written so far. */
  long rows();

  /** Finishes the file. */
  @Override
  void close();
}

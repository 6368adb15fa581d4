package dev.kairos.quality;

import java.util.List;

/**
 * A batch of rows to validate, read once from start to end. Values are as the file holds them: text
 * from CSV, typed Java values from Parquet ({@link dev.kairos.api.ValueType} representations); null
 * or the empty string is a missing value.
 */
public interface Batch {

  /** What the batch is called in reports: usually its file path. */
  String name();

  /**
   * Reads the batch: {@link Visitor#columns} once, then {@link Visitor#row} for each row in order.
   *
   * @throws dev.kairos.api.KairosException USER when the input cannot be read (ragged row, invalid
   *     encoding, empty file…), naming the line
   */
  void scan(Visitor visitor);

  /** Receives a batch's header and rows. */
  interface Visitor {
    void columns(List<String> names);

    /**
     * One row. {@code values} has one entry per column and is only valid during the call: readers
     * may reuse the array.
     */
    void row(long line, Object[] values);
  }

  /**
   * A CSV or Parquet file, read with {@link dev.kairos.core.io.TabularReader} each time it is
   * scanned. CSV values arrive as text, Parquet values typed.
   */
  static Batch of(java.nio.file.Path file) {
    return new FileBatch(file);
  }

  /** A batch held in memory, for tests, benchmarks and callers that already have rows. */
  static Batch of(String name, List<String> columns, List<Object[]> rows) {
    List<String> header = List.copyOf(columns);
    List<Object[]> data = List.copyOf(rows);
    return new Batch() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public void scan(Visitor visitor) {
        visitor.columns(header);
        long line = 2;
        for (Object[] row : data) {
          visitor.row(line++, row);
        }
      }
    };
  }
}

package dev.kairos.core.io;

import dev.kairos.api.KairosException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;

/**
 * Streams the rows of a CSV or Parquet file without loading it whole.
 *
 * <p><b>CSV</b> (RFC 4180): the first line is the header; fields are separated by commas; a field
 * may be enclosed in double quotes, and then may hold commas, line breaks and doubled quotes
 * ({@code ""}). Lines end with LF or CRLF. A UTF-8 byte order mark is skipped. Blank lines are
 * skipped. An empty unquoted field reads as {@code null}; a quoted empty field ({@code ""}) reads
 * as the empty string. Every record must have as many fields as the header. Errors name the file
 * and the line: invalid UTF-8, a wrong number of fields, an unterminated quote.
 *
 * <p><b>Parquet</b> is read through an in-memory DuckDB with {@code read_parquet}; values arrive
 * typed (see {@link TabularRecord}).
 *
 * <p>An empty file has an empty header and no rows; a header-only file has no rows.
 */
public interface TabularReader extends AutoCloseable {

  /**
   * Opens a file, choosing the format by extension: {@code .csv} or {@code .parquet} (any case).
   *
   * @throws KairosException USER when the file is missing, unreadable, of another format, or its
   *     header is malformed (duplicate or empty column names)
   */
  static TabularReader open(Path file) {
    if (!Files.isRegularFile(file)) {
      throw KairosException.user(file + ": no such file");
    }
    return switch (Format.of(file)) {
      case CSV -> CsvReader.open(file);
      case PARQUET -> ParquetReader.open(file);
    };
  }

  /** The file being read. */
  Path file();

  /** The column names in file order; empty for an empty file. */
  List<String> header();

  /** Position of a column in {@link #header()}, or -1. */
  default int columnIndex(String name) {
    return header().indexOf(name);
  }

  /**
   * The next row, or {@code null} at the end of the file.
   *
   * @throws KairosException USER naming the file and line of a malformed row
   */
  TabularRecord next();

  /** The remaining rows as an iterator; each of its {@code next} calls reads a row. */
  default Iterator<TabularRecord> records() {
    return new Iterator<>() {
      private TabularRecord next;

      @Override
      public boolean hasNext() {
        if (next == null) {
          next = TabularReader.this.next();
        }
        return next != null;
      }

      @Override
      public TabularRecord next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        TabularRecord r = next;
        next = null;
        return r;
      }
    };
  }

  @Override
  void close();

  /** The file formats Kairos reads and writes. */
  enum Format {
    CSV,
    PARQUET;

    /**
     * The format of a file from its extension.
     *
     * @throws KairosException USER for any other extension
     */
    public static Format of(Path file) {
      String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
      if (name.endsWith(".csv")) {
        return CSV;
      }
      if (name.endsWith(".parquet")) {
        return PARQUET;
      }
      throw KairosException.user(file + ": unsupported file type; use a .csv or .parquet file");
    }
  }
}

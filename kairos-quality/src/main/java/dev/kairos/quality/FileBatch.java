package dev.kairos.quality;

import static java.util.Objects.requireNonNull;

import dev.kairos.core.io.ReadAhead;
import dev.kairos.core.io.TabularReader;
import dev.kairos.core.io.TabularRecord;
import java.nio.file.Path;
import java.util.Iterator;

/** A file read through the core tabular reader, parsed on a second thread ({@link ReadAhead}). */
final class FileBatch implements Batch {
  private final Path file;

  FileBatch(Path file) {
    this.file = requireNonNull(file, "file");
  }

  @Override
  public String name() {
    // The reader names files the same way in its messages; reports stay free of absolute paths.
    return file.getFileName().toString();
  }

  private record Row(long line, Object[] values) {}

  /**
   * Rows are parsed on a second thread while the caller's thread evaluates them: parsing and
   * evaluation overlap on two cores instead of adding up.
   */
  @Override
  public void scan(Visitor visitor) {
    try (TabularReader reader = TabularReader.open(file)) {
      visitor.columns(reader.header());
      Iterator<TabularRecord> records = reader.records();
      Iterator<Row> rows =
          new Iterator<>() {
            @Override
            public boolean hasNext() {
              return records.hasNext();
            }

            @Override
            public Row next() {
              TabularRecord r = records.next();
              return new Row(r.line(), r.values().toArray());
            }
          };
      try (ReadAhead<Row> ahead = ReadAhead.start("kairos-read-ahead", rows)) {
        while (ahead.hasNext()) {
          Row r = ahead.next();
          visitor.row(r.line(), r.values());
        }
      }
    }
  }
}

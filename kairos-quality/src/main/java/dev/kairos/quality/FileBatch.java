package dev.kairos.quality;

import static java.util.Objects.requireNonNull;

import dev.kairos.core.io.TabularReader;
import dev.kairos.core.io.TabularRecord;
import java.nio.file.Path;

/** A file read through the core tabular reader. */
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

  @Override
  public void scan(Visitor visitor) {
    try (TabularReader reader = TabularReader.open(file)) {
      visitor.columns(reader.header());
      Object[] row = new Object[reader.header().size()];
      for (TabularRecord r = reader.next(); r != null; r = reader.next()) {
        visitor.row(r.line(), r.values().toArray(row));
      }
    }
  }
}

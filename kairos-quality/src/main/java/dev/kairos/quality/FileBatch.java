package dev.kairos.quality;

import static java.util.Objects.requireNonNull;

import dev.kairos.core.io.TabularReader;
import java.nio.file.Path;

/**
 * A file read through the core tabular reader, parsed on a second thread (see {@link ReadAhead}).
 */
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
      ReadAhead.scan(reader, visitor);
    }
  }
}

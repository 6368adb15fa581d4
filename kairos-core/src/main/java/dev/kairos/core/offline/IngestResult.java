package dev.kairos.core.offline;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The outcome of a successful {@link Ingestor#ingest}.
 *
 * @param source the source name
 * @param file the file loaded
 * @param rows rows written
 * @param took time from start (gates included) to commit
 */
public record IngestResult(String source, Path file, long rows, Duration took) {
  public IngestResult {
    requireNonNull(source, "source");
    requireNonNull(file, "file");
    requireNonNull(took, "took");
  }
}

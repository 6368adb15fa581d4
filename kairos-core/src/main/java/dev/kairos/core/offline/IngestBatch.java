package dev.kairos.core.offline;

import static java.util.Objects.requireNonNull;

import dev.kairos.api.Definitions;
import dev.kairos.api.Source;
import dev.kairos.spi.RegistryStore;
import java.nio.file.Path;

/**
 * A file about to be ingested into a source, as shown to {@link IngestGate}s.
 *
 * @param definitions the project's current definitions
 * @param source the source the file is loaded into
 * @param file the CSV or Parquet file
 * @param repoDir the feature repository folder (paths such as {@link Source#validation()} resolve
 *     against it)
 * @param registry where gates may keep results (for example validation reports)
 */
public record IngestBatch(
    Definitions definitions, Source source, Path file, Path repoDir, RegistryStore registry) {
  public IngestBatch {
    requireNonNull(definitions, "definitions");
    requireNonNull(source, "source");
    requireNonNull(file, "file");
    requireNonNull(repoDir, "repoDir");
    requireNonNull(registry, "registry");
  }
}

package dev.kairos.core.offline;

import static java.util.Objects.requireNonNull;

import dev.kairos.api.Definitions;
import dev.kairos.api.KairosException;
import dev.kairos.api.Source;
import dev.kairos.core.io.TabularReader;
import dev.kairos.spi.OfflineStore;
import dev.kairos.spi.RegistryStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.ServiceLoader;

/**
 * Loads a CSV or Parquet file into a source's offline table, all or nothing.
 *
 * <p>In order: the header must name exactly the source's fields (in any order; missing and extra
 * columns are named); every {@link IngestGate} admits the batch; then rows are converted to the
 * fields' types and handed to {@link OfflineStore#append} in one call. Conversion problems are
 * collected (up to {@link #MAX_ERRORS}) with file, line and field, and any problem aborts the
 * append, so nothing is written. Empty CSV fields are null; the event timestamp is required.
 */
public final class Ingestor {
  /** How many row errors are collected before giving up. */
  public static final int MAX_ERRORS = 20;

  private final OfflineStore store;
  private final Definitions definitions;
  private final Path repoDir;
  private final RegistryStore registry;
  private final Clock clock;
  private final List<IngestGate> gates;

  /**
   * @param gates checks run before anything is written; see {@link #discoverGates()}
   */
  public Ingestor(
      OfflineStore store,
      Definitions definitions,
      Path repoDir,
      RegistryStore registry,
      Clock clock,
      List<IngestGate> gates) {
    this.store = requireNonNull(store, "store");
    this.definitions = requireNonNull(definitions, "definitions");
    this.repoDir = requireNonNull(repoDir, "repoDir");
    this.registry = requireNonNull(registry, "registry");
    this.clock = requireNonNull(clock, "clock");
    this.gates = List.copyOf(gates);
  }

  /** The gates registered in {@code META-INF/services/dev.kairos.core.offline.IngestGate}. */
  public static List<IngestGate> discoverGates() {
    List<IngestGate> out = new ArrayList<>();
    ServiceLoader.load(IngestGate.class, Ingestor.class.getClassLoader()).forEach(out::add);
    return out;
  }

  /**
   * Loads a file into a source.
   *
   * @throws KairosException NOT_FOUND for an unknown source; USER for a bad header, a rejected
   *     gate, or rows that do not fit (the message lists them); nothing is written then
   */
  public IngestResult ingest(String sourceName, Path file) {
    Instant start = clock.instant();
    Source source =
        definitions
            .source(sourceName)
            .orElseThrow(
                () ->
                    KairosException.notFound(
                        "unknown source '"
                            + sourceName
                            + "'; known sources: "
                            + Definitions.names(definitions.sources(), Source::name)));
    try (TabularReader reader = TabularReader.open(file)) {
      Iterator<Object[]> converted = SourceRows.read(source, reader, MAX_ERRORS);
      IngestBatch batch = new IngestBatch(definitions, source, file, repoDir, registry);
      gates.forEach(g -> g.admit(batch));
      store.ensureTable(source);
      long rows = store.append(source, converted);
      return new IngestResult(source.name(), file, rows, Duration.between(start, clock.instant()));
    }
  }
}

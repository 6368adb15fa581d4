package dev.kairos.core.offline;

import static java.util.Objects.requireNonNull;

import dev.kairos.api.Definitions;
import dev.kairos.api.Field;
import dev.kairos.api.KairosException;
import dev.kairos.api.Source;
import dev.kairos.core.io.TabularReader;
import dev.kairos.core.io.TabularRecord;
import dev.kairos.core.io.ValueText;
import dev.kairos.spi.OfflineStore;
import dev.kairos.spi.RegistryStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
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
      int[] columnOf = mapHeader(source, reader);
      IngestBatch batch = new IngestBatch(definitions, source, file, repoDir, registry);
      gates.forEach(g -> g.admit(batch));
      store.ensureTable(source);
      long rows = store.append(source, new ConvertingIterator(source, reader, columnOf));
      return new IngestResult(source.name(), file, rows, Duration.between(start, clock.instant()));
    }
  }

  private static int[] mapHeader(Source source, TabularReader reader) {
    String name = reader.file().getFileName().toString();
    List<String> header = reader.header();
    if (header.isEmpty()) {
      throw KairosException.user(
          name
              + ": the file is empty; expected a header line with the columns of source '"
              + source.name()
              + "': "
              + Definitions.names(source.fields(), Field::name));
    }
    List<String> missing = new ArrayList<>();
    int[] columnOf = new int[source.fields().size()];
    for (int i = 0; i < columnOf.length; i++) {
      columnOf[i] = header.indexOf(source.fields().get(i).name());
      if (columnOf[i] < 0) {
        missing.add(source.fields().get(i).name());
      }
    }
    List<String> extra = new ArrayList<>();
    for (String h : header) {
      if (source.field(h).isEmpty()) {
        extra.add(h);
      }
    }
    if (!missing.isEmpty() || !extra.isEmpty()) {
      StringBuilder msg =
          new StringBuilder(name + ": header does not match source '" + source.name() + "':");
      if (!missing.isEmpty()) {
        msg.append(" missing column(s) ").append(String.join(", ", missing)).append(';');
      }
      if (!extra.isEmpty()) {
        msg.append(" unknown column(s) ").append(String.join(", ", extra)).append(';');
      }
      msg.append(" expected: ").append(Definitions.names(source.fields(), Field::name));
      throw KairosException.user(msg.toString());
    }
    return columnOf;
  }

  /**
   * Converts records to rows for the store. Bad rows are collected, not returned; when the input
   * ends (or too many errors were seen) with any error, it throws, which makes the store roll back.
   */
  private static final class ConvertingIterator implements Iterator<Object[]> {
    private final Source source;
    private final TabularReader reader;
    private final int[] columnOf;
    private final List<String> errors = new ArrayList<>();
    private Object[] next;

    ConvertingIterator(Source source, TabularReader reader, int[] columnOf) {
      this.source = source;
      this.reader = reader;
      this.columnOf = columnOf;
    }

    @Override
    public boolean hasNext() {
      while (next == null) {
        TabularRecord rec = errors.size() >= MAX_ERRORS ? null : reader.next();
        if (rec == null) {
          if (!errors.isEmpty()) {
            throw failure();
          }
          return false;
        }
        next = convert(rec);
      }
      return true;
    }

    private Object[] convert(TabularRecord rec) {
      List<Field> fields = source.fields();
      Object[] row = new Object[fields.size()];
      boolean ok = true;
      for (int i = 0; i < row.length; i++) {
        Field f = fields.get(i);
        try {
          row[i] = ValueText.convert(rec.get(columnOf[i]), f.type());
          if (row[i] == null && f.name().equals(source.timestampField())) {
            throw new IllegalArgumentException("the event timestamp is required");
          }
        } catch (IllegalArgumentException e) {
          ok = false;
          errors.add(rec.location() + ": field '" + f.name() + "': " + e.getMessage());
          if (errors.size() >= MAX_ERRORS) {
            break;
          }
        }
      }
      return ok ? row : null;
    }

    private KairosException failure() {
      String file = reader.file().getFileName().toString();
      StringBuilder msg =
          new StringBuilder("cannot load ")
              .append(file)
              .append(" into source '")
              .append(source.name())
              .append("'; nothing was written. ")
              .append(errors.size() >= MAX_ERRORS ? "First " + MAX_ERRORS + " errors:" : "Errors:");
      errors.forEach(e -> msg.append("\n  ").append(e));
      return KairosException.user(msg.toString());
    }

    @Override
    public Object[] next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      Object[] row = next;
      next = null;
      return row;
    }
  }
}

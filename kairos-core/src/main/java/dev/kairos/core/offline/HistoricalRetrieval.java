package dev.kairos.core.offline;

import static java.util.Objects.requireNonNull;

import dev.kairos.api.Definitions;
import dev.kairos.api.FeatureRef;
import dev.kairos.api.FeatureView;
import dev.kairos.api.Field;
import dev.kairos.api.KairosException;
import dev.kairos.api.ValueType;
import dev.kairos.core.io.ReadAhead;
import dev.kairos.core.io.TabularReader;
import dev.kairos.core.io.TabularRecord;
import dev.kairos.core.io.TabularWriter;
import dev.kairos.core.io.ValueText;
import dev.kairos.spi.HistoricalQuery;
import dev.kairos.spi.OfflineStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Builds a point-in-time correct training set from an entity file.
 *
 * <p><b>Semantics</b> (those of {@link HistoricalQuery}): for an entity row with keys {@code k} and
 * time {@code t} and a view with TTL {@code d}, the value comes from the view's source row with the
 * same keys and {@code event_ts <= t}, and {@code event_ts >= t - d} when {@code d > 0} (both
 * bounds inclusive). The greatest {@code event_ts} wins; a tie goes to the greatest {@code
 * created_ts} (null counts as oldest); a further tie to the row ingested last. No candidate gives
 * null. With {@code asOfCreated}, rows whose {@code created_ts > t} are invisible (a null
 * created_ts is visible). A null key never matches.
 *
 * <p><b>Output</b>: exactly one row per entity row, in input order: every entity column in file
 * order, then the features in request order, named {@code feature} or {@code view__feature}.
 * Request-time features ({@link dev.kairos.api.OnDemandFeatureView}) are computed per output row
 * from the joined features they read, the entity file's column of each request field and {@code
 * event_timestamp} as the request time (see {@link OnDemandRows}).
 *
 * <p><b>Entity file columns</b>: join key columns are read as their entity's value type, {@code
 * event_timestamp} as a TIMESTAMP (required in every row), and every other column passes through as
 * text (a Parquet value is written in its text form, see {@link ValueText#format}).
 */
public final class HistoricalRetrieval {
  private static final String FULL_NAMES =
      "use full feature names (view__feature: --full-feature-names, fullFeatureNames in the Java"
          + " API)";
  private final OfflineStore store;
  private final Definitions definitions;
  private final Clock clock;

  public HistoricalRetrieval(OfflineStore store, Definitions definitions, Clock clock) {
    this.store = requireNonNull(store, "store");
    this.definitions = requireNonNull(definitions, "definitions");
    this.clock = requireNonNull(clock, "clock");
  }

  /**
   * Runs the request and writes the output file (replacing it only when complete).
   *
   * @throws KairosException USER for unknown features, clashing column names, a missing join key or
   *     {@code event_timestamp} column, or a value that does not fit its column
   */
  public HistoricalResult run(HistoricalRequest request) {
    Instant start = clock.instant();
    List<FeatureRef> refs = resolve(request);
    try (TabularReader reader = TabularReader.open(request.entities())) {
      Plan plan = plan(refs, request, reader);
      Path tmp = temporary(request.output());
      long rows;
      try (TabularWriter writer = TabularWriter.create(tmp, plan.outputColumns())) {
        // Entity rows are parsed and converted a few chunks ahead while the store loads them.
        try (ReadAhead<Object[]> entities =
            ReadAhead.start(
                "kairos-entity-reader", new EntityIterator(reader, plan.entityColumns()))) {
          if (TabularReader.Format.of(tmp) == TabularReader.Format.CSV) {
            // CSV formatting is plain Java work, so it overlaps the store's; the Parquet writer is
            // a DuckDB appender, which must stay on the thread that created it.
            try (WriteBehind behind = new WriteBehind(writer)) {
              store.historical(plan.query(), entities, plan.sink(behind));
              behind.finish();
            }
          } else {
            store.historical(plan.query(), entities, plan.sink(writer::write));
          }
        }
        rows = writer.rows();
      } catch (RuntimeException e) {
        deleteQuietly(tmp);
        throw e;
      }
      move(tmp, request.output());
      List<String> names = plan.outputColumns().stream().map(Field::name).toList();
      return new HistoricalResult(
          request.output(), rows, names, Duration.between(start, clock.instant()));
    }
  }

  private List<FeatureRef> resolve(HistoricalRequest request) {
    boolean hasService = request.service() != null;
    if (hasService == !request.features().isEmpty()) {
      throw KairosException.user("give either features (view:feature,...) or a feature service");
    }
    return hasService
        ? definitions.resolveService(request.service())
        : definitions.resolve(request.features());
  }

  /**
   * @param onDemand the request-time features, which complete the store's rows; null when none
   */
  private record Plan(
      HistoricalQuery query,
      List<Field> entityColumns,
      List<Field> outputColumns,
      OnDemandRows onDemand) {
    Consumer<Object[]> sink(Consumer<Object[]> out) {
      return onDemand == null ? out : onDemand.completing(out);
    }
  }

  private Plan plan(List<FeatureRef> refs, HistoricalRequest request, TabularReader reader) {
    String file = reader.file().getFileName().toString();
    OnDemandRows onDemand = OnDemandRows.of(definitions, refs);
    if (onDemand != null) {
      onDemand.bind(file, reader.header());
    }
    List<FeatureRef> joined = onDemand == null ? refs : onDemand.joined();
    Map<String, Integer> viewIndex = new LinkedHashMap<>();
    List<HistoricalQuery.ViewInput> views = new ArrayList<>();
    Map<String, ValueType> keyTypes = new HashMap<>();
    for (FeatureRef ref : joined) {
      if (!viewIndex.containsKey(ref.view())) {
        FeatureView v = definitions.requireView(ref.view());
        for (Field k : definitions.joinKeyFields(v)) {
          keyTypes.putIfAbsent(k.name(), k.type());
          if (!reader.header().contains(k.name())) {
            throw KairosException.user(
                file
                    + ": missing column '"
                    + k.name()
                    + "', the join key of view '"
                    + v.name()
                    + "'; columns found: "
                    + String.join(", ", reader.header()));
          }
        }
        viewIndex.put(ref.view(), views.size());
        views.add(
            new HistoricalQuery.ViewInput(v, definitions.sourceOf(v), definitions.joinKeys(v)));
      }
    }
    if (!reader.header().contains(HistoricalQuery.EVENT_TIMESTAMP)) {
      throw KairosException.user(
          file
              + ": missing column '"
              + HistoricalQuery.EVENT_TIMESTAMP
              + "' (when each labelled event happened); columns found: "
              + String.join(", ", reader.header()));
    }
    List<Field> entityColumns = new ArrayList<>();
    for (String h : reader.header()) {
      ValueType t =
          h.equals(HistoricalQuery.EVENT_TIMESTAMP)
              ? ValueType.TIMESTAMP
              : keyTypes.getOrDefault(h, ValueType.STRING);
      entityColumns.add(new Field(h, t));
    }
    List<Field> outputColumns = new ArrayList<>(entityColumns);
    Map<String, FeatureRef> byName = new HashMap<>();
    for (FeatureRef ref : refs) {
      String name = request.fullFeatureNames() ? ref.fullName() : ref.name();
      FeatureRef clash = byName.put(name, ref);
      if (clash != null) {
        throw KairosException.user(
            "features '"
                + clash
                + "' and '"
                + ref
                + "' would both be named '"
                + name
                + "'; "
                + FULL_NAMES
                + " or drop one");
      }
      if (reader.header().contains(name)) {
        throw KairosException.user(
            "feature '"
                + ref
                + "' would be named '"
                + name
                + "', like a column of "
                + file
                + "; "
                + FULL_NAMES
                + " or rename the column");
      }
      outputColumns.add(new Field(name, definitions.typeOf(ref)));
    }
    List<HistoricalQuery.Output> outputs = new ArrayList<>();
    for (FeatureRef ref : joined) {
      // A request-time feature's input the request did not ask for: a column no name can clash
      // with.
      String name =
          onDemand != null && onDemand.isHidden(ref)
              ? "__kairos_input_" + outputs.size()
              : request.fullFeatureNames() ? ref.fullName() : ref.name();
      outputs.add(new HistoricalQuery.Output(viewIndex.get(ref.view()), ref.name(), name));
    }
    HistoricalQuery q = new HistoricalQuery(entityColumns, views, outputs, request.asOfCreated());
    return new Plan(q, entityColumns, outputColumns, onDemand);
  }

  private static Path temporary(Path output) {
    Path abs = output.toAbsolutePath();
    return abs.resolveSibling("." + abs.getFileName() + ".partial" + suffix(abs));
  }

  private static String suffix(Path p) {
    String name = p.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return dot < 0 ? "" : name.substring(dot);
  }

  private static void move(Path from, Path to) {
    try {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      deleteQuietly(from);
      throw new KairosException(
          dev.kairos.api.ErrorKind.USER, to + ": cannot write: " + e.getMessage(), e);
    }
  }

  private static void deleteQuietly(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException e) {
      // A leftover partial file is harmless; the original failure is what the user needs.
    }
  }

  /** Converts entity records to typed rows as the store reads them. */
  private static final class EntityIterator implements Iterator<Object[]> {
    private final Iterator<TabularRecord> records;
    private final List<Field> columns;

    EntityIterator(TabularReader reader, List<Field> columns) {
      this.records = reader.records();
      this.columns = columns;
    }

    @Override
    public boolean hasNext() {
      return records.hasNext();
    }

    @Override
    public Object[] next() {
      TabularRecord rec = records.next();
      Object[] row = new Object[columns.size()];
      for (int i = 0; i < row.length; i++) {
        Field f = columns.get(i);
        Object raw = rec.get(i);
        try {
          row[i] =
              f.type() == ValueType.STRING && !(raw instanceof String)
                  ? ValueText.format(raw)
                  : ValueText.convert(raw, f.type());
        } catch (IllegalArgumentException e) {
          throw KairosException.user(
              rec.location() + ": field '" + f.name() + "': " + e.getMessage());
        }
        if (row[i] == null && f.name().equals(HistoricalQuery.EVENT_TIMESTAMP)) {
          throw KairosException.user(
              rec.location() + ": field '" + f.name() + "': a value is required");
        }
      }
      return row;
    }
  }
}

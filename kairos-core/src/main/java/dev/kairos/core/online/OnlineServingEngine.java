package dev.kairos.core.online;

import dev.kairos.api.Definitions;
import dev.kairos.api.EntityKey;
import dev.kairos.api.FeatureRef;
import dev.kairos.api.FeatureService;
import dev.kairos.api.FeatureView;
import dev.kairos.api.Field;
import dev.kairos.api.FieldStatus;
import dev.kairos.api.KairosException;
import dev.kairos.api.OnlineFeatureReader;
import dev.kairos.api.OnlineQuery;
import dev.kairos.api.OnlineResult;
import dev.kairos.core.aggregate.AggregationLayout;
import dev.kairos.core.ondemand.OnDemandRequest;
import dev.kairos.core.ondemand.OnDemandViews;
import dev.kairos.spi.OnlineRow;
import dev.kairos.spi.OnlineStore;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The online read path: validates a request, reads each involved view with one {@code multiGet},
 * and computes every value's status at request time.
 *
 * <p>A value is {@code NOT_FOUND} when no row is stored for the entity; {@code OUTSIDE_MAX_AGE}
 * when the view has a TTL and {@code now - eventTs > ttl} (the stale value is still returned, with
 * its event time; clients must look at the status); {@code NULL_VALUE} when the stored value is
 * null; otherwise {@code PRESENT}. An aggregation is computed from the entity's aggregation state
 * for the request time (see {@link dev.kairos.api.Aggregation}): {@code NOT_FOUND} when no state is
 * stored (with the empty window's value: 0 for count, count_distinct and sum), {@code NULL_VALUE}
 * for an empty window of a function that gives null, else {@code PRESENT}; the TTL does not apply
 * to it. Request-time features are computed after the reads, from the request data, the clock and
 * the features they read (see {@link OnDemandRequest}). Definitions are read from the supplier once
 * per request, so a registry reload takes effect at the next request and never in the middle of
 * one.
 */
public final class OnlineServingEngine implements OnlineFeatureReader {
  private final Supplier<Definitions> definitions;
  private final OnlineStore store;
  private final Clock clock;
  private final int maxEntities;
  // A service's resolved references, for the definitions they were resolved against: resolving
  // "view:*" on every request allocated one reference per feature and searched every view.
  // The column names too, which are checked for clashes once: per service, short and full names.
  private volatile ResolvedServices resolved = ResolvedServices.of(null);
  private final AggregationLayouts layouts = new AggregationLayouts();
  // Request-time views compiled once per registry version (CEL compilation takes milliseconds).
  private volatile OnDemandViews onDemandViews;

  private record ResolvedServices(
      Definitions defs,
      Map<String, List<FeatureRef>> byService,
      Map<String, List<String>> shortNames,
      Map<String, List<String>> fullNames) {
    static ResolvedServices of(Definitions defs) {
      return new ResolvedServices(
          defs, new ConcurrentHashMap<>(), new ConcurrentHashMap<>(), new ConcurrentHashMap<>());
    }

    Map<String, List<String>> names(boolean full) {
      return full ? fullNames : shortNames;
    }
  }

  /**
   * @param maxEntities the most entity rows one request may carry
   */
  public OnlineServingEngine(
      Supplier<Definitions> definitions, OnlineStore store, Clock clock, int maxEntities) {
    if (maxEntities < 1) {
      throw new IllegalArgumentException("maxEntities must be positive, got " + maxEntities);
    }
    this.definitions = definitions;
    this.store = store;
    this.clock = clock;
    this.maxEntities = maxEntities;
  }

  /**
   * The engine a feature server builds for one registry version: tells {@code store} which views it
   * stores for {@code defs} (plain online views and aggregation state, for its expiry sweeps), then
   * serves {@code defs}.
   */
  public static OnlineServingEngine serving(
      Definitions defs, OnlineStore store, Clock clock, int maxEntities) {
    store.viewsDefined(
        AggregationLayout.storedViews(defs).stream().filter(FeatureView::online).toList());
    return new OnlineServingEngine(() -> defs, store, clock, maxEntities);
  }

  /** The most entity rows one request may carry. */
  public int maxEntities() {
    return maxEntities;
  }

  @Override
  public OnlineResult get(OnlineQuery query) {
    Definitions defs = definitions.get();
    OnDemandRequest onDemand = onDemand(defs, query);
    if (onDemand == null) {
      return read(defs, query);
    }
    OnlineQuery inputs = onDemand.inputQuery();
    return onDemand.finish(inputs == null ? null : read(defs, inputs), clock.instant());
  }

  private OnlineResult read(Definitions defs, OnlineQuery query) {
    Request r = prepare(defs, query);
    for (ViewRead read : r.reads.values()) {
      read.rows = store.multiGet(read.view, read.keys);
    }
    return finish(r);
  }

  /**
   * The same answer, reading every view with {@link OnlineStore#multiGetAsync}: the future
   * completes on the thread that completes the last read (a remote store's I/O thread).
   */
  @Override
  public CompletableFuture<OnlineResult> getAsync(OnlineQuery query) {
    Definitions defs = definitions.get();
    OnDemandRequest onDemand;
    try {
      onDemand = onDemand(defs, query);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    if (onDemand == null) {
      return readAsync(defs, query);
    }
    OnlineQuery inputs = onDemand.inputQuery();
    CompletableFuture<OnlineResult> read =
        inputs == null ? CompletableFuture.completedFuture(null) : readAsync(defs, inputs);
    return read.thenApply(result -> onDemand.finish(result, clock.instant()));
  }

  /** The request-time part of a query, or null when it asks for no request-time feature. */
  private OnDemandRequest onDemand(Definitions defs, OnlineQuery query) {
    if (defs.onDemandViews().isEmpty()) {
      return null;
    }
    OnDemandViews compiled = onDemandViews;
    if (compiled == null || compiled.definitions() != defs) {
      compiled = OnDemandViews.of(defs);
      onDemandViews = compiled;
    }
    return OnDemandRequest.plan(compiled, query);
  }

  private CompletableFuture<OnlineResult> readAsync(Definitions defs, OnlineQuery query) {
    Request r;
    try {
      r = prepare(defs, query);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    CompletableFuture<?>[] pending = new CompletableFuture<?>[r.reads.size()];
    int i = 0;
    for (ViewRead read : r.reads.values()) {
      pending[i++] = store.multiGetAsync(read.view, read.keys).thenAccept(rows -> read.rows = rows);
    }
    return CompletableFuture.allOf(pending).thenApply(done -> finish(r));
  }

  /** A validated request: its views, their keys and the key columns, before any read. */
  private record Request(
      Definitions defs,
      OnlineQuery query,
      List<FeatureRef> refs,
      int rows,
      Map<String, ViewRead> reads,
      Map<String, Object[]> keyColumns,
      Map<String, Field> keyFields) {}

  private Request prepare(Definitions defs, OnlineQuery query) {
    List<FeatureRef> refs = features(defs, query);
    int rows = rowCount(query);
    Map<String, ViewRead> reads = new LinkedHashMap<>();
    for (FeatureRef ref : refs) {
      String readName = readName(defs, ref);
      if (!reads.containsKey(readName)) {
        FeatureView view = defs.requireView(ref.view());
        reads.put(
            readName,
            readName.equals(ref.view())
                ? new ViewRead(view, defs, null)
                : new ViewRead(null, defs, layouts.of(view, defs)));
      }
    }
    Map<String, Object[]> keyColumns = new LinkedHashMap<>();
    Map<String, Field> keyFields = new LinkedHashMap<>();
    for (ViewRead read : reads.values()) {
      read.keys = keys(read, query, rows, keyColumns, keyFields);
    }
    return new Request(defs, query, refs, rows, reads, keyColumns, keyFields);
  }

  /** Statuses (judged against the clock now, after the reads) and the result's columns. */
  private OnlineResult finish(Request r) {
    Instant now = clock.instant();
    for (ViewRead read : r.reads.values()) {
      if (read.rows.size() != r.rows) {
        throw KairosException.internal(
            "online store returned " + read.rows.size() + " rows for " + r.rows + " keys", null);
      }
      if (read.layout != null) {
        read.evaluate(now);
      } else {
        read.rowStatuses(read.view.hasNoTtl() ? null : now.minus(read.view.ttl()));
      }
    }
    List<OnlineResult.Column> columns = new ArrayList<>(r.keyColumns.size() + r.refs.size());
    for (Map.Entry<String, Object[]> e : r.keyColumns.entrySet()) {
      columns.add(keyColumn(r.keyFields.get(e.getKey()), e.getValue()));
    }
    for (FeatureRef ref : r.refs) {
      ViewRead read = r.reads.get(readName(r.defs, ref));
      columns.add(
          read.layout != null
              ? read.aggregated.column(read.layout.view(), ref.name())
              : featureColumn(read, ref.name()));
    }
    return new OnlineResult(names(r.defs, r.query, r.keyColumns.keySet(), r.refs), columns);
  }

  /** The column names, checked for clashes; a service's are the same on every request. */
  private List<String> names(
      Definitions defs, OnlineQuery query, Set<String> keyNames, List<FeatureRef> refs) {
    boolean service = query.service() != null && query.features().isEmpty();
    Map<String, List<String>> cache =
        service ? resolved(defs).names(query.fullFeatureNames()) : null;
    List<String> names = service ? cache.get(query.service()) : null;
    if (names == null) {
      List<String> built = new ArrayList<>(keyNames.size() + refs.size());
      built.addAll(keyNames);
      for (FeatureRef ref : refs) {
        built.add(query.fullFeatureNames() ? ref.fullName() : ref.name());
      }
      checkUniqueNames(built, keyNames.size(), refs);
      names = List.copyOf(built);
      if (service) {
        cache.put(query.service(), names);
      }
    }
    return names;
  }

  private static final class ViewRead {
    final FeatureView view;
    final List<Field> joinKeys;
    List<EntityKey> keys;
    List<OnlineRow> rows;
    // Every feature of a row carries the row's event time, and the row's status unless its value
    // is null: the view's columns share these arrays.
    Instant[] times;
    FieldStatus[] statuses;

    // Set for the hidden view holding a view's aggregation state; view is then its storage view.
    final AggregationLayout layout;
    AggregatedValues aggregated;

    ViewRead(FeatureView view, Definitions defs, AggregationLayout layout) {
      this.view = layout != null ? layout.storageView() : view;
      this.layout = layout;
      this.joinKeys = defs.joinKeyFields(this.view);
    }

    void evaluate(Instant now) {
      aggregated = AggregatedValues.evaluate(layout, rows, now);
    }

    /** NOT_FOUND, OUTSIDE_MAX_AGE when older than the cutoff (if any), else PRESENT. */
    void rowStatuses(Instant cutoff) {
      int n = rows.size();
      times = new Instant[n];
      statuses = new FieldStatus[n];
      for (int r = 0; r < n; r++) {
        OnlineRow row = rows.get(r);
        if (row == null) {
          statuses[r] = FieldStatus.NOT_FOUND;
        } else {
          times[r] = row.eventTs();
          statuses[r] =
              cutoff != null && row.eventTs().isBefore(cutoff)
                  ? FieldStatus.OUTSIDE_MAX_AGE
                  : FieldStatus.PRESENT;
        }
      }
    }
  }

  /** The read a reference is answered from: its view, or the view's aggregation state. */
  private static String readName(Definitions defs, FeatureRef ref) {
    FeatureView view = defs.requireView(ref.view());
    return view.hasAggregations() && view.indexOf(ref.name()) < 0
        ? view.name() + AggregationLayout.STORAGE_SUFFIX
        : view.name();
  }

  private List<FeatureRef> features(Definitions defs, OnlineQuery query) {
    if (query.service() == null || !query.features().isEmpty()) {
      return resolveFeatures(defs, query);
    }
    ResolvedServices cache = resolved(defs);
    List<FeatureRef> refs = cache.byService().get(query.service());
    if (refs == null) {
      refs = List.copyOf(resolveFeatures(defs, query));
      cache.byService().put(query.service(), refs);
    }
    return refs;
  }

  private ResolvedServices resolved(Definitions defs) {
    ResolvedServices cache = resolved;
    if (cache.defs() != defs) {
      cache = ResolvedServices.of(defs);
      resolved = cache;
    }
    return cache;
  }

  private static List<FeatureRef> resolveFeatures(Definitions defs, OnlineQuery query) {
    if (query.service() != null) {
      if (!query.features().isEmpty()) {
        throw KairosException.user(
            "give either feature references or a feature service, not both (service '"
                + query.service()
                + "')");
      }
      FeatureService service =
          defs.service(query.service())
              .orElseThrow(
                  () ->
                      KairosException.user(
                          "unknown feature service '"
                              + query.service()
                              + "'; known services: "
                              + Definitions.names(defs.services(), FeatureService::name)));
      return defs.resolve(service.features());
    }
    if (query.features().isEmpty()) {
      throw KairosException.user("no features requested; give feature references or a service");
    }
    return defs.resolve(query.features());
  }

  private int rowCount(OnlineQuery query) {
    int rows = query.rowCount();
    if (rows == 0) {
      throw KairosException.user("no entity rows given; give at least one value per join key");
    }
    String first = query.entities().keySet().iterator().next();
    for (Map.Entry<String, List<Object>> e : query.entities().entrySet()) {
      if (e.getValue().size() != rows) {
        throw KairosException.user(
            "entity column '"
                + e.getKey()
                + "' has "
                + e.getValue().size()
                + " values but '"
                + first
                + "' has "
                + rows
                + "; every join key needs one value per entity row");
      }
    }
    if (rows > maxEntities) {
      throw KairosException.user(
          rows + " entity rows exceed the limit of " + maxEntities + " per request; split it");
    }
    return rows;
  }

  private static List<EntityKey> keys(
      ViewRead read,
      OnlineQuery query,
      int rows,
      Map<String, Object[]> keyColumns,
      Map<String, Field> keyFields) {
    int n = read.joinKeys.size();
    Object[][] cols = new Object[n][];
    for (int k = 0; k < n; k++) {
      Field key = read.joinKeys.get(k);
      cols[k] = keyColumns.get(key.name());
      if (cols[k] == null) {
        List<Object> given = query.entities().get(key.name());
        if (given == null) {
          throw KairosException.user(
              "missing join key '"
                  + key.name()
                  + "' needed by view '"
                  + (read.layout != null ? read.layout.view().name() : read.view.name())
                  + "'; given: "
                  + (query.entities().isEmpty()
                      ? "(none)"
                      : String.join(", ", query.entities().keySet())));
        }
        cols[k] = new Object[rows];
        for (int r = 0; r < rows; r++) {
          cols[k][r] = JoinKeys.coerce(key.name(), key.type(), given.get(r), r);
        }
        keyColumns.put(key.name(), cols[k]);
        keyFields.put(key.name(), key);
      }
    }
    EntityKey[] keys = new EntityKey[rows];
    for (int r = 0; r < rows; r++) {
      if (n == 1) {
        keys[r] = EntityKey.of(cols[0][r]);
      } else {
        Object[] parts = new Object[n];
        for (int k = 0; k < n; k++) {
          parts[k] = cols[k][r];
        }
        keys[r] = EntityKey.of(parts);
      }
    }
    return Arrays.asList(keys);
  }

  private static OnlineResult.Column keyColumn(Field key, Object[] values) {
    FieldStatus[] statuses = new FieldStatus[values.length];
    Arrays.fill(statuses, FieldStatus.PRESENT);
    return new OnlineResult.Column(key.type(), values, statuses, new Instant[values.length]);
  }

  private static OnlineResult.Column featureColumn(ViewRead read, String feature) {
    int index = read.view.indexOf(feature);
    int rows = read.times.length;
    Object[] values = new Object[rows];
    FieldStatus[] statuses = read.statuses;
    for (int r = 0; r < rows; r++) {
      OnlineRow row = read.rows.get(r);
      if (row == null) {
        continue;
      }
      values[r] = row.values()[index];
      if (values[r] == null && read.statuses[r] == FieldStatus.PRESENT) {
        if (statuses == read.statuses) {
          statuses = read.statuses.clone();
        }
        statuses[r] = FieldStatus.NULL_VALUE;
      }
    }
    return new OnlineResult.Column(
        read.view.features().get(index).type(), values, statuses, read.times);
  }

  private static void checkUniqueNames(List<String> names, int keyCount, List<FeatureRef> refs) {
    Map<String, Integer> seen = new HashMap<>(names.size() * 2);
    for (int i = 0; i < names.size(); i++) {
      Integer before = seen.putIfAbsent(names.get(i), i);
      if (before != null && i >= keyCount) {
        String earlier = before < keyCount ? "join key" : "'" + refs.get(before - keyCount) + "'";
        throw KairosException.user(
            "result column '"
                + names.get(i)
                + "' of '"
                + refs.get(i - keyCount)
                + "' clashes with "
                + earlier
                + "; request each feature once and use full feature names when names repeat");
      }
    }
  }
}

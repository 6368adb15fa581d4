package dev.kairos.server.internal;

import com.linecorp.armeria.server.ServiceRequestContext;
import dev.kairos.api.Definitions;
import dev.kairos.api.ErrorKind;
import dev.kairos.api.FeatureRef;
import dev.kairos.api.FeatureService;
import dev.kairos.api.FieldStatus;
import dev.kairos.api.KairosException;
import dev.kairos.api.OnlineQuery;
import dev.kairos.api.OnlineResult;
import dev.kairos.api.ValueType;
import dev.kairos.server.ReadMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Runs a feature request for every protocol: checks it against the registry version serving now
 * (rejecting a malformed request whole, with a message naming the offending item), converts join
 * key values to their declared types, reads through that version's reader, and records metrics.
 */
public final class QueryExecutor {
  private final RegistryWatcher registry;
  private final ServerMetrics metrics;
  private final int maxEntityRows;
  private final ReadMode mode;
  private final ResolvedFeatures.ByService services = new ResolvedFeatures.ByService();
  private final ServedLogging logging;

  public QueryExecutor(
      RegistryWatcher registry, ServerMetrics metrics, int maxEntityRows, ReadMode mode) {
    this(registry, metrics, maxEntityRows, mode, null);
  }

  /**
   * @param logging where answers to feature-service requests are logged, or null
   */
  public QueryExecutor(
      RegistryWatcher registry,
      ServerMetrics metrics,
      int maxEntityRows,
      ReadMode mode,
      ServedLogging logging) {
    this.registry = registry;
    this.metrics = metrics;
    this.maxEntityRows = maxEntityRows;
    this.mode = mode;
    this.logging = logging;
  }

  /**
   * Answers a request on the thread its {@link ReadMode} says, timing and counting it as {@link
   * #run} does. Called on the request's I/O thread; with {@link ReadMode#INLINE} the future is
   * complete when this returns.
   *
   * @return the encoded answer, or a future failed with a classified {@link KairosException}
   */
  public <T> CompletableFuture<T> answer(
      ServiceRequestContext ctx,
      Endpoint endpoint,
      RawQuery raw,
      Function<OnlineResult, T> encoder) {
    return switch (mode) {
      case INLINE -> completed(() -> run(endpoint, raw, encoder));
      case BLOCKING_POOL ->
          CompletableFuture.supplyAsync(
              () -> run(endpoint, raw, encoder), ctx.blockingTaskExecutor());
      case ASYNC -> runAsync(endpoint, raw, encoder, ctx.eventLoop());
    };
  }

  private static <T> CompletableFuture<T> completed(Supplier<T> answer) {
    try {
      return CompletableFuture.completedFuture(answer.get());
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /** Validates here, reads without waiting, and encodes on {@code encodeOn} once read. */
  private <T> CompletableFuture<T> runAsync(
      Endpoint endpoint, RawQuery raw, Function<OnlineResult, T> encoder, Executor encodeOn) {
    long start = System.nanoTime();
    CompletableFuture<T> answer;
    try {
      Prepared p = prepare(raw);
      long readStart = System.nanoTime();
      answer =
          p.snapshot()
              .reader()
              .getAsync(p.query())
              .thenApplyAsync(
                  result -> encoder.apply(recorded(endpoint, p, result, readStart)), encodeOn);
    } catch (RuntimeException e) {
      answer = CompletableFuture.failedFuture(e);
    }
    return answer.handle(
        (value, error) -> {
          metrics.request(endpoint, System.nanoTime() - start);
          if (error != null) {
            KairosException k = ErrorMapping.classify(error);
            metrics.error(endpoint, k.kind());
            throw k;
          }
          return value;
        });
  }

  /**
   * Executes the query and encodes the result, timing both.
   *
   * @throws KairosException classified; the caller's protocol maps it to a status
   */
  public <T> T run(Endpoint endpoint, RawQuery raw, Function<OnlineResult, T> encoder) {
    long start = System.nanoTime();
    try {
      return encoder.apply(execute(endpoint, raw));
    } catch (RuntimeException e) {
      KairosException k = ErrorMapping.classify(e);
      metrics.error(endpoint, k.kind());
      throw k;
    } finally {
      metrics.request(endpoint, System.nanoTime() - start);
    }
  }

  /** Times and counts a non-query operation the same way. */
  public <T> T timed(Endpoint endpoint, java.util.function.Supplier<T> operation) {
    long start = System.nanoTime();
    try {
      return operation.get();
    } catch (RuntimeException e) {
      KairosException k = ErrorMapping.classify(e);
      metrics.error(endpoint, k.kind());
      throw k;
    } finally {
      metrics.request(endpoint, System.nanoTime() - start);
    }
  }

  private OnlineResult execute(Endpoint endpoint, RawQuery raw) {
    Prepared p = prepare(raw);
    long readStart = System.nanoTime();
    return recorded(endpoint, p, p.snapshot().reader().get(p.query()), readStart);
  }

  /** A checked request with typed join keys, and the registry version it was checked against. */
  private record Prepared(
      RegistryWatcher.Snapshot snapshot,
      OnlineQuery query,
      int features,
      java.time.Instant requestTime) {}

  private Prepared prepare(RawQuery raw) {
    RegistryWatcher.Snapshot snapshot = registry.current();
    Definitions defs = snapshot.definitions();
    List<FeatureRef> requested = requestedRefs(defs, raw);
    boolean service = hasService(raw);
    ResolvedFeatures resolved =
        service
            ? services.get(defs, raw.service(), requested)
            : ResolvedFeatures.of(defs, requested);
    Map<String, List<Object>> requestData = new LinkedHashMap<>(raw.requestData());
    Map<String, List<Object>> entities = entities(resolved, raw, requestData);
    OnlineQuery query =
        service
            ? new OnlineQuery(
                List.of(), raw.service(), entities, raw.fullFeatureNames(), requestData)
            : new OnlineQuery(requested, null, entities, raw.fullFeatureNames(), requestData);
    return new Prepared(
        snapshot, query, resolved.refs().size(), logging == null ? null : logging.now());
  }

  private OnlineResult recorded(
      Endpoint endpoint, Prepared p, OnlineResult result, long readStart) {
    metrics.storeRead(System.nanoTime() - readStart);
    metrics.entityRows(endpoint, p.query().rowCount());
    countStatuses(result, p.features());
    if (logging != null) {
      logging.features(
          p.query().service(), p.snapshot().version(), p.requestTime(), p.query(), result);
    }
    return result;
  }

  /** An empty service name (a Feast client's unset field) means no service. */
  private static boolean hasService(RawQuery raw) {
    return raw.service() != null && !raw.service().isEmpty();
  }

  private static List<FeatureRef> requestedRefs(Definitions defs, RawQuery raw) {
    boolean hasRefs = raw.refs() != null && !raw.refs().isEmpty();
    boolean hasService = hasService(raw);
    if (hasRefs && hasService) {
      throw KairosException.user(
          "the request names both features and feature service '"
              + raw.service()
              + "'; give one of them");
    }
    if (hasService) {
      FeatureService service =
          defs.service(raw.service())
              .orElseThrow(
                  () ->
                      new KairosException(
                          raw.fromUrl() ? ErrorKind.NOT_FOUND : ErrorKind.USER,
                          "unknown feature service '"
                              + raw.service()
                              + "'; known services: "
                              + Definitions.names(defs.services(), FeatureService::name)));
      return service.features();
    }
    if (!hasRefs) {
      throw KairosException.user(
          "the request names no features: give feature references (view:feature) or a feature"
              + " service");
    }
    List<FeatureRef> refs = new ArrayList<>(raw.refs().size());
    for (String text : raw.refs()) {
      try {
        refs.add(FeatureRef.parse(text));
      } catch (IllegalArgumentException e) {
        throw new KairosException(ErrorKind.USER, e.getMessage(), e);
      }
    }
    return refs;
  }

  /**
   * The typed join key columns. An entity column named like a request field (and no join key) of a
   * requested request-time view moves to {@code requestData}.
   */
  private Map<String, List<Object>> entities(
      ResolvedFeatures resolved, RawQuery raw, Map<String, List<Object>> requestData) {
    Map<String, ResolvedFeatures.JoinKey> keys = resolved.joinKeys();
    Map<String, List<Object>> given = raw.entities();
    if (!resolved.requestFields().isEmpty()) {
      given = new LinkedHashMap<>(given);
      for (String field : resolved.requestFields().keySet()) {
        if (!keys.containsKey(field) && given.containsKey(field)) {
          requestData.putIfAbsent(field, given.remove(field));
        }
      }
    }
    int rows = checkShape(given);
    for (ResolvedFeatures.JoinKey key : keys.values()) {
      if (key.required() && !given.containsKey(key.field().name())) {
        throw KairosException.user(
            "missing join key '"
                + key.field().name()
                + "' needed by feature view '"
                + key.view()
                + "'; the request gives: "
                + String.join(", ", given.keySet()));
      }
    }
    Map<String, List<Object>> typed = new LinkedHashMap<>();
    for (Map.Entry<String, List<Object>> column : given.entrySet()) {
      ResolvedFeatures.JoinKey key = keys.get(column.getKey());
      if (key == null) {
        throw KairosException.user(
            "unknown join key '"
                + column.getKey()
                + "'; the requested features need: "
                + String.join(", ", keys.keySet()));
      }
      ValueType type = key.field().type();
      List<Object> values = new ArrayList<>(rows);
      for (int i = 0; i < rows; i++) {
        values.add(
            EntityValues.coerce(type, column.getValue().get(i), column.getKey(), i, raw.fromUrl()));
      }
      typed.put(column.getKey(), values);
    }
    return typed;
  }

  private int checkShape(Map<String, List<Object>> given) {
    int rows = -1;
    String first = null;
    for (Map.Entry<String, List<Object>> column : given.entrySet()) {
      int n = column.getValue().size();
      if (rows >= 0 && n != rows) {
        throw KairosException.user(
            "join key '"
                + column.getKey()
                + "' has "
                + n
                + " values but '"
                + first
                + "' has "
                + rows
                + "; every join key needs one value per entity row");
      }
      rows = n;
      first = column.getKey();
    }
    if (rows <= 0) {
      throw KairosException.user(
          "the request has no entity rows: give each join key at least one value");
    }
    if (rows > maxEntityRows) {
      throw KairosException.user(
          "the request has "
              + rows
              + " entity rows; the limit is "
              + maxEntityRows
              + " per request: split the batch");
    }
    return rows;
  }

  private void countStatuses(OnlineResult result, int featureColumns) {
    long[] counts = new long[FieldStatus.values().length];
    List<OnlineResult.Column> columns = result.columns();
    for (int c = Math.max(0, columns.size() - featureColumns); c < columns.size(); c++) {
      for (FieldStatus s : columns.get(c).statuses()) {
        counts[s.ordinal()]++;
      }
    }
    metrics.statuses(counts);
  }
}

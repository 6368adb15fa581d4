package dev.kairos.core.ondemand;

import dev.kairos.api.Definitions;
import dev.kairos.api.Entity;
import dev.kairos.api.FeatureRef;
import dev.kairos.api.FeatureService;
import dev.kairos.api.FieldStatus;
import dev.kairos.api.KairosException;
import dev.kairos.api.OnlineQuery;
import dev.kairos.api.OnlineResult;
import dev.kairos.api.ValueType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * An online request that asks for request-time features: which features of feature views to read
 * for them (the requested ones and every input of the requested request-time views, named in full
 * so hidden inputs never clash), and how to answer from what was read.
 *
 * <p>An input feature whose status is not PRESENT (not found, stale, null) is a null input, so the
 * features that read it are null with status NULL_VALUE, as in a training set where the
 * point-in-time join gives null. A request-time value's event time is the request time.
 */
public final class OnDemandRequest {
  private final Definitions definitions;
  private final OnlineQuery query;
  private final List<FeatureRef> refs;
  private final Map<String, CompiledView> views;
  private final List<FeatureRef> reads;
  private final int rows;

  private OnDemandRequest(
      Definitions definitions,
      OnlineQuery query,
      List<FeatureRef> refs,
      Map<String, CompiledView> views,
      List<FeatureRef> reads,
      int rows) {
    this.definitions = definitions;
    this.query = query;
    this.refs = refs;
    this.views = views;
    this.reads = reads;
    this.rows = rows;
  }

  /**
   * The plan for a query, or null when it asks for no request-time feature (or is malformed in a
   * way the caller's own checks report).
   *
   * @throws KairosException USER when a requested request-time view does not compile, or its
   *     request data is missing or of the wrong length or type
   */
  public static OnDemandRequest plan(OnDemandViews compiled, OnlineQuery query) {
    Definitions defs = compiled.definitions();
    List<FeatureRef> given;
    if (query.service() != null && query.features().isEmpty()) {
      Optional<FeatureService> service = defs.service(query.service());
      if (service.isEmpty()) {
        return null;
      }
      given = service.get().features();
    } else if (query.service() == null && !query.features().isEmpty()) {
      given = query.features();
    } else {
      return null;
    }
    // Most requests name no request-time view: answer that before resolving wildcards.
    if (given.stream().noneMatch(r -> compiled.contains(r.view()))) {
      return null;
    }
    List<FeatureRef> refs = defs.resolve(given);
    Map<String, CompiledView> views = new LinkedHashMap<>();
    Map<String, List<String>> requested = new LinkedHashMap<>();
    Set<FeatureRef> reads = new LinkedHashSet<>();
    for (FeatureRef ref : refs) {
      if (compiled.contains(ref.view())) {
        views.computeIfAbsent(ref.view(), compiled::require);
        requested.computeIfAbsent(ref.view(), v -> new ArrayList<>()).add(ref.name());
      } else {
        reads.add(ref);
      }
    }
    if (views.isEmpty()) {
      return null;
    }
    int rows = rowCount(query);
    for (CompiledView v : views.values()) {
      for (Input in : v.inputsOf(requested.get(v.view().name()))) {
        if (in.feature() != null) {
          reads.add(in.feature());
        } else if (in.requestField() != null) {
          checkRequestField(query, v, in.requestField(), rows);
        }
      }
    }
    return new OnDemandRequest(defs, query, refs, views, List.copyOf(reads), rows);
  }

  /** The query reading the feature views' features, or null when the expressions read none. */
  public OnlineQuery inputQuery() {
    return reads.isEmpty() ? null : new OnlineQuery(reads, null, query.entities(), true);
  }

  /**
   * The answer: the join key columns of {@code inputs}, then every requested feature in request
   * order.
   *
   * @param inputs the answer to {@link #inputQuery()}, or null when it is null
   * @param requestTime the request time the expressions see as {@code request_time}
   */
  public OnlineResult finish(OnlineResult inputs, Instant requestTime) {
    int keyCount = inputs == null ? 0 : inputs.columns().size() - reads.size();
    Map<FeatureRef, OnlineResult.Column> read = new HashMap<>();
    for (int i = 0; i < reads.size(); i++) {
      read.put(reads.get(i), inputs.columns().get(keyCount + i));
    }
    Map<String, OnlineResult.Column[]> computed = new HashMap<>();
    for (CompiledView v : views.values()) {
      computed.put(v.view().name(), evaluate(v, read, requestTime));
    }
    List<String> names = new ArrayList<>();
    List<OnlineResult.Column> columns = new ArrayList<>();
    for (int k = 0; k < keyCount; k++) {
      names.add(inputs.names().get(k));
      columns.add(inputs.columns().get(k));
    }
    if (inputs == null) {
      echoJoinKeys(names, columns);
    }
    for (FeatureRef ref : refs) {
      CompiledView v = views.get(ref.view());
      columns.add(v == null ? read.get(ref) : computed.get(ref.view())[v.indexOf(ref.name())]);
      String name = query.fullFeatureNames() ? ref.fullName() : ref.name();
      if (names.contains(name)) {
        throw KairosException.user(
            "result column '"
                + name
                + "' of '"
                + ref
                + "' clashes with another column; request each feature once and use full feature"
                + " names when names repeat");
      }
      names.add(name);
    }
    return new OnlineResult(names, columns);
  }

  /** With no feature read, the given join key columns are echoed as the reads would have. */
  private void echoJoinKeys(List<String> names, List<OnlineResult.Column> columns) {
    for (Map.Entry<String, List<Object>> e : query.entities().entrySet()) {
      Optional<Entity> entity =
          definitions.entities().stream()
              .filter(en -> en.joinKeys().contains(e.getKey()))
              .findFirst();
      if (entity.isEmpty() || e.getValue().size() != rows) {
        continue;
      }
      ValueType type = entity.get().valueType();
      Object[] values = new Object[rows];
      for (int r = 0; r < rows; r++) {
        values[r] =
            RequestValues.coerce(
                e.getKey(), type, e.getValue().get(r), "entity row " + r + " (0-based)");
      }
      FieldStatus[] statuses = new FieldStatus[rows];
      Arrays.fill(statuses, FieldStatus.PRESENT);
      names.add(e.getKey());
      columns.add(new OnlineResult.Column(type, values, statuses, new Instant[rows]));
    }
  }

  private OnlineResult.Column[] evaluate(
      CompiledView v, Map<FeatureRef, OnlineResult.Column> read, Instant requestTime) {
    List<Input> inputs = v.inputs();
    int features = v.view().features().size();
    Object[][] values = new Object[features][rows];
    Object[] in = new Object[inputs.size()];
    for (int r = 0; r < rows; r++) {
      for (int i = 0; i < in.length; i++) {
        in[i] = input(inputs.get(i), r, read, requestTime);
      }
      Object[] out = v.evaluate(in);
      for (int f = 0; f < features; f++) {
        values[f][r] = out[f];
      }
    }
    Instant[] times = new Instant[rows];
    Arrays.fill(times, requestTime);
    OnlineResult.Column[] columns = new OnlineResult.Column[features];
    for (int f = 0; f < features; f++) {
      FieldStatus[] statuses = new FieldStatus[rows];
      for (int r = 0; r < rows; r++) {
        statuses[r] = values[f][r] == null ? FieldStatus.NULL_VALUE : FieldStatus.PRESENT;
      }
      columns[f] =
          new OnlineResult.Column(v.view().features().get(f).type(), values[f], statuses, times);
    }
    return columns;
  }

  private Object input(
      Input in, int row, Map<FeatureRef, OnlineResult.Column> read, Instant requestTime) {
    if (in.isRequestTime()) {
      return requestTime;
    }
    if (in.requestField() != null) {
      // Absent only when no requested feature reads it (required fields were checked).
      List<Object> given = query.requestData().get(in.requestField());
      return given == null
          ? null
          : RequestValues.coerce(
              in.requestField(), in.type(), given.get(row), "entity row " + row + " (0-based)");
    }
    OnlineResult.Column c = read.get(in.feature());
    return c != null && c.statuses()[row] == FieldStatus.PRESENT ? c.values()[row] : null;
  }

  private static int rowCount(OnlineQuery query) {
    if (query.rowCount() > 0) {
      return query.rowCount();
    }
    return query.requestData().isEmpty()
        ? 0
        : query.requestData().values().iterator().next().size();
  }

  private static void checkRequestField(OnlineQuery query, CompiledView v, String field, int rows) {
    List<Object> values = query.requestData().get(field);
    if (values == null) {
      throw KairosException.user(
          "missing request field '"
              + field
              + "' needed by request-time view '"
              + v.view().name()
              + "'; request data given: "
              + (query.requestData().isEmpty()
                  ? "(none)"
                  : String.join(", ", query.requestData().keySet())));
    }
    if (values.size() != rows) {
      throw KairosException.user(
          "request field '"
              + field
              + "' has "
              + values.size()
              + " values for "
              + rows
              + " entity rows; give one value per entity row");
    }
  }
}

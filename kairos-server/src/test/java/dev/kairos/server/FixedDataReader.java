package dev.kairos.server;

import dev.kairos.api.Definitions;
import dev.kairos.api.FeatureRef;
import dev.kairos.api.FeatureView;
import dev.kairos.api.Field;
import dev.kairos.api.FieldStatus;
import dev.kairos.api.OnlineFeatureReader;
import dev.kairos.api.OnlineQuery;
import dev.kairos.api.OnlineResult;
import dev.kairos.api.ValueType;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * A small online reader over rows held in memory, with the semantics of the serving engine:
 * statuses computed at request time from each view's TTL and the clock; stale values are returned
 * with status OUTSIDE_MAX_AGE.
 */
final class FixedDataReader implements OnlineFeatureReader {
  record Stored(Instant eventTime, Map<String, Object> values) {}

  private final Definitions defs;
  private final Clock clock;
  private final Map<String, Map<List<Object>, Stored>> rows = new HashMap<>();

  FixedDataReader(Definitions defs, Clock clock) {
    this.defs = defs;
    this.clock = clock;
  }

  FixedDataReader put(
      String view, List<Object> key, Instant eventTime, Map<String, Object> values) {
    rows.computeIfAbsent(view, v -> new HashMap<>()).put(key, new Stored(eventTime, values));
    return this;
  }

  /** Answers on another thread, as a remote store's client would. */
  @Override
  public CompletableFuture<OnlineResult> getAsync(OnlineQuery q) {
    return CompletableFuture.supplyAsync(() -> get(q));
  }

  @Override
  public OnlineResult get(OnlineQuery q) {
    List<FeatureRef> refs =
        q.service() != null ? defs.resolveService(q.service()) : defs.resolve(q.features());
    Instant now = clock.instant();
    int n = q.rowCount();
    List<String> names = new ArrayList<>();
    List<OnlineResult.Column> columns = new ArrayList<>();
    q.entities()
        .forEach(
            (key, values) -> {
              names.add(key);
              FieldStatus[] st = new FieldStatus[n];
              java.util.Arrays.fill(st, FieldStatus.PRESENT);
              columns.add(
                  new OnlineResult.Column(keyType(key), values.toArray(), st, new Instant[n]));
            });
    for (FeatureRef ref : refs) {
      FeatureView view = defs.requireView(ref.view());
      Field feature = view.feature(ref.name()).orElseThrow();
      Object[] values = new Object[n];
      FieldStatus[] statuses = new FieldStatus[n];
      Instant[] times = new Instant[n];
      for (int i = 0; i < n; i++) {
        List<Object> key = new ArrayList<>();
        for (String k : defs.joinKeys(view)) {
          key.add(q.entities().get(k).get(i));
        }
        Stored s = rows.getOrDefault(view.name(), Map.of()).get(key);
        if (s == null) {
          statuses[i] = FieldStatus.NOT_FOUND;
          continue;
        }
        times[i] = s.eventTime();
        values[i] = s.values().get(feature.name());
        // As in the serving engine: a stale value is still returned, flagged by its status.
        if (!view.hasNoTtl() && s.eventTime().isBefore(now.minus(view.ttl()))) {
          statuses[i] = FieldStatus.OUTSIDE_MAX_AGE;
        } else {
          statuses[i] = values[i] == null ? FieldStatus.NULL_VALUE : FieldStatus.PRESENT;
        }
      }
      names.add(q.fullFeatureNames() ? ref.fullName() : ref.name());
      columns.add(new OnlineResult.Column(feature.type(), values, statuses, times));
    }
    return new OnlineResult(names, columns);
  }

  private ValueType keyType(String key) {
    return defs.entities().stream()
        .filter(e -> e.joinKeys().contains(key))
        .map(e -> e.valueType())
        .findFirst()
        .orElse(ValueType.STRING);
  }
}

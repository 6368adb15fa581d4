package dev.kairos.monitor;

import dev.kairos.api.Definitions;
import dev.kairos.api.FeatureRef;
import dev.kairos.api.OnlineQuery;
import dev.kairos.api.OnlineResult;
import dev.kairos.api.predict.PredictQuery;
import dev.kairos.api.predict.PredictResult;
import dev.kairos.api.predict.ServedFeature;
import dev.kairos.core.io.ValueText;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/** Turns one entity row of an answer into a {@link LogRow}. */
final class RowBuilder {
  private volatile Definitions cachedFor;
  private volatile Map<String, List<String>> names = new ConcurrentHashMap<>();

  /** A random (version 4) UUID from the thread's generator: no lock on the request path. */
  static String requestId() {
    java.util.concurrent.ThreadLocalRandom r = java.util.concurrent.ThreadLocalRandom.current();
    long hi = (r.nextLong() & ~0xF000L) | 0x4000L;
    long lo = (r.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(hi, lo).toString();
  }

  static Map<String, Object> key(OnlineQuery query, int row) {
    return key(query.entities(), row);
  }

  static Map<String, Object> key(Map<String, List<Object>> entities, int row) {
    Map<String, Object> key = new LinkedHashMap<>();
    entities.forEach((k, v) -> key.put(k, v.get(row)));
    return key;
  }

  /** The column {@code field} of the request data (or entities) as text, or null when absent. */
  static List<String> texts(PredictQuery q, String field) {
    List<Object> column = q.requestData().get(field);
    if (column == null) {
      column = q.entities().get(field);
    }
    if (column == null) {
      return null;
    }
    List<String> out = new ArrayList<>(column.size());
    column.forEach(v -> out.add(text(v)));
    return out;
  }

  /** {@code view__feature} for each feature of the service, in service order. */
  List<String> featureNames(Definitions defs, String service) {
    if (cachedFor != defs) {
      names = new ConcurrentHashMap<>();
      cachedFor = defs;
    }
    return names.computeIfAbsent(
        service, s -> defs.resolveService(s).stream().map(RowBuilder::name).toList());
  }

  static String name(FeatureRef ref) {
    return ref.view() + "__" + ref.name();
  }

  LogRow features(
      Definitions defs,
      String service,
      String requestId,
      long version,
      Instant requestTime,
      OnlineQuery query,
      OnlineResult result,
      int row) {
    List<String> features = featureNames(defs, service);
    List<OnlineResult.Column> columns = result.columns();
    int first = columns.size() - features.size();
    Map<String, LogRow.Served> served = new LinkedHashMap<>();
    for (int f = 0; f < features.size(); f++) {
      OnlineResult.Column c = columns.get(first + f);
      served.put(
          features.get(f),
          new LogRow.Served(
              text(c.values()[row]),
              c.statuses()[row],
              c.eventTimestamps() == null ? null : c.eventTimestamps()[row]));
    }
    return new LogRow(
        service,
        requestId,
        requestTime,
        version,
        texts(query.entities(), row),
        texts(query.requestData(), row),
        served,
        null,
        null,
        null);
  }

  LogRow prediction(
      String service,
      String requestId,
      Instant requestTime,
      PredictQuery query,
      PredictResult result,
      int row) {
    Map<String, LogRow.Served> served = new LinkedHashMap<>();
    var p = result.predictions().get(row);
    for (ServedFeature f : p.features()) {
      served.put(
          name(FeatureRef.parse(f.name())),
          new LogRow.Served(text(f.value()), f.status(), f.eventTimestamp()));
    }
    return new LogRow(
        service,
        requestId,
        requestTime,
        0,
        texts(query.entities(), row),
        texts(query.requestData(), row),
        served,
        result.model(),
        result.version(),
        p.probability());
  }

  private static Map<String, String> texts(Map<String, List<Object>> columns, int row) {
    Map<String, String> out = new LinkedHashMap<>();
    columns.forEach((k, v) -> out.put(k, text(v.get(row))));
    return out;
  }

  static String text(Object v) {
    return v == null ? null : ValueText.format(v);
  }
}

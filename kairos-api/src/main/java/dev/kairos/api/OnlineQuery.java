package dev.kairos.api;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A request for online features: either explicit feature references or a feature service, for a
 * batch of entities given column-wise (join key name to one value per entity row), as in Feast.
 *
 * @param features references {@code view:feature}; empty when {@code service} is set
 * @param service a feature service name, or null
 * @param entities join key to values; every list has the same length, the number of entity rows
 * @param fullFeatureNames name result columns {@code view__feature} instead of {@code feature}
 * @param requestData request fields read by request-time features ({@link OnDemandFeatureView}),
 *     column-wise like {@code entities}: field name to one value per entity row (Feast's {@code
 *     request_context}); a value may be null. Values are in the Java representation of the field's
 *     type (see {@link ValueType}); a number is widened to a DOUBLE or FLOAT field, and text is
 *     parsed as in entity files. Fields no requested feature reads are ignored.
 */
public record OnlineQuery(
    List<FeatureRef> features,
    String service,
    Map<String, List<Object>> entities,
    boolean fullFeatureNames,
    Map<String, List<Object>> requestData) {
  public OnlineQuery {
    features = List.copyOf(features);
    entities = columns(entities);
    requestData = columns(requestData == null ? Map.of() : requestData);
  }

  /** A query without request data. */
  public OnlineQuery(
      List<FeatureRef> features,
      String service,
      Map<String, List<Object>> entities,
      boolean fullFeatureNames) {
    this(features, service, entities, fullFeatureNames, Map.of());
  }

  /** Number of entity rows (0 when no entity column is given). */
  public int rowCount() {
    return entities.isEmpty() ? 0 : entities.values().iterator().next().size();
  }

  private static Map<String, List<Object>> columns(Map<String, List<Object>> given) {
    Map<String, List<Object>> copy = new LinkedHashMap<>();
    given.forEach((k, v) -> copy.put(k, Collections.unmodifiableList(new ArrayList<>(v))));
    return Collections.unmodifiableMap(copy);
  }
}

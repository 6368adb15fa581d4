package dev.kairos.api;

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
 */
public record OnlineQuery(
    List<FeatureRef> features,
    String service,
    Map<String, List<Object>> entities,
    boolean fullFeatureNames) {
  public OnlineQuery {
    features = List.copyOf(features);
    Map<String, List<Object>> copy = new LinkedHashMap<>();
    entities.forEach(
        (k, v) ->
            copy.put(k, java.util.Collections.unmodifiableList(new java.util.ArrayList<>(v))));
    entities = java.util.Collections.unmodifiableMap(copy);
  }

  /** Number of entity rows (0 when no entity column is given). */
  public int rowCount() {
    return entities.isEmpty() ? 0 : entities.values().iterator().next().size();
  }
}

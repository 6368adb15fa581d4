package dev.kairos.api.predict;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A batch of transactions to score, column-wise as in {@link dev.kairos.api.OnlineQuery}.
 *
 * @param model the registered model name
 * @param alias the alias whose version scores the batch ({@code champion} when null)
 * @param entities join key to one value per entity row
 * @param requestData request field to one value per entity row (the transactions being scored)
 * @param explain compute per-feature contributions (SHAP values)
 * @param top how many contributions to return per row, largest absolute value first (0 = all)
 */
public record PredictQuery(
    String model,
    String alias,
    Map<String, List<Object>> entities,
    Map<String, List<Object>> requestData,
    boolean explain,
    int top) {
  /** The alias scored when a query names none. */
  public static final String DEFAULT_ALIAS = "champion";

  public PredictQuery {
    requireNonNull(model, "model");
    alias = alias == null || alias.isBlank() ? DEFAULT_ALIAS : alias;
    entities = columns(entities);
    requestData = columns(requestData == null ? Map.of() : requestData);
    if (top < 0) {
      throw new IllegalArgumentException("top must be 0 (all) or more, was " + top);
    }
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

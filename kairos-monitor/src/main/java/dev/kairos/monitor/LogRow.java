package dev.kairos.monitor;

import static java.util.Objects.requireNonNull;

import dev.kairos.api.FieldStatus;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One logged entity row of a feature service: one row of {@code feature_log_<service>} (see
 * docs/skew.md). Values are in their text form ({@link dev.kairos.core.io.ValueText#format}), null
 * when null.
 *
 * @param service the feature service
 * @param requestId the request's id; the rows of one request share it
 * @param requestTime the request's time
 * @param registryVersion the server's registry version that answered
 * @param entityKeys join key to value
 * @param requestData request field to value
 * @param features {@code view__feature} to what was served, in service order
 * @param model the model that scored the row, or null
 * @param modelVersion its version, or null
 * @param score its probability, or null
 */
public record LogRow(
    String service,
    String requestId,
    Instant requestTime,
    long registryVersion,
    Map<String, String> entityKeys,
    Map<String, String> requestData,
    Map<String, Served> features,
    String model,
    Long modelVersion,
    Double score) {
  public LogRow {
    requireNonNull(service, "service");
    requireNonNull(requestId, "requestId");
    requireNonNull(requestTime, "requestTime");
    entityKeys = copy(entityKeys);
    requestData = copy(requestData);
    features = copy(features);
  }

  /** A served value, its status and event time (null for none). */
  public record Served(String value, FieldStatus status, Instant eventTime) {
    public Served {
      requireNonNull(status, "status");
    }

    /**
     * The value a correct client uses: null when the status says the value is stale ({@code
     * OUTSIDE_MAX_AGE}), which a training set built with the view's TTL never sees either.
     */
    public String effective() {
      return status == FieldStatus.OUTSIDE_MAX_AGE ? null : value;
    }
  }

  private static <V> Map<String, V> copy(Map<String, V> m) {
    return Collections.unmodifiableMap(new LinkedHashMap<>(m));
  }

  /** The feature names, in service order. */
  public List<String> featureNames() {
    return List.copyOf(features.keySet());
  }
}

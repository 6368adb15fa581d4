package dev.kairos.api.predict;

import static java.util.Objects.requireNonNull;

import dev.kairos.api.FieldStatus;
import dev.kairos.api.ValueType;
import java.time.Instant;

/**
 * One model input as it was served.
 *
 * @param name the feature reference {@code view:feature}
 * @param type its value type
 * @param value the value in its Java representation (see {@link ValueType}), or null
 * @param status PRESENT, NULL_VALUE, NOT_FOUND or OUTSIDE_MAX_AGE (a request-time feature is
 *     PRESENT or NULL_VALUE)
 * @param eventTimestamp when the value became true, or null (not found; request-time features)
 * @param ageSeconds seconds between {@code eventTimestamp} and the request, or null
 * @param input the number the model received (NaN for a missing value)
 */
public record ServedFeature(
    String name,
    ValueType type,
    Object value,
    FieldStatus status,
    Instant eventTimestamp,
    Double ageSeconds,
    double input) {
  public ServedFeature {
    requireNonNull(name, "name");
    requireNonNull(type, "type");
    requireNonNull(status, "status");
  }

  /** True when the model received a value (not a missing one). */
  public boolean present() {
    return status == FieldStatus.PRESENT;
  }
}

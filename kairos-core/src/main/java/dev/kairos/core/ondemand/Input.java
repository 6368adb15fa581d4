package dev.kairos.core.ondemand;

import static java.util.Objects.requireNonNull;

import dev.kairos.api.FeatureRef;
import dev.kairos.api.ValueType;

/**
 * One value a compiled request-time view reads, named as in its expressions.
 *
 * @param variable the name in expressions: {@code request.<field>}, {@code request_time} or {@code
 *     <view>.<feature>}
 * @param type the value's Kairos type (TIMESTAMP for the request time)
 * @param requestField the request field's name for a request input, else null
 * @param feature the feature read for a feature input, else null
 */
public record Input(String variable, ValueType type, String requestField, FeatureRef feature) {
  public static final String REQUEST_TIME = "request_time";
  public static final String REQUEST_PREFIX = "request.";

  public Input {
    requireNonNull(variable, "variable");
    requireNonNull(type, "type");
  }

  public boolean isRequestTime() {
    return variable.equals(REQUEST_TIME);
  }
}

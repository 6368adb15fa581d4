package dev.kairos.api;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * Request-time features: each is an expression over the request's data (values the caller sends
 * with the request, such as the transaction being scored), the request time, and features of other
 * views in the same request. The same compiled expression computes them when a training set is
 * built (over the point-in-time join's rows and the entity file's request columns) and in the
 * feature server (per request).
 *
 * <p>Expressions are written in Google's Common Expression Language (CEL). In an expression, {@code
 * request.<field>} is a request field, {@code request_time} the request's time (an entity row's
 * {@code event_timestamp} offline, the server's clock online), and {@code <view>.<feature>} a
 * feature of a feature view. When an input the expression reads is null (a missing feature, an
 * empty window), or evaluating it fails (integer division by zero, an overflow) or gives a
 * non-finite double, the feature's value is null with status {@code NULL_VALUE}: a request never
 * fails because of one value.
 *
 * @param request the request data fields the expressions read; a request that lacks one is rejected
 */
public record OnDemandFeatureView(
    String name, List<Field> request, List<ExpressionFeature> features, String description) {
  public OnDemandFeatureView {
    requireNonNull(name, "name");
    request = List.copyOf(request);
    features = List.copyOf(features);
    description = description == null ? "" : description;
  }

  /** One request-time feature: its name, type and CEL expression. */
  public record ExpressionFeature(String name, ValueType type, String expression) {
    public ExpressionFeature {
      requireNonNull(name, "name");
      requireNonNull(type, "type");
      requireNonNull(expression, "expression");
    }

    public Field field() {
      return new Field(name, type);
    }
  }

  public Optional<ExpressionFeature> feature(String featureName) {
    for (ExpressionFeature f : features) {
      if (f.name().equals(featureName)) {
        return Optional.of(f);
      }
    }
    return Optional.empty();
  }

  /** The features as fields, in declaration order. */
  public List<Field> fields() {
    return features.stream().map(ExpressionFeature::field).toList();
  }
}

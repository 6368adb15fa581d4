package dev.kairos.api;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * A named list of features a model consumes; references may use {@code view:*}.
 *
 * @param logSampleRate the share of entity keys whose served vectors the feature server logs, from
 *     0.0 (none, the default) to 1.0 (every request); sampling is by entity key, so every request
 *     of a sampled key is logged (see docs/skew.md)
 */
public record FeatureService(
    String name, List<FeatureRef> features, String description, double logSampleRate) {
  public FeatureService {
    requireNonNull(name, "name");
    features = List.copyOf(features);
    description = description == null ? "" : description;
    if (!(logSampleRate >= 0.0 && logSampleRate <= 1.0)) {
      throw new IllegalArgumentException(
          "logSampleRate must be between 0.0 and 1.0, was " + logSampleRate);
    }
  }

  /** A service whose served vectors are not logged. */
  public FeatureService(String name, List<FeatureRef> features, String description) {
    this(name, features, description, 0.0);
  }
}

package dev.kairos.api;

import static java.util.Objects.requireNonNull;

import java.util.List;

/** A named list of features a model consumes; references may use {@code view:*}. */
public record FeatureService(String name, List<FeatureRef> features, String description) {
  public FeatureService {
    requireNonNull(name, "name");
    features = List.copyOf(features);
    description = description == null ? "" : description;
  }
}

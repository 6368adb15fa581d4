package dev.kairos.api;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A group of features computed from one source and keyed by one or more entities.
 *
 * <p><b>TTL.</b> For an entity row at time {@code t}, a source row is a candidate when its event
 * time {@code e} satisfies {@code e <= t} and, when {@code ttl > 0}, {@code e >= t - ttl} (both
 * bounds inclusive). A TTL of zero means values never expire. Online, a stored value whose age
 * {@code now - e} exceeds a non-zero TTL is reported as {@link FieldStatus#OUTSIDE_MAX_AGE}.
 */
public record FeatureView(
    String name,
    List<String> entities,
    String source,
    Duration ttl,
    List<Field> features,
    boolean online,
    Map<String, String> tags,
    String owner,
    String description) {
  public FeatureView {
    requireNonNull(name, "name");
    entities = List.copyOf(entities);
    requireNonNull(source, "source");
    requireNonNull(ttl, "ttl");
    features = List.copyOf(features);
    tags = Map.copyOf(tags);
    owner = owner == null ? "" : owner;
    description = description == null ? "" : description;
    if (ttl.isNegative()) {
      throw new IllegalArgumentException("ttl of view " + name + " is negative: " + ttl);
    }
  }

  /** True when values never expire. */
  public boolean hasNoTtl() {
    return ttl.isZero();
  }

  public Optional<Field> feature(String featureName) {
    for (Field f : features) {
      if (f.name().equals(featureName)) {
        return Optional.of(f);
      }
    }
    return Optional.empty();
  }

  /** Position of a feature in {@link #features()}, or -1. */
  public int indexOf(String featureName) {
    for (int i = 0; i < features.size(); i++) {
      if (features.get(i).name().equals(featureName)) {
        return i;
      }
    }
    return -1;
  }
}

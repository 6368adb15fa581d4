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
 *
 * <p><b>Aggregations.</b> Next to (or instead of) plain features, which carry a source column's
 * latest value, a view may declare windowed {@link Aggregation}s over its source's events. Their
 * semantics are in {@link Aggregation}; the TTL does not apply to them. {@link #features()} holds
 * the plain features only; {@link #fields()} every feature the view serves, plain ones first.
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
    String description,
    List<Aggregation> aggregations) {

  /** A view of plain features only. */
  public FeatureView(
      String name,
      List<String> entities,
      String source,
      Duration ttl,
      List<Field> features,
      boolean online,
      Map<String, String> tags,
      String owner,
      String description) {
    this(name, entities, source, ttl, features, online, tags, owner, description, List.of());
  }

  public FeatureView {
    requireNonNull(name, "name");
    entities = List.copyOf(entities);
    requireNonNull(source, "source");
    requireNonNull(ttl, "ttl");
    features = List.copyOf(features);
    aggregations = List.copyOf(aggregations);
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

  /** True when the view declares windowed aggregations. */
  public boolean hasAggregations() {
    return !aggregations.isEmpty();
  }

  /** Every feature the view serves: the plain features, then the aggregations. */
  public List<Field> fields() {
    if (aggregations.isEmpty()) {
      return features;
    }
    List<Field> all = new java.util.ArrayList<>(features);
    aggregations.forEach(a -> all.add(a.field()));
    return List.copyOf(all);
  }

  /** A feature of the view, plain or aggregated. */
  public Optional<Field> feature(String featureName) {
    for (Field f : features) {
      if (f.name().equals(featureName)) {
        return Optional.of(f);
      }
    }
    return aggregation(featureName).map(Aggregation::field);
  }

  /** The aggregation with this feature name, if the view declares one. */
  public Optional<Aggregation> aggregation(String featureName) {
    for (Aggregation a : aggregations) {
      if (a.name().equals(featureName)) {
        return Optional.of(a);
      }
    }
    return Optional.empty();
  }

  /** Position of a plain feature in {@link #features()}, or -1 (also for an aggregation). */
  public int indexOf(String featureName) {
    for (int i = 0; i < features.size(); i++) {
      if (features.get(i).name().equals(featureName)) {
        return i;
      }
    }
    return -1;
  }
}

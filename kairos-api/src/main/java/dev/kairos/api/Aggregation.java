package dev.kairos.api;

import static java.util.Objects.requireNonNull;

/**
 * One windowed aggregation feature of a {@link FeatureView}: {@code function} over {@code column}
 * of the view's source, per entity, in a sliding {@code window}.
 *
 * <p><b>Semantics</b> (the same offline and online; the test oracle is written from this text). For
 * a query with entity keys {@code k} at time {@code t} (an entity row's {@code event_timestamp}
 * offline, the request time online), the window holds the source's events with the same keys and
 * {@code t - W <= event_ts < t} ({@code event_ts < t} for the lifetime window): the query time
 * itself is excluded, so a transaction is never part of its own features. With {@code
 * as_of_created}, events created after {@code t} are hidden, as for plain features. Nulls in the
 * column are ignored, except by {@code count}, which counts events. An empty window gives 0 for
 * {@code count}, {@code count_distinct} and {@code sum}, and null otherwise. {@code first} / {@code
 * last} break ties on {@code event_ts} by the smallest / greatest {@code created_ts} (a missing one
 * is the smallest), then by the row ingested first / last. {@code stddev} is the population
 * standard deviation. DOUBLE results may differ in the last bits between engines, since the order
 * of floating-point additions is not fixed; they agree to a relative 1e-9.
 *
 * <p>Online, a value is {@code PRESENT} (a count of 0 included), {@code NULL_VALUE} for an empty
 * window of a function that gives null, and {@code NOT_FOUND} when no state is stored for the
 * entity (never materialized, or its state expired because every event left every window); a {@code
 * NOT_FOUND} value is the empty window's (0 for {@code count}, {@code count_distinct} and {@code
 * sum}, else null), so it still equals the offline value.
 *
 * @param name the feature name, by default {@code <column>_<function>_<window>}
 * @param column the source column aggregated
 * @param type the feature's type, {@link AggregationFunction#resultType} of the column's type
 */
public record Aggregation(
    String name, String column, AggregationFunction function, Window window, ValueType type) {
  public Aggregation {
    requireNonNull(name, "name");
    requireNonNull(column, "column");
    requireNonNull(function, "function");
    requireNonNull(window, "window");
    requireNonNull(type, "type");
  }

  /** The default feature name: {@code <column>_<function>_<window>}, e.g. {@code amount_sum_1h}. */
  public static String defaultName(String column, AggregationFunction function, Window window) {
    return column + "_" + function.id() + "_" + window.label();
  }

  /** This aggregation as a feature: its name and type. */
  public Field field() {
    return new Field(name, type);
  }
}

package dev.kairos.spi;

import static java.util.Objects.requireNonNull;

import dev.kairos.api.Aggregation;
import dev.kairos.api.ErrorKind;
import dev.kairos.api.FeatureView;
import dev.kairos.api.Field;
import dev.kairos.api.KairosException;
import dev.kairos.api.Source;
import dev.kairos.api.ValueType;
import java.util.List;
import java.util.Optional;

/**
 * A point-in-time join request.
 *
 * <p><b>Semantics.</b> For an entity row with keys {@code k} and timestamp {@code t} (column {@link
 * #EVENT_TIMESTAMP}) and a view {@code V} with TTL {@code d}, the value comes from the row of V's
 * source with the same keys, {@code event_ts <= t}, and {@code event_ts >= t - d} when {@code d >
 * 0} (both bounds inclusive). Among several candidates the greatest {@code event_ts} wins; a tie
 * goes to the greatest {@code created_ts}; a further tie to the row ingested last. No candidate
 * gives nulls. With {@code asOfCreated}, rows whose {@code created_ts > t} are invisible. A null
 * key never matches.
 *
 * <p>An output may also name one of the view's {@link Aggregation}s; its value follows {@link
 * Aggregation}'s semantics at {@code t} (the TTL does not apply) and an entity row with a null or
 * unknown key gets an empty window's value.
 *
 * @param entityColumns the entity rows' columns, including the join keys of every view and {@link
 *     #EVENT_TIMESTAMP}; other columns pass through unchanged
 * @param views one entry per distinct view used by {@code outputs}
 * @param outputs the feature columns of the result, in order
 */
public record HistoricalQuery(
    List<Field> entityColumns, List<ViewInput> views, List<Output> outputs, boolean asOfCreated) {

  public static final String EVENT_TIMESTAMP = "event_timestamp";

  public HistoricalQuery {
    entityColumns = List.copyOf(entityColumns);
    views = List.copyOf(views);
    outputs = List.copyOf(outputs);
  }

  /**
   * The error for an entity row whose value does not have its column's type, for stores to throw
   * when loading entity rows.
   *
   * @param rowNumber the row's 1-based position among the entity rows
   */
  public KairosException notOfColumnType(long rowNumber, int column, ClassCastException cause) {
    Field f = entityColumns.get(column);
    return new KairosException(
        ErrorKind.USER,
        "entity row " + rowNumber + ": column '" + f.name() + "' is not a " + f.type(),
        cause);
  }

  /** A view taking part in the join, with its source and join keys resolved. */
  public record ViewInput(FeatureView view, Source source, List<String> joinKeys) {
    public ViewInput {
      requireNonNull(view, "view");
      requireNonNull(source, "source");
      joinKeys = List.copyOf(joinKeys);
    }

    /**
     * The aggregation a feature name stands for (a plain feature of the same name wins, as in
     * {@link FeatureView#feature}), checked against the source.
     *
     * @throws KairosException USER when the source lacks the aggregated column, or the function
     *     cannot aggregate its type, or the declared type is not the function's result type
     */
    public Optional<Aggregation> aggregation(String feature) {
      if (view.indexOf(feature) >= 0) {
        return Optional.empty();
      }
      Optional<Aggregation> found = view.aggregation(feature);
      found.ifPresent(this::columnType);
      return found;
    }

    /**
     * The type of the source column {@code a} aggregates; USER errors as for {@link #aggregation}.
     */
    public ValueType columnType(Aggregation a) {
      String of = "aggregation '" + a.name() + "' of view '" + view.name() + "'";
      Field column =
          source
              .field(a.column())
              .orElseThrow(
                  () ->
                      KairosException.user(
                          of
                              + ": source '"
                              + source.name()
                              + "' has no column '"
                              + a.column()
                              + "'"));
      if (!a.function().accepts(column.type())) {
        throw KairosException.user(
            of
                + ": "
                + a.function().id()
                + " cannot aggregate column '"
                + a.column()
                + "' of type "
                + column.type()
                + " (it accepts "
                + a.function().acceptedTypes()
                + ")");
      }
      if (a.function().resultType(column.type()) != a.type()) {
        throw KairosException.user(
            of
                + ": declared type "
                + a.type()
                + " is not "
                + a.function().id()
                + "'s result type for a "
                + column.type()
                + " column, "
                + a.function().resultType(column.type()));
      }
      return column.type();
    }
  }

  /** One output column: feature {@code feature} of {@code views().get(viewIndex)}. */
  public record Output(int viewIndex, String feature, String columnName) {
    public Output {
      requireNonNull(feature, "feature");
      requireNonNull(columnName, "columnName");
    }
  }
}

package dev.kairos.spi;

import static java.util.Objects.requireNonNull;

import dev.kairos.api.ErrorKind;
import dev.kairos.api.FeatureView;
import dev.kairos.api.Field;
import dev.kairos.api.KairosException;
import dev.kairos.api.Source;
import java.util.List;

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
  }

  /** One output column: feature {@code feature} of {@code views().get(viewIndex)}. */
  public record Output(int viewIndex, String feature, String columnName) {
    public Output {
      requireNonNull(feature, "feature");
      requireNonNull(columnName, "columnName");
    }
  }
}

package dev.kairos.api;

import java.time.Instant;
import java.util.List;

/**
 * The answer to an {@link OnlineQuery}, column-wise as in Feast's {@code
 * GetOnlineFeaturesResponse}: first one column per join key (echoing the request, status PRESENT),
 * then one column per requested feature in request order. Each column has one entry per entity row.
 *
 * @param names the column names ({@code feature} or {@code view__feature})
 * @param columns the columns, same order as {@code names}
 */
public record OnlineResult(List<String> names, List<Column> columns) {
  public OnlineResult {
    names = List.copyOf(names);
    columns = List.copyOf(columns);
  }

  /**
   * One column. {@code eventTimestamps[i]} is null when nothing was found for row i. The arrays are
   * handed over, not copied, and the feature columns of one view may share their {@code
   * eventTimestamps} array: read them, never write to them.
   *
   * @param type the column's value type
   */
  public record Column(
      ValueType type, Object[] values, FieldStatus[] statuses, Instant[] eventTimestamps) {}
}

package dev.kairos.api.analytics;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Rows of an analytics view.
 *
 * @param view the view's URL name
 * @param columns column names, in order
 * @param rows one list per row, one value per column: {@link String}, {@link Long}, {@link Double}
 *     or null; dates as ISO text ({@code 2026-01-05})
 */
public record AnalyticsTable(String view, List<String> columns, List<List<Object>> rows) {
  public AnalyticsTable {
    requireNonNull(view, "view");
    columns = List.copyOf(columns);
    List<List<Object>> copy = new ArrayList<>(rows.size());
    for (List<Object> r : rows) {
      if (r.size() != columns.size()) {
        throw new IllegalArgumentException(
            "a row has " + r.size() + " values for " + columns.size() + " columns");
      }
      copy.add(Collections.unmodifiableList(new ArrayList<>(r)));
    }
    rows = Collections.unmodifiableList(copy);
  }
}

package dev.kairos.spi;

import static java.util.Objects.requireNonNull;

import dev.kairos.api.FeatureView;
import dev.kairos.api.Source;
import java.time.Instant;
import java.util.List;

/**
 * Every source event of a view with {@code start <= event_ts <= end} and no null join key, for
 * materializing aggregation state. Each event carries {@code columns}' values in that order.
 *
 * @param columns the source columns the view's aggregations read, each once
 */
public record EventQuery(
    FeatureView view,
    Source source,
    List<String> joinKeys,
    List<String> columns,
    Instant start,
    Instant end) {
  public EventQuery {
    requireNonNull(view, "view");
    requireNonNull(source, "source");
    joinKeys = List.copyOf(joinKeys);
    columns = List.copyOf(columns);
    requireNonNull(start, "start");
    requireNonNull(end, "end");
  }
}

package dev.kairos.spi;

import static java.util.Objects.requireNonNull;

import dev.kairos.api.FeatureView;
import dev.kairos.api.Source;
import java.time.Instant;
import java.util.List;

/**
 * Latest row per entity key of a view's source with {@code start <= event_ts <= end}, for
 * materialization. Rows come back as {@link OnlineRow}s with the view's features in view order.
 */
public record LatestQuery(
    FeatureView view, Source source, List<String> joinKeys, Instant start, Instant end) {
  public LatestQuery {
    requireNonNull(view, "view");
    requireNonNull(source, "source");
    joinKeys = List.copyOf(joinKeys);
    requireNonNull(start, "start");
    requireNonNull(end, "end");
  }
}

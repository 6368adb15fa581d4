package dev.kairos.core.online;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * What one materialization run did.
 *
 * @param views the views written, in order
 * @param rows the rows written over all views
 * @param duration wall time of the run, measured with the materializer's clock
 */
public record MaterializationSummary(List<ViewRun> views, long rows, Duration duration) {
  public MaterializationSummary {
    views = List.copyOf(views);
  }

  /** One view's part: the interval written ({@code start <= event_ts <= end}) and its rows. */
  public record ViewRun(String view, Instant start, Instant end, long rows) {}

  /** Rows per second, 0 when the run took no measurable time. */
  public double rowsPerSecond() {
    long nanos = duration.toNanos();
    return nanos <= 0 ? 0 : rows * 1e9 / nanos;
  }

  /**
   * The one-line summary the CLI prints, e.g. {@code 2 views, 1,000 rows in 0.50 s (2,000 rows/s)}.
   */
  @Override
  public String toString() {
    return String.format(
        Locale.ROOT,
        "%d view%s, %,d row%s in %.2f s (%,.0f rows/s)",
        views.size(),
        views.size() == 1 ? "" : "s",
        rows,
        rows == 1 ? "" : "s",
        duration.toNanos() / 1e9,
        rowsPerSecond());
  }
}

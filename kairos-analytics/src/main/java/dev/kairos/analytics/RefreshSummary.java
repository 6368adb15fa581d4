package dev.kairos.analytics;

import java.time.Duration;
import java.util.List;

/**
 * What {@link Analytics#refresh} did.
 *
 * @param views one entry per view, in refresh order
 * @param took the whole refresh
 */
public record RefreshSummary(List<ViewRefresh> views, Duration took) {
  public RefreshSummary {
    views = List.copyOf(views);
  }

  /**
   * One view's refresh.
   *
   * @param view e.g. {@code daily_risk_summary}
   * @param rows rows the view holds afterwards
   * @param whole true when the whole view was rebuilt, false when only the days from the requested
   *     date were
   * @param took time spent on this view
   */
  public record ViewRefresh(String view, long rows, boolean whole, Duration took) {}
}

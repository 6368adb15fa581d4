package dev.kairos.api.analytics;

import java.util.List;
import java.util.Map;

/**
 * Read-only access to the analytics views, for the feature server and the dashboard; the server
 * passes request parameters through and encodes the table, knowing nothing of SQL.
 */
public interface AnalyticsReader {
  /**
   * The views, as named in URLs: {@code daily-risk}, {@code weekly-growth}, {@code top-merchants}.
   */
  List<String> views();

  /**
   * Reads rows of one view.
   *
   * @param view one of {@link #views()}
   * @param parameters {@code from}, {@code to} (ISO dates, inclusive), {@code category}, {@code
   *     country} ({@code *} for the totals) and {@code limit}; each at most once
   * @throws dev.kairos.api.KairosException NOT_FOUND for an unknown view; USER for an unknown
   *     parameter or a bad value, naming it; UNAVAILABLE when the offline store cannot be reached
   */
  AnalyticsTable read(String view, Map<String, List<String>> parameters);
}

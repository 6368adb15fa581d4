package dev.kairos.analytics;

import dev.kairos.analytics.internal.Engine;
import dev.kairos.core.FeatureStore;
import java.time.LocalDate;
import java.util.List;

/**
 * The analytics views of a feature repository, built in its offline store's SQL engine over the
 * transaction log that the {@code analytics} section of {@code kairos.yaml} names: {@code
 * daily_risk_summary}, {@code weekly_growth} and {@code top_fraud_merchants}. Columns, null rules
 * and the totals convention are documented in the README's "Analytics" section.
 *
 * <p>DuckDB keeps them as tables in schema {@code analytics}; PostgreSQL as materialized views in
 * schema {@code <store schema>_analytics}. Readers never see an empty or partial view, also while a
 * refresh runs.
 *
 * <pre>{@code
 * try (FeatureStore fs = FeatureStore.open(Path.of("repo"))) {
 *   Analytics analytics = Analytics.of(fs);
 *   analytics.refresh(null);
 *   List<DailyRisk> rows = analytics.dailyRisk(AnalyticsFilter.all());
 * }
 * }</pre>
 *
 * <p>Thread-safe; cheap to create. The views are not refreshed by anything else.
 */
public interface Analytics {
  /**
   * The analytics of a repository.
   *
   * @throws dev.kairos.api.KairosException USER when {@code kairos.yaml} has no {@code analytics}
   *     section (the message shows one to add) or the offline store does not speak SQL
   */
  static Analytics of(FeatureStore fs) {
    return Engine.of(fs);
  }

  /**
   * Rebuilds every view from the transaction log and {@code prediction_log}, creating the schema,
   * an empty {@code prediction_log} and the views when missing. Checks first that the configured
   * columns exist in the applied source with suitable types.
   *
   * @param from rebuild only days (weeks) from this day where the engine allows it (DuckDB); null
   *     to rebuild everything. PostgreSQL always refreshes whole materialized views.
   * @throws dev.kairos.api.KairosException USER naming every wrong column; UNAVAILABLE when the
   *     database cannot be reached; INTERNAL for other database failures
   */
  RefreshSummary refresh(LocalDate from);

  /** Rows of {@code daily_risk_summary}, newest day first, totals first within a day. */
  List<DailyRisk> dailyRisk(AnalyticsFilter filter);

  /** Rows of {@code weekly_growth}, newest week first, totals first within a week. */
  List<WeeklyGrowth> weeklyGrowth(AnalyticsFilter filter);

  /**
   * Rows of {@code top_fraud_merchants}, newest week first, then by rank; {@code category} and
   * {@code country} filter on the merchant's.
   */
  List<TopMerchant> topMerchants(AnalyticsFilter filter);

  /**
   * Appends scored transactions to {@code prediction_log} (created when missing) in one
   * transaction; the views show them after the next {@link #refresh}.
   *
   * @return the rows written
   * @throws dev.kairos.api.KairosException UNAVAILABLE when the database cannot be reached
   */
  long logPredictions(java.util.List<LoggedPrediction> rows);
}

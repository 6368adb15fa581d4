package dev.kairos.analytics;

import static java.util.Objects.requireNonNull;

import dev.kairos.api.KairosException;
import dev.kairos.api.analytics.AnalyticsReader;
import dev.kairos.api.analytics.AnalyticsTable;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The views as tables of named columns, for the feature server ({@code GET /v1/analytics/{view}})
 * and {@code kairos analytics show}: parameters are parsed and validated here, then passed to
 * {@link Analytics} as an {@link AnalyticsFilter} (bind parameters only).
 */
public final class AnalyticsTables implements AnalyticsReader {
  public static final List<String> VIEWS = List.of("daily-risk", "weekly-growth", "top-merchants");
  static final List<String> PARAMETERS = List.of("from", "to", "category", "country", "limit");

  static final List<String> MEASURES =
      List.of(
          "transactions",
          "amount_reporting",
          "unconverted",
          "fraud_count",
          "fraud_rate",
          "users",
          "merchants",
          "devices",
          "avg_score",
          "p95_score",
          "above_threshold");

  private final Supplier<Analytics> analytics;

  /**
   * @param analytics opened on first read, so a server starts without an offline store
   */
  public AnalyticsTables(Supplier<Analytics> analytics) {
    this.analytics = requireNonNull(analytics, "analytics");
  }

  @Override
  public List<String> views() {
    return VIEWS;
  }

  @Override
  public AnalyticsTable read(String view, Map<String, List<String>> parameters) {
    if (!VIEWS.contains(view)) {
      throw KairosException.notFound(
          "no analytics view '" + view + "'; the views are " + String.join(", ", VIEWS));
    }
    AnalyticsFilter f = filter(parameters);
    Analytics a = analytics.get();
    return switch (view) {
      case "daily-risk" -> dailyRisk(a.dailyRisk(f));
      case "weekly-growth" -> weeklyGrowth(a.weeklyGrowth(f));
      default -> topMerchants(a.topMerchants(f));
    };
  }

  /**
   * Parses request parameters into a filter.
   *
   * @throws KairosException USER naming an unknown or repeated parameter or a bad value
   */
  public static AnalyticsFilter filter(Map<String, List<String>> parameters) {
    for (Map.Entry<String, List<String>> e : parameters.entrySet()) {
      if (!PARAMETERS.contains(e.getKey())) {
        throw KairosException.user(
            "unknown parameter '"
                + e.getKey()
                + "'; the parameters are "
                + String.join(", ", PARAMETERS));
      }
      if (e.getValue().size() != 1) {
        throw KairosException.user("give parameter '" + e.getKey() + "' once");
      }
    }
    String limit = one(parameters, "limit");
    int n;
    try {
      n = limit == null ? AnalyticsFilter.DEFAULT_LIMIT : Integer.parseInt(limit);
    } catch (NumberFormatException e) {
      throw KairosException.user("limit must be a whole number, not '" + limit + "'");
    }
    return new AnalyticsFilter(
        date(parameters, "from"),
        date(parameters, "to"),
        one(parameters, "category"),
        one(parameters, "country"),
        n);
  }

  private static String one(Map<String, List<String>> p, String name) {
    List<String> v = p.get(name);
    return v == null || v.isEmpty() || v.get(0).isEmpty() ? null : v.get(0);
  }

  private static LocalDate date(Map<String, List<String>> p, String name) {
    String v = one(p, name);
    try {
      return v == null ? null : LocalDate.parse(v);
    } catch (DateTimeParseException e) {
      throw KairosException.user(name + " must be a date such as 2026-01-31, not '" + v + "'");
    }
  }

  static AnalyticsTable dailyRisk(List<DailyRisk> rows) {
    List<String> columns = new ArrayList<>(List.of("day", "category", "country"));
    columns.addAll(MEASURES);
    List<List<Object>> out = new ArrayList<>();
    for (DailyRisk r : rows) {
      List<Object> row =
          new ArrayList<>(Arrays.asList(r.day().toString(), r.category(), r.country()));
      row.addAll(measures(r.measures()));
      out.add(row);
    }
    return new AnalyticsTable("daily-risk", columns, out);
  }

  static AnalyticsTable weeklyGrowth(List<WeeklyGrowth> rows) {
    List<String> columns = new ArrayList<>(List.of("week_start", "category", "country"));
    columns.addAll(MEASURES);
    for (String m : List.of("transactions", "amount_reporting", "fraud_count", "fraud_rate")) {
      columns.addAll(List.of(m + "_previous", m + "_change", m + "_change_pct"));
    }
    List<List<Object>> out = new ArrayList<>();
    for (WeeklyGrowth r : rows) {
      List<Object> row =
          new ArrayList<>(Arrays.asList(r.weekStart().toString(), r.category(), r.country()));
      row.addAll(measures(r.measures()));
      for (Change c :
          List.of(r.transactions(), r.amountReporting(), r.fraudCount(), r.fraudRate())) {
        row.addAll(Arrays.asList(c.previous(), c.change(), c.changePct()));
      }
      out.add(row);
    }
    return new AnalyticsTable("weekly-growth", columns, out);
  }

  static AnalyticsTable topMerchants(List<TopMerchant> rows) {
    List<String> columns =
        List.of(
            "week_start",
            "rank",
            "merchant",
            "category",
            "country",
            "fraud_amount_reporting",
            "fraud_count",
            "transactions",
            "amount_reporting",
            "fraud_rate");
    List<List<Object>> out = new ArrayList<>();
    for (TopMerchant r : rows) {
      out.add(
          Arrays.asList(
              r.weekStart().toString(),
              r.rank(),
              r.merchant(),
              r.category(),
              r.country(),
              r.fraudAmountReporting(),
              r.fraudCount(),
              r.transactions(),
              r.amountReporting(),
              r.fraudRate()));
    }
    return new AnalyticsTable("top-merchants", columns, out);
  }

  private static List<Object> measures(RiskMeasures m) {
    return Arrays.asList(
        m.transactions(),
        m.amountReporting(),
        m.unconverted(),
        m.fraudCount(),
        m.fraudRate(),
        m.users(),
        m.merchants(),
        m.devices(),
        m.avgScore(),
        m.p95Score(),
        m.aboveThreshold());
  }
}

package dev.kairos.cli.demo;

import dev.kairos.analytics.Analytics;
import dev.kairos.analytics.AnalyticsTables;
import dev.kairos.analytics.RefreshSummary;
import dev.kairos.api.analytics.AnalyticsTable;
import dev.kairos.cli.commands.AnalyticsFormat;
import dev.kairos.core.FeatureStore;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The demo's analytics step: refresh the views, print the last days and the week's movers. */
final class DemoAnalytics {
  private final PrintStream out;

  DemoAnalytics(PrintStream out) {
    this.out = out;
  }

  /** Returns the summary line. */
  String run(FeatureStore fs) {
    RefreshSummary s = Analytics.of(fs).refresh(null);
    out.printf(
        Locale.ROOT,
        "  refreshed %s in %.2f s%n",
        String.join(
            ", ", s.views().stream().map(v -> v.view() + " (" + v.rows() + " rows)").toList()),
        s.took().toNanos() / 1e9);
    AnalyticsTables tables = new AnalyticsTables(() -> Analytics.of(fs));
    AnalyticsTable days =
        tables.read(
            "daily-risk",
            Map.of("category", List.of("*"), "country", List.of("*"), "limit", List.of("4")));
    out.println(
        "  the last days, all categories and countries (kairos analytics show daily-risk --category '*' --country '*'):");
    AnalyticsFormat.table(days, 8).lines().forEach(l -> out.println("    " + l));
    AnalyticsTable weeks =
        tables.read("weekly-growth", Map.of("country", List.of("*"), "limit", List.of("100")));
    List<List<Object>> latest = new ArrayList<>();
    Object week = weeks.rows().isEmpty() ? null : weeks.rows().get(0).get(0);
    int fraud = weeks.columns().indexOf("fraud_count");
    int change = weeks.columns().indexOf("fraud_count_change");
    for (List<Object> r : weeks.rows()) {
      if (r.get(0).equals(week) && r.get(1) != null && r.get(change) != null) {
        latest.add(r);
      }
    }
    latest.sort(Comparator.comparingDouble((List<Object> r) -> -Math.abs((Double) r.get(change))));
    String partial = "";
    if (week != null && !days.rows().isEmpty()) {
      long covered =
          java.time.temporal.ChronoUnit.DAYS.between(
                  java.time.LocalDate.parse((String) week),
                  java.time.LocalDate.parse((String) days.rows().get(0).get(0)))
              + 1;
      partial = covered < 7 ? " (a partial week: " + covered + " of 7 days so far)" : "";
    }
    out.printf(
        "  week of %s%s against the week before, categories whose fraud count moved most:%n",
        week, partial);
    for (List<Object> r : latest.subList(0, Math.min(4, latest.size()))) {
      out.printf(
          Locale.ROOT,
          "    %-14s fraud %3d (%+.0f), transactions %,d%n",
          r.get(1),
          (Long) r.get(fraud),
          (Double) r.get(change),
          (Long) r.get(weeks.columns().indexOf("transactions")));
    }
    return "analytics views refreshed: daily risk summary, week-over-week growth, top fraud merchants";
  }
}

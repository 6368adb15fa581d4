package dev.kairos.cli.commands;

import dev.kairos.analytics.Analytics;
import dev.kairos.analytics.AnalyticsTables;
import dev.kairos.analytics.RefreshSummary;
import dev.kairos.api.KairosException;
import dev.kairos.api.analytics.AnalyticsTable;
import dev.kairos.cli.RepoOptions;
import dev.kairos.core.FeatureStore;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code kairos analytics}: the analytics views in the offline store. */
@Command(
    name = "analytics",
    mixinStandardHelpOptions = true,
    description =
        "Analytics views over the transaction log (the analytics section of kairos.yaml):"
            + " daily risk summary, week-over-week growth, top fraud merchants.",
    subcommands = {AnalyticsCommand.Refresh.class, AnalyticsCommand.Show.class})
public final class AnalyticsCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    throw KairosException.user("give a subcommand: refresh [--from DATE], show VIEW");
  }

  /** {@code kairos analytics refresh}. */
  @Command(
      name = "refresh",
      mixinStandardHelpOptions = true,
      description =
          "Rebuilds the views from the transaction log and the prediction log; readers never see"
              + " an empty view meanwhile.")
  static final class Refresh implements Callable<Integer> {
    @Option(
        names = "--from",
        paramLabel = "DATE",
        description =
            "Rebuild only days from DATE (DuckDB); PostgreSQL refreshes whole materialized views.")
    LocalDate from;

    @Mixin RepoOptions repo;

    @Override
    public Integer call() {
      try (FeatureStore fs = Repos.open(repo)) {
        RefreshSummary s = Analytics.of(fs).refresh(from);
        for (RefreshSummary.ViewRefresh v : s.views()) {
          System.out.printf(
              Locale.ROOT,
              "  %-22s %,9d rows  %s in %.2f s%n",
              v.view(),
              v.rows(),
              v.whole() ? "rebuilt" : "refreshed from " + from,
              v.took().toNanos() / 1e9);
        }
        System.out.printf(
            Locale.ROOT,
            "Refreshed %d views in %.2f s.%n",
            s.views().size(),
            s.took().toNanos() / 1e9);
      }
      return 0;
    }
  }

  /** {@code kairos analytics show VIEW}. */
  @Command(
      name = "show",
      mixinStandardHelpOptions = true,
      description = "Prints a view's rows, newest first (as refreshed last).")
  static final class Show implements Callable<Integer> {
    @Parameters(paramLabel = "VIEW", description = "daily-risk, weekly-growth or top-merchants.")
    String view;

    @Option(
        names = "--from",
        paramLabel = "DATE",
        description = "First day (or week start), inclusive.")
    String from;

    @Option(
        names = "--to",
        paramLabel = "DATE",
        description = "Last day (or week start), inclusive.")
    String to;

    @Option(
        names = "--category",
        description = "One category; * for the totals over every category.")
    String category;

    @Option(names = "--country", description = "One country; * for the totals over every country.")
    String country;

    @Option(
        names = "--limit",
        defaultValue = "1000",
        description = "Most rows (default ${DEFAULT-VALUE}).")
    String limit;

    @Option(
        names = "--format",
        defaultValue = "table",
        description = "table, json or csv (default ${DEFAULT-VALUE}).")
    String format;

    @Mixin RepoOptions repo;

    @Override
    public Integer call() {
      if (!List.of("table", "json", "csv").contains(format)) {
        throw KairosException.user("--format must be table, json or csv, not '" + format + "'");
      }
      Map<String, List<String>> params = new LinkedHashMap<>();
      put(params, "from", from);
      put(params, "to", to);
      put(params, "category", category);
      put(params, "country", country);
      put(params, "limit", limit);
      try (FeatureStore fs = Repos.open(repo)) {
        AnalyticsTable t = new AnalyticsTables(() -> Analytics.of(fs)).read(view, params);
        System.out.print(AnalyticsFormat.render(t, format));
      }
      return 0;
    }

    private static void put(Map<String, List<String>> params, String name, String value) {
      if (value != null) {
        params.put(name, List.of(value));
      }
    }
  }
}

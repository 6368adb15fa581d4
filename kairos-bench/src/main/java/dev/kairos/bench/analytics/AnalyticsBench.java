package dev.kairos.bench.analytics;

import dev.kairos.analytics.Analytics;
import dev.kairos.analytics.AnalyticsFilter;
import dev.kairos.analytics.DailyRisk;
import dev.kairos.analytics.RefreshSummary;
import dev.kairos.api.Source;
import dev.kairos.bench.BenchSupport;
import dev.kairos.core.FeatureStore;
import dev.kairos.core.generate.FraudGenerator;
import dev.kairos.core.generate.GenerationSummary;
import dev.kairos.core.generate.GeneratorConfig;
import dev.kairos.core.generate.GeneratorOutput;
import dev.kairos.core.init.RepoTemplate;
import dev.kairos.spi.SqlAccess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The analytics refresh (issue 18) against the plain {@code GROUP BY} an analyst would write for
 * the same daily figures, on DuckDB and PostgreSQL, in one run.
 *
 * <p>Setup, not timed: generated fraud transactions, the {@code kairos init} template (its quality
 * gate removed from the source, as it is not what is measured), {@code apply}, {@code ingest} of
 * the CSV, and a first {@code refresh} that creates the views (reported apart). Then, {@code
 * rounds} times and alternating which goes first: {@code Analytics.refresh(null)} (all three views;
 * the API refreshes no single view, so the daily view's time is its share of the full refresh as
 * {@link RefreshSummary} reports it), the plain {@code GROUP BY GROUPING SETS} over the source
 * table through the same {@link SqlAccess} with its result read whole, and one {@code dailyRisk}
 * read of a week for one category and country.
 *
 * <p>The report (markdown) goes to standard output; progress to standard error.
 *
 * <pre>
 * java -cp target/benchmarks.jar dev.kairos.bench.analytics.AnalyticsBench \
 *   [--rows 10000000] [--days 30] [--rounds 3] [--stores duckdb,postgres] [--work DIR] \
 *   [--pg-url jdbc:postgresql://127.0.0.1:5432/postgres] [--command TEXT]
 * </pre>
 */
public final class AnalyticsBench {
  private static final long SEED = 42;
  private static final String CATEGORY = "electronics";
  private static final String COUNTRY = "ES";

  /** The daily view's grouping sets, over the source's own columns, figures without conversion. */
  private static final String PLAIN =
      "SELECT day, merchant_category, country, count(*), sum(amount), sum(is_fraud),"
          + " count(DISTINCT user_id), count(DISTINCT merchant_id), count(DISTINCT device_id)"
          + " FROM (SELECT CAST(event_timestamp AS DATE) AS day, merchant_category, country,"
          + " amount, is_fraud, user_id, merchant_id, device_id FROM %s) t"
          + " GROUP BY GROUPING SETS ((day, merchant_category, country), (day, merchant_category),"
          + " (day, country), (day))";

  private final long started = System.nanoTime();
  private final List<String> setupRows = new ArrayList<>();
  private final List<String> roundRows = new ArrayList<>();
  private final List<String> medianRows = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();

  private AnalyticsBench() {}

  /** One round on one store. */
  private record Round(
      int round,
      boolean refreshFirst,
      RefreshSummary refresh,
      double plainSeconds,
      long plainRows,
      double readMillis,
      int readRows) {
    double refreshSeconds() {
      return refresh.took().toNanos() / 1e9;
    }

    double viewSeconds(int i) {
      return refresh.views().get(i).took().toNanos() / 1e9;
    }
  }

  public static void main(String[] argv) throws Exception {
    Map<String, String> a =
        BenchSupport.args(
            argv,
            Map.of(
                "rows", "10000000",
                "days", "30",
                "rounds", "3",
                "stores", "duckdb,postgres",
                "work", "/tmp/kairos-analytics-bench",
                "pg-url", "jdbc:postgresql://127.0.0.1:5432/postgres",
                "command", "AnalyticsBench " + String.join(" ", argv)));
    new AnalyticsBench().run(a);
  }

  private void run(Map<String, String> a) throws Exception {
    long wanted = Long.parseLong(a.get("rows"));
    int days = Integer.parseInt(a.get("days"));
    int rounds = Integer.parseInt(a.get("rounds"));
    int users =
        (int) Math.max(1, Math.round(wanted / (days * FraudGenerator.ROWS_PER_USER_PER_DAY)));
    Path work = Files.createDirectories(Path.of(a.get("work")));
    Path csv = work.resolve("transactions.csv");
    GeneratorConfig config = new GeneratorConfig(users, days, SEED);
    progress("generating " + users + " users x " + days + " days into " + csv);
    GenerationSummary generated = GeneratorOutput.write(config, csv);
    LocalDate last = config.start().atOffset(ZoneOffset.UTC).toLocalDate().plusDays(days - 1L);
    AnalyticsFilter week =
        new AnalyticsFilter(
            last.minusDays(6), last, CATEGORY, COUNTRY, AnalyticsFilter.DEFAULT_LIMIT);
    for (String store : a.get("stores").split(",")) {
      store(store.trim(), work, csv, rounds, week, a.get("pg-url"));
    }
    Files.deleteIfExists(csv);
    print(a.get("command"), generated, users, days, rounds, week);
  }

  private void store(
      String store, Path work, Path csv, int rounds, AnalyticsFilter week, String pgUrl)
      throws Exception {
    boolean pg = store.equals("postgres");
    if (!pg && !store.equals("duckdb")) {
      throw new IllegalArgumentException("--stores: duckdb or postgres, not " + store);
    }
    Path repo = work.resolve("repo-" + store);
    RepoTemplate.write(repo);
    String schema = "kairos_abench_" + ProcessHandle.current().pid();
    if (pg) {
      edit(
          repo.resolve("kairos.yaml"),
          "offline_store:\n  type: duckdb\n  path: data/offline.duckdb\n",
          "offline_store:\n  type: postgres\n  url: "
              + pgUrl
              + "\n  user: postgres\n  schema: "
              + schema
              + "\n");
    }
    edit(
        repo.resolve("features/transactions.yaml"),
        "    validation: suites/transactions.json\n",
        "");
    try (FeatureStore fs = FeatureStore.open(repo)) {
      fs.apply(false);
      progress(store + ": ingesting");
      long t = System.nanoTime();
      long ingested = fs.ingest("transactions", csv).rows();
      double ingest = BenchSupport.seconds(t);
      SqlAccess sql = fs.offlineStore().sql().orElseThrow();
      Source source = fs.definitions().source("transactions").orElseThrow();
      String plain = String.format(Locale.ROOT, PLAIN, sql.table(source));
      if (pg) {
        // Statistics now, so autovacuum's ANALYZE does not land in the middle of a round.
        sql.withConnection(c -> execute(c, "ANALYZE " + sql.table(source)));
        notes.add(sql.withConnection(AnalyticsBench::pgSettings));
      }
      Analytics analytics = Analytics.of(fs);
      progress(store + ": first refresh (creates the views)");
      RefreshSummary first = analytics.refresh(null);
      setupRows.add(
          String.format(
              Locale.ROOT,
              "| %s | %,d | %.1f | %.1f | %s |",
              store,
              ingested,
              ingest,
              first.took().toNanos() / 1e9,
              String.join(
                  " / ",
                  first.views().stream()
                      .map(v -> String.format(Locale.ROOT, "%,d", v.rows()))
                      .toList())));
      List<Round> done = new ArrayList<>();
      for (int r = 1; r <= rounds; r++) {
        boolean refreshFirst = r % 2 == 1;
        RefreshSummary refresh = null;
        double plainSeconds = 0;
        long plainRows = 0;
        for (int step = 0; step < 2; step++) {
          if ((step == 0) == refreshFirst) {
            progress(store + ": round " + r + ": refresh");
            refresh = analytics.refresh(null);
          } else {
            progress(store + ": round " + r + ": plain GROUP BY");
            long t0 = System.nanoTime();
            plainRows = sql.withConnection(c -> consume(c, plain));
            plainSeconds = BenchSupport.seconds(t0);
          }
        }
        long t1 = System.nanoTime();
        List<DailyRisk> read = analytics.dailyRisk(week);
        double readMillis = (System.nanoTime() - t1) / 1e6;
        Round round =
            new Round(r, refreshFirst, refresh, plainSeconds, plainRows, readMillis, read.size());
        done.add(round);
        roundRows.add(roundRow(store, round));
        progress(roundRows.get(roundRows.size() - 1));
        if (plainRows != refresh.views().get(0).rows()) {
          throw new IllegalStateException(
              store
                  + ": the plain GROUP BY gave "
                  + plainRows
                  + " rows, daily_risk_summary holds "
                  + refresh.views().get(0).rows());
        }
      }
      medianRows.add(medianRow(store, done));
    } finally {
      if (pg) {
        try (Connection c = DriverManager.getConnection(pgUrl, "postgres", "")) {
          execute(c, "DROP SCHEMA IF EXISTS " + schema + "_analytics CASCADE");
          execute(c, "DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
      }
    }
  }

  private static String roundRow(String store, Round r) {
    return String.format(
        Locale.ROOT,
        "| %s | %d | %s | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f | %.1f (%d rows) |",
        store,
        r.round(),
        r.refreshFirst() ? "refresh, plain" : "plain, refresh",
        r.refreshSeconds(),
        r.viewSeconds(0),
        r.viewSeconds(1),
        r.viewSeconds(2),
        r.plainSeconds(),
        r.refreshSeconds() / r.plainSeconds(),
        r.viewSeconds(0) / r.plainSeconds(),
        r.readMillis(),
        r.readRows());
  }

  private static String medianRow(String store, List<Round> rounds) {
    double refresh = median(rounds.stream().mapToDouble(Round::refreshSeconds).toArray());
    double daily = median(rounds.stream().mapToDouble(r -> r.viewSeconds(0)).toArray());
    double plain = median(rounds.stream().mapToDouble(Round::plainSeconds).toArray());
    return String.format(
        Locale.ROOT,
        "| %s | %.2f | %.2f | %.2f | %.2f | %.2f | %.1f |",
        store,
        refresh,
        daily,
        plain,
        median(rounds.stream().mapToDouble(r -> r.refreshSeconds() / r.plainSeconds()).toArray()),
        median(rounds.stream().mapToDouble(r -> r.viewSeconds(0) / r.plainSeconds()).toArray()),
        median(rounds.stream().mapToDouble(Round::readMillis).toArray()));
  }

  private void print(
      String command,
      GenerationSummary generated,
      int users,
      int days,
      int rounds,
      AnalyticsFilter week) {
    List<String> out = new ArrayList<>();
    out.add("# Analytics refresh benchmark (issue 18)");
    out.add("");
    out.add("- date: " + BenchSupport.now() + "; machine: " + BenchSupport.machine());
    out.add("- command: `" + command + "`");
    out.add(
        String.format(
            Locale.ROOT,
            "- data: %,d generated transactions (%,d users x %d days, seed %d), the `kairos init`"
                + " template without its ingest quality gate, ingested from CSV (setup, not timed)",
            generated.rows(),
            users,
            days,
            SEED));
    out.add(
        "- refresh: `Analytics.of(fs).refresh(null)`, all three views (DuckDB: `CREATE OR REPLACE"
            + " TABLE ... AS`; PostgreSQL: `REFRESH MATERIALIZED VIEW CONCURRENTLY`); the API has"
            + " no single-view refresh, so `daily_risk_summary` (and the other two) is that view's"
            + " share of the same refresh as `RefreshSummary` reports it (its row count included)");
    out.add(
        "- plain: the daily view's figures without currency conversion, scores or p95, read whole"
            + " over the store's `SqlAccess` connection: `"
            + String.format(Locale.ROOT, PLAIN, "<source table>")
            + "`");
    out.add(
        "- read: `dailyRisk(new AnalyticsFilter("
            + week.from()
            + ", "
            + week.to()
            + ", \""
            + CATEGORY
            + "\", \""
            + COUNTRY
            + "\", "
            + week.limit()
            + "))` after each round, through the public API (connection, existence check, query)");
    out.add("- " + rounds + " rounds per store, alternating which of refresh and plain goes first");
    notes.forEach(n -> out.add("- " + n));
    out.add("");
    out.add("## Setup");
    out.add("");
    out.add(
        "| store | rows ingested | ingest s | first refresh s (creates the views) | rows: daily / weekly / top merchants |");
    out.add("|---|---:|---:|---:|---|");
    out.addAll(setupRows);
    out.add("");
    out.add("## Rounds");
    out.add("");
    out.add(
        "| store | round | order | refresh s | daily s | weekly s | top merchants s | plain GROUP BY s"
            + " | refresh / plain | daily / plain | dailyRisk read ms |");
    out.add("|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|");
    out.addAll(roundRows);
    out.add("");
    out.add("## Median");
    out.add("");
    out.add(
        "| store | refresh s | daily s | plain GROUP BY s | refresh / plain | daily / plain"
            + " | dailyRisk read ms |");
    out.add("|---|---:|---:|---:|---:|---:|---:|");
    out.addAll(medianRows);
    System.out.println(String.join("\n", out));
  }

  private static long consume(Connection c, String query) throws java.sql.SQLException {
    long rows = 0;
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(query)) {
      int columns = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        for (int i = 1; i <= columns; i++) {
          rs.getObject(i);
        }
        rows++;
      }
    }
    return rows;
  }

  private static Void execute(Connection c, String statement) throws java.sql.SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(statement);
    }
    return null;
  }

  private static String pgSettings(Connection c) throws java.sql.SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT current_setting('server_version'), current_setting('shared_buffers'),"
                    + " current_setting('work_mem'),"
                    + " current_setting('max_parallel_workers_per_gather')")) {
      rs.next();
      return "PostgreSQL "
          + rs.getString(1)
          + " on the same machine, as configured: shared_buffers "
          + rs.getString(2)
          + ", work_mem "
          + rs.getString(3)
          + ", max_parallel_workers_per_gather "
          + rs.getString(4)
          + "; the source table is ANALYZEd after ingest";
    }
  }

  private static void edit(Path file, String from, String to) throws Exception {
    String text = Files.readString(file);
    if (!text.contains(from)) {
      throw new IllegalStateException(file + " no longer holds " + from.strip());
    }
    Files.writeString(file, text.replace(from, to));
  }

  private static double median(double[] values) {
    double[] v = values.clone();
    Arrays.sort(v);
    int n = v.length;
    return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
  }

  private void progress(String what) {
    System.err.printf(Locale.ROOT, "[%6.1f s] %s%n", BenchSupport.seconds(started), what);
  }
}

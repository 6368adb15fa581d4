package dev.kairos.cli.demo;

import dev.kairos.agent.AgentSettings;
import dev.kairos.api.KairosException;
import dev.kairos.api.OnlineQuery;
import dev.kairos.api.OnlineResult;
import dev.kairos.cli.Progress;
import dev.kairos.cli.commands.Servers;
import dev.kairos.core.FeatureStore;
import dev.kairos.core.generate.FraudGenerator;
import dev.kairos.core.generate.GenerationSummary;
import dev.kairos.core.generate.GeneratorConfig;
import dev.kairos.core.generate.GeneratorOutput;
import dev.kairos.core.init.RepoTemplate;
import dev.kairos.core.io.ValueText;
import dev.kairos.core.offline.HistoricalRequest;
import dev.kairos.core.offline.HistoricalResult;
import dev.kairos.core.offline.IngestResult;
import dev.kairos.core.online.MaterializationSummary;
import dev.kairos.core.online.ProgressListener;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code kairos demo}: the whole story on embedded defaults, narrated. */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Runs the whole Kairos story on embedded defaults (DuckDB offline, RocksDB online).",
      "In a fresh folder: init, generate, plan/apply, a rejected corrupt batch, ingest, a"
          + " point-in-time training set, materialize, online lookups, and the feature server over"
          + " gRPC and HTTP with a load burst, and a burst of fraud streamed through Kafka."
    })
public final class DemoCommand implements Callable<Integer> {
  @Option(
      names = "--dir",
      defaultValue = "demo-repo",
      description = "Folder for the demo repository (default ${DEFAULT-VALUE}).")
  Path dir;

  @Option(
      names = "--users",
      defaultValue = "2000",
      description = "Card holders to simulate (default ${DEFAULT-VALUE}).")
  int users;

  @Option(
      names = "--days",
      defaultValue = "30",
      description = "Days of history ending today (default ${DEFAULT-VALUE}).")
  int days;

  @Option(
      names = "--port",
      defaultValue = "0",
      description = "Feature server port (default: a free one).")
  int port;

  @Option(names = "--verbose", description = "Print stack traces of errors.")
  boolean verbose;

  private final PrintStream out = System.out;
  private final Clock clock = Clock.systemUTC();
  private final List<String> summary = new ArrayList<>();
  private int step;

  @Override
  public Integer call() throws Exception {
    Path repo = dir.toAbsolutePath().normalize();
    long began = System.nanoTime();
    header("Create a feature repository (kairos init " + dir + ")");
    DemoFiles.prepare(repo);
    RepoTemplate.write(repo).forEach(f -> out.println("  " + f));
    Files.writeString(
        repo.resolve(DemoFiles.MARKER), "created by kairos demo; deleted by the next run\n");

    Instant now = clock.instant();
    Path tx = repo.resolve("data/transactions.csv");
    generate(now, tx);

    try (FeatureStore fs = FeatureStore.open(repo)) {
      header("Plan and apply the definitions (kairos plan && kairos apply)");
      out.print(indent(fs.plan().render()));
      out.print(indent(fs.apply(false).render() + "\n"));
      out.printf(
          "  views: %s%n",
          fs.definitions().views().stream()
              .map(
                  v ->
                      v.name()
                          + (v.hasAggregations()
                              ? " (" + v.aggregations().size() + " aggregations)"
                              : " (ttl " + v.ttl().toDays() + "d)"))
              .toList());
      summary.add(
          "registry version "
              + fs.history().size()
              + " with "
              + fs.definitions().views().size()
              + " views");

      qualityGate(fs, tx);
      training(fs, tx);
      header(
          "Train the fraud model on exactly the served features, point-in-time, split by time"
              + " (kairos train) and promote it (kairos models promote)");
      DemoModel model = new DemoModel(out);
      summary.add(model.train(fs, tx));
      header(
          "Refresh the analytics views and read them (kairos analytics refresh, kairos analytics show)");
      summary.add(new DemoAnalytics(out).run(fs));
      online(fs, tx, now);
      Instant servedFrom = clock.instant();
      Servers.Started server = serve(fs, tx);
      try {
        header("Score transactions with their top reasons (POST /v1/predict/fraud)");
        DemoModel.Txn usual = DemoModel.lastOf(tx, "the latest transaction, again");
        model.score(server.port(), List.of(usual));
        header(
            "Stream a burst of fraud through Kafka: features change while it happens"
                + " (kairos kafka, kairos serve --stream)");
        long burstUser = DemoFiles.lastPairs(tx, 1).get(0)[0];
        summary.add(new DemoStream(out, fs, repo).run(burstUser));
        header("Score the burst's next transaction and the same user's usual purchase, now");
        model.score(
            server.port(),
            List.of(
                new DemoModel.Txn(
                    "usual purchase, after burst",
                    usual.user(),
                    usual.merchant(),
                    usual.device(),
                    usual.amount(),
                    usual.country(),
                    usual.category()),
                new DemoModel.Txn(
                    "the burst's next transaction",
                    burstUser,
                    9009L,
                    "dev-demo-burst",
                    1899.00,
                    "NG",
                    "electronics")));
        summary.add("the server scored the burst's next transaction with its reasons (see above)");
        header("Ask the risk agent about a fraudulent and a normal user (kairos ask)");
        summary.add(
            new DemoAgent(out)
                .run(
                    fs,
                    DemoAgent.find(System.getenv(), AgentSettings.DEFAULT_OLLAMA_URL),
                    fs.onlineReader(),
                    server.models(),
                    dir.toString(),
                    burstUser,
                    DemoFiles.lastPairs(tx, 20).stream()
                        .mapToLong(p -> p[0])
                        .filter(u -> u != burstUser)
                        .findFirst()
                        .orElse(usual.user())));
      } finally {
        server.stop();
        out.println("  server stopped cleanly (in-flight requests drained, feature log written)");
      }
      header(
          "Check training/serving skew: recompute every logged vector offline and compare"
              + " (kairos skew --service "
              + DemoSkew.SERVICE
              + ")");
      summary.add(new DemoSkew(out).check(fs, servedFrom, clock.instant().plusSeconds(1)));
    }
    header("Done");
    summary.forEach(s -> out.println("  - " + s));
    out.printf(
        Locale.ROOT,
        "  Finished in %.1f s. Explore: ./kairos list views --repo %s%n",
        (System.nanoTime() - began) / 1e9,
        dir);
    return 0;
  }

  private void generate(Instant now, Path tx) {
    Instant start = now.truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(days));
    header(
        "Generate "
            + days
            + " days of card transactions for "
            + users
            + " users (kairos generate)");
    GeneratorConfig config = new GeneratorConfig(users, days, 42, start);
    GenerationSummary g;
    try (Progress p = new Progress(out, "generate", new FraudGenerator(config).estimateRows())) {
      g = GeneratorOutput.write(config, tx, (done, total) -> p.update(done));
      p.update(g.rows());
    }
    out.printf(
        Locale.ROOT,
        "  %,d transactions, %,d fraudulent (%.2f%%), from %s to %s%n",
        g.rows(),
        g.fraudRows(),
        100 * g.fraudRate(),
        start,
        start.plus(Duration.ofDays(days)));
    summary.add(
        String.format(
            Locale.ROOT,
            "%,d synthetic transactions (%.2f%% fraud)",
            g.rows(),
            100 * g.fraudRate()));
  }

  private void qualityGate(FeatureStore fs, Path tx) throws Exception {
    header("Ingest a corrupted batch: the data-quality gate rejects it whole (kairos ingest)");
    Path bad = fs.config().repoDir().resolve("data/corrupt-batch.csv");
    long damaged = DemoFiles.corrupt(tx, bad, 5000);
    out.printf(
        "  data/corrupt-batch.csv: 5,000 rows, %d damaged (negative amounts, missing user ids)%n",
        damaged);
    try {
      fs.ingest("transactions", bad);
      throw KairosException.internal(
          "the corrupted batch was accepted; the quality gate is not on the class path", null);
    } catch (KairosException e) {
      if (e.kind() != dev.kairos.api.ErrorKind.USER) {
        throw e;
      }
      List<String> lines = e.getMessage().lines().toList();
      lines.stream()
          .filter(
              l -> l.contains("FAIL") || l.startsWith("Batch rejected") || l.contains("rejected"))
          .limit(8)
          .forEach(l -> out.println("  | " + l));
    }
    out.printf(
        "  rows in the offline table after the rejection: %,d (nothing was written)%n",
        fs.offlineStore().count(fs.definitions().source("transactions").orElseThrow()));

    header("Ingest the clean batch (kairos ingest transactions data/transactions.csv)");
    IngestResult r = fs.ingest("transactions", tx);
    double secs = r.took().toNanos() / 1e9;
    out.printf(
        Locale.ROOT,
        "  loaded %,d rows in %.2f s (%,.0f rows/s), after passing the suite%n",
        r.rows(),
        secs,
        r.rows() / secs);
    summary.add(
        String.format(
            Locale.ROOT,
            "corrupt batch rejected (%d bad values), clean batch of %,d rows ingested",
            damaged,
            r.rows()));
  }

  /** The aggregated and request-time features the demo prints, out of fraud_detection_v1's 30. */
  static final List<String> SHOWN =
      List.of(
          "amount_count_10m",
          "amount_sum_1h",
          "amount_avg_30d",
          "user_id_count_distinct_7d",
          "amount_vs_avg_30d",
          "is_night");

  static final String WINDOW_RULE =
      """
        The window rule: for a row at time t, a window W covers the events with
        t - W <= event_timestamp < t. The event at t itself is excluded, so a
        transaction never counts in its own features: the labelled events are used at
        their own timestamps, not shifted back, and the training set holds what the
        feature server would have answered when the transaction was scored. Windows
        slide exactly (a 1h window is one hour, not rounded to buckets); an empty
        window gives 0 for count, count_distinct and sum, and null for the others.
      """;

  private void training(FeatureStore fs, Path tx) throws Exception {
    header(
        "Build a point-in-time correct training set (kairos historical --service fraud_detection_v1)");
    Path entities = fs.config().repoDir().resolve("data/labelled-events.csv");
    long rows = DemoFiles.entityRows(tx, entities, 10);
    Path output = fs.config().repoDir().resolve("data/training-set.csv");
    HistoricalResult r =
        fs.historical(
            new HistoricalRequest(entities, List.of(), "fraud_detection_v1", output, false, false));
    out.printf(
        Locale.ROOT,
        "  %,d labelled events -> %,d rows x %d columns in %.2f s; each feature as known at the event time:%n",
        rows,
        r.rows(),
        r.columns().size(),
        r.took().toNanos() / 1e9);
    out.print(WINDOW_RULE);
    List<String> columns = new ArrayList<>(List.of("user_id", "event_timestamp", "is_fraud"));
    columns.addAll(SHOWN);
    DemoFiles.columns(output, columns, 5).forEach(l -> out.println("  | " + l));
    summary.add(
        String.format(
            Locale.ROOT,
            "training set of %,d rows in %.2f s (data/training-set.csv)",
            r.rows(),
            r.took().toNanos() / 1e9));
  }

  private void online(FeatureStore fs, Path tx, Instant now) {
    header(
        "Materialize the latest values and aggregation state into the online store (kairos materialize)");
    Instant start = now.minus(Duration.ofDays(days + 1L));
    MaterializationSummary s = fs.materialize(start, now, null, new ProgressListener() {});
    out.println("  " + s);
    summary.add("materialized " + s);

    header(
        "Look users up online: windows end at the request time (kairos online --entity user_id=...)");
    List<long[]> pairs = DemoFiles.lastPairs(tx, 3);
    Map<String, List<Object>> keys = new LinkedHashMap<>();
    keys.put("user_id", new ArrayList<>());
    pairs.forEach(p -> keys.get("user_id").add(p[0]));
    keys.get("user_id").add(999_999_999L);
    OnlineResult r =
        fs.onlineReader()
            .get(
                new OnlineQuery(
                    ONLINE.stream().map(dev.kairos.api.FeatureRef::parse).toList(),
                    null,
                    keys,
                    false));
    for (int row = 0; row < keys.get("user_id").size(); row++) {
      StringBuilder line = new StringBuilder("  user_id=" + keys.get("user_id").get(row) + ":");
      for (int c = 1; c < r.columns().size(); c++) {
        OnlineResult.Column col = r.columns().get(c);
        line.append(' ')
            .append(r.names().get(c))
            .append('=')
            .append(ValueText.format(col.values()[row]));
      }
      line.append("  [").append(r.columns().get(1).statuses()[row]).append(']');
      out.println(line);
    }
    out.println(
        "  The same windows as in the training set, ending now: a count of 0 is PRESENT, an"
            + " unknown user NOT_FOUND.");
  }

  /** The aggregated features looked up online. */
  static final List<String> ONLINE =
      List.of(
          "user_txn_windows:amount_count_1h",
          "user_txn_windows:amount_count_1d",
          "user_txn_windows:amount_sum_1d",
          "user_txn_windows:amount_avg_30d",
          "user_txn_windows:country_count_distinct_1d");

  private Servers.Started serve(FeatureStore fs, Path tx) throws Exception {
    header("Serve features over gRPC and HTTP on one port (kairos serve)");
    Servers.Started server = Servers.start(fs, "127.0.0.1", port);
    try {
      out.printf(
          "  feature server listening on port %d (gRPC: Kairos + Feast ServingService; HTTP/JSON)%n",
          server.port());
      if (fs.config().server().ui()) {
        out.printf(
            "  dashboard: http://localhost:%d/ui/ (live serving charts, features, data quality,"
                + " models, analytics, lookup) while the demo runs%n",
            server.port());
      }
      DemoServing client = new DemoServing(out, server.port());
      List<long[]> pairs = DemoFiles.lastPairs(tx, 2);
      client.queryGrpc(pairs);
      client.queryHttp(pairs.get(0)[0], pairs.get(0)[1]);
      client.loadBurst(users, 3.0);
      new DemoSkew(out).serve(server.port(), tx, 300);
      summary.add("feature server answered gRPC and HTTP; see the load burst line for p50/p99");
      return server;
    } catch (Exception | Error e) {
      server.stop();
      throw e;
    }
  }

  private void header(String title) {
    out.printf("%n== %d. %s%n", ++step, title);
  }

  private static String indent(String text) {
    return text.lines().map(l -> "  " + l + "\n").reduce("", String::concat);
  }
}

package dev.kairos.monitor;

import dev.kairos.api.Definitions;
import dev.kairos.core.FeatureStore;
import dev.kairos.core.generate.GeneratorConfig;
import dev.kairos.core.generate.GeneratorOutput;
import dev.kairos.core.init.RepoTemplate;
import dev.kairos.core.online.OnlineServingEngine;
import dev.kairos.core.online.ProgressListener;
import dev.kairos.server.KairosServer;
import dev.kairos.spi.OnlineStore;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * The fraud template repository with generated transactions, every feature service logged at rate
 * 1.0 and one service covering plain, aggregated and request-time features, on DuckDB or on the
 * machine's PostgreSQL (own schema, dropped on close). The clock stands at the end of the data.
 */
final class SkewRepo implements AutoCloseable {
  static final String PG_URL =
      System.getenv().getOrDefault("KAIROS_PG_URL", "jdbc:postgresql://127.0.0.1:5432/postgres");
  static final String SERVICE = "fraud_detection_v1";
  static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
  static final int DAYS = 3;
  static final Instant END = START.plusSeconds(86_400L * DAYS);

  final Path dir;
  final Clock clock = Clock.fixed(END, ZoneOffset.UTC);
  final FeatureStore fs;

  /**
   * Generated transactions: id, user, merchant, category, amount, currency, country, device, ...
   */
  final List<String[]> transactions;

  private final String pgSchema;
  private KairosServer server;
  private final HttpClient http = HttpClient.newHttpClient();

  SkewRepo(Path dir, boolean postgres) throws IOException {
    this(dir, postgres, true);
  }

  /**
   * @param ingest load the generated transactions into the offline store; without, they are only in
   *     {@code transactions.csv}, to be streamed
   */
  SkewRepo(Path dir, boolean postgres, boolean ingest) throws IOException {
    this.dir = dir;
    RepoTemplate.write(dir);
    pgSchema =
        postgres ? "skew" + UUID.randomUUID().toString().replace("-", "").substring(0, 12) : null;
    if (postgres) {
      edit(
          "kairos.yaml",
          y ->
              y.replace(
                  "offline_store:\n  type: duckdb\n  path: data/offline.duckdb\n",
                  "offline_store:\n  type: postgres\n  url: "
                      + PG_URL
                      + "\n  user: postgres\n  schema: "
                      + pgSchema
                      + "\n"));
    }
    edit(
        "features/services.yaml",
        y ->
            y.replace("logging: {sample_rate: 0.1}", "logging: {sample_rate: 1.0}")
                .replace(
                    "      - user_txn_windows:*\n",
                    "      - user_last_transaction:*\n      - user_txn_windows:*\n"));
    Path csv = dir.resolve("transactions.csv");
    GeneratorOutput.write(new GeneratorConfig(40, DAYS, 7, START), csv);
    transactions = Files.readAllLines(csv).stream().skip(1).map(l -> l.split(",", -1)).toList();
    fs = FeatureStore.open(dir, clock, Map.of());
    fs.apply(false);
    if (ingest) {
      fs.ingest("transactions", csv);
    }
  }

  void edit(String file, UnaryOperator<String> change) throws IOException {
    Path p = dir.resolve(file);
    String before = Files.readString(p);
    String after = change.apply(before);
    if (after.equals(before)) {
      throw new IllegalStateException("the edit changed nothing in " + file);
    }
    Files.writeString(p, after);
  }

  void materialize() {
    fs.materialize(START, END, List.of(), ProgressListener.NONE);
  }

  /** Starts the feature server on a free port, logging to {@code log}. */
  KairosServer serve(FeatureLog log) {
    OnlineStore store = fs.onlineStore();
    server =
        KairosServer.builder()
            .host("127.0.0.1")
            .port(0)
            .clock(clock)
            .definitions(fs::definitions)
            .reader((Definitions defs) -> OnlineServingEngine.serving(defs, store, clock, 1000))
            .featureLogger(log)
            .skewHistory(new SkewChecks(SkewCheck.sql(fs)))
            .skewChecker(new ServedSkewChecker(fs), java.time.Duration.ofMinutes(2))
            .build()
            .start();
    return server;
  }

  /** A logger writing to the repository's offline store. */
  FeatureLog log(int capacity) {
    FeatureLogTable table = new FeatureLogTable(SkewCheck.sql(fs));
    return FeatureLog.builder(table::append, fs::definitions).capacity(capacity).start();
  }

  /** Asks the service for these transactions' features, one entity row each; returns the body. */
  String request(List<String[]> txns) throws IOException, InterruptedException {
    String body =
        "{\"feature_service\":\""
            + SERVICE
            + "\",\"full_feature_names\":true,\"entities\":{\"user_id\":"
            + column(txns, 1, false)
            + ",\"merchant_id\":"
            + column(txns, 2, false)
            + ",\"device_id\":"
            + column(txns, 7, true)
            + "},\"request_context\":{\"amount\":"
            + column(txns, 4, false)
            + ",\"country\":"
            + column(txns, 6, true)
            + ",\"merchant_category\":"
            + column(txns, 3, true)
            + "}}";
    HttpResponse<String> r = post("/get-online-features", body);
    if (r.statusCode() != 200) {
      throw new AssertionError("HTTP " + r.statusCode() + ": " + r.body());
    }
    return r.body();
  }

  HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static String column(List<String[]> txns, int index, boolean text) {
    return txns.stream()
        .map(t -> text ? "\"" + t[index] + "\"" : t[index])
        .collect(Collectors.joining(",", "[", "]"));
  }

  /** {@code n} transactions spread over the data, in batches of {@code batch} per request. */
  List<List<String[]>> batches(int n, int batch) {
    List<List<String[]>> out = new ArrayList<>();
    int step = Math.max(1, transactions.size() / n);
    List<String[]> current = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      current.add(transactions.get((i * step) % transactions.size()));
      if (current.size() == batch) {
        out.add(current);
        current = new ArrayList<>();
      }
    }
    if (!current.isEmpty()) {
      out.add(current);
    }
    return out;
  }

  void stopServer() {
    if (server != null) {
      server.stop();
      server = null;
    }
  }

  @Override
  public void close() throws Exception {
    stopServer();
    fs.close();
    if (pgSchema != null) {
      try (Connection c = DriverManager.getConnection(PG_URL, "postgres", "");
          Statement s = c.createStatement()) {
        s.execute("DROP SCHEMA IF EXISTS " + pgSchema + " CASCADE");
        s.execute("DROP SCHEMA IF EXISTS " + pgSchema + "_analytics CASCADE");
      }
    }
  }
}

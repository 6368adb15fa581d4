package dev.kairos.cli;

import static dev.kairos.cli.KairosProcess.expect;
import static dev.kairos.cli.KairosProcess.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kairos.cli.demo.DemoSkew;
import dev.kairos.cli.ui.Browser;
import dev.kairos.cli.ui.DashboardPage;
import dev.kairos.cli.ui.Pages;
import dev.kairos.testkit.llm.FakeLlmServer;
import dev.kairos.testkit.llm.FakeLlmServer.Reply;
import dev.kairos.testkit.llm.FakeOllamaServer;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.NumberFormat;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.logging.LogEntry;

/**
 * The dashboard in Debian's Chromium against a real {@code kairos serve}: a repository with
 * generated transactions, a rejected batch, a trained and promoted model, materialized features and
 * refreshed analytics. One server and one browser for every page; a screenshot of each page goes to
 * {@code target/screenshots/}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardIT {
  static final ObjectMapper JSON = new ObjectMapper();
  static final HttpClient HTTP = HttpClient.newHttpClient();
  static final Path SCREENSHOTS = Path.of("target", "screenshots");

  @TempDir static Path dir;
  static Path repo;
  static int port;
  static String base;
  static KairosProcess.Running server;
  static Browser browser;
  static FakeOllamaServer model;

  @BeforeAll
  static void buildARepositoryServeItAndOpenABrowser() throws Exception {
    ok(dir, "init", "repo");
    repo = dir.resolve("repo");
    ok(repo, "generate", "--users", "120", "--days", "14", "--seed", "5", "--output", "tx.csv");
    ok(repo, "apply");
    List<String> lines = Files.readAllLines(repo.resolve("tx.csv"));
    List<String> corrupt = new ArrayList<>(lines.subList(0, 40));
    String[] f = corrupt.get(3).split(",", -1);
    f[4] = "-12.5"; // a negative amount
    corrupt.set(3, String.join(",", f));
    Files.write(repo.resolve("corrupt.csv"), corrupt);
    expect(2, repo, "ingest", "transactions", "corrupt.csv");
    ok(repo, "ingest", "transactions", "tx.csv");
    KairosProcess.trainChampion(repo, "tx.csv");
    ok(repo, "materialize", "2000-01-01T00:00:00Z", "2100-01-01T00:00:00Z");
    ok(repo, "analytics", "refresh");
    model = new FakeOllamaServer();
    Files.writeString(
        repo.resolve("kairos.yaml"),
        Files.readString(repo.resolve("kairos.yaml"))
            + "\nagent:\n  url: "
            + model.url()
            + "\n  stream: true\n");
    startServer();
    browser = new Browser(SCREENSHOTS);
  }

  static void startServer() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    base = "http://127.0.0.1:" + port;
    server =
        KairosProcess.start(
            repo, Map.of(), "serve", "--host", "127.0.0.1", "--port", Integer.toString(port));
    String ready = "";
    for (int i = 0; i < 600 && !ready.contains("fraud@champion"); i++) {
      Thread.sleep(100);
      try {
        ready = get("/readyz").body();
      } catch (java.io.IOException e) {
        ready = "";
      }
    }
    assertThat(ready)
        .as("readyz of kairos serve\n" + server.stdoutSoFar())
        .contains("fraud@champion");
  }

  @AfterAll
  static void stop() throws Exception {
    if (browser != null) {
      browser.close();
    }
    stopServer();
    if (model != null) {
      model.close();
    }
  }

  static void stopServer() throws Exception {
    if (server != null) {
      server.process().destroy();
      server.await(60);
      server = null;
    }
  }

  static HttpResponse<String> get(String path) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(base + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static JsonNode post(String path, String body) throws Exception {
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(base + path))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(path + " " + r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  static JsonNode json(String path) throws Exception {
    HttpResponse<String> r = get(path);
    assertThat(r.statusCode()).as(path + " " + r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  /** Console errors (failed requests among them) since the last call. */
  static List<String> consoleErrors() {
    return browser.console().stream()
        .filter(e -> e.getLevel().intValue() >= Level.WARNING.intValue())
        .map(LogEntry::getMessage)
        .toList();
  }

  static <P extends DashboardPage<P>> P visit(P page, String query) {
    consoleErrors();
    page.open(query);
    browser.screenshot(page.name());
    assertThat(page.errors()).as("error boxes on " + page.name()).isEmpty();
    assertThat(consoleErrors()).as("console errors on " + page.name()).isEmpty();
    return page;
  }

  /** The features of the user's own views, as the lookup page asks for them. */
  static List<String> userFeatureRefs() throws Exception {
    List<String> refs = new ArrayList<>();
    for (JsonNode v : json("/v1/ui/registry").path("views")) {
      if (v.path("online").asBoolean()
          && v.path("entities").size() == 1
          && v.path("entities").get(0).asText().equals("user")) {
        for (JsonNode f : v.path("features")) {
          refs.add(v.path("name").asText() + ":" + f.path("name").asText());
        }
      }
    }
    return refs;
  }

  @Test
  @Order(1)
  void everyPage_loadsWithoutAConsoleErrorOrAFailedRequest() {
    String[] names = {
      "serving", "features", "freshness", "quality", "models", "analytics", "lookup", "skew", "ask"
    };
    List<DashboardPage<?>> pages =
        List.of(
            new Pages.Serving(browser, base),
            new Pages.Features(browser, base),
            new Pages.Freshness(browser, base),
            new Pages.Quality(browser, base),
            new Pages.Models(browser, base),
            new Pages.Analytics(browser, base),
            new Pages.Lookup(browser, base),
            new Pages.Skew(browser, base),
            new Pages.Ask(browser, base));
    for (int i = 0; i < pages.size(); i++) {
      DashboardPage<?> p = pages.get(i);
      assertThat(p.name()).isEqualTo(names[i]);
      consoleErrors();
      p.open(null);
      browser.screenshot(p.name());
      assertThat(p.heading()).as(p.name()).isNotBlank();
      assertThat(p.errors()).as("error boxes on " + p.name()).isEmpty();
      assertThat(consoleErrors()).as("console errors on " + p.name()).isEmpty();
    }
    assertThat(pages.get(0).navigation())
        .containsExactly(
            "Serving",
            "Features",
            "Freshness",
            "Data quality",
            "Models",
            "Analytics",
            "Lookup",
            "Skew",
            "Ask");
    assertThat(new Pages.Skew(browser, base).open().emptyStates())
        .containsExactly(
            "No skew check was run yet.\nServe some requests of a logged service, then run a check"
                + " with the button above or kairos skew --server URL --service"
                + " fraud_detection_v1; each run adds a point here.");
  }

  @Test
  @Order(7)
  void ask_showsTheAgentsAnswer_andTheToolCallsBehindIt() {
    model.script(
        req -> Reply.call("score_transaction", "{\"user_id\": 7}"),
        req -> {
          for (JsonNode r : FakeLlmServer.toolResults(req)) {
            if (r.has("probability")) {
              return Reply.text(
                  String.format(
                      java.util.Locale.ROOT,
                      "User 7 is %s: fraud probability %.3f against a threshold of %.3f.",
                      r.path("is_fraud").asBoolean() ? "risky" : "not risky",
                      r.path("probability").asDouble(),
                      r.path("threshold").asDouble()));
            }
          }
          throw new AssertionError("no score in " + req);
        });
    Pages.Ask ask = visit(new Pages.Ask(browser, base), null);
    ask.ask("Is user 7 risky?");
    browser.screenshot("ask-answered");
    assertThat(ask.answer())
        .matches("User 7 is (risky|not risky): fraud probability 0\\.\\d{3} against.*");
    assertThat(ask.toolCalls()).containsExactly("score_transaction");
    assertThat(ask.summary()).contains("grounded");
    assertThat(consoleErrors()).isEmpty();
  }

  @Test
  @Order(2)
  void servingCharts_showNonZeroPoints_afterABurstOfRequests() throws Exception {
    String body =
        "{\"features\":[\"user_last_transaction:amount\"],\"entities\":{\"user_id\":[7, 8, 9]}}";
    for (int i = 0; i < 300; i++) {
      post("/get-online-features", body);
    }
    Pages.Serving serving = visit(new Pages.Serving(browser, base), null);
    assertThat(serving.awaitNonZero("rps")).isPositive();
    assertThat(serving.awaitNonZero("latency-http_get_online_features")).isPositive();
    assertThat(serving.awaitNonZero("entity-rows")).isPositive();
    assertThat(serving.awaitNonZero("online-store")).isPositive();
    assertThat(serving.endpoints()).contains("http_get_online_features");
    browser.screenshot("serving-after-burst");
    assertThat(consoleErrors()).isEmpty();
  }

  @Test
  @Order(3)
  void lookup_showsTheValuesTheApiReturns_andTheChampionsScore() throws Exception {
    List<String> refs = userFeatureRefs();
    JsonNode api =
        post(
            "/get-online-features",
            JSON.writeValueAsString(
                Map.of(
                    "features",
                    refs,
                    "entities",
                    Map.of("user_id", List.of(7)),
                    "full_feature_names",
                    true)));
    Map<String, JsonNode> expected = new LinkedHashMap<>();
    for (int i = 0; i < refs.size(); i++) {
      expected.put(refs.get(i), api.path("results").get(i + 1));
    }

    Pages.Lookup lookup = visit(new Pages.Lookup(browser, base), null);
    lookup.lookUp("7", Map.of());
    Map<String, String> shown = lookup.features();
    assertThat(shown.keySet()).containsExactlyElementsOf(refs);
    Map<String, String> statuses = lookup.statuses();
    for (Map.Entry<String, JsonNode> e : expected.entrySet()) {
      JsonNode value = e.getValue().path("values").get(0);
      String text = shown.get(e.getKey());
      assertThat(statuses.get(e.getKey()))
          .as(e.getKey())
          .isEqualTo(e.getValue().path("statuses").get(0).asText());
      if (value.isNull()) {
        assertThat(text).as(e.getKey()).isEqualTo("—");
      } else if (value.isNumber()) {
        assertThat(Double.parseDouble(text.replace(",", "")))
            .as(e.getKey())
            .isCloseTo(value.asDouble(), within(1e-4 * Math.max(1, Math.abs(value.asDouble()))));
      } else {
        assertThat(text).as(e.getKey()).isEqualTo(value.asText());
      }
    }
    String device = expected.get("user_last_transaction:device_id").path("values").get(0).asText();
    lookup.lookUp("7", Map.of("merchant_id", "3"));
    browser.screenshot("lookup-scored");
    JsonNode expectedScore =
        post(
                "/v1/predict/fraud",
                JSON.writeValueAsString(
                    Map.of(
                        "entities",
                        Map.of(
                            "user_id", List.of(7),
                            "device_id", List.of(device),
                            "merchant_id", List.of(3)),
                        "request_data",
                        Map.of(
                            "amount",
                                List.of(
                                    expected
                                        .get("user_last_transaction:amount")
                                        .path("values")
                                        .get(0)
                                        .asDouble()),
                            "country",
                                List.of(
                                    expected
                                        .get("user_last_transaction:country")
                                        .path("values")
                                        .get(0)
                                        .asText()),
                            "merchant_category",
                                List.of(
                                    expected
                                        .get("user_last_transaction:merchant_category")
                                        .path("values")
                                        .get(0)
                                        .asText())),
                        "top",
                        10)))
            .path("predictions")
            .get(0);
    assertThat(Double.parseDouble(lookup.probability()))
        .isCloseTo(expectedScore.path("probability").asDouble(), within(1e-3));
    assertThat(lookup.decision())
        .isEqualTo(expectedScore.path("decision").asBoolean() ? "FRAUD" : "LEGIT");
    List<String> reasons = new ArrayList<>();
    expectedScore.path("contributions").forEach(c -> reasons.add(c.path("feature").asText()));
    assertThat(lookup.contributionBars()).isEqualTo(reasons.size()).isPositive();
    assertThat(lookup.contributionLabels()).containsExactlyElementsOf(reasons);
    assertThat(consoleErrors()).isEmpty();
  }

  @Test
  @Order(4)
  void features_listsEveryView_withItsKind() throws Exception {
    List<String> expected = new ArrayList<>();
    json("/v1/ui/registry").path("views").forEach(v -> expected.add(v.path("name").asText()));
    Pages.Features features = visit(new Pages.Features(browser, base), null);
    assertThat(features.views())
        .containsExactlyElementsOf(expected)
        .contains(
            "user_last_transaction",
            "merchant_last_transaction",
            "user_txn_windows",
            "device_windows",
            "merchant_windows",
            "txn_request");
    assertThat(features.kindOf("user_last_transaction")).isEqualTo("plain");
    assertThat(features.kindOf("user_txn_windows")).isEqualTo("aggregated");
    assertThat(features.kindOf("txn_request")).isEqualTo("request-time");
  }

  @Test
  @Order(5)
  void quality_showsTheRejectedBatch_andItsFailingExpectation() {
    Pages.Quality quality = visit(new Pages.Quality(browser, base), null);
    List<String> batches = quality.quarantinedBatches();
    assertThat(batches).hasSize(1);
    assertThat(batches.get(0)).startsWith("transactions/").endsWith("-corrupt.csv");
    assertThat(quality.failingOf(batches.get(0))).contains("amount");
    assertThat(quality.outcomes("transactions")).containsExactly("passed", "rejected");
  }

  @Test
  @Order(6)
  void modelsFreshnessAndAnalytics_showTheRepositorysData() {
    Pages.Models models = visit(new Pages.Models(browser, base), null);
    assertThat(models.runs()).hasSize(1);
    assertThat(models.aliasesOf("fraud", 1)).isEqualTo("champion");
    assertThat(models.loadedPlotWidths()).hasSize(3).allSatisfy(w -> assertThat(w).isPositive());
    assertThat(models.comparedMetrics()).isPositive();

    Pages.Freshness freshness = visit(new Pages.Freshness(browser, base), null);
    assertThat(freshness.views()).contains("user_last_transaction", "user_txn_windows");
    assertThat(freshness.lastRun("user_last_transaction"))
        .contains("2000-01-01 00:00:00 UTC")
        .contains("2100-01-01 00:00:00 UTC");

    Pages.Analytics analytics = visit(new Pages.Analytics(browser, base), null);
    assertThat(analytics.nonZeroPoints("daily-transactions")).isPositive();
    analytics.filterCategory("grocery");
    browser.screenshot("analytics-grocery");
    assertThat(analytics.sections()).contains("Daily risk summary (grocery, all countries)");
    assertThat(analytics.nonZeroPoints("daily-transactions")).isPositive();
    assertThat(consoleErrors()).isEmpty();
  }

  @Test
  @Order(8)
  void skew_showsTheStoredCheckOfLoggedRequests_overTimeAndPerFeature() throws Exception {
    List<String> lines = Files.readAllLines(repo.resolve("tx.csv"));
    for (String line : lines.subList(lines.size() - 200, lines.size())) {
      String[] t = line.split(",", -1);
      post("/get-online-features", DemoSkew.requestBody(t));
    }
    awaitLogWritten();
    // The server holds the embedded DuckDB file: a check from another process says what to do.
    KairosProcess.Result locked = expect(3, repo, "skew", "--service", "fraud_detection_v1");
    assertThat(locked.stderr())
        .contains("one process at a time may open an embedded DuckDB store")
        .contains("or give --server http://HOST:PORT to run the check in the kairos serve");
    KairosProcess.assertNoStackTrace(locked);
    JsonNode report =
        JSON.readTree(
            ok(
                    repo,
                    "skew",
                    "--server",
                    base,
                    "--service",
                    "fraud_detection_v1",
                    "--format",
                    "json")
                .stdout());
    assertThat(report.path("rows").asLong()).isPositive();
    assertThat(report.path("mismatches").asLong()).isZero();

    Pages.Skew skew = visit(new Pages.Skew(browser, base), null);
    assertThat(skew.checks("fraud_detection_v1")).isEqualTo(1);
    assertThat(skew.latestRows("fraud_detection_v1")).isEqualTo(report.path("rows").asInt());
    assertThat(skew.latestMismatches("fraud_detection_v1")).isZero();
    assertThat(skew.hourlyNonZero("fraud_detection_v1")).isPositive();
    assertThat(skew.features()).hasSize(30).contains("user_txn_windows__amount_sum_1h");

    assertThat(skew.checkableServices()).containsExactly("fraud_detection_v1");
    skew.runCheck("fraud_detection_v1");
    browser.screenshot("skew-checked");
    assertThat(skew.errors()).isEmpty();
    assertThat(skew.checks("fraud_detection_v1")).isEqualTo(2);
    assertThat(skew.latestRows("fraud_detection_v1")).isEqualTo(report.path("rows").asInt());
    assertThat(skew.latestMismatches("fraud_detection_v1")).isZero();
    assertThat(consoleErrors()).isEmpty();
  }

  /**
   * Waits until the server's feature log wrote (or counted as dropped or failed) every row it was
   * offered: a request offers its sampled rows before it is answered.
   */
  static void awaitLogWritten() throws Exception {
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (System.nanoTime() < deadline) {
      String metrics = get("/metrics").body();
      double offered = metric(metrics, "kairos_feature_log_offered_total");
      double done =
          metric(metrics, "kairos_feature_log_written_total")
              + metric(metrics, "kairos_feature_log_dropped_total")
              + metric(metrics, "kairos_feature_log_failed_total");
      if (offered > 0 && done >= offered) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("the feature log was not written within 30 s");
  }

  static double metric(String text, String name) {
    double sum = 0;
    for (String line : text.split("\n")) {
      if (line.startsWith(name + "{") || line.startsWith(name + " ")) {
        sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return sum;
  }

  @Test
  @Order(9)
  void analytics_categoryAndCountryFilters_showTheWeeksTheApiReturns() throws Exception {
    Pages.Analytics analytics = visit(new Pages.Analytics(browser, base), null);
    List<String> countries = analytics.countries();
    assertThat(countries).first().isEqualTo("");
    String country = countries.get(1);
    analytics.filter("grocery", country);
    browser.screenshot("analytics-grocery-" + country);

    NumberFormat n = NumberFormat.getIntegerInstance(Locale.US);
    List<String> expected = new ArrayList<>();
    JsonNode weeks =
        json("/v1/analytics/weekly-growth?limit=100000&category=grocery&country=" + country);
    weeks
        .path("rows")
        .forEach(
            w -> {
              if ("grocery".equals(w.path("category").asText())
                  && country.equals(w.path("country").asText())) {
                expected.add(
                    w.path("week_start").asText()
                        + " "
                        + n.format(w.path("transactions").asLong())
                        + " "
                        + n.format(w.path("fraud_count").asLong()));
              }
            });
    expected.sort(null);
    assertThat(expected).isNotEmpty();
    assertThat(analytics.sections())
        .contains("Daily risk summary (grocery, " + country + ")")
        .contains("Week-over-week growth (grocery, " + country + ")");
    assertThat(analytics.weeklyRows()).containsExactlyElementsOf(expected);
    assertThat(consoleErrors()).isEmpty();
  }

  @Test
  @Order(10)
  void features_comparesTwoRegistryVersions_afterAnApplyWhileServing() throws Exception {
    Path file = repo.resolve("features/aggregations.yaml");
    String yaml = Files.readString(file);
    String before = "    tags: {team: risk}\n    aggregations:\n      # Velocity";
    assertThat(yaml).contains(before);
    Files.writeString(
        file,
        yaml.replace(before, "    tags: {team: fraud-ops}\n    aggregations:\n      # Velocity"));
    try {
      ok(repo, "apply");
      Pages.Features features = visit(new Pages.Features(browser, base), null);
      assertThat(features.versions()).startsWith("2", "1");
      assertThat(features.diffRows())
          .containsExactly("change view user_txn_windows\ntags: {team=risk} → {team=fraud-ops}");
      assertThat(consoleErrors()).isEmpty();
    } finally {
      Files.writeString(file, yaml);
    }
  }

  @Test
  @Order(11)
  void serverUiFalse_servesNoDashboard_butStillServesFeatures() throws Exception {
    stopServer();
    Path config = repo.resolve("kairos.yaml");
    String yaml = Files.readString(config);
    assertThat(yaml).contains("  ui: true ");
    Files.writeString(config, yaml.replace("  ui: true ", "  ui: false "));
    try {
      startServer();
      assertThat(get("/ui/").statusCode()).isEqualTo(404);
      assertThat(get("/v1/ui/serving").statusCode()).isEqualTo(404);
      assertThat(get("/").statusCode()).isEqualTo(404);
      assertThat(get("/readyz").statusCode()).isEqualTo(200);
    } finally {
      Files.writeString(config, yaml);
    }
  }
}

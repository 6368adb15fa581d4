package dev.kairos.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.linecorp.armeria.server.Server;
import com.linecorp.armeria.server.ServerBuilder;
import dev.kairos.core.FeatureStore;
import dev.kairos.core.init.RepoTemplate;
import dev.kairos.ml.Models;
import dev.kairos.server.ServerExtension;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard's routes in an in-process Armeria server over a repository made from the template:
 * two registry versions, a quarantined batch, no runs. Every JSON endpoint's shape, and every bad
 * parameter's 400 with its exact reason.
 */
class DashboardApiTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir static Path dir;
  static FeatureStore fs;
  static Dashboard dashboard;
  static Server server;
  static String base;
  static long startedAt;

  @BeforeAll
  static void serveATemplateRepository() throws Exception {
    RepoTemplate.write(dir);
    fs = FeatureStore.open(dir);
    fs.apply(false);
    Path views = dir.resolve("features/views.yaml");
    Files.writeString(
        views,
        Files.readString(views)
            .replace(
                "description: The user's most recent transaction.",
                "description: The user's latest transaction."));
    fs.apply(false);
    Path q = dir.resolve("data/quarantine/transactions");
    Files.createDirectories(q);
    Files.writeString(q.resolve("20260101T000000.000Z-bad.csv"), "user_id,amount\n1,-5\n");
    Files.writeString(
        q.resolve("20260101T000000.000Z-bad.csv.report.json"),
        """
        {"success": false,
         "statistics": {"evaluated_expectations": 2, "successful_expectations": 1,
                        "unsuccessful_expectations": 1, "success_percent": 50.0},
         "results": [
           {"expectation_config": {"expectation_type": "expect_column_values_to_be_between",
                                   "kwargs": {"column": "amount", "min_value": 0}, "meta": {}},
            "success": false,
            "result": {"observed_value": null, "element_count": 1, "missing_count": 0,
                       "unexpected_count": 1, "unexpected_percent": 100.0,
                       "partial_unexpected_list": [-5.0], "partial_unexpected_index_list": [2]}},
           {"expectation_config": {"expectation_type": "expect_column_to_exist",
                                   "kwargs": {"column": "user_id"}, "meta": {}},
            "success": true, "result": {"observed_value": null}}],
         "meta": {"expectation_suite_name": "transactions", "batch": "bad.csv",
                  "run_time": "2026-01-01T00:00:00Z", "row_count": 1}}
        """);
    Files.writeString(q.resolve("20260101T000000.000Z-bad.csv.report.txt"), "Validation FAILED\n");

    Models models = Models.of(fs);
    dashboard =
        new Dashboard(
            new Dashboard.Sources(
                fs::registry,
                fs::registryStore,
                models::runs,
                models::registry,
                () -> Dashboard.quarantine(fs)),
            Duration.ofMillis(50));
    PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    ServerBuilder sb = Server.builder().http(0);
    startedAt = System.currentTimeMillis();
    dashboard.install(
        sb,
        new ServerExtension.Context(meters, Clock.systemUTC(), true, false, false, false, true));
    server = sb.build();
    server.start().join();
    base = "http://127.0.0.1:" + server.activeLocalPort();
  }

  @AfterAll
  static void stop() {
    server.stop().join();
    dashboard.close();
    fs.close();
  }

  static HttpResponse<String> get(String path) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(base + path)).build(),
        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  static JsonNode ok(String path) throws Exception {
    HttpResponse<String> r = get(path);
    assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
    assertThat(r.headers().firstValue("content-type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
    return JSON.readTree(r.body());
  }

  static void assertError(String path, int status, String reason) throws Exception {
    HttpResponse<String> r = get(path);
    assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(status);
    JsonNode e = JSON.readTree(r.body());
    assertThat(e.path("error").asText()).isEqualTo(reason);
    assertThat(e.path("status").asInt()).isEqualTo(status);
  }

  @Test
  void root_redirectsToTheApp_whichServesItsPagesAndUplot() throws Exception {
    HttpResponse<String> root = get("/");
    assertThat(root.statusCode()).isEqualTo(307);
    assertThat(root.headers().firstValue("location")).hasValue("/ui/");
    HttpResponse<String> index = get("/ui/");
    assertThat(index.statusCode()).isEqualTo(200);
    assertThat(index.headers().firstValue("content-type").orElse("")).startsWith("text/html");
    assertThat(index.body()).contains("<nav aria-label=\"Pages\">", "href=\"#/lookup\"");
    for (String page :
        List.of(
            "serving",
            "features",
            "freshness",
            "quality",
            "models",
            "analytics",
            "lookup",
            "skew",
            "ask")) {
      HttpResponse<String> js = get("/ui/pages/" + page + ".js");
      assertThat(js.statusCode()).as(page).isEqualTo(200);
      assertThat(js.headers().firstValue("content-type").orElse(""))
          .startsWith("application/javascript")
          .as(page);
    }
    HttpResponse<String> uplot = get("/ui/vendor/uplot/uPlot.esm.js");
    assertThat(uplot.statusCode()).isEqualTo(200);
    assertThat(uplot.body()).contains("export { uPlot as default }");
    assertThat(get("/ui/vendor/uplot/uPlot.min.css").statusCode()).isEqualTo(200);
  }

  @Test
  void serving_fillsOncePerSample_andRejectsBadSince() throws Exception {
    JsonNode r = ok("/v1/ui/serving");
    for (int i = 0; i < 100 && r.path("points").isEmpty(); i++) {
      Thread.sleep(50);
      r = ok("/v1/ui/serving");
    }
    assertThat(r.path("interval_ms").asInt()).isEqualTo(1000);
    assertThat(r.path("capacity").asInt()).isEqualTo(900);
    JsonNode p = r.path("points").get(0);
    assertThat(p.path("t").asLong()).isGreaterThanOrEqualTo(startedAt);
    assertThat(p.path("endpoints").isObject()).isTrue();
    assertThat(p.path("errors").isObject()).isTrue();
    assertThat(p.has("entity_rows_per_s")).isTrue();
    long last = r.path("points").get(r.path("points").size() - 1).path("t").asLong();
    assertThat(ok("/v1/ui/serving?since=" + (last + 60_000)).path("points")).isEmpty();

    assertError(
        "/v1/ui/serving?since=abc",
        400,
        "since must be a time in epoch milliseconds (a whole number from 0), not 'abc'");
    assertError(
        "/v1/ui/serving?since=-1",
        400,
        "since must be a time in epoch milliseconds (a whole number from 0), not '-1'");
    assertError(
        "/v1/ui/serving?from=1", 400, "unknown parameter 'from'; /v1/ui/serving takes since");
    assertError("/v1/ui/serving?since=1&since=2", 400, "give parameter 'since' once, with a value");
    long now = System.currentTimeMillis(); // a recent since is answered on the I/O thread
    assertThat(ok("/v1/ui/serving?since=" + (now - 3_000)).path("points").size()).isPositive();
    assertError(
        "/v1/ui/serving?since=" + now + "&since=" + now,
        400,
        "give parameter 'since' once, with a value");
    assertError(
        "/v1/ui/serving?since=" + now + "&limit=5",
        400,
        "unknown parameter 'limit'; /v1/ui/serving takes since");
  }

  @Test
  void registry_listsEveryViewWithItsKind_andTheVersions() throws Exception {
    JsonNode r = ok("/v1/ui/registry");
    assertThat(r.path("version").asLong()).isEqualTo(2);
    List<String> views = new ArrayList<>();
    r.path("views")
        .forEach(v -> views.add(v.path("name").asText() + "=" + v.path("kind").asText()));
    assertThat(views)
        .contains(
            "user_last_transaction=plain",
            "user_txn_windows=aggregated",
            "txn_request=request-time")
        .hasSize(
            fs.registry().current().orElseThrow().views().size()
                + fs.registry().current().orElseThrow().onDemandViews().size());
    JsonNode last = find(r.path("views"), "user_last_transaction");
    assertThat(last.path("ttl").asText()).isEqualTo("PT720H");
    assertThat(last.path("owner").asText()).isEqualTo("risk-team");
    assertThat(last.path("tags").path("team").asText()).isEqualTo("risk");
    assertThat(last.path("description").asText()).isEqualTo("The user's latest transaction.");
    JsonNode windows = find(r.path("views"), "user_txn_windows").path("features");
    assertThat(find(windows, "amount_sum_1h").path("window").asText()).isEqualTo("1h");
    assertThat(r.path("services").get(0).path("name").asText()).isEqualTo("fraud_detection_v1");
    assertThat(r.path("versions")).hasSize(2);
    assertThat(r.path("versions").get(0).path("version").asLong()).isEqualTo(2);

    assertThat(
            find(ok("/v1/ui/registry?version=1").path("views"), "user_last_transaction")
                .path("description")
                .asText())
        .isEqualTo("The user's most recent transaction.");
    assertError(
        "/v1/ui/registry?version=0",
        400,
        "version must be a registry version (a whole number from 1), not '0'");
    assertError("/v1/ui/registry?version=9", 404, "registry version 9 does not exist");
  }

  @Test
  void registryDiff_showsTheChangedView_andRejectsBadVersions() throws Exception {
    JsonNode d = ok("/v1/ui/registry/diff?from=1&to=2");
    assertThat(d.path("from").asLong()).isEqualTo(1);
    assertThat(d.path("breaking").asBoolean()).isFalse();
    assertThat(d.path("changes")).hasSize(1);
    JsonNode c = d.path("changes").get(0);
    assertThat(c.path("action").asText()).isEqualTo("change");
    assertThat(c.path("name").asText()).isEqualTo("user_last_transaction");
    assertThat(c.path("fields").get(0).path("after").asText()).contains("latest transaction");
    assertThat(ok("/v1/ui/registry/diff?from=2&to=2").path("changes")).isEmpty();

    String both = "give from and to, the two registry versions to compare, e.g. ?from=1&to=2";
    assertError("/v1/ui/registry/diff", 400, both);
    assertError("/v1/ui/registry/diff?from=1", 400, both);
    assertError(
        "/v1/ui/registry/diff?from=x&to=2",
        400,
        "from must be a registry version (a whole number from 1), not 'x'");
    assertError("/v1/ui/registry/diff?from=1&to=7", 404, "registry version 7 does not exist");
    assertError(
        "/v1/ui/registry/diff?from=1&to=2&view=a",
        400,
        "unknown parameter 'view'; /v1/ui/registry/diff takes from, to");
  }

  @Test
  void freshness_listsEveryView_neverMaterializedYet_andRejectsAnUnknownView() throws Exception {
    JsonNode f = ok("/v1/ui/freshness");
    assertThat(f.path("views")).hasSize(fs.registry().current().orElseThrow().views().size());
    JsonNode v = find(f.path("views"), "user_last_transaction", "view");
    assertThat(v.path("last_run").isNull()).isTrue();
    assertThat(v.path("watermark").isNull()).isTrue();
    assertThat(f.path("streams")).isEmpty();
    assertThat(ok("/v1/ui/freshness?view=device_windows").path("views")).hasSize(1);
    assertError(
        "/v1/ui/freshness?view=nope",
        400,
        "unknown feature view 'nope'; known views: user_txn_windows, device_windows,"
            + " merchant_windows, user_last_transaction, merchant_last_transaction");
  }

  @Test
  void quality_showsTheQuarantinedBatchWithItsFailingExpectation() throws Exception {
    JsonNode q = ok("/v1/ui/quality");
    JsonNode source = q.path("sources").get(0);
    assertThat(source.path("source").asText()).isEqualTo("transactions");
    assertThat(source.path("validation").asText()).isEqualTo("suites/transactions.json");
    assertThat(source.path("runs")).isEmpty();
    JsonNode batch = q.path("quarantine").get(0);
    assertThat(batch.path("source").asText()).isEqualTo("transactions");
    assertThat(batch.path("file").asText()).isEqualTo("transactions/20260101T000000.000Z-bad.csv");
    assertThat(batch.path("report_text").asText()).isEqualTo("Validation FAILED\n");
    JsonNode report = batch.path("report");
    assertThat(report.path("success").asBoolean()).isFalse();
    assertThat(report.path("rows").asLong()).isEqualTo(1);
    JsonNode failing = report.path("failing");
    assertThat(failing).hasSize(1);
    assertThat(failing.get(0).path("expectation").asText())
        .isEqualTo("expect_column_values_to_be_between");
    assertThat(failing.get(0).path("unexpected_count").asLong()).isEqualTo(1);
    assertThat(failing.get(0).path("examples").get(0).asDouble()).isEqualTo(-5.0);

    assertError(
        "/v1/ui/quality?limit=0",
        400,
        "limit must be the number of runs per source (a whole number from 1), not '0'");
    assertError("/v1/ui/quality?limit=5000", 400, "limit must be at most 1000, not '5000'");
  }

  @Test
  void models_areEmptyWithoutTraining_andPlotsNameTheirProblem() throws Exception {
    JsonNode m = ok("/v1/ui/models");
    assertThat(m.path("runs")).isEmpty();
    assertThat(m.path("models")).isEmpty();
    assertError(
        "/v1/ui/models?x=1", 400, "unknown parameter 'x'; /v1/ui/models takes no parameters");
    assertError(
        "/v1/ui/runs/abc/plots/scatter", 400, "unknown plot 'scatter'; plots: importance, pr, roc");
    assertError(
        "/v1/ui/runs/abcdef/plots/roc",
        404,
        "no run with id 'abcdef'; kairos runs list shows the runs");
    assertError(
        "/v1/ui/runs/ab/plots/roc",
        400,
        "run 'ab': give at least 4 characters of a run id (kairos runs list)");
  }

  @Test
  void capabilities_sayWhichOptionalRoutesTheServerMounts() throws Exception {
    JsonNode c = ok("/v1/ui/capabilities");
    assertThat(c.toString())
        .isEqualTo(
            "{\"analytics\":true,\"predict\":false,\"skew\":false,\"skew_check\":false,\"agent\":true}");
  }

  static JsonNode find(JsonNode list, String name) {
    return find(list, name, "name");
  }

  static JsonNode find(JsonNode list, String name, String field) {
    for (JsonNode n : list) {
      if (n.path(field).asText().equals(name)) {
        return n;
      }
    }
    throw new AssertionError("no " + name + " in " + list);
  }
}

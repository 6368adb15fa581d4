package dev.kairos.cli;

import static dev.kairos.cli.KairosProcess.assertNoStackTrace;
import static dev.kairos.cli.KairosProcess.expect;
import static dev.kairos.cli.KairosProcess.ok;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** kairos analytics refresh/show and GET /v1/analytics/{view} through the packaged CLI. */
class AnalyticsCliIT {
  static final ObjectMapper JSON = new ObjectMapper();
  @TempDir static Path dir;
  static Path repo;
  static long rows;

  @BeforeAll
  static void refreshOnce() throws Exception {
    ok(dir, "init", "repo");
    repo = dir.resolve("repo");
    ok(repo, "generate", "--users", "100", "--days", "10", "--seed", "5", "--output", "tx.csv");
    ok(repo, "apply");
    ok(repo, "ingest", "transactions", "tx.csv");
    try (Stream<String> lines = Files.lines(repo.resolve("tx.csv"))) {
      rows = lines.count() - 1;
    }
    KairosProcess.Result r = ok(repo, "analytics", "refresh");
    assertThat(r.stdout())
        .containsPattern("daily_risk_summary\\s+[\\d,]+ rows  rebuilt in")
        .endsWith(" s.\n")
        .contains("Refreshed 3 views in ");
  }

  @Test
  void show_json_totalsAddUpToTheTransactionLog() throws Exception {
    JsonNode j =
        JSON.readTree(
            ok(
                    repo,
                    "analytics",
                    "show",
                    "daily-risk",
                    "--category",
                    "*",
                    "--country",
                    "*",
                    "--format",
                    "json")
                .stdout());
    long total = 0;
    for (JsonNode row : j.get("rows")) {
      assertThat(row.get("category").isNull()).isTrue();
      total += row.get("transactions").asLong();
    }
    assertThat(j.get("rows")).hasSize(10);
    assertThat(total).isEqualTo(rows);
  }

  @Test
  void show_csvAndTable_andMistakes() throws Exception {
    String csv =
        ok(
                repo,
                "analytics",
                "show",
                "weekly-growth",
                "--category",
                "electronics",
                "--country",
                "*",
                "--format",
                "csv")
            .stdout();
    assertThat(csv.lines().findFirst().orElseThrow())
        .startsWith(
            "week_start,category,country,transactions,amount_reporting,unconverted,fraud_count,fraud_rate,");
    assertThat(csv.lines().skip(1))
        .allMatch(l -> l.matches("\\d{4}-\\d\\d-\\d\\d,electronics,,.*"));
    String table = ok(repo, "analytics", "show", "top-merchants", "--limit", "3").stdout();
    assertThat(table.lines().findFirst().orElseThrow()).startsWith("week_start  rank  merchant");
    assertThat(table.lines().count()).isEqualTo(4);
    KairosProcess.Result bad = expect(2, repo, "analytics", "show", "monthly");
    assertThat(bad.stderr())
        .isEqualTo(
            "error: no analytics view 'monthly'; the views are daily-risk, weekly-growth, top-merchants\n");
    bad = expect(2, repo, "analytics", "show", "daily-risk", "--to", "yesterday");
    assertThat(bad.stderr())
        .isEqualTo("error: to must be a date such as 2026-01-31, not 'yesterday'\n");
    assertNoStackTrace(bad);
  }

  @Test
  void withoutAnAnalyticsSection_refreshSaysWhatToAdd() throws Exception {
    Path copy = dir.resolve("plain");
    KairosProcess.copyTree(repo, copy);
    String yaml = Files.readString(copy.resolve("kairos.yaml"));
    int at = yaml.indexOf("\nanalytics:");
    int end = yaml.indexOf("\n\n", at + 1);
    Files.writeString(
        copy.resolve("kairos.yaml"),
        yaml.substring(0, at) + yaml.substring(end < 0 ? yaml.length() : end));
    KairosProcess.Result r = expect(2, copy, "analytics", "refresh");
    assertThat(r.stderr()).startsWith("error: ").contains("analytics");
    assertNoStackTrace(r);
  }

  @Test
  void server_servesTheViewsReadOnly_andValidatesParameters() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    KairosProcess.Running server =
        KairosProcess.start(
            repo, Map.of(), "serve", "--host", "127.0.0.1", "--port", Integer.toString(port));
    try {
      HttpClient http = HttpClient.newHttpClient();
      HttpResponse<String> r = null;
      for (int i = 0; i < 300; i++) {
        try {
          r = get(http, port, "/v1/analytics/daily-risk?category=*&country=*&limit=2");
          if (r.statusCode() == 200) {
            break;
          }
        } catch (java.io.IOException e) {
          Thread.sleep(100);
        }
      }
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      JsonNode j = JSON.readTree(r.body());
      assertThat(j.get("view").asText()).isEqualTo("daily-risk");
      assertThat(j.get("rows")).hasSize(2);
      assertThat(j.get("rows").get(0).get("country").isNull()).isTrue();
      HttpResponse<String> bad =
          get(http, port, "/v1/analytics/daily-risk?category=x%27%3B%20drop%20table%20t");
      assertThat(bad.statusCode()).isEqualTo(400);
      assertThat(bad.body()).contains("category 'x'; drop table t' is not a valid value");
      bad = get(http, port, "/v1/analytics/daily-risk?region=EU");
      assertThat(bad.statusCode()).isEqualTo(400);
      assertThat(bad.body())
          .contains(
              "unknown parameter 'region'; the parameters are from, to, category, country, limit");
      assertThat(get(http, port, "/v1/analytics/monthly").statusCode()).isEqualTo(404);
      assertThat(get(http, port, "/v1/analytics/daily-risk?limit=0").statusCode()).isEqualTo(400);
    } finally {
      server.process().destroy();
      server.process().waitFor();
    }
  }

  static HttpResponse<String> get(HttpClient http, int port, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}

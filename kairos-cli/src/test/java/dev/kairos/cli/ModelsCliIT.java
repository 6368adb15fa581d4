package dev.kairos.cli;

import static dev.kairos.cli.KairosProcess.assertNoStackTrace;
import static dev.kairos.cli.KairosProcess.expect;
import static dev.kairos.cli.KairosProcess.ok;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kairos.testkit.mlflow.FakeMlflowServer;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** train, runs, models, predict and serve through the packaged CLI, MLflow included. */
class ModelsCliIT {
  static final ObjectMapper JSON = new ObjectMapper();
  @TempDir static Path dir;
  static Path repo;
  static String firstRun;

  @BeforeAll
  static void trainOnce() throws Exception {
    ok(dir, "init", "repo");
    repo = dir.resolve("repo");
    ok(repo, "generate", "--users", "300", "--days", "21", "--seed", "3", "--output", "tx.csv");
    ok(repo, "apply");
    ok(repo, "ingest", "transactions", "tx.csv");
    KairosProcess.Result r =
        ok(
            repo,
            "train",
            "--service",
            "fraud_detection_v1",
            "--labels",
            "tx.csv",
            "--label",
            "is_fraud",
            "--model",
            "fraud");
    assertThat(r.stdout())
        .containsPattern(
            "Trained fraud version 1 \\(run [0-9a-f]{32}\\) on [\\d,]+ rows of fraud_detection_v1 in [\\d.]+ s\\.")
        .contains("TEST SPLIT   MODEL", "LAST-VALUE BASELINE", "PR AUC", "Top features by gain: ")
        .contains("Serve it: kairos models promote fraud 1 --alias champion");
    assertThat(r.stdout()).doesNotContain("validation-aucpr");
    firstRun = runs(repo).get(0).get("id").asText();
  }

  static List<JsonNode> runs(Path repo) throws Exception {
    JsonNode a = JSON.readTree(ok(repo, "runs", "list", "--format", "json").stdout());
    return toList(a);
  }

  static List<JsonNode> toList(JsonNode a) {
    java.util.ArrayList<JsonNode> out = new java.util.ArrayList<>();
    a.forEach(out::add);
    return out;
  }

  @Test
  void runsShow_listsLineageDataAndPlotFilesThatExist() throws Exception {
    KairosProcess.Result r = ok(repo, "runs", "show", firstRun.substring(0, 8));
    assertThat(r.stdout())
        .startsWith("Run " + firstRun + " of model fraud: FINISHED\n")
        .contains(
            "Lineage: service fraud_detection_v1 at registry version 1, label is_fraud, 30 features")
        .containsPattern(
            "Training set: [\\d,]+ rows from 2026-01-01T\\S+ to 2026-01-21T\\S+, sha256 [0-9a-f]{64}");
    for (String plot :
        List.of("plots/roc.png", "plots/pr.png", "plots/importance.png", "model/model.json")) {
      Path p = repo.resolve("data/runs").resolve(firstRun).resolve(plot);
      assertThat(r.stdout()).contains(p.toString());
      assertThat(p).isRegularFile();
    }
    JsonNode j = JSON.readTree(ok(repo, "runs", "show", firstRun, "--format", "json").stdout());
    assertThat(j.get("status").asText()).isEqualTo("FINISHED");
    assertThat(j.get("metrics").get("test.roc_auc").asDouble()).isGreaterThan(0.9);
    assertThat(j.get("lineage").get("features")).hasSize(30);
  }

  @Test
  void runsCompare_showsTheDeltasAndTheParametersThatDiffer() throws Exception {
    Path params = repo.resolve("params.json");
    Files.writeString(params, "{\"max_depth\": 3, \"eta\": 0.2}");
    ok(
        repo,
        "train",
        "--service",
        "fraud_detection_v1",
        "--labels",
        "tx.csv",
        "--label",
        "is_fraud",
        "--model",
        "challenger-model",
        "--params",
        "params.json",
        "--baseline",
        "none");
    String second =
        runs(repo).stream()
            .filter(n -> n.get("model").asText().equals("challenger-model"))
            .findFirst()
            .orElseThrow()
            .get("id")
            .asText();
    KairosProcess.Result r = ok(repo, "runs", "compare", firstRun, second);
    assertThat(r.stdout().lines().findFirst().orElseThrow())
        .matches(
            "METRIC\\s+"
                + firstRun.substring(0, 8)
                + "\\s+"
                + second.substring(0, 8)
                + "\\s+DELTA");
    assertThat(r.stdout())
        .containsPattern("\\ntest\\.roc_auc\\s+0\\.\\d{4}\\s+0\\.\\d{4}\\s+[+-]0\\.\\d{4}\\n");
    assertThat(r.stdout())
        .containsPattern("\\nparam max_depth\\s+6\\s+3\\n")
        .containsPattern("\\nparam eta\\s+0.1\\s+0.2\\n");
    JsonNode j =
        JSON.readTree(ok(repo, "runs", "compare", firstRun, second, "--format", "json").stdout());
    double a = j.get("metrics").get("test.f1").get("values").get(0).asDouble();
    double b = j.get("metrics").get("test.f1").get("values").get(1).asDouble();
    assertThat(j.get("metrics").get("test.f1").get("deltas").get(1).asDouble()).isEqualTo(b - a);
  }

  @Test
  void train_mistakes_exitTwo_withOneMessage_andRecordNothing() throws Exception {
    int before = runs(repo).size();
    KairosProcess.Result r =
        expect(
            2,
            repo,
            "train",
            "--service",
            "fraud_detection_v1",
            "--labels",
            "tx.csv",
            "--label",
            "fraud",
            "--model",
            "fraud");
    assertThat(r.stderr())
        .startsWith("error: ")
        .contains("no label column 'fraud'; its columns are [transaction_id,");
    assertNoStackTrace(r);
    r =
        expect(
            2,
            repo,
            "train",
            "--service",
            "fraud_v9",
            "--labels",
            "tx.csv",
            "--label",
            "is_fraud",
            "--model",
            "fraud");
    assertThat(r.stderr()).startsWith("error: ").contains("fraud_v9");
    assertNoStackTrace(r);
    r =
        expect(
            2,
            repo,
            "train",
            "--service",
            "fraud_detection_v1",
            "--labels",
            "tx.csv",
            "--label",
            "is_fraud",
            "--model",
            "fraud",
            "--split",
            "0.5,0.5");
    assertThat(r.stderr())
        .startsWith("error: --split '0.5,0.5': '0.5' is not a time; write train,validation,test");
    r =
        expect(
            2,
            repo,
            "train",
            "--service",
            "fraud_detection_v1",
            "--labels",
            "tx.csv",
            "--label",
            "is_fraud",
            "--model",
            "fraud",
            "--threshold",
            "best");
    assertThat(r.stderr()).startsWith("error: ").contains("best");
    assertThat(runs(repo)).hasSize(before);
  }

  @Test
  void promote_servePredict_andOfflinePredict() throws Exception {
    ok(repo, "models", "promote", "fraud", "1", "--alias", "champion");
    KairosProcess.Result bad =
        expect(2, repo, "models", "promote", "fraud", "99", "--alias", "champion");
    assertThat(bad.stderr())
        .isEqualTo("error: model 'fraud' has no version 99; its versions are [1]\n");
    JsonNode models = JSON.readTree(ok(repo, "models", "list", "--format", "json").stdout());
    JsonNode v1 =
        toList(models).stream()
            .filter(m -> m.get("model").asText().equals("fraud"))
            .findFirst()
            .orElseThrow();
    assertThat(v1.get("aliases").get(0).asText()).isEqualTo("champion");
    assertThat(v1.get("inputs")).hasSize(30);

    ok(repo, "materialize", "2000-01-01T00:00:00Z", "2100-01-01T00:00:00Z");
    List<String> lines = Files.readAllLines(repo.resolve("tx.csv"));
    String[] last = lines.get(lines.size() - 1).split(",", -1);
    int port = KairosProcess.freePort();
    KairosProcess.Running server =
        KairosProcess.start(
            repo, Map.of(), "serve", "--host", "127.0.0.1", "--port", Integer.toString(port));
    try {
      String ready = KairosProcess.awaitReady(port, "fraud@champion");
      HttpClient http = HttpClient.newHttpClient();
      assertThat(ready).contains("\"serving\":{\"fraud@champion\":1}");
      String body =
          String.format(
              "{\"entities\": {\"user_id\": [%s], \"merchant_id\": [%s], \"device_id\": [\"%s\"]},"
                  + " \"request_data\": {\"amount\": [%s], \"country\": [\"%s\"], \"merchant_category\": [\"%s\"]}, \"top\": 3}",
              last[1], last[2], last[7], last[4], last[6], last[3]);
      HttpResponse<String> resp =
          http.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/predict/fraud"))
                  .POST(HttpRequest.BodyPublishers.ofString(body))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(resp.statusCode()).as(resp.body()).isEqualTo(200);
      JsonNode p = JSON.readTree(resp.body());
      assertThat(p.get("version").asLong()).isEqualTo(1);
      JsonNode pred = p.get("predictions").get(0);
      assertThat(pred.get("probability").asDouble()).isBetween(0.0, 1.0);
      assertThat(pred.get("contributions")).hasSize(3);
      assertThat(pred.get("features")).hasSize(30);
      assertThat(pred.get("features").get(0).get("name").asText())
          .isEqualTo("user_txn_windows:amount_count_1m");
      String metrics =
          http.send(
                  HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      assertThat(metrics).contains("kairos_predictions_total{model=\"fraud\",version=\"1\"} 1.0");
    } finally {
      server.process().destroy();
      server.process().waitFor();
    }

    Files.write(
        repo.resolve("score.csv"),
        List.of(lines.get(0), lines.get(lines.size() - 2), lines.get(lines.size() - 1)));
    KairosProcess.Result r =
        ok(
            repo,
            "predict",
            "--model",
            "fraud",
            "--entities",
            "score.csv",
            "--output",
            "scored.csv",
            "--log");
    assertThat(r.stdout())
        .matches(
            "Scored 2 rows with fraud version 1: \\d decided as fraud \\(threshold 0\\.\\d{4}\\)\\. Wrote"
                + " scored.csv\\.\\nLogged 2 scores to prediction_log\\.\\n");
    ok(repo, "analytics", "refresh");
    JsonNode day =
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
                        "--limit",
                        "1",
                        "--format",
                        "json")
                    .stdout())
            .get("rows")
            .get(0);
    assertThat(day.get("avg_score").isNumber()).as(day.toString()).isTrue();
    List<String> scored = Files.readAllLines(repo.resolve("scored.csv"));
    assertThat(scored.get(0))
        .isEqualTo(lines.get(0) + ",probability,decision,model_version,top_reasons");
    assertThat(scored).hasSize(3);
    assertThat(scored.get(1))
        .startsWith(lines.get(lines.size() - 2) + ",")
        .contains(",1,")
        .containsPattern(":[a-z_0-9]+=[+-]\\d\\.\\d{4}; ");
  }

  @Test
  void mlflow_logsTheRunAndItsModelVersion_andADownServerKeepsTheLocalRun() throws Exception {
    Path copy = dir.resolve("mlflow-repo");
    KairosProcess.copyTree(repo, copy);
    String config = Files.readString(copy.resolve("kairos.yaml"));
    try (FakeMlflowServer mlflow = new FakeMlflowServer()) {
      Files.writeString(
          copy.resolve("kairos.yaml"),
          config + "\ntracking:\n  mlflow_uri: " + mlflow.uri() + "\n");
      KairosProcess.Result r =
          ok(
              copy,
              "train",
              "--service",
              "fraud_detection_v1",
              "--labels",
              "tx.csv",
              "--label",
              "is_fraud",
              "--model",
              "mlfraud",
              "--baseline",
              "none");
      assertThat(r.stdout())
          .containsPattern(
              "Logged run [0-9a-f]{32} to MLflow at "
                  + mlflow.uri()
                  + " \\(run [0-9a-f]+\\); registered model mlfraud version 1\\.");
      assertThat(mlflow.requests().get(0).method() + " " + mlflow.requests().get(0).target())
          .isEqualTo("GET /api/2.0/mlflow/experiments/get-by-name?experiment_name=mlfraud");
      assertThat(mlflow.state().runs()).hasSize(1);
      assertThat(mlflow.state().artifacts().keySet())
          .anyMatch(k -> k.endsWith("/artifacts/model/model.json"));
      assertThat(mlflow.registry().versions("mlfraud")).hasSize(1);
      ok(copy, "models", "promote", "mlfraud", "1", "--alias", "champion");
      assertThat(mlflow.registry().aliases("mlfraud")).containsEntry("champion", 1);
    }
    int closed;
    try (ServerSocket s = new ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    Files.writeString(
        copy.resolve("kairos.yaml"),
        config + "\ntracking:\n  mlflow_uri: http://127.0.0.1:" + closed + "\n");
    KairosProcess.Result down =
        expect(
            3,
            copy,
            "train",
            "--service",
            "fraud_detection_v1",
            "--labels",
            "tx.csv",
            "--label",
            "is_fraud",
            "--model",
            "mlfraud",
            "--baseline",
            "none");
    assertThat(down.stderr())
        .startsWith("error: run ")
        .contains(" is recorded locally, but logging it to MLflow failed: ")
        .contains("127.0.0.1:" + closed)
        .contains("kairos runs export ");
    assertNoStackTrace(down);
    JsonNode newest =
        runs(copy).stream().filter(n -> n.get("model").asText().equals("mlfraud")).toList().get(0);
    assertThat(newest.get("status").asText()).isEqualTo("FINISHED");
    try (FakeMlflowServer mlflow = new FakeMlflowServer()) {
      Files.writeString(
          copy.resolve("kairos.yaml"),
          config + "\ntracking:\n  mlflow_uri: " + mlflow.uri() + "\n");
      for (JsonNode run : runs(copy)) {
        if (run.get("model").asText().equals("mlfraud")
            && run.get("tags").get("model_version").asText().equals("2")) {
          KairosProcess.Result e = ok(copy, "runs", "export", run.get("id").asText());
          assertThat(e.stdout()).contains("registered model mlfraud version 1.");
          assertThat(mlflow.state().runs()).hasSize(1);
        }
      }
    }
  }
}

package dev.kairos.cli.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kairos.api.KairosException;
import dev.kairos.cli.commands.RunReport;
import dev.kairos.core.FeatureStore;
import dev.kairos.ml.Models;
import dev.kairos.ml.train.TrainRequest;
import dev.kairos.ml.train.Trainer;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/** The demo's model steps: train and promote, then score transactions through the server. */
final class DemoModel {
  static final ObjectMapper JSON = new ObjectMapper();

  /** One transaction to score: who, where, what. */
  record Txn(
      String label,
      long user,
      long merchant,
      String device,
      double amount,
      String country,
      String category) {}

  private final PrintStream out;

  DemoModel(PrintStream out) {
    this.out = out;
  }

  /** Trains {@code fraud} on the transactions file, promotes it; returns the summary line. */
  String train(FeatureStore fs, Path tx) {
    Models models = Models.of(fs);
    Trainer.Result r =
        models
            .trainer()
            .train(
                new TrainRequest(
                    "fraud_detection_v1", tx, "is_fraud", "fraud", null, null, null, null));
    RunReport.trained(r, fs.config().repoDir()).lines().forEach(l -> out.println("  " + l));
    models.registry().promote("fraud", r.version().version(), "champion");
    out.printf("  promoted: fraud@champion -> version %d%n", r.version().version());
    return String.format(
        Locale.ROOT,
        "fraud model v%d: test PR AUC %.3f (last-value baseline %.3f), ROC AUC %.3f",
        r.version().version(),
        r.run().metrics().get("test.pr_auc"),
        r.run().metrics().getOrDefault("baseline.test.pr_auc", Double.NaN),
        r.run().metrics().get("test.roc_auc"));
  }

  /** The user's most recent transaction in the generated data, to score as if it happened now. */
  static Txn lastOf(Path tx, String label) {
    try {
      List<String> lines = Files.readAllLines(tx, StandardCharsets.UTF_8);
      String[] f = lines.get(lines.size() - 1).split(",", -1);
      return new Txn(
          label,
          Long.parseLong(f[1]),
          Long.parseLong(f[2]),
          f[7],
          Double.parseDouble(f[4]),
          f[6],
          f[3]);
    } catch (IOException e) {
      throw KairosException.internal("cannot read " + tx, e);
    }
  }

  /** Scores the transactions with one {@code POST /v1/predict/fraud} and prints each verdict. */
  void score(int port, List<Txn> txns) throws Exception {
    ObjectNode body = JSON.createObjectNode();
    ObjectNode entities = body.putObject("entities");
    ArrayNode users = entities.putArray("user_id");
    ArrayNode merchants = entities.putArray("merchant_id");
    ArrayNode devices = entities.putArray("device_id");
    ObjectNode request = body.putObject("request_data");
    ArrayNode amounts = request.putArray("amount");
    ArrayNode countries = request.putArray("country");
    ArrayNode categories = request.putArray("merchant_category");
    for (Txn t : txns) {
      users.add(t.user());
      merchants.add(t.merchant());
      devices.add(t.device());
      amounts.add(t.amount());
      countries.add(t.country());
      categories.add(t.category());
    }
    body.put("top", 3);
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    long t0 = System.nanoTime();
    HttpResponse<String> resp =
        client.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/predict/fraud"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    double ms = (System.nanoTime() - t0) / 1e6;
    if (resp.statusCode() != 200) {
      throw KairosException.internal(
          "predict answered " + resp.statusCode() + ": " + resp.body(), null);
    }
    JsonNode r = JSON.readTree(resp.body());
    out.printf(
        Locale.ROOT,
        "  POST /v1/predict/fraud with %d transaction%s: model %s version %d (threshold %.3f), %.1f ms%n",
        txns.size(),
        txns.size() == 1 ? "" : "s",
        r.get("model").asText(),
        r.get("version").asLong(),
        r.get("threshold").asDouble(),
        ms);
    for (int i = 0; i < txns.size(); i++) {
      Txn t = txns.get(i);
      JsonNode p = r.get("predictions").get(i);
      out.printf(
          Locale.ROOT,
          "  %-30s user %d: %.2f at %s in %s -> p(fraud) %.3f, %s%n",
          t.label(),
          t.user(),
          t.amount(),
          t.category(),
          t.country(),
          p.get("probability").asDouble(),
          p.get("decision").asBoolean() ? "DECLINE (fraud)" : "approve");
      StringBuilder reasons = new StringBuilder("      top reasons:");
      for (JsonNode c : p.get("contributions")) {
        reasons.append(
            String.format(
                Locale.ROOT, " %s %+.2f", c.get("feature").asText(), c.get("value").asDouble()));
      }
      out.println(reasons);
    }
  }
}

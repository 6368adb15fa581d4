package dev.kairos.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kairos.api.predict.PredictQuery;
import dev.kairos.api.predict.PredictResult;
import dev.kairos.api.predict.Predictor;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PredictHttpIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  static FakePredictor predictor;
  static KairosServer server;

  @BeforeAll
  static void start() {
    predictor = new FakePredictor();
    server = TestData.server(predictor);
  }

  @AfterAll
  static void stop() {
    server.stop();
  }

  private static HttpResponse<String> predict(String model, String body) {
    return predict(server, model, body);
  }

  private static HttpResponse<String> predict(KairosServer on, String model, String body) {
    return Http.post(on.port(), "/v1/predict/" + model, body);
  }

  private static final String ONE_ROW =
      "{\"entities\": {\"user_id\": [1001]},"
          + " \"request_data\": {\"amount\": [830.0], \"country\": [\"DE\"]}}";

  @Test
  void predict_answersEveryFieldOfAPrediction() {
    HttpResponse<String> r = predict("fraud", ONE_ROW);

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("content-type")).hasValue("application/json; charset=utf-8");
    assertThat(r.body())
        .isEqualTo(
            "{\"model\":\"fraud\",\"alias\":\"champion\",\"version\":3,\"run_id\":\"run-0007\","
                + "\"threshold\":0.42,\"predictions\":[{\"probability\":0.83,\"decision\":true,"
                + "\"margin\":2.6,\"bias\":-4.1,\"features\":["
                + "{\"name\":\"user_txn_windows:amount_count_10m\",\"type\":\"INT64\",\"value\":5,"
                + "\"status\":\"PRESENT\",\"event_timestamp\":\"2026-11-01T11:59:48Z\","
                + "\"age_seconds\":12.0,\"input\":5.0},"
                + "{\"name\":\"user_profile:last_login\",\"type\":\"TIMESTAMP\","
                + "\"value\":\"2026-11-01T10:30:00Z\",\"status\":\"PRESENT\","
                + "\"event_timestamp\":\"2026-11-01T11:00:00Z\",\"age_seconds\":3600.0,"
                + "\"input\":1.5},"
                + "{\"name\":\"request:amount\",\"type\":\"DOUBLE\",\"value\":830.0,"
                + "\"status\":\"PRESENT\",\"event_timestamp\":null,\"age_seconds\":null,"
                + "\"input\":830.0},"
                + "{\"name\":\"request:country\",\"type\":\"STRING\",\"value\":\"DE\","
                + "\"status\":\"PRESENT\",\"event_timestamp\":null,\"age_seconds\":null,"
                + "\"input\":1.0},"
                + "{\"name\":\"merchant_stats:chargeback_rate\",\"type\":\"FLOAT\",\"value\":null,"
                + "\"status\":\"NOT_FOUND\",\"event_timestamp\":null,\"age_seconds\":null,"
                + "\"input\":null}],"
                + "\"contributions\":[{\"feature\":\"request:amount\",\"value\":3.5},"
                + "{\"feature\":\"user_txn_windows:amount_count_10m\",\"value\":1.25},"
                + "{\"feature\":\"request:country\",\"value\":-0.75},"
                + "{\"feature\":\"user_profile:last_login\",\"value\":0.5},"
                + "{\"feature\":\"merchant_stats:chargeback_rate\",\"value\":0.25}]}]}");
  }

  @Test
  void predict_scoresABatchOfThree_inRequestOrder() throws Exception {
    HttpResponse<String> r =
        predict(
            "fraud",
            "{\"entities\": {\"user_id\": [1001, 1002, 1003]},"
                + " \"request_data\": {\"amount\": [830.0, 12.5, 420], \"country\": [\"DE\","
                + " \"FR\", null]}}");

    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode rows = JSON.readTree(r.body()).get("predictions");
    assertThat(rows).hasSize(3);
    assertThat(rows.findValuesAsText("probability")).containsExactly("0.83", "0.0125", "0.42");
    assertThat(rows.findValuesAsText("decision")).containsExactly("true", "false", "true");
    assertThat(rows.findValuesAsText("margin")).containsExactly("2.6", "-3.1", "2.6");
    JsonNode older = rows.get(1).get("features").get(0);
    assertThat(older.toString())
        .isEqualTo(
            "{\"name\":\"user_txn_windows:amount_count_10m\",\"type\":\"INT64\",\"value\":1,"
                + "\"status\":\"PRESENT\",\"event_timestamp\":\"2026-11-01T11:55:00Z\","
                + "\"age_seconds\":300.0,\"input\":1.0}");
    JsonNode unknown = rows.get(2).get("features");
    assertThat(unknown.get(0).toString())
        .isEqualTo(
            "{\"name\":\"user_txn_windows:amount_count_10m\",\"type\":\"INT64\",\"value\":null,"
                + "\"status\":\"NOT_FOUND\",\"event_timestamp\":null,\"age_seconds\":null,"
                + "\"input\":null}");
    assertThat(unknown.get(2).toString())
        .isEqualTo(
            "{\"name\":\"request:amount\",\"type\":\"DOUBLE\",\"value\":420.0,"
                + "\"status\":\"PRESENT\",\"event_timestamp\":null,\"age_seconds\":null,"
                + "\"input\":420.0}");
    assertThat(unknown.get(3).toString())
        .isEqualTo(
            "{\"name\":\"request:country\",\"type\":\"STRING\",\"value\":null,"
                + "\"status\":\"NULL_VALUE\",\"event_timestamp\":null,\"age_seconds\":null,"
                + "\"input\":null}");
    assertThat(predictor.lastQuery.entities())
        .isEqualTo(Map.of("user_id", List.of(1001L, 1002L, 1003L)));
    assertThat(predictor.lastQuery.requestData().get("amount")).containsExactly(830.0, 12.5, 420L);
  }

  @Test
  void predict_withoutAliasExplainOrTop_asksForTheChampion_explained_top5() {
    HttpResponse<String> r = predict("fraud", ONE_ROW);

    assertThat(r.statusCode()).isEqualTo(200);
    PredictQuery q = predictor.lastQuery;
    assertThat(q.model()).isEqualTo("fraud");
    assertThat(q.alias()).isEqualTo("champion");
    assertThat(q.explain()).isTrue();
    assertThat(q.top()).isEqualTo(5);
  }

  @Test
  void predict_passesAliasExplainAndTop_asGiven() {
    HttpResponse<String> challenger =
        predict(
            "fraud",
            "{\"alias\": \"challenger\", \"entities\": {\"user_id\": [1001]},"
                + " \"request_data\": {\"amount\": [12.5]}, \"explain\": true, \"top\": 2}");
    PredictQuery top2 = predictor.lastQuery;
    HttpResponse<String> unexplained =
        predict(
            "fraud",
            "{\"entities\": {\"user_id\": [1001]}, \"request_data\": {\"amount\": [12.5]},"
                + " \"explain\": false, \"top\": 0}");
    PredictQuery all = predictor.lastQuery;

    assertThat(challenger.statusCode()).isEqualTo(200);
    assertThat(challenger.body())
        .startsWith("{\"model\":\"fraud\",\"alias\":\"challenger\",\"version\":2,")
        .endsWith(
            "\"contributions\":[{\"feature\":\"request:amount\",\"value\":3.5},"
                + "{\"feature\":\"user_txn_windows:amount_count_10m\",\"value\":1.25}]}]}");
    assertThat(top2.alias()).isEqualTo("challenger");
    assertThat(top2.top()).isEqualTo(2);
    assertThat(unexplained.body()).endsWith("\"contributions\":[]}]}");
    assertThat(all.explain()).isFalse();
    assertThat(all.top()).isZero();
  }

  @Test
  void predict_runsOnTheBlockingTaskPool() {
    predict("fraud", ONE_ROW);

    assertThat(predictor.lastThread).startsWith("armeria-common-blocking-tasks-");
  }

  @Test
  void predict_rejectsABodyThatIsNotJson_with400() {
    HttpResponse<String> r = predict("fraud", "{\"entities\": ");

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body())
        .isEqualTo(
            "{\"error\":\"the request body is not valid JSON: Unexpected end-of-input"
                + " within/between Object entries (line 1, column 14)\",\"kind\":\"USER\","
                + "\"status\":400}");
  }

  private static void assertError(HttpResponse<String> r, int status, String kind, String msg) {
    assertThat(r.statusCode()).isEqualTo(status);
    assertThat(r.body())
        .isEqualTo(
            "{\"error\":\"" + msg + "\",\"kind\":\"" + kind + "\",\"status\":" + status + "}");
  }

  @Test
  void predict_rejectsAnUnknownTopLevelField_namingItAndTheKnownOnes() {
    HttpResponse<String> r =
        predict("fraud", "{\"entities\": {\"user_id\": [1001]}, \"explian\": false}");

    assertError(
        r,
        400,
        "USER",
        "unknown field 'explian' in the predict request; known fields: alias, entities,"
            + " request_data, explain, top");
  }

  @Test
  void predict_rejectsATopThatIsNotAWholeNumber() {
    HttpResponse<String> fraction =
        predict("fraud", "{\"entities\": {\"user_id\": [1001]}, \"top\": 2.5}");
    HttpResponse<String> text =
        predict("fraud", "{\"entities\": {\"user_id\": [1001]}, \"top\": \"5\"}");
    HttpResponse<String> negative =
        predict("fraud", "{\"entities\": {\"user_id\": [1001]}, \"top\": -1}");

    assertError(
        fraction,
        400,
        "USER",
        "'top' must be a whole number of contributions (0 = all), but it is 2.5");
    assertError(
        text,
        400,
        "USER",
        "'top' must be a whole number of contributions (0 = all), but it is \\\"5\\\"");
    assertError(negative, 400, "USER", "'top' must be 0 (all contributions) or more, but it is -1");
  }

  @Test
  void predict_rejectsWrongShapes_namingTheField() {
    assertError(
        predict("fraud", "[1001]"),
        400,
        "USER",
        "the request body must be a JSON object with 'entities' and 'request_data', e.g."
            + " {\\\"entities\\\": {\\\"user_id\\\": [1001]}, \\\"request_data\\\":"
            + " {\\\"amount\\\": [12.5]}}");
    assertError(
        predict("fraud", "{\"request_data\": {\"amount\": [12.5]}}"),
        400,
        "USER",
        "'entities' must be an object mapping each join key to a list of values, e.g."
            + " {\\\"user_id\\\": [1001, 1002]}");
    assertError(
        predict("fraud", "{\"entities\": {\"user_id\": [1001]}, \"request_data\": [12.5]}"),
        400,
        "USER",
        "'request_data' must be an object mapping each request field to a list of values, e.g."
            + " {\\\"amount\\\": [12.5, 830.0]}");
    assertError(
        predict(
            "fraud", "{\"entities\": {\"user_id\": [1001]}, \"request_data\": {\"amount\": 1}}"),
        400,
        "USER",
        "request field 'amount' must map to a list of values, not 1");
    assertError(
        predict("fraud", "{\"entities\": {\"user_id\": [[1001]]}}"),
        400,
        "USER",
        "join key 'user_id' in entity row 0 is not a single value: [1001]");
    assertError(
        predict("fraud", "{\"entities\": {\"user_id\": [1001]}, \"explain\": \"yes\"}"),
        400,
        "USER",
        "'explain' must be true or false, but it is \\\"yes\\\"");
    assertError(
        predict("fraud", "{\"entities\": {\"user_id\": [1001]}, \"alias\": 3}"),
        400,
        "USER",
        "'alias' must be a string, but it is 3");
  }

  @Test
  void predict_unknownModel_is404_withThePredictorsMessage() {
    assertError(
        predict("fraut", ONE_ROW),
        404,
        "NOT_FOUND",
        "model 'fraut' has no version with alias 'champion'; served: fraud@challenger,"
            + " fraud@champion");
  }

  @Test
  void predict_missingRequestField_is400_withThePredictorsMessage() {
    assertError(
        predict(
            "fraud",
            "{\"entities\": {\"user_id\": [1001]}, \"request_data\": {\"country\": [\"DE\"]}}"),
        400,
        "USER",
        "missing request field 'amount' needed by model 'fraud' version 3; the request gives:"
            + " country");
  }

  @Test
  void predict_unreachableStore_is503() {
    assertError(
        predict("down", ONE_ROW),
        503,
        "UNAVAILABLE",
        "online store redis://127.0.0.1:1 did not answer within 200 ms");
  }

  @Test
  void predict_withoutAPredictor_is404_sayingHowToServeAModel() {
    try (KairosServer plain = TestData.server()) {
      assertError(
          predict(plain, "fraud", ONE_ROW),
          404,
          "NOT_FOUND",
          "no models are served by this server; train and promote one: kairos train ...,"
              + " kairos models promote ...");
    }
  }

  @Test
  void metrics_countPredictionsByModelAndVersion_decisions_latency_andErrorsByKind() {
    try (KairosServer own = TestData.server(new FakePredictor())) {
      predict(
          own,
          "fraud",
          "{\"entities\": {\"user_id\": [1001, 1002, 1003]},"
              + " \"request_data\": {\"amount\": [830.0, 12.5, 420.0]}}");
      predict(own, "fraud", ONE_ROW);
      predict(
          own,
          "fraud",
          "{\"alias\": \"challenger\", \"entities\": {\"user_id\": [1001]},"
              + " \"request_data\": {\"amount\": [12.5]}}");
      predict(own, "fraut", ONE_ROW);
      predict(own, "fraud", "{");

      String metrics = Http.get(own.port(), "/metrics").body();

      assertThat(metrics)
          .contains("kairos_predict_latency_seconds_bucket{model=\"fraud\",le=\"")
          .contains("kairos_predict_latency_seconds_count{model=\"fraud\"} 3\n")
          .contains("kairos_predictions_total{model=\"fraud\",version=\"3\"} 4.0\n")
          .contains("kairos_predictions_total{model=\"fraud\",version=\"2\"} 1.0\n")
          .contains("kairos_predict_decisions_total{decision=\"fraud\",model=\"fraud\"} 3.0\n")
          .contains("kairos_predict_decisions_total{decision=\"legit\",model=\"fraud\"} 2.0\n")
          .contains("kairos_errors_total{endpoint=\"http_predict\",kind=\"NOT_FOUND\"} 1.0\n")
          .contains("kairos_errors_total{endpoint=\"http_predict\",kind=\"USER\"} 1.0\n")
          .contains("kairos_request_duration_seconds_count{endpoint=\"http_predict\"} 5\n")
          .contains("kairos_entity_rows_total{endpoint=\"http_predict\"} 5.0\n")
          .doesNotContain("fraut");
    }
  }

  @Test
  void readyz_listsTheModelsServed_andTheVersionsThatFailedToLoad() {
    HttpResponse<String> r = Http.get(server.port(), "/readyz");

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body())
        .isEqualTo(
            "{\"status\":\"READY\",\"models\":{\"serving\":{\"fraud@challenger\":2,"
                + "\"fraud@champion\":3},\"problems\":{\"fraud@challenger\":\"version 4 cannot be"
                + " loaded: model.json is truncated; version 2 keeps serving\"}}}");
  }

  @Test
  void readyz_staysReady_whenThePredictorCannotReportItsModels() {
    Predictor broken =
        new Predictor() {
          @Override
          public PredictResult predict(PredictQuery query) {
            throw new UnsupportedOperationException();
          }

          @Override
          public Map<String, String> problems() {
            return Map.of();
          }

          @Override
          public Map<String, Long> serving() {
            throw new IllegalStateException("model registry is locked");
          }
        };
    try (KairosServer own = TestData.server(broken)) {
      HttpResponse<String> r = Http.get(own.port(), "/readyz");

      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body())
          .isEqualTo(
              "{\"status\":\"READY\",\"models\":{\"error\":\"the predictor could not report its"
                  + " models: java.lang.IllegalStateException: model registry is locked\"}}");
    }
  }
}

package dev.kairos.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class HttpApiIT {
  static KairosServer server;
  static int port;

  @BeforeAll
  static void start() {
    startServer(ReadMode.BLOCKING_POOL);
  }

  static void startServer(ReadMode mode) {
    server = TestData.server(mode);
    port = server.port();
  }

  @AfterAll
  static void stop() {
    server.stop();
  }

  private static HttpResponse<String> feast(String body) {
    return Http.post(port, "/get-online-features", body);
  }

  @Test
  void getOnlineFeatures_answersInFeastsColumnarJsonShape() {
    HttpResponse<String> r =
        feast(
            "{\"features\": [\"user_stats:age\", \"user_stats:name\", \"user_stats:last_seen\"],"
                + " \"entities\": {\"user_id\": [1001, 1004]}}");

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("content-type")).hasValue("application/json; charset=utf-8");
    assertThat(r.body())
        .isEqualTo(
            "{\"metadata\":{\"feature_names\":[\"user_id\",\"age\",\"name\",\"last_seen\"]},"
                + "\"results\":["
                + "{\"values\":[1001,1004],\"statuses\":[\"PRESENT\",\"PRESENT\"],"
                + "\"event_timestamps\":[\"1970-01-01T00:00:00Z\",\"1970-01-01T00:00:00Z\"]},"
                + "{\"values\":[36,null],\"statuses\":[\"PRESENT\",\"NOT_FOUND\"],"
                + "\"event_timestamps\":[\"2026-11-01T11:00:00Z\",\"1970-01-01T00:00:00Z\"]},"
                + "{\"values\":[\"Ada\",null],\"statuses\":[\"PRESENT\",\"NOT_FOUND\"],"
                + "\"event_timestamps\":[\"2026-11-01T11:00:00Z\",\"1970-01-01T00:00:00Z\"]},"
                + "{\"values\":[1793529000,null],\"statuses\":[\"PRESENT\",\"NOT_FOUND\"],"
                + "\"event_timestamps\":[\"2026-11-01T11:00:00Z\",\"1970-01-01T00:00:00Z\"]}]}");
  }

  @Test
  void getOnlineFeatures_withFeaturesAndAnEmptyServiceName_readsTheFeatures() {
    HttpResponse<String> r =
        feast(
            "{\"features\": [\"user_stats:age\"], \"feature_service\": \"\","
                + " \"entities\": {\"user_id\": [1001]}}");
    HttpResponse<String> again =
        feast(
            "{\"features\": [\"user_risk:risk\"], \"feature_service\": \"\","
                + " \"entities\": {\"user_id\": [1002]}}");

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).contains("\"feature_names\":[\"user_id\",\"age\"]").contains("[36]");
    assertThat(again.statusCode()).as("not answered from the first request's cache").isEqualTo(200);
    assertThat(again.body()).contains("\"feature_names\":[\"user_id\",\"risk\"]");
  }

  @Test
  void getOnlineFeatures_byFeatureServiceWithFullNames_namesColumnsViewDoubleUnderscoreFeature() {
    HttpResponse<String> r =
        feast(
            "{\"feature_service\": \"scoring\", \"entities\": {\"user_id\": [1002]},"
                + " \"full_feature_names\": true}");

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body())
        .startsWith(
            "{\"metadata\":{\"feature_names\":[\"user_id\",\"user_stats__age\","
                + "\"user_stats__score\",\"user_risk__risk\"]}");
  }

  @Test
  void restResource_answersRowsForAServiceAndRepeatedKeys() {
    HttpResponse<String> r = Http.get(port, "/v1/features/scoring?user_id=1001&user_id=1003");

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body())
        .isEqualTo(
            "{\"names\":[\"user_id\",\"age\",\"score\",\"risk\"],"
                + "\"types\":[\"INT64\",\"INT32\",\"DOUBLE\",\"DOUBLE\"],\"results\":["
                + "{\"values\":[1001,36,0.75,0.1],"
                + "\"statuses\":[\"PRESENT\",\"PRESENT\",\"PRESENT\",\"PRESENT\"],"
                + "\"event_timestamps\":[null,\"2026-11-01T11:00:00Z\",\"2026-11-01T11:00:00Z\","
                + "\"2026-10-30T12:00:00Z\"]},"
                + "{\"values\":[1003,36,0.75,null],"
                + "\"statuses\":[\"PRESENT\",\"OUTSIDE_MAX_AGE\",\"OUTSIDE_MAX_AGE\",\"NOT_FOUND\"],"
                + "\"event_timestamps\":[null,\"2026-10-30T12:00:00Z\",\"2026-10-30T12:00:00Z\","
                + "null]}]}");
  }

  @Test
  void restResource_answers404_forAnUnknownService() {
    HttpResponse<String> r = Http.get(port, "/v1/features/fraud?user_id=1001");

    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(r.body())
        .isEqualTo(
            "{\"error\":\"unknown feature service 'fraud'; known services: scoring\","
                + "\"kind\":\"NOT_FOUND\",\"status\":404}");
  }

  @Test
  void restResource_rejectsAKeyThatIsNotANumber() {
    HttpResponse<String> r = Http.get(port, "/v1/features/scoring?user_id=ada");

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body())
        .isEqualTo(
            "{\"error\":\"join key 'user_id' is of type INT64 but entity row 0 has the text"
                + " \\\"ada\\\"; send a value of type INT64\",\"kind\":\"USER\",\"status\":400}");
  }

  @Test
  void getOnlineFeatures_rejectsAnUnknownFeature_with400NamingIt() {
    HttpResponse<String> r =
        feast("{\"features\": [\"user_stats:height\"], \"entities\": {\"user_id\": [1001]}}");

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body())
        .isEqualTo(
            "{\"error\":\"unknown feature 'height' in view 'user_stats'; its features: age,"
                + " score, ratio, name, active, visits, tags, last_seen\","
                + "\"kind\":\"USER\",\"status\":400}");
  }

  @Test
  void getOnlineFeatures_rejectsAnUnknownView_with400ListingKnownViews() {
    HttpResponse<String> r =
        feast("{\"features\": [\"orders:total\"], \"entities\": {\"user_id\": [1001]}}");

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body())
        .contains(
            "unknown feature view 'orders' in reference 'orders:total'; known views: user_stats,"
                + " user_risk");
  }

  @Test
  void getOnlineFeatures_rejectsAnUnknownService_with400() {
    HttpResponse<String> r =
        feast("{\"feature_service\": \"fraud\", \"entities\": {\"user_id\": [1001]}}");

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).contains("unknown feature service 'fraud'; known services: scoring");
  }

  @Test
  void getOnlineFeatures_rejectsAMissingJoinKey_namingItAndTheView() {
    HttpResponse<String> r =
        feast("{\"features\": [\"user_stats:age\"], \"entities\": {\"driver_id\": [7]}}");

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body())
        .contains(
            "missing join key 'user_id' needed by feature view 'user_stats'; the request gives:"
                + " driver_id");
  }

  @Test
  void getOnlineFeatures_rejectsEmptyEntities() {
    HttpResponse<String> r =
        feast("{\"features\": [\"user_stats:age\"], \"entities\": {\"user_id\": []}}");

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body())
        .contains("the request has no entity rows: give each join key at least one value");
  }

  @Test
  void getOnlineFeatures_rejectsMoreEntityRowsThanTheLimit() {
    String ids =
        IntStream.range(0, 101).mapToObj(Integer::toString).collect(Collectors.joining(","));
    HttpResponse<String> r =
        feast("{\"features\": [\"user_stats:age\"], \"entities\": {\"user_id\": [" + ids + "]}}");

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body())
        .contains("the request has 101 entity rows; the limit is 100 per request: split the batch");
  }

  @Test
  void getOnlineFeatures_rejectsABodyThatIsNotJson() {
    HttpResponse<String> r = feast("features=user_stats:age");

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).startsWith("{\"error\":\"the request body is not valid JSON: ");
  }

  @Test
  void getOnlineFeatures_rejectsNoFeatures() {
    HttpResponse<String> r = feast("{\"entities\": {\"user_id\": [1001]}}");

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body())
        .contains(
            "the request names no features: give feature references (view:feature) or a feature"
                + " service");
  }

  @Test
  void healthz_isUp() {
    HttpResponse<String> r = Http.get(port, "/healthz");

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("{\"status\":\"UP\"}");
  }

  @Test
  void metrics_exposeLatencyHistogramsCountsStatusesAndErrors() {
    feast("{\"features\": [\"user_stats:age\"], \"entities\": {\"user_id\": [1001, 1004]}}");
    feast("{\"features\": [\"user_stats:nope\"], \"entities\": {\"user_id\": [1001]}}");

    HttpResponse<String> r = Http.get(port, "/metrics");

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body())
        .contains("kairos_request_duration_seconds_bucket{endpoint=\"http_get_online_features\"")
        .contains("kairos_request_duration_seconds_count{endpoint=\"http_get_online_features\"}")
        .contains("kairos_online_read_duration_seconds_bucket{endpoint=\"reader\"")
        .contains("kairos_entity_rows_total{endpoint=\"http_get_online_features\"}")
        .contains("kairos_feature_values_total{status=\"PRESENT\"}")
        .contains("kairos_feature_values_total{status=\"NOT_FOUND\"}")
        .contains("kairos_errors_total{endpoint=\"http_get_online_features\",kind=\"USER\"}")
        .contains("kairos_registry_reloads_total 1.0");
  }
}

package dev.kairos.server.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kairos.api.ErrorKind;
import dev.kairos.api.FieldStatus;
import dev.kairos.api.KairosException;
import dev.kairos.api.ValueType;
import dev.kairos.api.predict.PredictQuery;
import dev.kairos.api.predict.PredictResult;
import dev.kairos.api.predict.Prediction;
import dev.kairos.api.predict.ServedFeature;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PredictJsonTest {
  private static PredictQuery parse(String body) {
    return PredictJson.query("fraud", body.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void query_withOnlyEntities_defaultsEverythingElse() {
    PredictQuery q = parse("{\"entities\": {\"user_id\": [1001, \"u-2\", true, null]}}");

    assertThat(q)
        .isEqualTo(
            new PredictQuery(
                "fraud",
                "champion",
                Map.of("user_id", java.util.Arrays.asList(1001L, "u-2", true, null)),
                Map.of(),
                true,
                5));
  }

  @Test
  void query_withNullOptionalFields_defaultsThem() {
    PredictQuery q =
        parse(
            "{\"alias\": null, \"entities\": {\"user_id\": [1]}, \"request_data\": null,"
                + " \"explain\": null, \"top\": null}");

    assertThat(q.alias()).isEqualTo("champion");
    assertThat(q.requestData()).isEmpty();
    assertThat(q.explain()).isTrue();
    assertThat(q.top()).isEqualTo(5);
  }

  @Test
  void query_rejectsAnEmptyBody() {
    assertThatThrownBy(() -> parse(""))
        .isInstanceOfSatisfying(
            KairosException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.USER))
        .hasMessage(
            "the request body must be a JSON object with 'entities' and 'request_data', e.g."
                + " {\"entities\": {\"user_id\": [1001]}, \"request_data\": {\"amount\": [12.5]}}");
  }

  @Test
  void query_rejectsATopBeyondTheIntRange() {
    assertThatThrownBy(() -> parse("{\"entities\": {\"user_id\": [1]}, \"top\": 3000000000}"))
        .hasMessage(
            "'top' must be a whole number of contributions (0 = all), but it is 3000000000");
  }

  @Test
  void query_rejectsARequestValueBeyondInt64_namingTheRequestField() {
    assertThatThrownBy(
            () ->
                parse(
                    "{\"entities\": {\"user_id\": [1]},"
                        + " \"request_data\": {\"amount\": [1, 99999999999999999999]}}"))
        .hasMessage(
            "request field 'amount' in entity row 1 is out of the INT64 range:"
                + " 99999999999999999999");
  }

  @Test
  void response_writesListValuesAndNonFiniteNumbersAsNull() {
    ServedFeature tags =
        new ServedFeature(
            "user:recent_logins",
            ValueType.TIMESTAMP_LIST,
            List.of(Instant.parse("2026-11-01T10:00:00Z")),
            FieldStatus.PRESENT,
            Instant.parse("2026-11-01T11:00:00.250Z"),
            0.5,
            Double.POSITIVE_INFINITY);
    PredictResult r =
        new PredictResult(
            "fraud",
            "champion",
            1,
            null,
            0.5,
            List.of(new Prediction(Double.NaN, false, 0, 0, List.of(tags), List.of())));

    assertThat(new String(PredictJson.response(r), StandardCharsets.UTF_8))
        .isEqualTo(
            "{\"model\":\"fraud\",\"alias\":\"champion\",\"version\":1,\"run_id\":null,"
                + "\"threshold\":0.5,\"predictions\":[{\"probability\":null,\"decision\":false,"
                + "\"margin\":0.0,\"bias\":0.0,\"features\":[{\"name\":\"user:recent_logins\","
                + "\"type\":\"TIMESTAMP_LIST\",\"value\":[\"2026-11-01T10:00:00Z\"],"
                + "\"status\":\"PRESENT\",\"event_timestamp\":\"2026-11-01T11:00:00.250Z\","
                + "\"age_seconds\":0.5,\"input\":null}],\"contributions\":[]}]}");
  }
}

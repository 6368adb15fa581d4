package dev.kairos.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kairos.analytics.LoggedPrediction;
import dev.kairos.api.Definitions;
import dev.kairos.api.FieldStatus;
import dev.kairos.api.ValueType;
import dev.kairos.api.predict.PredictQuery;
import dev.kairos.api.predict.PredictResult;
import dev.kairos.api.predict.Prediction;
import dev.kairos.api.predict.ServedFeature;
import dev.kairos.core.definitions.DefinitionsLoader;
import dev.kairos.core.init.RepoTemplate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Predictions: to the model's service log with the model columns, and to prediction_log. */
class FeatureLogTest {
  private static final Instant AT = Instant.parse("2026-03-01T10:00:00Z");

  @TempDir Path dir;

  private Definitions template(String rate) throws Exception {
    RepoTemplate.write(dir);
    Path services = dir.resolve("features/services.yaml");
    Files.writeString(
        services, Files.readString(services).replace("sample_rate: 0.1", "sample_rate: " + rate));
    return DefinitionsLoader.load(dir, "fraud");
  }

  private static Prediction scored(double p) {
    return new Prediction(
        p,
        p >= 0.5,
        0.0,
        0.0,
        List.of(
            new ServedFeature(
                "user_txn_windows:amount_sum_1h",
                ValueType.DOUBLE,
                12.5,
                FieldStatus.PRESENT,
                AT.minusSeconds(60),
                60.0,
                12.5),
            new ServedFeature(
                "txn_request:is_night", ValueType.BOOL, false, FieldStatus.PRESENT, null, null, 0)),
        List.of());
  }

  @Test
  void predictions_goToTheServiceLogWithTheModel_andEveryScoreToPredictionLog() throws Exception {
    Definitions defs = template("1.0");
    Map<String, List<LogRow>> written = Collections.synchronizedMap(new LinkedHashMap<>());
    List<LoggedPrediction> predictions = Collections.synchronizedList(new ArrayList<>());
    FeatureLog log =
        FeatureLog.builder((s, rows) -> written.put(s, List.copyOf(rows)), () -> defs)
            .modelService(r -> r.model().equals("fraud") ? "fraud_detection_v1" : null)
            .predictionLog("transaction_id", predictions::addAll)
            .start();
    Map<String, List<Object>> entities = new LinkedHashMap<>();
    entities.put("user_id", List.of(1L, 2L));
    Map<String, List<Object>> request = new LinkedHashMap<>();
    request.put("transaction_id", List.of("t1", "t2"));
    request.put("amount", List.of(10.0, 20.0));
    PredictQuery q = new PredictQuery("fraud", null, entities, request, false, 0);
    log.predictions(
        AT,
        q,
        new PredictResult("fraud", "champion", 3, "run", 0.5, List.of(scored(0.9), scored(0.1))));
    log.close();

    assertThat(log.stats())
        .isEqualTo(new dev.kairos.api.monitor.FeatureLogger.Stats(2, 0, 2, 0, 0));
    List<LogRow> rows = written.get("fraud_detection_v1");
    assertThat(rows).hasSize(2);
    LogRow first = rows.get(0);
    assertThat(first.model()).isEqualTo("fraud");
    assertThat(first.modelVersion()).isEqualTo(3L);
    assertThat(first.score()).isEqualTo(0.9);
    assertThat(first.requestTime()).isEqualTo(AT);
    assertThat(first.entityKeys()).isEqualTo(Map.of("user_id", "1"));
    assertThat(first.requestData())
        .containsEntry("transaction_id", "t1")
        .containsEntry("amount", "10.0");
    assertThat(first.features())
        .containsEntry(
            "user_txn_windows__amount_sum_1h",
            new LogRow.Served("12.5", FieldStatus.PRESENT, AT.minusSeconds(60)))
        .containsEntry(
            "txn_request__is_night", new LogRow.Served("false", FieldStatus.PRESENT, null));
    assertThat(predictions)
        .containsExactly(
            new LoggedPrediction("t1", "fraud", 3, 0.9, 0.5, true, AT),
            new LoggedPrediction("t2", "fraud", 3, 0.1, 0.5, false, AT));
  }

  @Test
  void serviceNotLogged_stillSendsScoresToPredictionLog_andCountsThemWritten() throws Exception {
    Definitions defs = template("0.0");
    List<LoggedPrediction> predictions = Collections.synchronizedList(new ArrayList<>());
    List<String> tables = Collections.synchronizedList(new ArrayList<>());
    FeatureLog log =
        FeatureLog.builder((s, rows) -> tables.add(s), () -> defs)
            .modelService(r -> "fraud_detection_v1")
            .predictionLog("transaction_id", predictions::addAll)
            .start();
    PredictQuery q =
        new PredictQuery(
            "fraud",
            null,
            Map.of("user_id", List.of(1L)),
            Map.of("transaction_id", List.of("t9")),
            false,
            0);
    log.predictions(
        AT, q, new PredictResult("fraud", "champion", 1, "run", 0.5, List.of(scored(0.7))));
    log.close();
    assertThat(tables).isEmpty();
    assertThat(predictions).hasSize(1);
    assertThat(log.stats().written()).isEqualTo(1);
  }

  @Test
  void afterClose_offersAreDroppedAndCounted() throws Exception {
    Definitions defs = template("1.0");
    FeatureLog log =
        FeatureLog.builder((s, rows) -> {}, () -> defs)
            .modelService(r -> "fraud_detection_v1")
            .start();
    log.close();
    PredictQuery q =
        new PredictQuery("fraud", null, Map.of("user_id", List.of(1L)), Map.of(), false, 0);
    log.predictions(
        AT, q, new PredictResult("fraud", "champion", 1, "run", 0.5, List.of(scored(0.7))));
    assertThat(log.stats())
        .isEqualTo(new dev.kairos.api.monitor.FeatureLogger.Stats(1, 0, 0, 1, 0));
  }
}

package dev.kairos.ml.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.kairos.api.ErrorKind;
import dev.kairos.api.FieldStatus;
import dev.kairos.api.KairosException;
import dev.kairos.api.predict.Contribution;
import dev.kairos.api.predict.PredictQuery;
import dev.kairos.api.predict.PredictResult;
import dev.kairos.api.predict.Prediction;
import dev.kairos.api.predict.ServedFeature;
import dev.kairos.core.io.TabularReader;
import dev.kairos.core.io.TabularRecord;
import dev.kairos.core.online.OnlineServingEngine;
import dev.kairos.core.online.ProgressListener;
import dev.kairos.ml.FraudRepo;
import dev.kairos.ml.Models;
import dev.kairos.ml.registry.ModelVersion;
import dev.kairos.ml.train.TimeSplit;
import dev.kairos.ml.train.TrainRequest;
import dev.kairos.ml.train.Trainer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Online scoring through the online store against offline scoring through point-in-time retrieval,
 * on the embedded stores: the same transaction gets the same score and explanation.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ScorerIT {
  Path tmp;
  FraudRepo repo;
  Models models;
  Trainer.Result trained;
  ModelScorer scorer;
  Instant now;

  /** Transactions of the last day, re-timed to the request time. */
  final List<Map<String, String>> txns = new ArrayList<>();

  @BeforeAll
  void setUp() throws Exception {
    System.setProperty("java.awt.headless", "true");
    tmp = Files.createTempDirectory("kairos-ml-it");
    repo = FraudRepo.embedded(tmp.resolve("repo"), 300, 21);
    models = Models.of(repo.fs);
    trained =
        models
            .trainer()
            .train(
                new TrainRequest(
                    "fraud_detection_v1",
                    repo.transactions,
                    "is_fraud",
                    "fraud",
                    null,
                    TimeSplit.DEFAULT,
                    "best-f1",
                    List.of()));
    models.registry().promote("fraud", trained.version().version(), "champion");
    now = repo.fs.clock().instant();
    repo.fs.materialize(FraudRepo.START, now, List.of(), ProgressListener.NONE);
    OnlineServingEngine engine =
        new OnlineServingEngine(repo.fs::definitions, repo.fs.onlineStore(), repo.fs.clock(), 1000);
    scorer =
        new ModelScorer(
            models.registry(), () -> engine, repo.fs::definitions, repo.fs.clock(), 1000);
    scorer.refresh();
    try (TabularReader r = TabularReader.open(repo.transactions)) {
      List<TabularRecord> all = new ArrayList<>();
      for (TabularRecord rec; (rec = r.next()) != null; ) {
        all.add(rec);
      }
      // The last 40 transactions, fraud ones included when there are any.
      for (TabularRecord rec : all.subList(all.size() - 40, all.size())) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < r.header().size(); i++) {
          m.put(r.header().get(i), (String) rec.get(i));
        }
        txns.add(m);
      }
    }
  }

  @AfterAll
  void close() throws Exception {
    repo.close();
    dev.kairos.ml.FraudRepo.deleteTree(tmp);
  }

  PredictQuery query(List<Map<String, String>> rows, boolean explain, int top) {
    Map<String, List<Object>> entities = new LinkedHashMap<>();
    Map<String, List<Object>> request = new LinkedHashMap<>();
    for (String k : List.of("user_id", "merchant_id", "device_id")) {
      entities.put(
          k,
          rows.stream()
              .map(t -> (Object) (k.equals("device_id") ? t.get(k) : Long.valueOf(t.get(k))))
              .toList());
    }
    request.put(
        "amount", rows.stream().map(t -> (Object) Double.valueOf(t.get("amount"))).toList());
    request.put("country", rows.stream().map(t -> (Object) t.get("country")).toList());
    request.put(
        "merchant_category", rows.stream().map(t -> (Object) t.get("merchant_category")).toList());
    return new PredictQuery("fraud", null, entities, request, explain, top);
  }

  @Test
  void predict_matchesOfflineScoring_ofTheSameTransactionsAtTheSameTime() throws Exception {
    Path entities = tmp.resolve("score-me.csv");
    StringBuilder csv =
        new StringBuilder(
            "user_id,merchant_id,device_id,amount,country,merchant_category,event_timestamp\n");
    for (Map<String, String> t : txns) {
      csv.append(
              String.join(
                  ",",
                  t.get("user_id"),
                  t.get("merchant_id"),
                  t.get("device_id"),
                  t.get("amount"),
                  t.get("country"),
                  t.get("merchant_category"),
                  now.toString()))
          .append('\n');
    }
    Files.writeString(entities, csv);
    Path out = tmp.resolve("scored.csv");
    ModelVersion v = models.registry().require("fraud", trained.version().version());
    OfflineScorer.Summary s =
        new OfflineScorer(repo.fs, models.registry()).score(v, entities, out, 3);
    assertThat(s.rows()).isEqualTo(txns.size());

    PredictResult online = scorer.predict(query(txns, true, 3));
    assertThat(online.version()).isEqualTo(v.version());
    try (TabularReader r = TabularReader.open(out)) {
      int p = r.columnIndex("probability");
      int reasons = r.columnIndex("top_reasons");
      int i = 0;
      for (TabularRecord rec; (rec = r.next()) != null; i++) {
        Prediction pr = online.predictions().get(i);
        assertThat(pr.probability())
            .as("row " + i)
            .isCloseTo(Double.parseDouble((String) rec.get(p)), within(1e-9));
        String expected =
            String.join(
                "; ",
                pr.contributions().stream()
                    .map(
                        c ->
                            String.format(
                                java.util.Locale.ROOT, "%s=%+.4f", c.feature(), c.value()))
                    .toList());
        assertThat(rec.get(reasons)).as("row " + i).isEqualTo(expected);
      }
    }
  }

  @Test
  void predict_returnsEveryInputInModelOrder_withStatusesAndAges() {
    PredictResult r = scorer.predict(query(txns.subList(0, 1), false, 5));
    Prediction p = r.predictions().get(0);
    ModelVersion v = models.registry().require("fraud", r.version());
    assertThat(p.features().stream().map(ServedFeature::name).toList())
        .isEqualTo(v.refs().stream().map(Object::toString).toList());
    ServedFeature count =
        p.features().stream()
            .filter(f -> f.name().equals("user_txn_windows:amount_count_1d"))
            .findFirst()
            .orElseThrow();
    assertThat(count.status()).isEqualTo(FieldStatus.PRESENT);
    assertThat(count.input()).isEqualTo(((Number) count.value()).floatValue());
    assertThat(p.contributions()).isEmpty();
    assertThat(p.decision()).isEqualTo(p.probability() >= r.threshold());
    assertThat(p.probability()).isCloseTo(1 / (1 + Math.exp(-p.margin())), within(1e-12));
  }

  @Test
  void predict_contributionsSumWithTheBiasToTheMargin() {
    for (Prediction p : scorer.predict(query(txns, true, 0)).predictions()) {
      double sum = p.bias() + p.contributions().stream().mapToDouble(Contribution::value).sum();
      assertThat(sum).isCloseTo(p.margin(), within(1e-4));
    }
  }

  @Test
  void predict_topContributionsAreTheLargestInAbsoluteValue() {
    Prediction p = scorer.predict(query(txns.subList(0, 1), true, 3)).predictions().get(0);
    Prediction all = scorer.predict(query(txns.subList(0, 1), true, 0)).predictions().get(0);
    assertThat(p.contributions()).hasSize(3).isEqualTo(all.contributions().subList(0, 3));
    double third = Math.abs(p.contributions().get(2).value());
    assertThat(all.contributions().subList(3, all.contributions().size()))
        .allSatisfy(c -> assertThat(Math.abs(c.value())).isLessThanOrEqualTo(third));
  }

  @Test
  void predict_unknownAliasOrModel_isNotFound_sayingWhatToDo() {
    assertThatThrownBy(
            () ->
                scorer.predict(
                    new PredictQuery(
                        "fraud", "challenger", Map.of("user_id", List.of(1L)), Map.of(), true, 5)))
        .isInstanceOf(KairosException.class)
        .hasMessage(
            "model 'fraud' has no version with alias 'challenger'; promote one: kairos models promote fraud VERSION --alias challenger")
        .satisfies(e -> assertThat(((KairosException) e).kind()).isEqualTo(ErrorKind.NOT_FOUND));
    assertThatThrownBy(
            () ->
                scorer.predict(
                    new PredictQuery(
                        "churn", null, Map.of("user_id", List.of(1L)), Map.of(), true, 5)))
        .hasMessage(
            "no model named 'churn' is registered; train one: kairos train --model churn ...");
  }

  @Test
  void predict_missingRequestField_isAUserError() {
    PredictQuery q = query(txns.subList(0, 1), true, 5);
    Map<String, List<Object>> request = new LinkedHashMap<>(q.requestData());
    request.remove("amount");
    assertThatThrownBy(
            () -> scorer.predict(new PredictQuery("fraud", null, q.entities(), request, true, 5)))
        .isInstanceOf(KairosException.class)
        .hasMessageContaining("amount")
        .satisfies(e -> assertThat(((KairosException) e).kind()).isEqualTo(ErrorKind.USER));
  }

  @Test
  void refresh_followsAPromotion_andKeepsServingWhenAVersionCannotLoad() {
    ModelVersion current = models.registry().require("fraud", trained.version().version());
    ModelVersion broken =
        models
            .registry()
            .register(
                new ModelVersion(
                    "fraud",
                    0,
                    "0123456789abcdef0123456789abcdef",
                    now,
                    current.service(),
                    current.registryVersion(),
                    current.inputs(),
                    current.threshold(),
                    current.thresholdRule(),
                    current.treeLimit(),
                    null),
                "{\"not\": \"a model\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    models.registry().promote("fraud", broken.version(), "canary");
    scorer.refresh();
    assertThat(scorer.problems()).containsOnlyKeys("fraud@canary");
    assertThat(scorer.problems().get("fraud@canary"))
        .startsWith("version " + broken.version() + " failed to load: ");
    assertThat(scorer.serving())
        .containsEntry("fraud@champion", current.version())
        .doesNotContainKey("fraud@canary");

    models.registry().promote("fraud", current.version(), "canary");
    scorer.refresh();
    assertThat(scorer.problems()).isEmpty();
    assertThat(scorer.serving()).containsEntry("fraud@canary", current.version());
    assertThat(
            scorer
                .predict(
                    new PredictQuery(
                        "fraud",
                        "canary",
                        query(txns.subList(0, 1), false, 0).entities(),
                        query(txns.subList(0, 1), false, 0).requestData(),
                        false,
                        0))
                .version())
        .isEqualTo(current.version());
  }
}

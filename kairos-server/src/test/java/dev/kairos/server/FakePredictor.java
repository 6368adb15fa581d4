package dev.kairos.server;

import dev.kairos.api.FieldStatus;
import dev.kairos.api.KairosException;
import dev.kairos.api.ValueType;
import dev.kairos.api.predict.Contribution;
import dev.kairos.api.predict.PredictQuery;
import dev.kairos.api.predict.PredictResult;
import dev.kairos.api.predict.Prediction;
import dev.kairos.api.predict.Predictor;
import dev.kairos.api.predict.ServedFeature;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A predictor with fixed answers. Model {@code fraud}: {@code champion} is version 3, {@code
 * challenger} version 2 (its version 4 failed to load). The probability is {@code amount / 1000}
 * and the threshold 0.42. User 1001 has recent transactions and a last login; user 1002 has older
 * ones; other users are unknown. The merchant feature is never found. It remembers the last query
 * and the thread that scored it.
 */
final class FakePredictor implements Predictor {
  static final double THRESHOLD = 0.42;
  static final String RUN = "run-0007";
  static final Instant LAST_LOGIN = Instant.parse("2026-11-01T10:30:00Z");

  private static final List<Contribution> CONTRIBUTIONS =
      List.of(
          new Contribution("request:amount", 3.5),
          new Contribution("user_txn_windows:amount_count_10m", 1.25),
          new Contribution("request:country", -0.75),
          new Contribution("user_profile:last_login", 0.5),
          new Contribution("merchant_stats:chargeback_rate", 0.25));

  private final Map<String, Long> serving = Map.of("fraud@champion", 3L, "fraud@challenger", 2L);
  private final Map<String, String> problems =
      Map.of(
          "fraud@challenger",
          "version 4 cannot be loaded: model.json is truncated; version 2 keeps serving");
  volatile PredictQuery lastQuery;
  volatile String lastThread;

  @Override
  public PredictResult predict(PredictQuery q) {
    lastQuery = q;
    lastThread = Thread.currentThread().getName();
    if ("down".equals(q.model())) {
      throw KairosException.unavailable(
          "online store redis://127.0.0.1:1 did not answer within 200 ms", null);
    }
    Long version = serving.get(q.model() + '@' + q.alias());
    if (version == null) {
      throw KairosException.notFound(
          "model '"
              + q.model()
              + "' has no version with alias '"
              + q.alias()
              + "'; served: "
              + String.join(", ", new TreeMap<>(serving).keySet()));
    }
    List<Object> amounts = q.requestData().get("amount");
    if (amounts == null) {
      throw KairosException.user(
          "missing request field 'amount' needed by model 'fraud' version "
              + version
              + "; the request gives: "
              + String.join(", ", q.requestData().keySet()));
    }
    List<Object> countries = q.requestData().getOrDefault("country", List.of());
    List<Prediction> rows = new ArrayList<>();
    for (int i = 0; i < q.rowCount(); i++) {
      double amount = ((Number) amounts.get(i)).doubleValue();
      Object user = q.entities().get("user_id").get(i);
      String country = i < countries.size() ? (String) countries.get(i) : null;
      double p = amount / 1000;
      boolean fraud = p >= THRESHOLD;
      List<Contribution> why =
          q.explain()
              ? CONTRIBUTIONS.subList(
                  0, q.top() == 0 ? CONTRIBUTIONS.size() : Math.min(q.top(), CONTRIBUTIONS.size()))
              : List.of();
      rows.add(
          new Prediction(p, fraud, fraud ? 2.6 : -3.1, -4.1, features(user, amount, country), why));
    }
    return new PredictResult(q.model(), q.alias(), version, RUN, THRESHOLD, rows);
  }

  private static List<ServedFeature> features(Object user, double amount, String country) {
    Instant now = TestData.NOW;
    List<ServedFeature> out = new ArrayList<>();
    if (Long.valueOf(1001).equals(user) || Long.valueOf(1002).equals(user)) {
      boolean recent = Long.valueOf(1001).equals(user);
      long count = recent ? 5 : 1;
      double age = recent ? 12 : 300;
      out.add(
          new ServedFeature(
              "user_txn_windows:amount_count_10m",
              ValueType.INT64,
              count,
              FieldStatus.PRESENT,
              now.minusSeconds((long) age),
              age,
              count));
      out.add(
          new ServedFeature(
              "user_profile:last_login",
              ValueType.TIMESTAMP,
              LAST_LOGIN,
              FieldStatus.PRESENT,
              TestData.FRESH,
              3600.0,
              1.5));
    } else {
      out.add(missing("user_txn_windows:amount_count_10m", ValueType.INT64));
      out.add(missing("user_profile:last_login", ValueType.TIMESTAMP));
    }
    out.add(
        new ServedFeature(
            "request:amount", ValueType.DOUBLE, amount, FieldStatus.PRESENT, null, null, amount));
    out.add(
        new ServedFeature(
            "request:country",
            ValueType.STRING,
            country,
            country == null ? FieldStatus.NULL_VALUE : FieldStatus.PRESENT,
            null,
            null,
            country == null ? Double.NaN : "DE".equals(country) ? 1 : 0));
    out.add(missing("merchant_stats:chargeback_rate", ValueType.FLOAT));
    return out;
  }

  private static ServedFeature missing(String name, ValueType type) {
    return new ServedFeature(name, type, null, FieldStatus.NOT_FOUND, null, null, Double.NaN);
  }

  @Override
  public Map<String, String> problems() {
    return problems;
  }

  @Override
  public Map<String, Long> serving() {
    return serving;
  }
}

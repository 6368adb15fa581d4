package dev.kairos.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kairos.api.EntityKey;
import dev.kairos.api.FeatureView;
import dev.kairos.api.FieldStatus;
import dev.kairos.spi.OnlineRow;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The skew check on the reference workload, run against each offline store: logged rows recompute
 * to the served values on every feature, and injected skew is caught on exactly the feature it
 * touches.
 */
abstract class SkewCheckContract {
  static final int ROWS = 60;

  @TempDir Path dir;

  abstract SkewRepo repo(Path dir) throws Exception;

  /** Serves ROWS transactions in batches of 7 through the logged server and flushes the log. */
  static void serveAndLog(SkewRepo repo) throws Exception {
    FeatureLog log = repo.log(10_000);
    repo.serve(log);
    for (List<String[]> batch : repo.batches(ROWS, 7)) {
      repo.request(batch);
    }
    repo.stopServer();
    assertThat(log.stats().written()).isEqualTo(ROWS);
    assertThat(log.stats().dropped()).isZero();
  }

  static SkewReport check(SkewRepo repo) {
    return new SkewCheck(repo.fs)
        .run(SkewRepo.SERVICE, SkewRepo.START, SkewRepo.END.plusSeconds(1));
  }

  static Map<String, SkewReport.FeatureSkew> byName(SkewReport r) {
    return r.features().stream()
        .collect(Collectors.toMap(SkewReport.FeatureSkew::feature, Function.identity()));
  }

  @Test
  void logTable_readsBackEveryColumnAsWritten_includingNullsAndQuotes() throws Exception {
    try (SkewRepo repo = repo(dir)) {
      FeatureLogTable table = new FeatureLogTable(SkewCheck.sql(repo.fs));
      Instant t = Instant.parse("2026-01-03T04:05:06.123456Z");
      Map<String, String> request = new LinkedHashMap<>();
      request.put("note", "a \"quoted\", {braced} [value]\nwith a line break");
      request.put("country", null);
      Map<String, LogRow.Served> served = new LinkedHashMap<>();
      served.put("v__amount", new LogRow.Served("12.5", FieldStatus.PRESENT, t.minusSeconds(60)));
      served.put("v__country", new LogRow.Served(null, FieldStatus.NOT_FOUND, null));
      LogRow scored =
          new LogRow(
              SkewRepo.SERVICE,
              "r-1",
              t,
              7,
              Map.of("user_id", "42"),
              request,
              served,
              "fraud",
              3L,
              0.8125);
      LogRow plain =
          new LogRow(
              SkewRepo.SERVICE,
              "r-2",
              t.plusSeconds(1),
              8,
              Map.of("user_id", "43"),
              Map.of(),
              served,
              null,
              null,
              null);

      table.append(SkewRepo.SERVICE, List.of(scored, plain));

      assertThat(table.read(SkewRepo.SERVICE, t, t.plusSeconds(2))).containsExactly(scored, plain);
      assertThat(table.read(SkewRepo.SERVICE, t.plusNanos(1_000), t.plusSeconds(2)))
          .containsExactly(plain);
    }
  }

  @Test
  void check_afterBatchMaterialization_findsNoMismatchOnAnyFeature() throws Exception {
    try (SkewRepo repo = repo(dir)) {
      repo.materialize();
      serveAndLog(repo);

      SkewReport r = check(repo);

      assertThat(r.rows()).isEqualTo(ROWS);
      assertThat(r.mismatches()).isZero();
      assertThat(r.late()).isZero();
      assertThat(r.hours()).singleElement().satisfies(h -> assertThat(h.rows()).isEqualTo(ROWS));
      Map<String, SkewReport.FeatureSkew> f = byName(r);
      assertThat(f)
          .containsKeys(
              "user_last_transaction__amount",
              "user_txn_windows__amount_sum_30d",
              "user_txn_windows__home_country",
              "merchant_windows__merchant_txn_count_1d",
              "txn_request__amount_vs_avg_30d",
              "txn_request__secs_since_last_txn");
      for (SkewReport.FeatureSkew s : r.features()) {
        assertThat(s.total()).as(s.feature()).isEqualTo(ROWS);
        assertThat(s.mismatches()).as(s.feature()).isZero();
      }
      // The comparisons are not vacuous: values were served and recomputed.
      assertThat(f.get("user_last_transaction__amount").bothNull()).isZero();
      // Within the documented tolerance (PostgreSQL may sum in another order than the online path).
      assertThat(f.get("user_txn_windows__amount_sum_30d").smape()).isNotNull().isLessThan(1e-9);
      assertThat(f.get("txn_request__secs_since_last_txn").bothNull()).isLessThan(ROWS);

      // Stored and served at /v1/skew in the documented shape.
      new SkewChecks(SkewCheck.sql(repo.fs)).save(r);
      repo.serve(repo.log(10));
      HttpResponse<String> got = repo.get("/v1/skew?service=" + SkewRepo.SERVICE);
      assertThat(got.statusCode()).isEqualTo(200);
      JsonNode json = new ObjectMapper().readTree(got.body());
      JsonNode check = json.get("services").get(0).get("checks").get(0);
      assertThat(json.get("services").get(0).get("service").asText()).isEqualTo(SkewRepo.SERVICE);
      assertThat(check.get("rows").asLong()).isEqualTo(ROWS);
      assertThat(check.get("mismatches").asLong()).isZero();
      assertThat(check.get("mismatch_rate").asDouble()).isZero();
      assertThat(check.get("from").asText()).isEqualTo(SkewRepo.START.toString());
      assertThat(check.get("hours").get(0).get("hour").asText()).isEqualTo(SkewRepo.END.toString());
      assertThat(check.get("features")).hasSize(r.features().size());
      assertThat(repo.get("/v1/skew?limit=0").statusCode()).isEqualTo(400);
    }
  }

  @Test
  void postSkewCheck_runsTheCheckInTheServingProcess_storesIt_andAnswersTheWholeReport()
      throws Exception {
    try (SkewRepo repo = repo(dir)) {
      repo.materialize();
      FeatureLog log = repo.log(10_000);
      repo.serve(log);
      for (List<String[]> batch : repo.batches(ROWS, 7)) {
        repo.request(batch);
      }
      long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
      while (log.stats().written() < ROWS && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(log.stats().written()).isEqualTo(ROWS);

      HttpResponse<String> r =
          repo.post(
              "/v1/skew/check",
              "{\"service\": \""
                  + SkewRepo.SERVICE
                  + "\", \"from\": \""
                  + SkewRepo.START
                  + "\", \"to\": \""
                  + SkewRepo.END.plusSeconds(1)
                  + "\"}");

      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      SkewReport served = ReportJson.parse(r.body());
      SkewReport direct = check(repo);
      assertThat(served.rows()).isEqualTo(ROWS).isEqualTo(direct.rows());
      assertThat(served.mismatches()).isZero();
      assertThat(served.features()).hasSize(direct.features().size());
      for (int i = 0; i < direct.features().size(); i++) {
        SkewReport.FeatureSkew a = served.features().get(i);
        SkewReport.FeatureSkew b = direct.features().get(i);
        assertThat(a.feature()).isEqualTo(b.feature());
        assertThat(a.total()).as(a.feature()).isEqualTo(b.total());
        assertThat(a.bothNull()).as(a.feature()).isEqualTo(b.bothNull());
        assertThat(a.mismatches()).as(a.feature()).isZero();
      }
      JsonNode stored =
          new ObjectMapper().readTree(repo.get("/v1/skew?service=" + SkewRepo.SERVICE).body());
      assertThat(stored.at("/services/0/checks")).hasSize(1);
      assertThat(stored.at("/services/0/checks/0/rows").asLong()).isEqualTo(ROWS);

      HttpResponse<String> unknown = repo.post("/v1/skew/check", "{\"service\": \"nope\"}");
      assertThat(unknown.statusCode()).isEqualTo(404);
      assertThat(unknown.body()).contains("unknown feature service 'nope'");
      HttpResponse<String> bad =
          repo.post("/v1/skew/check", "{\"service\": \"x\", \"from\": \"yesterday\"}");
      assertThat(bad.statusCode()).isEqualTo(400);
      assertThat(bad.body()).contains("\\\"from\\\" must be an ISO-8601 UTC time");
    }
  }

  @Test
  void check_attributesAnOnlineValueOverwrittenInTheStore_toThatFeature() throws Exception {
    try (SkewRepo repo = repo(dir)) {
      repo.materialize();
      String[] victim = repo.batches(ROWS, 7).get(0).get(0);
      long user = Long.parseLong(victim[1]);
      FeatureView view = repo.fs.definitions().requireView("user_last_transaction");
      OnlineRow stored = repo.fs.onlineStore().multiGet(view, List.of(EntityKey.of(user))).get(0);
      Object[] values = stored.values().clone();
      values[view.indexOf("amount")] = ((Double) values[view.indexOf("amount")]) + 1000.0;
      repo.fs
          .onlineStore()
          .multiPut(
              view,
              List.of(
                  new OnlineRow(
                      stored.key(), values, stored.eventTs(), stored.eventTs().plusSeconds(3600))));
      serveAndLog(repo);

      SkewReport r = check(repo);

      long victimRows =
          repo.batches(ROWS, 7).stream()
              .flatMap(List::stream)
              .filter(t -> t[1].equals(victim[1]))
              .count();
      assertThat(r.mismatches()).isEqualTo(victimRows);
      Map<String, SkewReport.FeatureSkew> f = byName(r);
      assertThat(f.get("user_last_transaction__amount").valueMismatches()).isEqualTo(victimRows);
      assertThat(f.get("user_last_transaction__amount").diffPercentiles().get("p99"))
          .isEqualTo(1000.0, org.assertj.core.data.Offset.offset(1e-6));
      assertThat(f.get("user_last_transaction__amount").examples().get("value_mismatch"))
          .first()
          .satisfies(e -> assertThat(e.entityKeys()).containsEntry("user_id", victim[1]));
      r.features().stream()
          .filter(s -> !s.feature().equals("user_last_transaction__amount"))
          .forEach(s -> assertThat(s.mismatches()).as(s.feature()).isZero());
    }
  }

  @Test
  void check_attributesAViewChangedWithoutRematerializing_toTheChangedFeature() throws Exception {
    try (SkewRepo repo = repo(dir)) {
      repo.materialize();
      serveAndLog(repo);
      repo.edit(
          "features/aggregations.yaml",
          y ->
              y.replace(
                  "windows: [1d], name: merchant_amount_sum_1d}",
                  "windows: [2d], name: merchant_amount_sum_1d}"));
      repo.fs.apply(true);

      SkewReport r = check(repo);

      Map<String, SkewReport.FeatureSkew> f = byName(r);
      assertThat(f.get("merchant_windows__merchant_amount_sum_1d").mismatches()).isPositive();
      assertThat(r.mismatches())
          .isEqualTo(f.get("merchant_windows__merchant_amount_sum_1d").mismatches());
      r.features().stream()
          .filter(s -> !s.feature().equals("merchant_windows__merchant_amount_sum_1d"))
          .forEach(s -> assertThat(s.mismatches()).as(s.feature()).isZero());
    }
  }

  @Test
  void check_attributesARequestTimeExpressionChanged_toThatFeature() throws Exception {
    try (SkewRepo repo = repo(dir)) {
      repo.materialize();
      serveAndLog(repo);
      repo.edit(
          "features/request.yaml",
          y -> y.replace("request.amount < 3.0", "request.amount < 100000.0"));
      repo.fs.apply(true);

      SkewReport r = check(repo);

      Map<String, SkewReport.FeatureSkew> f = byName(r);
      long small =
          repo.batches(ROWS, 7).stream()
              .flatMap(List::stream)
              .filter(t -> Double.parseDouble(t[4]) >= 3.0)
              .count();
      assertThat(small).isPositive();
      assertThat(f.get("txn_request__is_tiny_amount").valueMismatches()).isEqualTo(small);
      assertThat(r.mismatches()).isEqualTo(small);
      r.features().stream()
          .filter(s -> !s.feature().equals("txn_request__is_tiny_amount"))
          .forEach(s -> assertThat(s.mismatches()).as(s.feature()).isZero());
    }
  }

  @Test
  void check_reportsAnEventThatArrivedAfterTheRequest_asLate_notAsSkew() throws Exception {
    try (SkewRepo repo = repo(dir)) {
      repo.materialize();
      serveAndLog(repo);
      String[] victim = repo.batches(ROWS, 7).get(0).get(0);
      String[] late = victim.clone();
      late[0] = "late-" + victim[0];
      late[4] = "4242.5";
      late[8] = SkewRepo.END.minusSeconds(30).toString();
      late[9] = SkewRepo.END.plusSeconds(90).toString();
      java.nio.file.Path csv = dir.resolve("late.csv");
      java.nio.file.Files.write(
          csv,
          List.of(
              java.nio.file.Files.readAllLines(repo.dir.resolve("transactions.csv")).get(0),
              String.join(",", late)));
      repo.fs.ingest("transactions", csv);

      SkewReport r = check(repo);

      long victimRows =
          repo.batches(ROWS, 7).stream()
              .flatMap(List::stream)
              .filter(t -> t[1].equals(victim[1]))
              .count();
      assertThat(r.mismatches()).isZero();
      assertThat(r.late()).isEqualTo(victimRows);
      Map<String, SkewReport.FeatureSkew> f = byName(r);
      assertThat(f.get("user_last_transaction__amount").late()).isEqualTo(victimRows);
      assertThat(f.get("user_last_transaction__amount").examples().get("late"))
          .first()
          .satisfies(e -> assertThat(e.recomputed()).isEqualTo("4242.5"));
      assertThat(f.get("user_txn_windows__amount_count_1m").late()).isEqualTo(victimRows);
    }
  }
}

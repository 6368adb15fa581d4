package dev.kairos.cli;

import static dev.kairos.cli.KairosProcess.assertNoStackTrace;
import static dev.kairos.cli.KairosProcess.expect;
import static dev.kairos.cli.KairosProcess.ok;
import static dev.kairos.cli.KairosProcess.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * materialize, materialize-incremental and online through the packaged CLI, on two days of data
 * that end one day ago, so a 30-day view is fresh and a 1-hour view is stale. The lookups run after
 * the materialization test, on what it wrote.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MaterializeCliIT {
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dir;
  static Path repo;
  static Instant start;
  static Instant midpoint;
  static List<String[]> transactions;

  @BeforeAll
  static void ingestTwoRecentDays() throws Exception {
    ok(dir, "init", "repo");
    repo = dir.resolve("repo");
    Path views = repo.resolve("features/views.yaml");
    Files.writeString(
        views,
        Files.readString(views)
            + "\n  - name: user_recent\n"
            + "    entities: [user]\n"
            + "    source: transactions\n"
            + "    ttl: 1h\n"
            + "    online: true\n"
            + "    features:\n"
            + "      - {name: amount, type: DOUBLE}\n");
    ok(repo, "apply");
    start = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofDays(3));
    midpoint = start.plus(Duration.ofDays(1));
    ok(
        repo,
        "generate",
        "--users",
        "25",
        "--days",
        "2",
        "--start",
        start.toString(),
        "--output",
        "tx.csv");
    List<String> lines = Files.readAllLines(repo.resolve("tx.csv"));
    transactions = new ArrayList<>();
    lines.subList(1, lines.size()).forEach(l -> transactions.add(l.split(",", -1)));
    ok(repo, "ingest", "transactions", "tx.csv");
  }

  @Test
  @Order(1)
  void materialize_thenIncremental_serveTheLatestValues_withStatusAndAge() throws Exception {
    KairosProcess.Result first = ok(repo, "materialize", start.toString(), midpoint.toString());

    assertThat(first.stdout())
        .containsPattern("(?m)^  user_last_transaction [\\d,]+ rows")
        .containsPattern("(?m)^Materialized 6 views, [\\d,]+ rows in ");
    assertThat(watermarks())
        .containsOnlyKeys(
            "user_last_transaction",
            "merchant_last_transaction",
            "user_recent",
            "user_txn_windows",
            "device_windows",
            "merchant_windows")
        .containsEntry("user_recent", midpoint.toString());
    assertOnlineEqualsLatestUpTo(midpoint);

    Instant end = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    KairosProcess.Result incremental = ok(repo, "materialize-incremental", end.toString());

    assertThat(incremental.stdout()).containsPattern("(?m)^Materialized 6 views, ");
    assertThat(watermarks()).containsEntry("user_last_transaction", end.toString());
    assertOnlineEqualsLatestUpTo(end);

    KairosProcess.Result again = ok(repo, "materialize-incremental", midpoint.toString());
    assertThat(again.stdout())
        .contains("user_last_transaction: skipped (already materialized up to " + end + ")");
    assertThat(watermarks())
        .as("never moves backwards")
        .containsEntry("user_recent", end.toString());
  }

  /** For every user, online values equal the latest generated row with event time <= end. */
  private static void assertOnlineEqualsLatestUpTo(Instant end) throws Exception {
    Map<Long, String[]> latest = new TreeMap<>();
    for (String[] t : transactions) {
      Instant ts = Instant.parse(t[8]);
      String[] best = latest.get(Long.parseLong(t[1]));
      if (!ts.isAfter(end) && (best == null || !ts.isBefore(Instant.parse(best[8])))) {
        latest.put(Long.parseLong(t[1]), t);
      }
    }
    List<String> args =
        new ArrayList<>(
            List.of(
                "online",
                "--features",
                "user_last_transaction:amount,user_last_transaction:country,user_recent:amount",
                "--full-feature-names",
                "--format",
                "json"));
    for (long user : latest.keySet()) {
      args.add("--entity");
      args.add("user_id=" + user);
    }
    JsonNode rows = JSON.readTree(ok(repo, args.toArray(String[]::new)).stdout());

    assertThat(rows).hasSize(latest.size());
    int i = 0;
    for (Map.Entry<Long, String[]> e : latest.entrySet()) {
      JsonNode row = rows.get(i++);
      String[] tx = e.getValue();
      assertThat(row.get("entity").get("user_id").asLong()).isEqualTo(e.getKey());
      JsonNode amount = row.get("features").get("user_last_transaction__amount");
      assertThat(amount.get("status").asText()).isEqualTo("PRESENT");
      assertThat(amount.get("value").asDouble()).isEqualTo(Double.parseDouble(tx[4]));
      assertThat(amount.get("event_timestamp").asText()).isEqualTo(tx[8]);
      assertThat(amount.get("age_seconds").asLong())
          .isCloseTo(
              Duration.between(Instant.parse(tx[8]), Instant.now()).getSeconds(),
              org.assertj.core.api.Assertions.within(120L));
      assertThat(row.get("features").get("user_last_transaction__country").get("value").asText())
          .isEqualTo(tx[6]);
      JsonNode recent = row.get("features").get("user_recent__amount");
      assertThat(recent.get("status").asText()).isEqualTo("OUTSIDE_MAX_AGE");
      assertThat(recent.get("event_timestamp").asText()).isEqualTo(tx[8]);
    }
  }

  @Test
  @Order(2)
  void online_templateAggregations_countEveryEventOfTheUserInTheWindow() throws Exception {
    long user = Long.parseLong(transactions.get(0)[1]);
    long count = 0;
    double sum = 0;
    for (String[] t : transactions) {
      if (Long.parseLong(t[1]) == user) {
        count++;
        sum += Double.parseDouble(t[4]);
      }
    }
    JsonNode row =
        JSON.readTree(
                ok(
                        repo,
                        "online",
                        "--entity",
                        "user_id=" + user,
                        "--features",
                        "user_txn_windows:amount_sum_30d,user_txn_windows:amount_count_1m",
                        "--format",
                        "json")
                    .stdout())
            .get(0)
            .get("features");

    assertThat(row.get("amount_sum_30d").get("status").asText()).isEqualTo("PRESENT");
    assertThat(row.get("amount_sum_30d").get("value").asDouble())
        .as("the sum of the user's %d transactions, all within 30 days of now", count)
        .isCloseTo(sum, org.assertj.core.api.Assertions.within(1e-6));
    assertThat(row.get("amount_count_1m").get("status").asText())
        .as("the data ended a day ago: an empty window counts 0, and 0 is a value")
        .isEqualTo("PRESENT");
    assertThat(row.get("amount_count_1m").get("value").asLong()).isZero();
  }

  @Test
  @Order(2)
  void online_templateService_withRequestData_computesRequestTimeFeatures() throws Exception {
    String[] tx = transactions.get(0);
    long user = Long.parseLong(tx[1]);
    double sum = 0;
    long count = 0;
    for (String[] t : transactions) {
      if (Long.parseLong(t[1]) == user) {
        count++;
        sum += Double.parseDouble(t[4]);
      }
    }
    JsonNode features =
        JSON.readTree(
                ok(
                        repo,
                        "online",
                        "--service",
                        "fraud_detection_v1",
                        "--entity",
                        "user_id=" + user + ",merchant_id=" + tx[2] + ",device_id=" + tx[7],
                        "--request",
                        "amount=250.0,country=XX,merchant_category=electronics",
                        "--format",
                        "json")
                    .stdout())
            .get(0)
            .get("features");

    assertThat(features.get("amount_vs_avg_30d").get("value").asDouble())
        .as("250 against the user's 30-day average of %d transactions", count)
        .isCloseTo(250.0 / (sum / count), org.assertj.core.api.Assertions.within(1e-9));
    assertThat(features.get("is_foreign").get("value").asBoolean()).isTrue();
    assertThat(features.get("is_risky_category").get("value").asBoolean()).isTrue();
    assertThat(features.get("is_tiny_amount").get("status").asText()).isEqualTo("PRESENT");

    KairosProcess.Result missing =
        run(
            repo,
            "online",
            "--service",
            "fraud_detection_v1",
            "--entity",
            "user_id=" + user + ",merchant_id=" + tx[2] + ",device_id=" + tx[7]);
    assertThat(missing.exitCode()).isEqualTo(2);
    assertThat(missing.stderr()).contains("missing request field 'amount'");
  }

  @Test
  @Order(2)
  void online_unknownUser_isNotFound_andTheTextTableShowsStatus() throws Exception {
    String merchant = transactions.get(0)[2];
    KairosProcess.Result json =
        ok(
            repo,
            "online",
            "--entity",
            "user_id=424242,merchant_id=" + merchant,
            "--features",
            "user_last_transaction:*,merchant_last_transaction:*",
            "--full-feature-names",
            "--format",
            "json");
    JsonNode row = JSON.readTree(json.stdout()).get(0);
    assertThat(row.get("entity").get("user_id").asLong()).isEqualTo(424242);
    JsonNode features = row.get("features");
    assertThat(features).hasSize(8);
    for (String f : List.of("amount", "merchant_category", "country", "device_id", "currency")) {
      JsonNode value = features.get("user_last_transaction__" + f);
      assertThat(value.get("status").asText()).isEqualTo("NOT_FOUND");
      assertThat(value.get("value").isNull()).isTrue();
      assertThat(value.get("event_timestamp").isNull()).isTrue();
    }
    assertThat(features.get("merchant_last_transaction__amount").get("status").asText())
        .as("one unknown key does not fail the row's other views")
        .isEqualTo("PRESENT");

    KairosProcess.Result text =
        ok(
            repo,
            "online",
            "--entity",
            "user_id=424242",
            "--entity",
            "user_id=" + transactions.get(0)[1],
            "--features",
            "user_last_transaction:amount");
    List<String> lines = text.lines();
    assertThat(lines.get(0)).matches("ENTITY\\s+FEATURE\\s+VALUE\\s+STATUS\\s+EVENT TIME\\s+AGE");
    assertThat(lines.get(1)).matches("user_id=424242\\s+amount\\s+NOT_FOUND\\s+-\\s+-");
    assertThat(lines.get(2))
        .matches("user_id=\\d+\\s+amount\\s+[\\d.]+\\s+PRESENT\\s+\\S+Z\\s+\\d+[hd]");
  }

  @Test
  void online_withANullJoinKey_rejectsTheRequestWhole() throws Exception {
    KairosProcess.Result r =
        expect(
            2,
            repo,
            "online",
            "--entity",
            "user_id=1",
            "--entity",
            "user_id=2,merchant_id=3",
            "--features",
            "user_last_transaction:amount,merchant_last_transaction:amount");

    assertThat(r.stderr())
        .isEqualTo(
            "error: join key 'merchant_id' is null in entity row 0 (0-based); give a value\n");
    assertThat(r.stdout()).isEmpty();
  }

  @Test
  void online_withAKeyOfTheWrongType_exitsTwo_namingItAndTheType() throws Exception {
    KairosProcess.Result r =
        expect(
            2,
            repo,
            "online",
            "--entity",
            "user_id=abc",
            "--features",
            "user_last_transaction:amount");

    assertThat(r.stderr())
        .isEqualTo(
            "error: --entity 'user_id=abc': 'abc' is not an INT64; join keys of entity 'user' are"
                + " INT64\n");
    assertNoStackTrace(r);
  }

  @Test
  void online_withAMissingJoinKey_exitsTwo_namingIt() throws Exception {
    KairosProcess.Result r =
        expect(
            2,
            repo,
            "online",
            "--entity",
            "user_id=1",
            "--features",
            "user_last_transaction:amount,merchant_last_transaction:amount");

    assertThat(r.stderr())
        .isEqualTo(
            "error: missing join key 'merchant_id' needed by view 'merchant_last_transaction';"
                + " given: user_id\n");
    assertNoStackTrace(r);
  }

  @Test
  void materialize_withStartAfterEnd_exitsTwo() throws Exception {
    KairosProcess.Result r = expect(2, repo, "materialize", midpoint.toString(), start.toString());

    assertThat(r.stderr())
        .isEqualTo(
            "error: start " + midpoint + " is after end " + start + "; give START before END\n");
    assertNoStackTrace(r);
  }

  private static Map<String, String> watermarks() throws Exception {
    Map<String, String> out = new TreeMap<>();
    JSON.readTree(repo.resolve("data/registry/metadata/watermark.json").toFile())
        .properties()
        .forEach(e -> out.put(e.getKey(), e.getValue().asText()));
    return out;
  }
}

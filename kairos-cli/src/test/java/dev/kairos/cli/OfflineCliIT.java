package dev.kairos.cli;

import static dev.kairos.cli.KairosProcess.assertNoStackTrace;
import static dev.kairos.cli.KairosProcess.expect;
import static dev.kairos.cli.KairosProcess.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ingest and historical through the packaged CLI, checked against the generated file. */
class OfflineCliIT {
  @TempDir static Path dir;
  static Path repo;
  static List<Tx> transactions;

  /** The columns of a generated transaction that the checks need. */
  record Tx(long user, long merchant, double amount, Instant event, Instant created) {}

  @BeforeAll
  static void ingestAGeneratedBatch() throws Exception {
    ok(dir, "init", "repo");
    repo = dir.resolve("repo");
    // This class tests the loader's own type checks; QualityCliIT tests the expectation suite.
    Path sources = repo.resolve("features/transactions.yaml");
    Files.writeString(
        sources,
        Files.readString(sources).replace("    validation: suites/transactions.json\n", ""));
    ok(repo, "apply");
    ok(repo, "generate", "--users", "40", "--days", "3", "--seed", "7", "--output", "tx.csv");
    transactions = read(repo.resolve("tx.csv"));

    KairosProcess.Result r = ok(repo, "ingest", "transactions", "tx.csv");

    assertThat(r.stdout())
        .matches(
            "Loaded "
                + transactions.size()
                + " rows into source 'transactions' in \\d+\\.\\d\\d s \\([\\d,]+ rows/s\\)\\.\\n");
    assertThat(offlineRows()).isEqualTo(transactions.size());
  }

  @Test
  void ingest_withATypeError_exitsTwo_namingLineAndField_andWritesNothing() throws Exception {
    List<String> lines = Files.readAllLines(repo.resolve("tx.csv")).subList(0, 6);
    List<String> bad = new ArrayList<>(lines);
    String[] row = bad.get(3).split(",", -1);
    row[4] = "12x50";
    bad.set(3, String.join(",", row));
    Files.write(repo.resolve("bad.csv"), bad);

    KairosProcess.Result r = expect(2, repo, "ingest", "transactions", "bad.csv");

    assertThat(r.stderr().lines().toList())
        .containsExactly(
            "error: cannot load bad.csv into source 'transactions'; nothing was written. Errors:",
            "  bad.csv:4: field 'amount': '12x50' is not a DOUBLE");
    assertNoStackTrace(r);
    assertThat(offlineRows()).isEqualTo(transactions.size());
  }

  @Test
  void ingest_ofAnUnknownSource_exitsTwo() throws Exception {
    KairosProcess.Result r = expect(2, repo, "ingest", "transactons", "tx.csv");

    assertThat(r.stderr()).startsWith("error: ").contains("'transactons'").contains("transactions");
    assertNoStackTrace(r);
  }

  @Test
  void historical_withFeatures_isPointInTimeCorrect_oneRowPerEntityRow_inOrder() throws Exception {
    List<String> entityRows = entityRows();
    Files.write(repo.resolve("entities.csv"), entityRows);

    KairosProcess.Result r =
        ok(
            repo,
            "historical",
            "--entities",
            "entities.csv",
            "--features",
            "user_last_transaction:amount,merchant_last_transaction:amount",
            "--full-feature-names",
            "--output",
            "training.csv");

    int rows = entityRows.size() - 1;
    assertThat(r.stdout())
        .startsWith("Wrote " + String.format(Locale.ROOT, "%,d", rows) + " rows x 6 columns");
    List<String> out = Files.readAllLines(repo.resolve("training.csv"));
    assertThat(out.get(0))
        .isEqualTo(
            "user_id,merchant_id,event_timestamp,row,"
                + "user_last_transaction__amount,merchant_last_transaction__amount");
    assertThat(out).hasSize(entityRows.size());
    for (int i = 1; i < out.size(); i++) {
      String[] in = entityRows.get(i).split(",", -1);
      String[] got = out.get(i).split(",", -1);
      assertThat(got[3]).as("row order").isEqualTo(in[3]);
      long user = Long.parseLong(in[0]);
      long merchant = Long.parseLong(in[1]);
      Instant t = Instant.parse(in[2]);
      assertValue(got[4], expected(t, Duration.ofDays(30), x -> x.user() == user), out.get(i));
      assertValue(
          got[5], expected(t, Duration.ofDays(7), x -> x.merchant() == merchant), out.get(i));
    }
  }

  /**
   * The template's service mixes windowed aggregations of three entities with request-time
   * features, so its entity file carries the device and the request data. Needs the offline
   * aggregation SQL and the CEL evaluator (merged separately).
   */
  @Test
  void historical_withTheTemplateService_computesAggregationsAndRequestFeatures_perRow()
      throws Exception {
    List<String> lines = Files.readAllLines(repo.resolve("tx.csv"));
    List<String> rows = new ArrayList<>();
    rows.add("user_id,merchant_id,device_id,event_timestamp,amount,country,merchant_category");
    for (String l : lines.subList(1, Math.min(lines.size(), 41))) {
      String[] f = l.split(",", -1);
      rows.add(String.join(",", f[1], f[2], f[7], f[8], f[4], f[6], f[3]));
    }
    Files.write(repo.resolve("entities-svc.csv"), rows);

    ok(
        repo,
        "historical",
        "--entities",
        "entities-svc.csv",
        "--service",
        "fraud_detection_v1",
        "--output",
        "svc.csv");

    List<String> out = Files.readAllLines(repo.resolve("svc.csv"));
    List<String> header = List.of(out.get(0).split(",", -1));
    assertThat(header.subList(0, 7)).containsExactlyElementsOf(List.of(rows.get(0).split(",")));
    assertThat(header.subList(7, header.size()))
        .as("short names: the template's are unique")
        .hasSize(30)
        .startsWith("amount_count_1m", "amount_count_10m")
        .endsWith("is_risky_category", "is_tiny_amount");
    assertThat(out).hasSize(rows.size());
    int count1d = header.indexOf("amount_count_1d");
    for (int i = 1; i < out.size(); i++) {
      String[] in = rows.get(i).split(",", -1);
      String[] got = out.get(i).split(",", -1);
      long user = Long.parseLong(in[0]);
      Instant t = Instant.parse(in[3]);
      long expected =
          transactions.stream()
              .filter(x -> x.user() == user)
              .filter(
                  x -> x.event().isBefore(t) && !x.event().isBefore(t.minus(Duration.ofDays(1))))
              .count();
      assertThat(Long.parseLong(got[count1d]))
          .as("row %d: events of user %d in [t - 1d, t), the row's own excluded", i, user)
          .isEqualTo(expected);
    }
  }

  @Test
  void historical_withoutFullNames_usesShortNames() throws Exception {
    Files.write(repo.resolve("entities-short.csv"), entityRows());

    ok(
        repo,
        "historical",
        "--entities",
        "entities-short.csv",
        "--features",
        "user_last_transaction:amount,user_last_transaction:country",
        "--output",
        "short.csv");

    assertThat(Files.readAllLines(repo.resolve("short.csv")).get(0))
        .isEqualTo("user_id,merchant_id,event_timestamp,row,amount,country");
  }

  @Test
  void historical_withClashingShortNames_exitsTwo_namingBoth_andWritesNoFile() throws Exception {
    Files.write(repo.resolve("entities-clash.csv"), entityRows());

    KairosProcess.Result r =
        expect(
            2,
            repo,
            "historical",
            "--entities",
            "entities-clash.csv",
            "--features",
            "user_last_transaction:amount,merchant_last_transaction:amount",
            "--output",
            "clash.csv");

    assertThat(r.stderr().lines().toList())
        .containsExactly(
            "error: features 'user_last_transaction:amount' and 'merchant_last_transaction:amount'"
                + " would both be named 'amount'; use full feature names (view__feature:"
                + " --full-feature-names, fullFeatureNames in the Java API) or drop one");
    assertNoStackTrace(r);
    assertThat(repo.resolve("clash.csv")).doesNotExist();
  }

  @Test
  void historical_withAnUnknownFeature_exitsTwo() throws Exception {
    Files.write(repo.resolve("entities-unknown.csv"), entityRows());

    KairosProcess.Result r =
        expect(
            2,
            repo,
            "historical",
            "--entities",
            "entities-unknown.csv",
            "--features",
            "user_last_transaction:amout",
            "--output",
            "unknown.csv");

    assertThat(r.stderr()).startsWith("error: ").contains("amout");
    assertNoStackTrace(r);
  }

  /**
   * Entity rows: every transaction's own keys and time, shuffled, plus a row before any data, an
   * unknown user and a duplicate; a {@code row} column records the input order.
   */
  private static List<String> entityRows() {
    List<String> rows = new ArrayList<>();
    for (Tx t : transactions) {
      rows.add(t.user() + "," + t.merchant() + "," + t.event());
    }
    Collections.shuffle(rows, new Random(1));
    rows.add(transactions.get(0).user() + ",1,2020-01-01T00:00:00Z");
    rows.add("987654321,987654321,2026-01-02T00:00:00Z");
    rows.add(rows.get(0));
    List<String> out = new ArrayList<>();
    out.add("user_id,merchant_id,event_timestamp,row");
    for (int i = 0; i < rows.size(); i++) {
      out.add(rows.get(i) + "," + i);
    }
    return out;
  }

  /** The README's point-in-time rule, written out by brute force. */
  private static Double expected(
      Instant t, Duration ttl, java.util.function.Predicate<Tx> sameEntity) {
    Tx best = null;
    for (Tx x : transactions) {
      boolean inWindow = !x.event().isAfter(t) && !x.event().isBefore(t.minus(ttl));
      if (sameEntity.test(x) && inWindow && (best == null || newer(x, best))) {
        best = x;
      }
    }
    return best == null ? null : best.amount();
  }

  private static boolean newer(Tx a, Tx b) {
    int c = a.event().compareTo(b.event());
    return c > 0 || (c == 0 && a.created().compareTo(b.created()) >= 0);
  }

  private static void assertValue(String got, Double expected, String row) {
    if (expected == null) {
      assertThat(got).as(row).isEmpty();
    } else {
      assertThat(Double.parseDouble(got)).as(row).isCloseTo(expected, within(1e-9));
    }
  }

  private static List<Tx> read(Path csv) throws Exception {
    List<String> lines = Files.readAllLines(csv);
    assertThat(lines.get(0))
        .isEqualTo(
            "transaction_id,user_id,merchant_id,merchant_category,amount,currency,country,"
                + "device_id,event_timestamp,created_timestamp,is_fraud");
    List<Tx> out = new ArrayList<>();
    for (String line : lines.subList(1, lines.size())) {
      String[] f = line.split(",", -1);
      out.add(
          new Tx(
              Long.parseLong(f[1]),
              Long.parseLong(f[2]),
              Double.parseDouble(f[4]),
              Instant.parse(f[8]),
              Instant.parse(f[9])));
    }
    return out;
  }

  /** Rows in the offline table, read from the DuckDB file after the CLI exited. */
  static long offlineRows() throws Exception {
    return OfflineTables.rows(repo, "transactions");
  }
}

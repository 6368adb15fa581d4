package dev.kairos.cli;

import static dev.kairos.cli.KairosProcess.assertNoStackTrace;
import static dev.kairos.cli.KairosProcess.expect;
import static dev.kairos.cli.KairosProcess.ok;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The data-quality gate through the packaged CLI: ingest, validate and profile. */
class QualityCliIT {
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dir;
  static Path repo;
  static long goodRows;

  @BeforeAll
  static void generateAGoodAndACorruptBatch() throws Exception {
    ok(dir, "init", "repo");
    repo = dir.resolve("repo");
    ok(repo, "apply");
    ok(repo, "generate", "--users", "30", "--days", "2", "--output", "good.csv");
    List<String> lines = Files.readAllLines(repo.resolve("good.csv"));
    goodRows = lines.size() - 1;
    List<String> corrupt = new ArrayList<>(lines);
    corrupt.set(2, withField(lines.get(2), 4, "-12.5")); // negative amounts on lines 3 and 6
    corrupt.set(5, withField(lines.get(5), 4, "-0.01"));
    corrupt.set(7, withField(lines.get(7), 1, "")); // missing user_id on line 8
    Files.write(repo.resolve("corrupt.csv"), corrupt);
  }

  private static String withField(String line, int index, String value) {
    String[] f = line.split(",", -1);
    f[index] = value;
    return String.join(",", f);
  }

  @Test
  void ingest_rejectsACorruptBatchWhole_keepsItInQuarantine_andLeavesTheOfflineStoreUnchanged()
      throws Exception {
    KairosProcess.Result first = expect(2, repo, "ingest", "transactions", "corrupt.csv");

    assertRejectionReport(first);
    assertThat(offlineRows()).as("no table, no rows").isZero();

    ok(repo, "ingest", "transactions", "good.csv");
    assertThat(offlineRows()).isEqualTo(goodRows);

    KairosProcess.Result second = expect(2, repo, "ingest", "transactions", "corrupt.csv");
    assertRejectionReport(second);
    assertThat(offlineRows()).isEqualTo(goodRows);

    Path quarantine = repo.resolve("data/quarantine/transactions");
    List<Path> kept;
    try (Stream<Path> files = Files.list(quarantine)) {
      kept = files.sorted().toList();
    }
    assertThat(kept).hasSize(6);
    List<Path> batches = kept.stream().filter(p -> p.toString().endsWith("corrupt.csv")).toList();
    assertThat(batches).hasSize(2);
    for (Path batch : batches) {
      assertThat(batch).hasSameBinaryContentAs(repo.resolve("corrupt.csv"));
      assertThat(Path.of(batch + ".report.txt")).content().contains("Validation FAILED");
      JsonNode report = JSON.readTree(Path.of(batch + ".report.json").toFile());
      assertThat(report.get("success").asBoolean()).isFalse();
      assertThat(report.get("statistics").get("unsuccessful_expectations").asInt()).isEqualTo(2);
      assertThat(second.stderr()).contains("data/quarantine/transactions/");
    }
  }

  private static void assertRejectionReport(KairosProcess.Result r) {
    assertThat(r.stderr())
        .startsWith(
            "error: Validation FAILED: 2 of 16 expectations failed on corrupt.csv, "
                + goodRows
                + " rows (suite 'transactions' from suites/transactions.json)")
        .contains(
            "  #4 expect_column_values_to_not_be_null(column=user_id): 1 ",
            "      line 8: (missing)",
            "  #9 expect_column_values_to_be_between(column=amount, min_value=0, max_value=100000):"
                + " 2 ",
            "      line 3: -12.5",
            "      line 6: -0.01",
            "Batch rejected: nothing was written to source 'transactions'. The file and this report"
                + " were kept as data/quarantine/transactions/");
    assertNoStackTrace(r);
  }

  @Test
  void validateSource_passesAGoodBatch_andFailsACorruptOne_inTextAndJson() throws Exception {
    KairosProcess.Result good = ok(repo, "validate", "--source", "transactions", "good.csv");
    assertThat(good.stdout())
        .startsWith(
            "Validation passed: all 16 expectations met on good.csv, " + goodRows + " rows");

    KairosProcess.Result bad =
        expect(2, repo, "validate", "--source", "transactions", "corrupt.csv", "--format", "json");
    JsonNode json = JSON.readTree(bad.stdout());
    assertThat(json.get("success").asBoolean()).isFalse();
    assertThat(json.get("statistics").get("evaluated_expectations").asInt()).isEqualTo(16);
    List<String> failed = new ArrayList<>();
    for (JsonNode result : json.get("results")) {
      if (!result.get("success").asBoolean()) {
        JsonNode config = result.get("expectation_config");
        failed.add(
            config.get("expectation_type").asText()
                + "("
                + config.get("kwargs").get("column").asText()
                + ")");
      }
    }
    assertThat(failed)
        .containsExactly(
            "expect_column_values_to_not_be_null(user_id)",
            "expect_column_values_to_be_between(amount)");
    assertThat(bad.stderr()).isEmpty();
  }

  @Test
  void validateSuite_isADryRun_thatWritesNothing() throws Exception {
    Path quarantine = repo.resolve("data/quarantine/transactions");
    long keptBefore = count(quarantine);

    KairosProcess.Result r =
        expect(2, repo, "validate", "--suite", "suites/transactions.json", "corrupt.csv");

    assertThat(r.stdout())
        .startsWith("Validation FAILED: 2 of 16 expectations failed on corrupt.csv")
        .contains("line 3: -12.5");
    assertThat(count(quarantine)).isEqualTo(keptBefore);
  }

  @Test
  void validate_needsExactlyOneOfSuiteAndSource() throws Exception {
    KairosProcess.Result r = expect(2, repo, "validate", "good.csv");

    assertThat(r.stderr().lines().toList())
        .containsExactly(
            "error: Missing required argument (specify one of these): (--suite=FILE |"
                + " --source=NAME)",
            "Run 'kairos validate --help' for usage.");
    assertNoStackTrace(r);
  }

  @Test
  void profile_proposesASuite_thatTheSameBatchPasses_andTheCorruptOneFails() throws Exception {
    KairosProcess.Result r = ok(repo, "profile", "good.csv", "--output", "suites/profiled.json");

    assertThat(r.stdout())
        .matches(
            "Wrote a suite of \\d+ expectations to suites/profiled.json; review it before use.\\n");
    JsonNode suite = JSON.readTree(repo.resolve("suites/profiled.json").toFile());
    assertThat(suite.get("expectation_suite_name").asText()).isEqualTo("good");
    assertThat(suite.get("expectations").size()).isGreaterThan(10);

    KairosProcess.Result same = ok(repo, "validate", "--suite", "suites/profiled.json", "good.csv");
    assertThat(same.stdout()).startsWith("Validation passed: all ");

    KairosProcess.Result corrupt =
        expect(2, repo, "validate", "--suite", "suites/profiled.json", "corrupt.csv");
    assertThat(corrupt.stdout())
        .startsWith("Validation FAILED: ")
        .contains("line 3: -12.5", "line 8: (missing)");
  }

  private static long count(Path folder) throws Exception {
    if (!Files.exists(folder)) {
      return 0;
    }
    try (Stream<Path> files = Files.list(folder)) {
      return files.count();
    }
  }

  private static long offlineRows() throws Exception {
    return OfflineTables.rows(repo, "transactions");
  }
}

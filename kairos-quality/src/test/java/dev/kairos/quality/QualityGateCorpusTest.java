package dev.kairos.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.kairos.api.Definitions;
import dev.kairos.api.ErrorKind;
import dev.kairos.api.Field;
import dev.kairos.api.KairosException;
import dev.kairos.api.Source;
import dev.kairos.api.ValueType;
import dev.kairos.core.offline.IngestBatch;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every file of the corpus goes through the gate with the shipped fraud suite. Bad files must be
 * rejected with exactly the message in their {@code .expected} file, exit code 2, and be kept in
 * quarantine with their report; good files must pass. On a mismatch the actual message is written
 * to {@code target/corpus-actual/} for comparison.
 */
class QualityGateCorpusTest {
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-24T12:00:00Z"), ZoneOffset.UTC);
  static final String STAMP = "20261124T120000.000Z-";

  @TempDir Path repo;
  final MemoryRegistry registry = new MemoryRegistry();

  @BeforeEach
  void installSuite() throws IOException {
    Files.createDirectories(repo.resolve("suites"));
    try (InputStream in =
        getClass().getResourceAsStream("/dev/kairos/core/init/template/suites/transactions.json")) {
      Files.copy(in, repo.resolve("suites/transactions.json"));
    }
  }

  static Source transactions() {
    List<Field> fields =
        Stream.of(
                "transaction_id",
                "user_id",
                "merchant_id",
                "merchant_category",
                "currency",
                "country",
                "device_id")
            .map(n -> new Field(n, ValueType.STRING))
            .collect(java.util.stream.Collectors.toList());
    fields.add(new Field("amount", ValueType.DOUBLE));
    fields.add(new Field("event_timestamp", ValueType.TIMESTAMP));
    fields.add(new Field("created_timestamp", ValueType.TIMESTAMP));
    fields.add(new Field("is_fraud", ValueType.INT32));
    return new Source(
        "transactions",
        "transactions",
        fields,
        "event_timestamp",
        "created_timestamp",
        "",
        "suites/transactions.json");
  }

  IngestBatch batch(Path file) {
    return new IngestBatch(Definitions.empty("fraud"), transactions(), file, repo, registry);
  }

  static Stream<String> badFiles() throws IOException, URISyntaxException {
    return csvNames("bad");
  }

  static Stream<String> goodFiles() throws IOException, URISyntaxException {
    return csvNames("good");
  }

  static Stream<String> csvNames(String dir) throws IOException, URISyntaxException {
    try (Stream<Path> files = Files.list(corpus(dir))) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".csv"))
          .sorted()
          .toList()
          .stream();
    }
  }

  static Path corpus(String dir) throws URISyntaxException {
    return Path.of(QualityGateCorpusTest.class.getResource("/corpus/" + dir).toURI());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badFiles")
  void ingest_rejectsBadFile_withItsExactReport_andQuarantinesIt(String name) throws Exception {
    Path file = corpus("bad").resolve(name);
    String stem = name.substring(0, name.length() - 4);
    Path expectedFile = corpus("bad").resolve(stem + ".expected");
    String expected =
        Files.exists(expectedFile) ? Files.readString(expectedFile, StandardCharsets.UTF_8) : null;

    KairosException e =
        catchThrowableOfType(
            KairosException.class, () -> new QualityGate(CLOCK, null).admit(batch(file)));

    assertThat(e).as("%s must be rejected", name).isNotNull();
    if (!e.getMessage().equals(expected)) {
      Path actual = Path.of("target", "corpus-actual", stem + ".expected");
      Files.createDirectories(actual.getParent());
      Files.writeString(actual, e.getMessage(), StandardCharsets.UTF_8);
    }
    assertThat(e.getMessage()).isEqualTo(expected);
    assertThat(e.kind()).isEqualTo(ErrorKind.USER);
    assertThat(e.kind().exitCode()).isEqualTo(2);
    Path kept = repo.resolve("data/quarantine/transactions").resolve(STAMP + name);
    assertThat(kept).hasSameBinaryContentAs(file);
    assertThat(kept.resolveSibling(kept.getFileName() + ".report.txt")).exists();
    assertThat(Files.readString(kept.resolveSibling(kept.getFileName() + ".report.json")))
        .startsWith("{\n  \"success\" : false,");
    assertThat(registry.list("validation")).containsOnlyKeys("transactions/2026-11-24T12:00:00Z");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("goodFiles")
  void ingest_admitsGoodFile_andRecordsAPassingRun(String name) throws Exception {
    Path file = corpus("good").resolve(name);

    assertThatCode(() -> new QualityGate(CLOCK, null).admit(batch(file)))
        .doesNotThrowAnyException();

    assertThat(repo.resolve("data/quarantine")).doesNotExist();
    assertThat(registry.get("validation", "transactions/2026-11-24T12:00:00Z"))
        .hasValueSatisfying(json -> assertThat(json).startsWith("{\n  \"success\" : true,"));
  }
}

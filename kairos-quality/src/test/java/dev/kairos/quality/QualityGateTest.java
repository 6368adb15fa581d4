package dev.kairos.quality;

import static dev.kairos.quality.QualityGateCorpusTest.CLOCK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kairos.api.Definitions;
import dev.kairos.api.Field;
import dev.kairos.api.KairosException;
import dev.kairos.api.Source;
import dev.kairos.core.generate.FraudGenerator;
import dev.kairos.core.generate.GeneratorConfig;
import dev.kairos.core.io.TabularWriter;
import dev.kairos.core.offline.IngestBatch;
import dev.kairos.core.offline.IngestGate;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QualityGateTest {
  @TempDir Path repo;
  final MemoryRegistry registry = new MemoryRegistry();

  @BeforeEach
  void installSuite() throws Exception {
    Files.createDirectories(repo.resolve("suites"));
    try (InputStream in =
        getClass().getResourceAsStream("/dev/kairos/core/init/template/suites/transactions.json")) {
      Files.copy(in, repo.resolve("suites/transactions.json"));
    }
  }

  IngestBatch batch(Source source, Path file) {
    return new IngestBatch(Definitions.empty("fraud"), source, file, repo, registry);
  }

  static Source withSuite(String suite) {
    Source s = QualityGateCorpusTest.transactions();
    return new Source(
        s.name(), s.table(), s.fields(), s.timestampField(), s.createdTimestampField(), "", suite);
  }

  static Path corpus(String name) throws Exception {
    return QualityGateCorpusTest.corpus(name.substring(0, name.indexOf('/')))
        .resolve(name.substring(name.indexOf('/') + 1));
  }

  @Test
  void serviceLoader_findsTheQualityGate() {
    assertThat(ServiceLoader.load(IngestGate.class).stream().map(p -> p.type().getName()))
        .contains(QualityGate.class.getName());
  }

  @Test
  void admit_withoutASuite_admitsAnythingAndRecordsNothing() throws Exception {
    new QualityGate(CLOCK, null).admit(batch(withSuite(null), corpus("bad/negative_amount.csv")));

    assertThat(registry.list("validation")).isEmpty();
  }

  @Test
  void admit_whenTheDeclaredSuiteIsMissing_saysHowToCreateIt() throws Exception {
    Path file = corpus("good/basic.csv");

    assertThatThrownBy(
            () -> new QualityGate(CLOCK, null).admit(batch(withSuite("suites/nope.json"), file)))
        .isInstanceOf(KairosException.class)
        .hasMessage(
            "source 'transactions' declares validation: suites/nope.json, but "
                + repo.resolve("suites/nope.json")
                + " does not exist; create the suite (kairos profile FILE --output suites/nope.json)"
                + " or fix the path");
  }

  @Test
  void admit_quarantinesIntoTheConfiguredFolder() throws Exception {
    Path file = corpus("bad/null_user_id.csv");

    KairosException e =
        catchThrowableOfType(
            KairosException.class,
            () ->
                new QualityGate(CLOCK, Path.of("rejects"))
                    .admit(batch(withSuite("suites/transactions.json"), file)));

    assertThat(e.getMessage())
        .endsWith("were kept as rejects/transactions/20261124T120000.000Z-null_user_id.csv\n");
    assertThat(repo.resolve("rejects/transactions/20261124T120000.000Z-null_user_id.csv"))
        .hasSameBinaryContentAs(file);
    assertThat(repo.resolve("data/quarantine")).doesNotExist();
  }

  @Test
  void admit_twiceInTheSameMillisecond_keepsBothQuarantinedCopies() throws Exception {
    QualityGate gate = new QualityGate(CLOCK, null);
    Path file = corpus("bad/null_user_id.csv");
    Source source = withSuite("suites/transactions.json");

    catchThrowableOfType(KairosException.class, () -> gate.admit(batch(source, file)));
    KairosException second =
        catchThrowableOfType(KairosException.class, () -> gate.admit(batch(source, file)));

    assertThat(second.getMessage()).endsWith("20261124T120000.000Z-1-null_user_id.csv\n");
    assertThat(
            repo.resolve(
                "data/quarantine/transactions/20261124T120000.000Z-1-null_user_id.csv.report.json"))
        .exists();
  }

  @Test
  void admit_recordsAGreatExpectationsLikeJsonReport() throws Exception {
    catchThrowableOfType(
        KairosException.class,
        () ->
            new QualityGate(CLOCK, null)
                .admit(
                    batch(
                        withSuite("suites/transactions.json"), corpus("bad/negative_amount.csv"))));

    JsonNode json =
        new ObjectMapper()
            .readTree(
                registry.get("validation", "transactions/2026-11-24T12:00:00Z").orElseThrow());

    assertThat(json.get("success").asBoolean()).isFalse();
    assertThat(json.at("/statistics/evaluated_expectations").asInt()).isEqualTo(16);
    assertThat(json.at("/statistics/unsuccessful_expectations").asInt()).isEqualTo(1);
    JsonNode between = json.at("/results/9");
    assertThat(between.at("/expectation_config/expectation_type").asText())
        .isEqualTo("expect_column_values_to_be_between");
    assertThat(between.at("/success").asBoolean()).isFalse();
    assertThat(between.at("/result/unexpected_count").asLong()).isEqualTo(1);
    assertThat(between.at("/result/unexpected_percent").asDouble()).isEqualTo(20.0);
    assertThat(between.at("/result/partial_unexpected_list/0").asText()).isEqualTo("-12.50");
    assertThat(between.at("/result/partial_unexpected_index_list/0").asLong()).isEqualTo(4);
    assertThat(json.at("/meta/row_count").asLong()).isEqualTo(5);
  }

  @Test
  void admit_validatesParquetFiles_byRowNumber() throws Exception {
    Source source = withSuite("suites/transactions.json");
    List<Field> inSuiteOrder = new ArrayList<>();
    for (String column : COLUMNS) {
      inSuiteOrder.add(source.field(column).orElseThrow());
    }
    Path file = repo.resolve("batch.parquet");
    Instant t = Instant.parse("2026-11-23T10:00:00Z");
    try (TabularWriter w = TabularWriter.create(file, inSuiteOrder)) {
      w.write(
          new Object[] {
            "t1", "u1", "m1", "grocery", 10.5, "USD", "US", "d1", t, t.plusSeconds(1), 0
          });
      w.write(
          new Object[] {"t2", "u2", "m2", "fuel", -5.0, "EUR", "FR", null, t, t.plusSeconds(2), 1});
    }

    KairosException e =
        catchThrowableOfType(
            KairosException.class, () -> new QualityGate(CLOCK, null).admit(batch(source, file)));

    assertThat(e.getMessage())
        .startsWith("Validation FAILED: 1 of 16 expectations failed on batch.parquet, 2 rows")
        .contains(
            "  #9 expect_column_values_to_be_between(column=amount, min_value=0, max_value=100000): 1"
                + " (50.00%) unexpected\n      line 2: -5\n");
  }

  @Test
  void shippedSuite_admitsTheFraudGeneratorsData_inCsvAndParquet() throws Exception {
    Source source = withSuite("suites/transactions.json");
    for (String name : List.of("generated.csv", "generated.parquet")) {
      Path file = repo.resolve(name);
      try (TabularWriter w = TabularWriter.create(file, FraudGenerator.SCHEMA)) {
        new FraudGenerator(new GeneratorConfig(200, 3, 7)).generate(w::write);
      }

      new QualityGate(CLOCK, null).admit(batch(source, file));
    }

    assertThat(registry.get("validation", "transactions/2026-11-24T12:00:00Z"))
        .hasValueSatisfying(json -> assertThat(json).startsWith("{\n  \"success\" : true,"));
    assertThat(repo.resolve("data/quarantine")).doesNotExist();
  }

  static final List<String> COLUMNS =
      List.of(
          "transaction_id",
          "user_id",
          "merchant_id",
          "merchant_category",
          "amount",
          "currency",
          "country",
          "device_id",
          "event_timestamp",
          "created_timestamp",
          "is_fraud");
}

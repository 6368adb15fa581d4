package dev.kairos.quality;

import static dev.kairos.quality.QualityGateCorpusTest.CLOCK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProfilerTest {

  static Path corpus(String name) throws Exception {
    return QualityGateTest.corpus(name);
  }

  @Test
  void profile_proposesSchemaTypesNullsRangesSetsUniquenessAndFreshness() throws Exception {
    ExpectationSuite suite =
        new Profiler(CLOCK).profile("transactions", Batch.of(corpus("good/basic.csv")));

    String expected = Files.readString(corpus("good/basic.profile.json"), StandardCharsets.UTF_8);
    if (!suite.toJson().equals(expected)) {
      Files.writeString(Path.of("target", "basic.profile.json"), suite.toJson());
    }
    assertThat(suite.toJson()).isEqualTo(expected);
  }

  @Test
  void profiledSuite_passesItsOwnBatch_andCatchesNegativeAmountsAndNullKeys() throws Exception {
    ExpectationSuite suite =
        ExpectationSuite.parse(
            new Profiler(CLOCK).profile("t", Batch.of(corpus("good/basic.csv"))).toJson(),
            "t.json");
    Validator v = new Validator(CLOCK);

    ValidationReport good = v.validate(suite, Batch.of(corpus("good/crlf.csv")));
    ValidationReport bad =
        v.validate(suite, Batch.of(corpus("bad/negative_amounts_and_nulls.csv")));

    assertThat(good.success()).isTrue();
    assertThat(bad.failures().stream().map(r -> r.config().type() + " " + r.config().column()))
        .containsExactly(
            "expect_column_values_to_not_be_null user_id",
            "expect_column_values_to_not_be_null merchant_id",
            "expect_column_values_to_be_between amount");
  }

  @Test
  void profile_ofANullableColumn_proposesNotNullWithMostly() {
    Batch batch =
        Batch.of(
            "mem",
            List.of("a"),
            List.of(
                new Object[] {"x"},
                new Object[] {null},
                new Object[] {"y"},
                new Object[] {"z"},
                new Object[] {"w"},
                new Object[] {"v"},
                new Object[] {"u"},
                new Object[] {"s"},
                new Object[] {"r"},
                new Object[] {"q"}));

    ExpectationConfig notNull = new Profiler(CLOCK).profile("t", batch).expectations().get(2);

    assertThat(notNull.type()).isEqualTo("expect_column_values_to_not_be_null");
    assertThat(notNull.kwargs()).containsEntry("mostly", 0.88);
    assertThat(notNull.meta()).containsEntry("profiler", "10.00% nulls");
  }

  @Test
  void profile_ofAHeaderOnlyFile_isAUserError() throws Exception {
    assertThatThrownBy(
            () -> new Profiler(CLOCK).profile("t", Batch.of(corpus("bad/header_only.csv"))))
        .hasMessage(
            "cannot profile header_only.csv: it has no data rows; profile a known-good batch");
  }
}

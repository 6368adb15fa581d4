package dev.kairos.quality;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExpectationsTest {
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-24T12:00:00Z"), ZoneOffset.UTC);

  /** Validates one expectation over rows of the given columns; rows start at line 2. */
  static ExpectationResult run(String type, String kwargs, List<String> columns, Object[]... rows) {
    String json =
        "{\"expectation_suite_name\": \"t\", \"expectations\": [{\"expectation_type\": \""
            + type
            + "\", \"kwargs\": "
            + kwargs
            + "}]}";
    ValidationReport r =
        new Validator(CLOCK)
            .validate(
                ExpectationSuite.parse(json, "t.json"),
                Batch.of("mem", columns, Arrays.asList(rows)));
    assertThat(r.readError()).isNull();
    return r.results().get(0);
  }

  static Object[] row(Object... v) {
    return v;
  }

  static List<Long> lines(ExpectationResult r) {
    return r.examples().stream().map(UnexpectedRow::line).toList();
  }

  @Test
  void notNull_passesWithMostly_whenEnoughValuesArePresent() {
    List<Object[]> rows = new ArrayList<>();
    for (int i = 0; i < 9; i++) {
      rows.add(row("v" + i));
    }
    rows.add(row(""));
    Object[][] data = rows.toArray(new Object[0][]);

    ExpectationResult loose =
        run(
            "expect_column_values_to_not_be_null",
            "{\"column\": \"a\", \"mostly\": 0.9}",
            List.of("a"),
            data);
    ExpectationResult strict =
        run(
            "expect_column_values_to_not_be_null",
            "{\"column\": \"a\", \"mostly\": 0.95}",
            List.of("a"),
            data);

    assertThat(loose.success()).isTrue();
    assertThat(loose.unexpectedCount()).isEqualTo(1);
    assertThat(loose.unexpectedPercent()).isEqualTo(10.0);
    assertThat(lines(loose)).containsExactly(11L);
    assertThat(strict.success()).isFalse();
  }

  @Test
  void between_strictMin_excludesTheBound_andSkipsMissingValues() {
    ExpectationResult r =
        run(
            "expect_column_values_to_be_between",
            "{\"column\": \"a\", \"min_value\": 0, \"max_value\": 10, \"strict_min\": true}",
            List.of("a"),
            row("0"),
            row("5"),
            row("10"),
            row((Object) null),
            row("10.5"));

    assertThat(r.success()).isFalse();
    assertThat(r.missingCount()).isEqualTo(1);
    assertThat(r.unexpectedCount()).isEqualTo(2);
    assertThat(r.unexpectedPercent()).isEqualTo(50.0);
    assertThat(lines(r)).containsExactly(2L, 6L);
  }

  @Test
  void between_countsTextThatIsNotANumberAsUnexpected() {
    ExpectationResult r =
        run(
            "expect_column_values_to_be_between",
            "{\"column\": \"a\", \"min_value\": 0}",
            List.of("a"),
            row("3"),
            row("NaN"),
            row("1e3"),
            row("Infinity"),
            row("0x10"));

    assertThat(r.examples())
        .containsExactly(
            new UnexpectedRow(3, "NaN"),
            new UnexpectedRow(5, "Infinity"),
            new UnexpectedRow(6, "0x10"));
  }

  @Test
  void between_withTimestampBounds_comparesTimes() {
    ExpectationResult r =
        run(
            "expect_column_values_to_be_between",
            "{\"column\": \"t\", \"min_value\": \"2026-01-01T00:00:00Z\"}",
            List.of("t"),
            row("2025-12-31T23:59:59Z"),
            row("2026-01-01 00:00:00"),
            row(Instant.parse("2026-05-01T00:00:00Z")));

    assertThat(lines(r)).containsExactly(2L);
  }

  @Test
  void unique_countsEveryOccurrenceOfARepeatedValue() {
    ExpectationResult r =
        run(
            "expect_column_values_to_be_unique",
            "{\"column\": \"id\"}",
            List.of("id"),
            row("a"),
            row("b"),
            row("a"),
            row("a"),
            row(""));

    assertThat(r.unexpectedCount()).isEqualTo(3);
    assertThat(r.unexpectedPercent()).isEqualTo(75.0);
    assertThat(lines(r)).containsExactly(2L, 4L, 5L);
  }

  @Test
  void unique_findsRepeatsAmongManyValues_withTheLinesOfFirstOccurrences() {
    List<Object[]> rows = new ArrayList<>();
    for (int i = 0; i < 50_000; i++) {
      rows.add(row("id-" + i));
    }
    rows.add(row("id-7"));
    rows.add(row("id-49999"));
    rows.add(row("id-7"));

    ExpectationResult r =
        run(
            "expect_column_values_to_be_unique",
            "{\"column\": \"id\"}",
            List.of("id"),
            rows.toArray(new Object[0][]));

    assertThat(r.unexpectedCount()).isEqualTo(5);
    assertThat(lines(r)).containsExactly(9L, 50_001L, 50_002L, 50_003L, 50_004L);
  }

  @Test
  void regex_givesTheSameAnswerForARepeatedValue() {
    List<Object[]> rows = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      rows.add(row(i % 3 == 0 ? "FR" : i % 3 == 1 ? "usa" : "v" + i));
    }

    ExpectationResult r =
        run(
            "expect_column_values_to_match_regex",
            "{\"column\": \"c\", \"regex\": \"^[A-Z]{2}$\"}",
            List.of("c"),
            rows.toArray(new Object[0][]));

    assertThat(r.unexpectedCount()).isEqualTo(6_666);
    assertThat(lines(r)).startsWith(3L, 4L, 6L, 7L);
  }

  @Test
  void compoundUnique_comparesTuples_andIgnoresRowsWhollyMissing() {
    ExpectationResult r =
        run(
            "expect_compound_columns_to_be_unique",
            "{\"column_list\": [\"u\", \"m\"]}",
            List.of("u", "m"),
            row("u1", "m1"),
            row("u1", "m2"),
            row(null, null),
            row(null, null),
            row("u1", "m1"));

    assertThat(r.unexpectedCount()).isEqualTo(2);
    assertThat(r.missingCount()).isEqualTo(2);
    assertThat(r.examples())
        .containsExactly(
            new UnexpectedRow(2, List.of("u1", "m1")), new UnexpectedRow(6, List.of("u1", "m1")));
  }

  @Test
  void ofType_flagsGarbageInANumericColumn_andObservesTheNarrowestType() {
    ExpectationResult ints =
        run(
            "expect_column_values_to_be_of_type",
            "{\"column\": \"a\", \"type_\": \"int\"}",
            List.of("a"),
            row("1"),
            row("-2"),
            row("3.5"),
            row("4x"));
    ExpectationResult floats =
        run(
            "expect_column_values_to_be_of_type",
            "{\"column\": \"a\", \"type_\": \"float64\"}",
            List.of("a"),
            row("1"),
            row("2.5"),
            row(3.25d));

    assertThat(ints.success()).isFalse();
    assertThat(ints.examples())
        .containsExactly(new UnexpectedRow(4, "3.5"), new UnexpectedRow(5, "4x"));
    assertThat(ints.observedValue()).isEqualTo("str");
    assertThat(floats.success()).isTrue();
    assertThat(floats.observedValue()).isEqualTo("float64");
  }

  @Test
  void ofType_acceptsTypedParquetValues() {
    ExpectationResult r =
        run(
            "expect_column_values_to_be_of_type",
            "{\"column\": \"t\", \"type_\": \"datetime64\"}",
            List.of("t"),
            row(Instant.parse("2026-01-01T00:00:00Z")),
            row("2026-01-01T00:00:00.5+02:00"),
            row(42L));

    assertThat(r.examples()).containsExactly(new UnexpectedRow(4, 42L));
  }

  @Test
  void inSet_matchesNumbersByValueNotSpelling() {
    ExpectationResult r =
        run(
            "expect_column_values_to_be_in_set",
            "{\"column\": \"f\", \"value_set\": [0, 1]}",
            List.of("f"),
            row("1.0"),
            row("0"),
            row(1L),
            row("2"),
            row("true"));

    assertThat(r.examples())
        .containsExactly(new UnexpectedRow(5, "2"), new UnexpectedRow(6, "true"));
  }

  @Test
  void matchRegex_searchesAnywhereUnlessAnchored() {
    ExpectationResult r =
        run(
            "expect_column_values_to_match_regex",
            "{\"column\": \"c\", \"regex\": \"[0-9]\"}",
            List.of("c"),
            row("ab1"),
            row("abc"));

    assertThat(lines(r)).containsExactly(3L);
  }

  @Test
  void pairGreater_orEqual_comparesTimestampsAndNumbers_andFlagsOneSidedMissing() {
    ExpectationResult times =
        run(
            "expect_column_pair_values_a_to_be_greater_than_b",
            "{\"column_A\": \"c\", \"column_B\": \"e\", \"or_equal\": true}",
            List.of("c", "e"),
            row("2026-01-01T00:00:01Z", "2026-01-01T00:00:00Z"),
            row("2026-01-01T00:00:00Z", "2026-01-01T00:00:00Z"),
            row("2025-12-31T23:00:00Z", "2026-01-01T00:00:00Z"),
            row(null, "2026-01-01T00:00:00Z"),
            row(null, null));
    ExpectationResult numbers =
        run(
            "expect_column_pair_values_a_to_be_greater_than_b",
            "{\"column_A\": \"a\", \"column_B\": \"b\"}",
            List.of("a", "b"),
            row("10", "9.5"),
            row("3", "3"));

    assertThat(lines(times)).containsExactly(4L, 5L);
    assertThat(times.missingCount()).isEqualTo(1);
    assertThat(lines(numbers)).containsExactly(3L);
  }

  @Test
  void columnAggregates_useNumericValuesOnly() {
    Object[][] rows = {row("1"), row("2"), row("6"), row("x"), row((Object) null)};

    ExpectationResult mean =
        run(
            "expect_column_mean_to_be_between",
            "{\"column\": \"a\", \"min_value\": 3, \"max_value\": 3}",
            List.of("a"),
            rows);
    ExpectationResult min =
        run(
            "expect_column_min_to_be_between",
            "{\"column\": \"a\", \"min_value\": 1, \"strict_min\": true}",
            List.of("a"),
            rows);
    ExpectationResult max =
        run(
            "expect_column_max_to_be_between",
            "{\"column\": \"a\", \"max_value\": 6}",
            List.of("a"),
            rows);

    assertThat(mean.success()).isTrue();
    assertThat(mean.observedValue()).isEqualTo(3.0);
    assertThat(min.success()).isFalse();
    assertThat(min.observedValue()).isEqualTo(1.0);
    assertThat(max.success()).isTrue();
    assertThat(max.unexpectedCount()).isNull();
  }

  @Test
  void rowCount_isCheckedAgainstBounds() {
    ExpectationResult r =
        run(
            "expect_table_row_count_to_be_between",
            "{\"min_value\": 3}",
            List.of("a"),
            row("1"),
            row("2"));

    assertThat(r.success()).isFalse();
    assertThat(r.observedValue()).isEqualTo(2L);
  }

  @Test
  void schemaExpectations_explainDrift() {
    List<String> header = List.of("id", "amount", "channel");

    ExpectationResult subset =
        run(
            "expect_table_columns_to_match_set",
            "{\"column_set\": [\"id\", \"amount\"], \"exact_match\": false}",
            header,
            row("1", "2", "3"));
    ExpectationResult exact =
        run(
            "expect_table_columns_to_match_set",
            "{\"column_set\": [\"id\", \"amount\", \"ts\"]}",
            header,
            row("1", "2", "3"));
    ExpectationResult ordered =
        run(
            "expect_table_columns_to_match_ordered_list",
            "{\"column_list\": [\"amount\", \"id\", \"channel\"]}",
            header,
            row("1", "2", "3"));
    ExpectationResult exists =
        run(
            "expect_column_to_exist",
            "{\"column\": \"amount\", \"column_index\": 0}",
            header,
            row("1", "2", "3"));
    ExpectationResult typo =
        run("expect_column_to_exist", "{\"column\": \"chanel\"}", header, row("1", "2", "3"));

    assertThat(subset.success()).isTrue();
    assertThat(exact.details()).isEqualTo("missing columns [ts]; unexpected columns [channel]");
    assertThat(ordered.details())
        .isEqualTo("column 1 is 'id', expected 'amount' (same columns, different order)");
    assertThat(exists.details()).isEqualTo("column 'amount' is at index 1, expected 0");
    assertThat(typo.details())
        .isEqualTo("column 'chanel' is not in the file (did you mean 'channel'?)");
  }

  @Test
  void columnExpectation_onAMissingColumn_failsWithoutCounts() {
    ExpectationResult r =
        run(
            "expect_column_values_to_not_be_null",
            "{\"column\": \"amount\"}",
            List.of("amt"),
            row("1"));

    assertThat(r.success()).isFalse();
    assertThat(r.unexpectedCount()).isNull();
    assertThat(r.details()).isEqualTo("column 'amount' is not in the file");
  }

  @Test
  void fresh_rejectsFutureBeyondTolerance_andStaleNewestValue() {
    String kwargs = "{\"column\": \"t\", \"max_age\": \"1d\", \"future_tolerance\": \"5m\"}";

    ExpectationResult future =
        run(
            "kairos_expect_column_values_to_be_fresh",
            kwargs,
            List.of("t"),
            row("2026-11-24T12:05:00Z"),
            row("2026-11-24T12:05:01Z"));
    ExpectationResult stale =
        run(
            "kairos_expect_column_values_to_be_fresh",
            kwargs,
            List.of("t"),
            row("2026-11-23T11:59:59Z"));
    ExpectationResult fresh =
        run(
            "kairos_expect_column_values_to_be_fresh",
            kwargs,
            List.of("t"),
            row("2026-11-23T12:00:00Z"));

    assertThat(lines(future)).containsExactly(3L);
    assertThat(future.details())
        .isEqualTo("1 value is later than now (2026-11-24T12:00:00Z) + future_tolerance 5m");
    assertThat(stale.success()).isFalse();
    assertThat(stale.unexpectedCount()).isZero();
    assertThat(stale.details())
        .isEqualTo(
            "newest value 2026-11-23T11:59:59Z is older than max_age 1d (now 2026-11-24T12:00:00Z)");
    assertThat(fresh.success()).isTrue();
    assertThat(fresh.observedValue()).isEqualTo("2026-11-23T12:00:00Z");
  }

  @Test
  void examples_areCappedAtTwenty_whileCountsStayExact() {
    Object[][] rows = new Object[50][];
    for (int i = 0; i < 50; i++) {
      rows[i] = row("-" + i);
    }

    ExpectationResult r =
        run(
            "expect_column_values_to_be_between",
            "{\"column\": \"a\", \"min_value\": 0}",
            List.of("a"),
            rows);

    assertThat(r.unexpectedCount()).isEqualTo(49);
    assertThat(r.examples()).hasSize(20);
    assertThat(r.examples().get(0)).isEqualTo(new UnexpectedRow(3, "-1"));
  }
}

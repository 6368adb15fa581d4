package dev.kairos.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kairos.api.ErrorKind;
import dev.kairos.api.Field;
import dev.kairos.api.KairosException;
import dev.kairos.api.ValueType;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RowCheckerTest {
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-24T12:00:00Z"), ZoneOffset.UTC);
  static final Instant NOW = CLOCK.instant();

  /** user_id, amount, country, email, ts, start_ts, code (text that should hold an integer). */
  static final List<Field> FIELDS =
      List.of(
          new Field("user_id", ValueType.INT64),
          new Field("amount", ValueType.DOUBLE),
          new Field("country", ValueType.STRING),
          new Field("email", ValueType.STRING),
          new Field("ts", ValueType.TIMESTAMP),
          new Field("start_ts", ValueType.TIMESTAMP),
          new Field("code", ValueType.STRING));

  static Object[] event(
      Long userId, Double amount, String country, String email, Instant ts, Instant start) {
    return new Object[] {userId, amount, country, email, ts, start, "7"};
  }

  static Object[] ok() {
    return event(1L, 10.0, "DE", "a@b.c", NOW, NOW.minusSeconds(60));
  }

  static Object[] with(int column, Object value) {
    Object[] row = ok();
    row[column] = value;
    return row;
  }

  static String expectation(String type, String kwargs) {
    return "{\"expectation_type\": \"" + type + "\", \"kwargs\": " + kwargs + "}";
  }

  static RowChecker checker(String... expectations) {
    String json =
        "{\"expectation_suite_name\": \"t\", \"expectations\": ["
            + String.join(", ", expectations)
            + "]}";
    return RowChecker.of(ExpectationSuite.parse(json, "suites/t.json"), FIELDS, CLOCK);
  }

  static RowChecker one(String type, String kwargs) {
    return checker(expectation(type, kwargs));
  }

  static String reason(RowChecker c, Object[] row) {
    Optional<RowViolation> v = c.check(row);
    assertThat(v).as("a violation").isPresent();
    return v.get().reason();
  }

  @Test
  void notNull_passesAPresentValue_andNamesANullOrEmptyOne() {
    RowChecker c =
        one("expect_column_values_to_not_be_null", "{\"column\": \"country\", \"mostly\": 1}");
    assertThat(c.check(ok())).isEmpty();
    assertThat(reason(c, with(2, null)))
        .isEqualTo("expect_column_values_to_not_be_null: column country is null");
    assertThat(reason(c, with(2, "")))
        .isEqualTo(
            "expect_column_values_to_not_be_null: column country is an empty string, which counts"
                + " as null");
  }

  @Test
  void between_failsBelowMin_withTheFullViolation() {
    RowChecker c =
        one(
            "expect_column_values_to_be_between",
            "{\"column\": \"amount\", \"min_value\": 0, \"max_value\": 1000}");
    assertThat(c.check(with(1, -5.0)))
        .contains(
            new RowViolation(
                0,
                "expect_column_values_to_be_between",
                List.of("amount"),
                -5.0,
                "expect_column_values_to_be_between: column amount = -5.0 is below min_value 0"));
    assertThat(reason(c, with(1, 1000.5)))
        .isEqualTo(
            "expect_column_values_to_be_between: column amount = 1000.5 is above max_value 1000");
  }

  @Test
  void between_acceptsBoundsInclusively_andMissingValues() {
    RowChecker c =
        one(
            "expect_column_values_to_be_between",
            "{\"column\": \"amount\", \"min_value\": 0, \"max_value\": 1000}");
    assertThat(c.check(with(1, 0.0))).isEmpty();
    assertThat(c.check(with(1, 1000.0))).isEmpty();
    assertThat(c.check(with(1, null))).isEmpty();
  }

  @Test
  void between_strictBounds_rejectTheBoundItself() {
    RowChecker c =
        one(
            "expect_column_values_to_be_between",
            "{\"column\": \"amount\", \"min_value\": 0, \"max_value\": 10.5,"
                + " \"strict_min\": true, \"strict_max\": true}");
    assertThat(c.check(with(1, 0.01))).isEmpty();
    assertThat(reason(c, with(1, 0.0)))
        .isEqualTo(
            "expect_column_values_to_be_between: column amount = 0.0 is not above min_value 0"
                + " (strict_min)");
    assertThat(reason(c, with(1, 10.5)))
        .isEqualTo(
            "expect_column_values_to_be_between: column amount = 10.5 is not below max_value 10.5"
                + " (strict_max)");
  }

  @Test
  void between_rejectsTextThatIsNotANumber() {
    RowChecker c =
        one("expect_column_values_to_be_between", "{\"column\": \"code\", \"max_value\": 9}");
    assertThat(c.check(with(6, "8"))).isEmpty();
    assertThat(reason(c, with(6, "x1")))
        .isEqualTo("expect_column_values_to_be_between: column code = \"x1\" is not a number");
  }

  @Test
  void between_withTimestampBounds_comparesTimes() {
    RowChecker c =
        one(
            "expect_column_values_to_be_between",
            "{\"column\": \"ts\", \"min_value\": \"2026-01-01\", \"max_value\":"
                + " \"2026-12-31T00:00:00Z\"}");
    assertThat(c.check(ok())).isEmpty();
    assertThat(reason(c, with(4, Instant.parse("2025-12-31T23:59:59Z"))))
        .isEqualTo(
            "expect_column_values_to_be_between: column ts = 2025-12-31T23:59:59Z is before"
                + " min_value 2026-01-01");
    assertThat(reason(c, with(4, Instant.parse("2027-01-01T00:00:00Z"))))
        .isEqualTo(
            "expect_column_values_to_be_between: column ts = 2027-01-01T00:00:00Z is after"
                + " max_value 2026-12-31T00:00:00Z");
  }

  @Test
  void inSet_matchesTextAsWritten_andNumbersByValue() {
    RowChecker c =
        one(
            "expect_column_values_to_be_in_set",
            "{\"column\": \"country\", \"value_set\": [\"DE\", \"ES\"]}");
    assertThat(c.check(ok())).isEmpty();
    assertThat(reason(c, with(2, "de")))
        .isEqualTo(
            "expect_column_values_to_be_in_set: column country = \"de\" is not in value_set"
                + " [\"DE\", \"ES\"]");
    RowChecker numbers =
        one(
            "expect_column_values_to_be_in_set",
            "{\"column\": \"amount\", \"value_set\": [1, 2.5]}");
    assertThat(numbers.check(with(1, 1.0))).isEmpty();
    assertThat(numbers.check(with(1, 2.5))).isEmpty();
    assertThat(reason(numbers, with(1, 3.0)))
        .isEqualTo(
            "expect_column_values_to_be_in_set: column amount = 3.0 is not in value_set [1, 2.5]");
  }

  @Test
  void inSet_showsTenValuesOfALongSet() {
    RowChecker c =
        one(
            "expect_column_values_to_be_in_set",
            "{\"column\": \"user_id\", \"value_set\": [1,2,3,4,5,6,7,8,9,10,11,12]}");
    assertThat(reason(c, with(0, 99L)))
        .isEqualTo(
            "expect_column_values_to_be_in_set: column user_id = 99 is not in value_set"
                + " [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, … 2 more]");
  }

  @Test
  void regex_findsThePatternAnywhere() {
    RowChecker c =
        one(
            "expect_column_values_to_match_regex",
            "{\"column\": \"email\", \"regex\": \"@.+\\\\.\"}");
    assertThat(c.check(ok())).isEmpty();
    assertThat(reason(c, with(3, "nobody")))
        .isEqualTo(
            "expect_column_values_to_match_regex: column email = \"nobody\" does not match regex"
                + " \"@.+\\.\"");
  }

  @Test
  void ofType_checksTheTypeFamily() {
    RowChecker c =
        one("expect_column_values_to_be_of_type", "{\"column\": \"code\", \"type_\": \"int\"}");
    assertThat(c.check(ok())).isEmpty();
    assertThat(reason(c, with(6, "7.5")))
        .isEqualTo("expect_column_values_to_be_of_type: column code = \"7.5\" is not of type int");
    RowChecker floats =
        one(
            "expect_column_values_to_be_of_type",
            "{\"column\": \"user_id\", \"type_\": \"float64\"}");
    assertThat(floats.check(ok())).as("integers are floats too").isEmpty();
  }

  @Test
  void pair_aGreaterThanB_comparesTimestamps() {
    RowChecker c =
        one(
            "expect_column_pair_values_a_to_be_greater_than_b",
            "{\"column_A\": \"ts\", \"column_B\": \"start_ts\"}");
    assertThat(c.check(ok())).isEmpty();
    Object[] equal = with(5, NOW);
    RowViolation v = c.check(equal).orElseThrow();
    assertThat(v.columns()).containsExactly("ts", "start_ts");
    assertThat(v.observed()).isEqualTo(Arrays.asList(NOW, NOW));
    assertThat(v.reason())
        .isEqualTo(
            "expect_column_pair_values_a_to_be_greater_than_b: column_A ts = 2026-11-24T12:00:00Z"
                + " is not greater than column_B start_ts = 2026-11-24T12:00:00Z");
  }

  @Test
  void pair_orEqual_acceptsEqualValues_andNamesALesserOne() {
    RowChecker c =
        one(
            "expect_column_pair_values_a_to_be_greater_than_b",
            "{\"column_A\": \"amount\", \"column_B\": \"user_id\", \"or_equal\": true}");
    assertThat(c.check(with(1, 1.0))).isEmpty();
    assertThat(reason(c, with(1, 0.5)))
        .isEqualTo(
            "expect_column_pair_values_a_to_be_greater_than_b: column_A amount = 0.5 is less than"
                + " column_B user_id = 1");
  }

  @Test
  void pair_missingValues_followIgnoreRowIf() {
    String kwargs = "{\"column_A\": \"amount\", \"column_B\": \"user_id\"";
    RowChecker byDefault = one("expect_column_pair_values_a_to_be_greater_than_b", kwargs + "}");
    Object[] bothMissing = with(0, null);
    bothMissing[1] = null;
    assertThat(byDefault.check(bothMissing)).isEmpty();
    assertThat(reason(byDefault, with(1, null)))
        .isEqualTo(
            "expect_column_pair_values_a_to_be_greater_than_b: column_A amount is missing"
                + " (ignore_row_if both_values_are_missing)");
    RowChecker either =
        one(
            "expect_column_pair_values_a_to_be_greater_than_b",
            kwargs + ", \"ignore_row_if\": \"either_value_is_missing\"}");
    assertThat(either.check(with(1, null))).isEmpty();
    RowChecker never =
        one(
            "expect_column_pair_values_a_to_be_greater_than_b",
            kwargs + ", \"ignore_row_if\": \"never\"}");
    assertThat(reason(never, bothMissing))
        .isEqualTo(
            "expect_column_pair_values_a_to_be_greater_than_b: column_A amount and column_B user_id"
                + " are missing (ignore_row_if never)");
  }

  @Test
  void pair_valuesOfDifferentKinds_fail() {
    RowChecker c =
        one(
            "expect_column_pair_values_a_to_be_greater_than_b",
            "{\"column_A\": \"ts\", \"column_B\": \"amount\"}");
    assertThat(reason(c, ok()))
        .isEqualTo(
            "expect_column_pair_values_a_to_be_greater_than_b: column_A ts = 2026-11-24T12:00:00Z"
                + " and column_B amount = 10.0 are neither both numbers nor both timestamps");
  }

  @Test
  void fresh_rejectsAnEventFromTheFuture_butNotAnOldOne() {
    RowChecker c =
        one(
            "kairos_expect_column_values_to_be_fresh",
            "{\"column\": \"ts\", \"max_age\": \"1h\", \"future_tolerance\": \"5m\"}");
    assertThat(c.check(with(4, NOW.minusSeconds(86_400)))).isEmpty();
    assertThat(c.check(with(4, NOW.plusSeconds(300)))).isEmpty();
    assertThat(reason(c, with(4, NOW.plusSeconds(301))))
        .isEqualTo(
            "kairos_expect_column_values_to_be_fresh: column ts = 2026-11-24T12:05:01Z is later"
                + " than now (2026-11-24T12:00:00Z) + future_tolerance 5m");
    assertThat(reason(c, with(4, null)))
        .isEqualTo("kairos_expect_column_values_to_be_fresh: column ts = null is not a timestamp");
    assertThat(c.skipped())
        .containsExactly(
            "kairos_expect_column_values_to_be_fresh (column ts): max_age not checked per event"
                + " (the newest value's age describes a batch, and a late or replayed event must"
                + " not be dead-lettered for it); future_tolerance is checked");
  }

  @Test
  void check_reportsTheFirstViolatedExpectation_inSuiteOrder() {
    RowChecker c =
        checker(
            expectation("expect_column_values_to_not_be_null", "{\"column\": \"email\"}"),
            expectation(
                "expect_column_values_to_be_between", "{\"column\": \"amount\", \"min_value\": 0}"),
            expectation("expect_column_values_to_not_be_null", "{\"column\": \"country\"}"));
    Object[] row = with(1, -1.0);
    row[2] = null;
    assertThat(c.check(row).orElseThrow().expectationIndex()).isEqualTo(1);
  }

  @Test
  void mostly_isNotHonouredPerEvent_andSaysSo() {
    RowChecker c =
        one(
            "expect_column_values_to_be_between",
            "{\"column\": \"amount\", \"min_value\": 0, \"mostly\": 0.95}");
    assertThat(c.check(with(1, -1.0))).isPresent();
    assertThat(c.skipped())
        .containsExactly(
            "expect_column_values_to_be_between (column amount): mostly 0.95 not honoured per"
                + " event; every event must pass");
  }

  @Test
  void skipped_listsExpectationsThatAreNotRowLevel_withTheReason() {
    RowChecker c =
        checker(
            expectation("expect_column_values_to_be_unique", "{\"column\": \"email\"}"),
            expectation(
                "expect_compound_columns_to_be_unique", "{\"column_list\": [\"user_id\", \"ts\"]}"),
            expectation("expect_table_row_count_to_be_between", "{\"min_value\": 1}"),
            expectation(
                "expect_column_mean_to_be_between", "{\"column\": \"amount\", \"max_value\": 5}"),
            expectation("expect_column_to_exist", "{\"column\": \"amount\", \"column_index\": 1}"),
            expectation(
                "expect_table_columns_to_match_set",
                "{\"column_set\": [\"user_id\", \"amount\"], \"exact_match\": false}"));
    assertThat(c.skipped())
        .containsExactly(
            "expect_column_values_to_be_unique (column email): uniqueness needs more than one row;"
                + " an event alone is always unique",
            "expect_compound_columns_to_be_unique (column user_id,ts): uniqueness needs more than"
                + " one row; an event alone is always unique",
            "expect_table_row_count_to_be_between: a row count describes a batch, not an event",
            "expect_column_mean_to_be_between (column amount): a column statistic describes a"
                + " batch, not an event",
            "expect_column_to_exist (column amount): the table's columns: satisfied by the"
                + " source's fields, checked once at start",
            "expect_table_columns_to_match_set: the table's columns: satisfied by the source's"
                + " fields, checked once at start");
    assertThat(c.check(with(1, 1e9))).isEmpty();
  }

  @Test
  void of_rejectsAnExpectationOnAColumnTheSourceLacks() {
    assertThatThrownBy(
            () ->
                one(
                    "expect_column_values_to_be_between",
                    "{\"column\": \"amout\", \"min_value\": 0}"))
        .isInstanceOfSatisfying(
            KairosException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.USER))
        .hasMessage(
            "suites/t.json: expectation 0 (expect_column_values_to_be_between) names column"
                + " 'amout', which is not a field of the source (did you mean 'amount'?); fields:"
                + " user_id, amount, country, email, ts, start_ts, code");
  }

  @Test
  void of_rejectsATableColumnExpectationTheFieldsFail() {
    assertThatThrownBy(
            () ->
                one(
                    "expect_table_columns_to_match_ordered_list",
                    "{\"column_list\": [\"user_id\", \"amount\"]}"))
        .isInstanceOfSatisfying(
            KairosException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.USER))
        .hasMessage(
            "suites/t.json: expectation 0 (expect_table_columns_to_match_ordered_list) fails for"
                + " the source's fields, so every event would fail: unexpected columns [country,"
                + " email, ts, start_ts, code]");
  }
}

package dev.kairos.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kairos.api.ErrorKind;
import dev.kairos.api.KairosException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SuiteParserTest {

  static String suite(String expectation) {
    return "{\"expectation_suite_name\": \"s\", \"expectations\": [" + expectation + "]}";
  }

  static String one(String type, String kwargs) {
    return suite(
        "{\"expectation_type\": \"expect_column_to_exist\", \"kwargs\": {\"column\": \"a\"}},"
            + "{\"expectation_type\": \""
            + type
            + "\", \"kwargs\": "
            + kwargs
            + "}");
  }

  @Test
  void parse_readsTypesKwargsAndMeta_inOrder() {
    ExpectationSuite s =
        ExpectationSuite.parse(
            suite(
                "{\"expectation_type\": \"expect_column_values_to_be_between\","
                    + " \"kwargs\": {\"column\": \"amount\", \"min_value\": 0, \"mostly\": 0.95},"
                    + " \"meta\": {\"notes\": \"n\"}}"),
            "suites/t.json");

    assertThat(s.name()).isEqualTo("s");
    assertThat(s.expectations())
        .containsExactly(
            new ExpectationConfig(
                0,
                "expect_column_values_to_be_between",
                Map.of("column", "amount", "min_value", 0, "mostly", 0.95),
                Map.of("notes", "n")));
  }

  @Test
  void parse_acceptsGreatExpectations1Layout_withNameAndType() {
    ExpectationSuite s =
        ExpectationSuite.parse(
            "{\"name\": \"gx1\", \"expectations\": [{\"type\": \"expect_column_to_exist\","
                + " \"kwargs\": {\"column\": \"a\"}}]}",
            "x.json");

    assertThat(s.name()).isEqualTo("gx1");
    assertThat(s.expectations().get(0).type()).isEqualTo("expect_column_to_exist");
  }

  @Test
  void parse_rejectsUnknownType_namingFileIndexSuggestionAndChoices() {
    assertThatThrownBy(
            () ->
                ExpectationSuite.parse(
                    one("expect_column_values_to_be_betwen", "{\"column\": \"a\"}"),
                    "suites/t.json"))
        .isInstanceOf(KairosException.class)
        .hasMessage(
            "suites/t.json: expectations[1]: unknown expectation type"
                + " 'expect_column_values_to_be_betwen'; did you mean"
                + " 'expect_column_values_to_be_between'?; supported types: "
                + String.join(", ", ExpectationSuite.supportedTypes()));
  }

  @Test
  void parse_rejectsUnknownKwarg_withSuggestionAndValidArguments() {
    assertThatThrownBy(
            () ->
                ExpectationSuite.parse(
                    one("expect_column_values_to_be_between", "{\"column\": \"a\", \"max\": 3}"),
                    "suites/t.json"))
        .hasMessage(
            "suites/t.json: expectations[1] (expect_column_values_to_be_between): unknown argument"
                + " 'max'; did you mean 'max_value'?; valid arguments: column, max_value, min_value,"
                + " mostly, strict_max, strict_min");
  }

  @Test
  void parse_rejectsMostlyOutsideZeroToOne() {
    assertThatThrownBy(
            () ->
                ExpectationSuite.parse(
                    one(
                        "expect_column_values_to_not_be_null",
                        "{\"column\": \"a\", \"mostly\": 1.5}"),
                    "t.json"))
        .hasMessage(
            "t.json: expectations[1] (expect_column_values_to_not_be_null): argument 'mostly' must"
                + " be a number between 0 and 1, got 1.5");
  }

  @Test
  void parse_rejectsMissingRequiredArgument() {
    assertThatThrownBy(
            () ->
                ExpectationSuite.parse(
                    one("expect_column_values_to_be_in_set", "{\"column\": \"a\"}"), "t.json"))
        .hasMessage(
            "t.json: expectations[1] (expect_column_values_to_be_in_set): missing argument"
                + " 'value_set'; valid arguments: column, mostly, value_set");
  }

  @Test
  void parse_rejectsBetweenWithoutAnyBound() {
    assertThatThrownBy(
            () ->
                ExpectationSuite.parse(
                    one("expect_column_max_to_be_between", "{\"column\": \"a\"}"), "t.json"))
        .hasMessage(
            "t.json: expectations[1] (expect_column_max_to_be_between): give min_value, max_value or"
                + " both");
  }

  @Test
  void parse_rejectsUnknownTypeName_andBadDurationAndRegex() {
    assertThatThrownBy(
            () ->
                ExpectationSuite.parse(
                    one(
                        "expect_column_values_to_be_of_type",
                        "{\"column\": \"a\", \"type_\": \"money\"}"),
                    "t.json"))
        .hasMessageStartingWith(
            "t.json: expectations[1] (expect_column_values_to_be_of_type): argument 'type_' must be"
                + " a type name: int, int32, int64,");
    assertThatThrownBy(
            () ->
                ExpectationSuite.parse(
                    one(
                        "kairos_expect_column_values_to_be_fresh",
                        "{\"column\": \"t\", \"max_age\": \"two days\"}"),
                    "t.json"))
        .hasMessage(
            "t.json: expectations[1] (kairos_expect_column_values_to_be_fresh): argument 'max_age'"
                + " must be a duration such as \"30s\", \"5m\", \"2h\", \"2d\" or \"PT5M\", got"
                + " \"two days\"");
    assertThatThrownBy(
            () ->
                ExpectationSuite.parse(
                    one(
                        "expect_column_values_to_match_regex",
                        "{\"column\": \"a\", \"regex\": \"[a-\"}"),
                    "t.json"))
        .hasMessage(
            "t.json: expectations[1] (expect_column_values_to_match_regex): argument 'regex' must be"
                + " a regular expression, got \"[a-\"");
  }

  @Test
  void parse_reportsInvalidJsonWithLineAndColumn() {
    assertThatThrownBy(() -> ExpectationSuite.parse("{\n \"expectations\": [,]}", "t.json"))
        .isInstanceOfSatisfying(
            KairosException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.USER))
        .hasMessageStartingWith(
            "t.json: not valid JSON at line 2, column 19: Unexpected character (',' (code 44))");
  }

  @Test
  void read_reportsMissingFile() {
    assertThatThrownBy(() -> ExpectationSuite.read(Path.of("no/such/suite.json")))
        .hasMessage("expectation suite no/such/suite.json does not exist");
  }

  @Test
  void toJson_roundTripsThroughParse() {
    ExpectationSuite s =
        new ExpectationSuite(
            "round",
            List.of(
                new ExpectationConfig(
                    0,
                    "expect_column_values_to_be_in_set",
                    Map.of("column", "c", "value_set", List.of("a", "b")),
                    Map.of("notes", "x"))),
            "mem");

    ExpectationSuite back = ExpectationSuite.parse(s.toJson(), "mem");

    assertThat(back).isEqualTo(s);
  }

  @Test
  void shippedFraudSuite_parses_withSixteenExpectations() throws Exception {
    Path file = Files.createTempFile("transactions", ".json");
    try (var in =
        getClass().getResourceAsStream("/dev/kairos/core/init/template/suites/transactions.json")) {
      Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
    }

    ExpectationSuite s = ExpectationSuite.read(file);

    assertThat(s.name()).isEqualTo("transactions");
    assertThat(s.expectations()).hasSize(16);
  }
}

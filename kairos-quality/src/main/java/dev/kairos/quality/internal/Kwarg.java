package dev.kairos.quality.internal;

import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** The JSON shape an expectation argument must have. */
enum Kwarg {
  STRING("a string"),
  NUMBER("a number"),
  NUMBER_OR_NULL("a number or null"),
  BOUND("a number, a timestamp string or null"),
  BOOLEAN("true or false"),
  FRACTION("a number between 0 and 1"),
  STRING_LIST("a list of strings"),
  VALUE_LIST("a list of values"),
  INTEGER("a whole number"),
  REGEX("a regular expression"),
  DURATION("a duration such as \"30s\", \"5m\", \"2h\", \"2d\" or \"PT5M\""),
  TYPE_NAME("a type name: " + String.join(", ", TypeFamily.names())),
  IGNORE_ROW_IF(
      "one of \"both_values_are_missing\", \"either_value_is_missing\", \"neither\","
          + " \"all_values_are_missing\", \"any_value_is_missing\", \"never\""),
  ANY("any value");

  private final String description;

  Kwarg(String description) {
    this.description = description;
  }

  String description() {
    return description;
  }

  /** Whether {@code v} has this shape. */
  boolean accepts(Object v) {
    return switch (this) {
      case STRING -> v instanceof String;
      case NUMBER -> v instanceof Number;
      case NUMBER_OR_NULL -> v == null || v instanceof Number;
      case BOUND ->
          v == null || v instanceof Number || (v instanceof String s && Values.isTimestamp(s));
      case BOOLEAN -> v instanceof Boolean;
      case FRACTION -> v instanceof Number n && n.doubleValue() >= 0 && n.doubleValue() <= 1;
      case STRING_LIST -> v instanceof List<?> l && l.stream().allMatch(e -> e instanceof String);
      case VALUE_LIST -> v instanceof List<?>;
      case INTEGER -> v instanceof Integer || v instanceof Long;
      case REGEX -> v instanceof String s && compiles(s);
      case DURATION -> v instanceof String s && Durations.parse(s) != null;
      case TYPE_NAME -> v instanceof String s && TypeFamily.of(s) != null;
      case IGNORE_ROW_IF -> v instanceof String s && IGNORE_VALUES.contains(s);
      case ANY -> true;
    };
  }

  private static final List<String> IGNORE_VALUES =
      List.of(
          "both_values_are_missing",
          "either_value_is_missing",
          "neither",
          "all_values_are_missing",
          "any_value_is_missing",
          "never");

  private static boolean compiles(String regex) {
    try {
      Pattern.compile(regex);
      return true;
    } catch (PatternSyntaxException e) {
      return false;
    }
  }
}

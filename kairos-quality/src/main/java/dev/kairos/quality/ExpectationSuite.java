package dev.kairos.quality;

import static java.util.Objects.requireNonNull;

import dev.kairos.quality.internal.SuiteParser;
import java.nio.file.Path;
import java.util.List;

/**
 * An expectation suite in Great Expectations' JSON format ({@code expectation_suite_name}, {@code
 * expectations: [{expectation_type, kwargs, meta}]}). Every expectation was checked when the suite
 * was read: its type is supported and its arguments are known and well typed.
 *
 * @param origin where the suite was read from, for messages (a file path or a resource name)
 */
public record ExpectationSuite(String name, List<ExpectationConfig> expectations, String origin) {
  public ExpectationSuite {
    requireNonNull(name, "name");
    expectations = List.copyOf(expectations);
    requireNonNull(origin, "origin");
  }

  /**
   * Reads and checks a suite file.
   *
   * @throws dev.kairos.api.KairosException USER when the file is missing or not valid JSON, or an
   *     expectation has an unknown type or a bad argument; the message names the file, the
   *     expectation index and the valid choices
   */
  public static ExpectationSuite read(Path file) {
    return SuiteParser.read(file);
  }

  /** Parses suite JSON; {@code origin} names it in error messages. */
  public static ExpectationSuite parse(String json, String origin) {
    return SuiteParser.parse(json, origin);
  }

  /** The suite as Great Expectations JSON, pretty-printed. */
  public String toJson() {
    return SuiteParser.toJson(this);
  }

  /** The names of every supported expectation type, sorted. */
  public static List<String> supportedTypes() {
    return SuiteParser.supportedTypes();
  }
}

package dev.kairos.quality;

import static dev.kairos.quality.RowCheckerTest.CLOCK;
import static dev.kairos.quality.RowCheckerTest.FIELDS;
import static dev.kairos.quality.RowCheckerTest.NOW;
import static dev.kairos.quality.RowCheckerTest.expectation;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kairos.api.Field;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.statistics.Statistics;

/** One event passes {@link RowChecker} exactly when a batch of that event alone passes. */
class RowCheckerPropertiesTest {
  private static final List<String> NAMES = FIELDS.stream().map(Field::name).toList();
  private static final Validator VALIDATOR = new Validator(CLOCK);

  @Property(tries = 1000)
  void check_passesExactlyWhenABatchOfTheRowAlonePasses(@ForAll long seed) {
    Random r = new Random(seed);
    List<String> expectations = new ArrayList<>();
    for (int i = 0, n = 1 + r.nextInt(4); i < n; i++) {
      expectations.add(randomExpectation(r));
    }
    ExpectationSuite suite =
        ExpectationSuite.parse(
            "{\"expectation_suite_name\": \"p\", \"expectations\": ["
                + String.join(", ", expectations)
                + "]}",
            "p.json");
    Object[] row = randomRow(r);

    boolean batchPasses =
        VALIDATOR
            .validate(suite, Batch.of("event", NAMES, List.<Object[]>of(row.clone())))
            .success();
    var violation = RowChecker.of(suite, FIELDS, CLOCK).check(row);

    Statistics.label("batch").collect(batchPasses ? "passes" : "fails");
    assertThat(violation.isEmpty())
        .as("suite %s, row %s: %s", expectations, Arrays.toString(row), violation)
        .isEqualTo(batchPasses);
  }

  private static String randomExpectation(Random r) {
    String mostly = r.nextInt(4) == 0 ? ", \"mostly\": 1.0" : "";
    return switch (r.nextInt(7)) {
      case 0 ->
          expectation(
              "expect_column_values_to_not_be_null",
              "{\"column\": \"" + pick(r, NAMES) + "\"" + mostly + "}");
      case 1 -> {
        String column = pick(r, List.of("user_id", "amount", "code", "country"));
        StringBuilder k = new StringBuilder("{\"column\": \"" + column + "\"");
        boolean min = r.nextBoolean();
        if (min) {
          k.append(", \"min_value\": ").append(pick(r, List.of("0", "0.5", "-1", "1")));
        }
        if (!min || r.nextBoolean()) {
          k.append(", \"max_value\": ").append(pick(r, List.of("1", "2", "2.5", "7")));
        }
        k.append(", \"strict_min\": ").append(r.nextBoolean());
        k.append(", \"strict_max\": ").append(r.nextBoolean());
        yield expectation("expect_column_values_to_be_between", k + mostly + "}");
      }
      case 2 ->
          expectation(
              "expect_column_values_to_be_in_set",
              pick(
                  r,
                  List.of(
                      "{\"column\": \"country\", \"value_set\": [\"DE\", \"ES\"]}",
                      "{\"column\": \"user_id\", \"value_set\": [1, 2.0, \"3\"]}",
                      "{\"column\": \"amount\", \"value_set\": [0.5, 1, \"2.5\"]}",
                      "{\"column\": \"code\", \"value_set\": [7, \"7.5\"]}")));
      case 3 ->
          expectation(
              "expect_column_values_to_match_regex",
              "{\"column\": \""
                  + pick(r, List.of("email", "country", "code", "user_id"))
                  + "\", \"regex\": \""
                  + pick(r, List.of("@", "^[A-Z]{2}$", "^\\\\d+$", "5"))
                  + "\"}");
      case 4 ->
          expectation(
              "expect_column_values_to_be_of_type",
              "{\"column\": \""
                  + pick(r, NAMES)
                  + "\", \"type_\": \""
                  + pick(r, List.of("int", "float", "str", "bool", "datetime"))
                  + "\"}");
      case 5 ->
          expectation(
              "expect_column_pair_values_a_to_be_greater_than_b",
              "{\"column_A\": \"ts\", \"column_B\": \"start_ts\", \"or_equal\": "
                  + r.nextBoolean()
                  + ", \"ignore_row_if\": \""
                  + pick(
                      r,
                      List.of(
                          "both_values_are_missing", "either_value_is_missing", "never", "neither"))
                  + "\"}");
      default ->
          expectation(
              "expect_column_pair_values_a_to_be_greater_than_b",
              "{\"column_A\": \""
                  + pick(r, List.of("amount", "code"))
                  + "\", \"column_B\": \"user_id\", \"or_equal\": "
                  + r.nextBoolean()
                  + "}");
    };
  }

  private static Object[] randomRow(Random r) {
    return new Object[] {
      pick(r, Arrays.asList(null, -1L, 0L, 1L, 2L, 3L)),
      pick(r, Arrays.asList(null, -1.0, 0.0, 0.5, 1.0, 2.0, 2.5, 7.0)),
      pick(r, Arrays.asList(null, "", "DE", "ES", "de", "3")),
      pick(r, Arrays.asList(null, "", "a@b.c", "nobody")),
      pick(r, Arrays.asList(null, NOW, NOW.minusSeconds(1), NOW.plusSeconds(1))),
      pick(r, Arrays.asList(null, NOW, NOW.minusSeconds(1))),
      pick(r, Arrays.asList(null, "", "7", "7.5", "x", "-2", "true"))
    };
  }

  private static <T> T pick(Random r, List<T> values) {
    return values.get(r.nextInt(values.size()));
  }
}

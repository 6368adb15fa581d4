package dev.kairos.quality;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * Why one event fails an expectation of its source's suite, as found by {@link RowChecker}.
 *
 * @param expectationIndex the expectation's position in the suite, from 0
 * @param expectationType such as {@code expect_column_values_to_be_between}
 * @param columns the column the expectation checks, or column_A and column_B for a pair
 * @param observed the failing value; for a pair, a list of the two values (either may be null)
 * @param reason one line a person understands, starting with the expectation type, such as {@code
 *     expect_column_values_to_be_between: column amount = -5.0 is below min_value 0}
 */
public record RowViolation(
    int expectationIndex,
    String expectationType,
    List<String> columns,
    Object observed,
    String reason) {
  public RowViolation {
    requireNonNull(expectationType, "expectationType");
    columns = List.copyOf(columns);
    requireNonNull(reason, "reason");
  }
}

package dev.kairos.quality;

import dev.kairos.api.Field;
import dev.kairos.quality.internal.RowChecks;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * Checks single events against the row-level expectations of a source's suite, for streams that
 * dead-letter a failing event instead of rejecting a whole batch. An event passes exactly when a
 * batch holding only that event would pass the same expectations in {@link Validator}, with two
 * deliberate differences, both listed by {@link #skipped()}:
 *
 * <ul>
 *   <li>{@code mostly} cannot apply to one event: every checked expectation must hold for every
 *       event, as with {@code mostly: 1} (in a batch of one row, only {@code mostly: 0} differs);
 *   <li>{@code kairos_expect_column_values_to_be_fresh} checks that the value is a timestamp no
 *       later than now + {@code future_tolerance}, but not {@code max_age}: the newest value's age
 *       describes a batch, and an event replayed after an outage must not be dead-lettered for it.
 * </ul>
 *
 * <p>Checked per event: {@code expect_column_values_to_not_be_null}, {@code
 * expect_column_values_to_be_between}, {@code expect_column_values_to_be_in_set}, {@code
 * expect_column_values_to_match_regex}, {@code expect_column_values_to_be_of_type}, {@code
 * expect_column_pair_values_a_to_be_greater_than_b} and the freshness rule above; a missing value
 * (null or the empty string) passes all but not-null and, depending on {@code ignore_row_if}, the
 * pair rule, as in a batch. Uniqueness, row counts, column statistics (mean, min, max) are not
 * checked per event. The table-column expectations ({@code expect_column_to_exist}, {@code
 * expect_table_columns_to_match_set}, {@code expect_table_columns_to_match_ordered_list}) are
 * decided once, against the source's fields, when the checker is built.
 *
 * <p>Rows hold the source's fields in order as Java values of their types (as decoded from an
 * event); whether they match the fields' types is the caller's concern. Thread-safe; a passing row
 * allocates nothing except for regular expressions and numeric value sets.
 */
public interface RowChecker {

  /**
   * Builds a checker for rows of {@code fields}, with the system clock for freshness.
   *
   * @throws dev.kairos.api.KairosException USER when an expectation names a column that is not a
   *     field, or a table-column expectation fails for the fields (so every event would fail)
   */
  static RowChecker of(ExpectationSuite suite, List<Field> fields) {
    return of(suite, fields, Clock.systemUTC());
  }

  /** As {@link #of(ExpectationSuite, List)}, with "now" for freshness from {@code clock}. */
  static RowChecker of(ExpectationSuite suite, List<Field> fields, Clock clock) {
    return RowChecks.build(suite, fields, clock);
  }

  /**
   * The first violated expectation, in suite order, or empty when the row passes every checked one.
   *
   * @param row the source's fields in order; only read during the call
   */
  Optional<RowViolation> check(Object[] row);

  /**
   * The expectations, or parts of them, not checked per event, one line each with the reason, such
   * as {@code expect_column_values_to_be_unique (column txn_id): uniqueness needs more than one
   * row; an event alone is always unique}. Meant to be printed when a stream starts.
   */
  List<String> skipped();
}

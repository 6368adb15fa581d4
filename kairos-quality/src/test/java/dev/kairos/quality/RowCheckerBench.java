package dev.kairos.quality;

import static dev.kairos.quality.RowCheckerTest.NOW;
import static dev.kairos.quality.RowCheckerTest.expectation;

import java.util.Locale;
import org.junit.jupiter.api.Test;

/** Not part of the suite (no Test suffix): {@code -Dtest=RowCheckerBench}; prints ns per row. */
class RowCheckerBench {
  @Test
  void passingRows() {
    RowChecker c =
        RowCheckerTest.checker(
            expectation("expect_column_values_to_not_be_null", "{\"column\": \"user_id\"}"),
            expectation(
                "expect_column_values_to_be_between",
                "{\"column\": \"amount\", \"min_value\": 0, \"max_value\": 10000}"),
            expectation(
                "expect_column_values_to_be_in_set",
                "{\"column\": \"country\", \"value_set\": [\"DE\", \"ES\", \"FR\"]}"),
            expectation(
                "expect_column_values_to_match_regex", "{\"column\": \"email\", \"regex\": \"@\"}"),
            expectation(
                "expect_column_pair_values_a_to_be_greater_than_b",
                "{\"column_A\": \"ts\", \"column_B\": \"start_ts\"}"),
            expectation(
                "kairos_expect_column_values_to_be_fresh",
                "{\"column\": \"ts\", \"max_age\": \"1h\"}"));
    Object[][] rows = new Object[1024][];
    for (int i = 0; i < rows.length; i++) {
      rows[i] =
          RowCheckerTest.event(
              (long) i,
              i * 1.5,
              i % 2 == 0 ? "DE" : "ES",
              "u" + (i % 50) + "@x.io",
              NOW.minusSeconds(i),
              NOW.minusSeconds(i + 60));
    }
    long failures = 0;
    for (int round = 0; round < 5; round++) {
      int n = 2_000_000;
      long t = System.nanoTime();
      for (int i = 0; i < n; i++) {
        if (c.check(rows[i & 1023]).isPresent()) {
          failures++;
        }
      }
      System.out.printf(
          Locale.ROOT,
          "RowChecker, 6 expectations: %.0f ns/row%n",
          (System.nanoTime() - t) / (double) n);
    }
    if (failures > 0) {
      throw new AssertionError(failures + " rows failed");
    }
  }
}

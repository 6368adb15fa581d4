package dev.kairos.analytics;

import dev.kairos.api.KairosException;
import java.time.LocalDate;
import java.util.regex.Pattern;

/**
 * Which rows of a view to read. Every field but {@code limit} may be null, meaning "no condition".
 * Values reach the database as bind parameters only.
 *
 * @param from first day (or week start) to include, inclusive
 * @param to last day (or week start) to include, inclusive
 * @param category only this category; {@link #TOTAL} for the rows totalled over every category
 * @param country only this country; {@link #TOTAL} for the rows totalled over every country
 * @param limit the most rows to return, 1 to {@value #MAX_LIMIT}
 */
public record AnalyticsFilter(
    LocalDate from, LocalDate to, String category, String country, int limit) {
  /** Selects the total rows, whose category (or country) is null. */
  public static final String TOTAL = "*";

  public static final int DEFAULT_LIMIT = 1_000;
  public static final int MAX_LIMIT = 100_000;

  private static final Pattern VALUE = Pattern.compile("[\\p{L}\\p{N}_ .&'/-]{1,100}|\\*");

  public AnalyticsFilter {
    if (from != null && to != null && from.isAfter(to)) {
      throw KairosException.user(
          "analytics filter: from " + from + " is after to " + to + "; swap them");
    }
    check("category", category);
    check("country", country);
    if (limit < 1 || limit > MAX_LIMIT) {
      throw KairosException.user(
          "analytics filter: limit must be from 1 to " + MAX_LIMIT + ", not " + limit);
    }
  }

  /** Every row, up to {@link #DEFAULT_LIMIT}. */
  public static AnalyticsFilter all() {
    return new AnalyticsFilter(null, null, null, null, DEFAULT_LIMIT);
  }

  private static void check(String what, String value) {
    if (value != null && !VALUE.matcher(value).matches()) {
      throw KairosException.user(
          "analytics filter: "
              + what
              + " '"
              + value
              + "' is not a valid value; use up to 100 letters, digits, spaces or _.&'/-, or "
              + TOTAL
              + " for the totals");
    }
  }
}

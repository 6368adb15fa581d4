package dev.kairos.analytics;

import static java.util.Objects.requireNonNull;

import java.time.LocalDate;

/**
 * A row of {@code weekly_growth}: one ISO week (Monday to Sunday, UTC) of a category and country
 * that has transactions, with the change of four measures against the previous week.
 *
 * @param weekStart the Monday the week starts on
 * @param category the merchant category; null on rows totalled over every category
 * @param country the merchant's country; null on rows totalled over every country
 */
public record WeeklyGrowth(
    LocalDate weekStart,
    String category,
    String country,
    RiskMeasures measures,
    Change transactions,
    Change amountReporting,
    Change fraudCount,
    Change fraudRate) {
  public WeeklyGrowth {
    requireNonNull(weekStart, "weekStart");
    requireNonNull(measures, "measures");
  }
}

package dev.kairos.analytics;

import static java.util.Objects.requireNonNull;

import java.time.LocalDate;

/**
 * A row of {@code daily_risk_summary}.
 *
 * @param day the UTC day of the transactions' event time
 * @param category the merchant category; null on rows totalled over every category
 * @param country the merchant's country; null on rows totalled over every country
 */
public record DailyRisk(LocalDate day, String category, String country, RiskMeasures measures) {
  public DailyRisk {
    requireNonNull(day, "day");
    requireNonNull(measures, "measures");
  }
}

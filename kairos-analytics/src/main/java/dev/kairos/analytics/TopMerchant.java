package dev.kairos.analytics;

import static java.util.Objects.requireNonNull;

import java.time.LocalDate;

/**
 * A row of {@code top_fraud_merchants}: one of the 20 merchants with the greatest fraud amount in
 * an ISO week.
 *
 * @param weekStart the Monday the week starts on
 * @param rank 1 for the greatest fraud amount; ties go to more fraud rows, then the smaller id
 * @param merchant the merchant's id, as text
 * @param category the merchant's category (the smallest, should it have several)
 * @param country the merchant's country (the smallest, should it have several)
 * @param fraudAmountReporting sum of the fraud rows' amounts in the reporting currency; null when
 *     none could be converted
 * @param fraudCount fraud rows (at least 1)
 * @param transactions all rows of the merchant that week
 * @param amountReporting sum of all its amounts in the reporting currency; null when none converted
 * @param fraudRate {@code fraudCount / transactions}
 */
public record TopMerchant(
    LocalDate weekStart,
    long rank,
    String merchant,
    String category,
    String country,
    Double fraudAmountReporting,
    long fraudCount,
    long transactions,
    Double amountReporting,
    double fraudRate) {
  public TopMerchant {
    requireNonNull(weekStart, "weekStart");
    requireNonNull(merchant, "merchant");
  }
}

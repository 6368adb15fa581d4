package dev.kairos.analytics;

/**
 * The measures of one group of transactions (a day or week, a category, a country), as documented
 * in the README's "Analytics" section.
 *
 * @param transactions rows of the transaction log in the group (at least 1)
 * @param amountReporting sum of the amounts in the reporting currency; null when no amount of the
 *     group could be converted
 * @param unconverted rows whose currency has no conversion rate (their amount is left out)
 * @param fraudCount rows whose label says fraud
 * @param fraudRate {@code fraudCount / transactions}
 * @param users distinct card holders
 * @param merchants distinct merchants
 * @param devices distinct devices
 * @param avgScore average latest model score of the scored rows; null when none is scored
 * @param p95Score 95th percentile (linear interpolation) of those scores; null when none
 * @param aboveThreshold scored rows with {@code score >= threshold}; null when none is scored
 */
public record RiskMeasures(
    long transactions,
    Double amountReporting,
    long unconverted,
    long fraudCount,
    double fraudRate,
    long users,
    long merchants,
    long devices,
    Double avgScore,
    Double p95Score,
    Long aboveThreshold) {}

package dev.kairos.analytics;

/**
 * A measure against the previous ISO week of the same category and country.
 *
 * @param previous the previous week's value; null when that week has no transactions in the group
 *     (or its value is null)
 * @param change this week's value minus {@code previous}; null when either is null
 * @param changePct {@code 100 * change / previous}; null when {@code previous} is null or zero
 */
public record Change(Double previous, Double change, Double changePct) {}

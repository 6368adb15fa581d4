package dev.kairos.api.monitor;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;

/**
 * The outcome of one skew check of a feature service, as {@code GET /v1/skew} serves it.
 *
 * @param service the feature service checked
 * @param checkedAt when the check ran
 * @param from first request time checked (inclusive)
 * @param to last request time checked (exclusive)
 * @param rows logged rows compared
 * @param mismatches rows with at least one feature that disagrees (late ones excluded)
 * @param late rows whose only disagreements are explained by events that arrived after the request
 * @param mismatchRate {@code mismatches / rows}, 0 when no rows
 * @param hours per hour of request time, oldest first
 * @param features per feature, in service order
 */
public record SkewSummary(
    String service,
    Instant checkedAt,
    Instant from,
    Instant to,
    long rows,
    long mismatches,
    long late,
    double mismatchRate,
    List<Hour> hours,
    List<Feature> features) {
  public SkewSummary {
    requireNonNull(service, "service");
    requireNonNull(checkedAt, "checkedAt");
    hours = List.copyOf(hours);
    features = List.copyOf(features);
  }

  /** Rows and mismatching rows whose request time falls in the hour starting at {@code hour}. */
  public record Hour(Instant hour, long rows, long mismatches) {}

  /**
   * @param feature {@code view__feature}
   * @param smape symmetric mean absolute percentage error over rows where both values are numbers,
   *     in [0, 2]; null for a non-numeric feature or without such rows
   */
  public record Feature(String feature, long total, long mismatches, Double smape) {}
}

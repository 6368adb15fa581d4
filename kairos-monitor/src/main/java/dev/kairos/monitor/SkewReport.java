package dev.kairos.monitor;

import static java.util.Objects.requireNonNull;

import dev.kairos.api.monitor.SkewSummary;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The full outcome of a skew check (see docs/skew.md for each field's meaning).
 *
 * @param service the feature service
 * @param checkedAt when the check ran
 * @param from first request time (inclusive)
 * @param to last request time (exclusive)
 * @param rows logged rows compared
 * @param mismatches rows with at least one feature that disagrees for no known reason
 * @param late rows whose every disagreement is explained by events created after the request
 * @param hours per hour of request time, oldest first
 * @param features per feature, in service order
 */
public record SkewReport(
    String service,
    Instant checkedAt,
    Instant from,
    Instant to,
    long rows,
    long mismatches,
    long late,
    List<SkewSummary.Hour> hours,
    List<FeatureSkew> features) {
  public SkewReport {
    requireNonNull(service, "service");
    hours = List.copyOf(hours);
    features = List.copyOf(features);
  }

  /** {@code mismatches / rows}; 0 without rows. */
  public double mismatchRate() {
    return rows == 0 ? 0.0 : (double) mismatches / rows;
  }

  /** The part {@code GET /v1/skew} serves. */
  public SkewSummary summary() {
    return new SkewSummary(
        service,
        checkedAt,
        from,
        to,
        rows,
        mismatches,
        late,
        mismatchRate(),
        hours,
        features.stream()
            .map(f -> new SkewSummary.Feature(f.feature(), f.total(), f.mismatches(), f.smape()))
            .toList());
  }

  /**
   * One feature's comparison.
   *
   * @param feature {@code view__feature}
   * @param total rows that logged the feature
   * @param bothNull served and recomputed are both null
   * @param servedNullOnly served null, recomputed a value
   * @param recomputedNullOnly served a value, recomputed null
   * @param valueMismatches both values present and different beyond the tolerance
   * @param late disagreements explained by events created after the request
   * @param smape mean of {@code 2|s-r| / (|s|+|r|)} over rows with two numbers (0 when both are 0),
   *     null for other types or without such rows
   * @param diffPercentiles p1, p50 and p99 of {@code served - recomputed} over rows with two
   *     numbers; empty otherwise
   * @param examples a few rows of each kind of disagreement, keyed by kind
   */
  public record FeatureSkew(
      String feature,
      long total,
      long bothNull,
      long servedNullOnly,
      long recomputedNullOnly,
      long valueMismatches,
      long late,
      Double smape,
      Map<String, Double> diffPercentiles,
      Map<String, List<Example>> examples) {
    public FeatureSkew {
      diffPercentiles = Map.copyOf(diffPercentiles);
      examples = Map.copyOf(examples);
    }

    /** Disagreements that are skew: both kinds of one-sided nulls and value mismatches. */
    public long mismatches() {
      return servedNullOnly + recomputedNullOnly + valueMismatches;
    }
  }

  /** One disagreeing row: its keys, request time and both values as text (null for null). */
  public record Example(
      Map<String, String> entityKeys, Instant requestTime, String served, String recomputed) {}
}

package dev.kairos.monitor;

import dev.kairos.api.ValueType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Accumulates one feature's comparison of served against recomputed values. */
final class FeatureComparison {
  /** Relative tolerance for FLOAT and DOUBLE: |a-b| <= 1e-9 * max(1, |a|, |b|). */
  static final double TOLERANCE = 1e-9;

  static final int EXAMPLES = 3;

  /** How one row's pair of values compares. */
  enum Kind {
    EQUAL,
    BOTH_NULL,
    SERVED_NULL_ONLY,
    RECOMPUTED_NULL_ONLY,
    VALUE_MISMATCH;

    boolean disagrees() {
      return this != EQUAL && this != BOTH_NULL;
    }

    String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  private final String feature;
  private final ValueType type;
  private long total;
  private long bothNull;
  private long servedNullOnly;
  private long recomputedNullOnly;
  private long valueMismatches;
  private long late;
  private double smapeSum;
  private long numericPairs;
  private final List<Double> diffs = new ArrayList<>();
  private final Map<String, List<SkewReport.Example>> examples = new LinkedHashMap<>();

  FeatureComparison(String feature, ValueType type) {
    this.feature = feature;
    this.type = type;
  }

  static Kind compare(Object served, Object recomputed) {
    if (served == null && recomputed == null) {
      return Kind.BOTH_NULL;
    }
    if (served == null) {
      return Kind.SERVED_NULL_ONLY;
    }
    if (recomputed == null) {
      return Kind.RECOMPUTED_NULL_ONLY;
    }
    return same(served, recomputed) ? Kind.EQUAL : Kind.VALUE_MISMATCH;
  }

  static boolean same(Object a, Object b) {
    if ((a instanceof Double || a instanceof Float)
        && (b instanceof Double || b instanceof Float)) {
      double x = ((Number) a).doubleValue();
      double y = ((Number) b).doubleValue();
      if (Double.isNaN(x) || Double.isNaN(y)) {
        return Double.isNaN(x) && Double.isNaN(y);
      }
      return x == y
          || Math.abs(x - y) <= TOLERANCE * Math.max(1, Math.max(Math.abs(x), Math.abs(y)));
    }
    if (a instanceof byte[] x && b instanceof byte[] y) {
      return Arrays.equals(x, y);
    }
    return Objects.equals(a, b);
  }

  /**
   * Records one row.
   *
   * @param kind how served compares with the recomputed value
   * @param late the disagreement is explained by events created after the request
   */
  void add(
      Kind kind,
      boolean late,
      Object served,
      Object recomputed,
      Map<String, String> keys,
      Instant requestTime) {
    total++;
    if (kind == Kind.BOTH_NULL) {
      bothNull++;
    }
    if (served instanceof Number s && recomputed instanceof Number r) {
      double a = s.doubleValue();
      double b = r.doubleValue();
      if (Double.isFinite(a) && Double.isFinite(b)) {
        numericPairs++;
        double denominator = Math.abs(a) + Math.abs(b);
        smapeSum += denominator == 0 ? 0 : 2 * Math.abs(a - b) / denominator;
        diffs.add(a - b);
      }
    }
    if (!kind.disagrees()) {
      return;
    }
    if (late) {
      this.late++;
    } else {
      switch (kind) {
        case SERVED_NULL_ONLY -> servedNullOnly++;
        case RECOMPUTED_NULL_ONLY -> recomputedNullOnly++;
        default -> valueMismatches++;
      }
    }
    List<SkewReport.Example> list =
        examples.computeIfAbsent(late ? "late" : kind.label(), k -> new ArrayList<>());
    if (list.size() < EXAMPLES) {
      list.add(
          new SkewReport.Example(
              keys, requestTime, RowBuilder.text(served), RowBuilder.text(recomputed)));
    }
  }

  SkewReport.FeatureSkew result() {
    Map<String, Double> percentiles = new LinkedHashMap<>();
    if (!diffs.isEmpty()) {
      double[] sorted = diffs.stream().mapToDouble(Double::doubleValue).sorted().toArray();
      percentiles.put("p1", percentile(sorted, 0.01));
      percentiles.put("p50", percentile(sorted, 0.50));
      percentiles.put("p99", percentile(sorted, 0.99));
    }
    Double smape = numeric(type) && numericPairs > 0 ? smapeSum / numericPairs : null;
    return new SkewReport.FeatureSkew(
        feature,
        total,
        bothNull,
        servedNullOnly,
        recomputedNullOnly,
        valueMismatches,
        late,
        smape,
        percentiles,
        examples);
  }

  /** Nearest-rank percentile. */
  static double percentile(double[] sorted, double q) {
    int rank = (int) Math.ceil(q * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }

  static boolean numeric(ValueType t) {
    return t == ValueType.INT32
        || t == ValueType.INT64
        || t == ValueType.FLOAT
        || t == ValueType.DOUBLE;
  }
}

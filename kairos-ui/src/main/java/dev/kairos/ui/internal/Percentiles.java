package dev.kairos.ui.internal;

/** A quantile from cumulative bucket counts (Prometheus' {@code le} buckets). */
final class Percentiles {
  private Percentiles() {}

  /**
   * The {@code q} quantile of {@code n} values counted in cumulative buckets: {@code cumulative[i]}
   * values were at most {@code bounds[i]} (ascending). Interpolates linearly inside the bucket that
   * holds the rank (from 0 for the first); a rank beyond the last bucket answers its bound.
   *
   * @return the quantile in the unit of {@code bounds}, null when {@code n} is 0
   */
  static Double of(double[] bounds, double[] cumulative, long n, double q) {
    if (n <= 0 || bounds.length == 0) {
      return null;
    }
    double rank = q * n;
    double lowerBound = 0;
    double lowerCount = 0;
    for (int i = 0; i < bounds.length; i++) {
      double c = Math.min(cumulative[i], n);
      if (c >= rank && c > lowerCount) {
        double fraction = (rank - lowerCount) / (c - lowerCount);
        return lowerBound + (bounds[i] - lowerBound) * Math.max(0, Math.min(1, fraction));
      }
      lowerBound = bounds[i];
      lowerCount = Math.max(lowerCount, c);
    }
    return bounds[bounds.length - 1];
  }
}

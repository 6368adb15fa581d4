package dev.kairos.ml.eval;

/**
 * The confusion matrix at one threshold: how many rows of each class were predicted positive
 * ({@code score >= threshold}) or negative.
 *
 * @param tp positives predicted positive
 * @param fp negatives predicted positive
 * @param tn negatives predicted negative
 * @param fn positives predicted negative
 */
public record Confusion(long tp, long fp, long tn, long fn) {
  public Confusion {
    if (tp < 0 || fp < 0 || tn < 0 || fn < 0) {
      throw new IllegalArgumentException(
          "counts cannot be negative: tp=" + tp + ", fp=" + fp + ", tn=" + tn + ", fn=" + fn);
    }
  }

  /** All rows counted. */
  public long rows() {
    return tp + fp + tn + fn;
  }

  /** Rows whose label is 1. */
  public long positives() {
    return tp + fn;
  }

  /** Rows predicted positive. */
  public long predictedPositives() {
    return tp + fp;
  }

  /** {@code tp / (tp + fp)}, or 0 when nothing is predicted positive. */
  public double precision() {
    return ratio(tp, tp + fp);
  }

  /** {@code tp / (tp + fn)}, or 0 when there are no positives. */
  public double recall() {
    return ratio(tp, tp + fn);
  }

  /**
   * The harmonic mean of precision and recall, {@code 2tp / (2tp + fp + fn)}; 0 when precision and
   * recall are both 0 (so also when there are no positives and nothing is predicted positive).
   */
  public double f1() {
    return ratio(2 * tp, 2 * tp + fp + fn);
  }

  /** {@code (tp + tn) / rows}, or NaN when there are no rows. */
  public double accuracy() {
    return rows() == 0 ? Double.NaN : (double) (tp + tn) / rows();
  }

  private static double ratio(long num, long den) {
    return den == 0 ? 0 : (double) num / den;
  }
}

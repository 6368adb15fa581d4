package dev.kairos.ml.eval;

/**
 * One point of a curve swept over thresholds.
 *
 * @param threshold rows with {@code score >= threshold} are predicted positive; {@code +Infinity}
 *     for a curve's first point, where nothing is
 * @param x false positive rate on a ROC curve, recall on a precision-recall curve
 * @param y true positive rate (recall) on a ROC curve, precision on a precision-recall curve
 */
public record CurvePoint(double threshold, double x, double y) {
  public CurvePoint {
    if (Double.isNaN(threshold) || !(x >= 0 && x <= 1) || !(y >= 0 && y <= 1)) {
      throw new IllegalArgumentException(
          "a curve point has a threshold and x, y in [0, 1], was "
              + threshold
              + ", "
              + x
              + ", "
              + y);
    }
  }
}

package dev.kairos.ml.eval;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Exact ROC and precision-recall curves: one point per distinct score, taken as the threshold from
 * the highest down, after a first point at threshold {@code +Infinity}. {@link #thin} reduces a
 * curve for drawing; metrics are never computed from a thinned curve.
 */
public final class Curves {
  private Curves() {}

  /**
   * The ROC curve: x the false positive rate, y the true positive rate, from (0, 0) to (1, 1).
   * Joining the points with straight lines gives an area equal to {@link Evaluation#rocAuc}.
   *
   * @return the points, or an empty list when the rows hold only one class
   */
  public static List<CurvePoint> roc(float[] labels, double[] scores) {
    return roc(Sweep.of(labels, scores));
  }

  /**
   * The precision-recall curve: x recall, y precision, starting at (0, 1) and ending at recall 1.
   * As a step function (precision {@code y_n} on recall {@code (x_n-1, x_n]}) its area is {@link
   * Evaluation#averagePrecision}.
   *
   * @return the points, or an empty list when there are no positives
   */
  public static List<CurvePoint> precisionRecall(float[] labels, double[] scores) {
    return precisionRecall(Sweep.of(labels, scores));
  }

  /**
   * At most {@code max} points of {@code curve}, for drawing: the first and the last, and between
   * them points spread evenly along the curve's length (so steep stretches keep their points).
   *
   * @param max at least 2
   * @return {@code curve} itself when it has at most {@code max} points; otherwise a subsequence
   */
  public static List<CurvePoint> thin(List<CurvePoint> curve, int max) {
    if (max < 2) {
      throw new IllegalArgumentException("max must be at least 2, was " + max);
    }
    int n = curve.size();
    if (n <= max) {
      return curve;
    }
    double[] along = new double[n];
    for (int i = 1; i < n; i++) {
      CurvePoint a = curve.get(i - 1);
      CurvePoint b = curve.get(i);
      along[i] = along[i - 1] + Math.hypot(b.x() - a.x(), b.y() - a.y());
    }
    // Cut the length into max - 1 equal steps and keep the first point reached in each step after
    // the first: at most max - 2 points inside, none further than one step from a kept one.
    double step = along[n - 1] / (max - 1);
    List<CurvePoint> kept = new ArrayList<>(max);
    kept.add(curve.get(0));
    double next = step;
    for (int i = 1; i < n - 1 && kept.size() < max - 1; i++) {
      if (along[i] >= next) {
        kept.add(curve.get(i));
        next = (Math.floor(along[i] / step) + 1) * step;
      }
    }
    kept.add(curve.get(n - 1));
    return Collections.unmodifiableList(kept);
  }

  static List<CurvePoint> roc(Sweep s) {
    if (s.positives == 0 || s.negatives == 0) {
      return List.of();
    }
    List<CurvePoint> points = new ArrayList<>(s.size() + 1);
    points.add(new CurvePoint(Double.POSITIVE_INFINITY, 0, 0));
    for (int k = 0; k < s.size(); k++) {
      points.add(
          new CurvePoint(
              s.thresholds[k], (double) s.fp[k] / s.negatives, (double) s.tp[k] / s.positives));
    }
    return Collections.unmodifiableList(points);
  }

  static List<CurvePoint> precisionRecall(Sweep s) {
    if (s.positives == 0) {
      return List.of();
    }
    List<CurvePoint> points = new ArrayList<>(s.size() + 1);
    points.add(new CurvePoint(Double.POSITIVE_INFINITY, 0, 1));
    for (int k = 0; k < s.size(); k++) {
      points.add(
          new CurvePoint(
              s.thresholds[k],
              (double) s.tp[k] / s.positives,
              (double) s.tp[k] / (s.tp[k] + s.fp[k])));
    }
    return Collections.unmodifiableList(points);
  }
}

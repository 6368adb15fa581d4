package dev.kairos.ml.eval;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * A curve to draw, with the name the legend gives it and the area it reports.
 *
 * @param name the model or baseline, e.g. {@code fraud-xgb} or {@code amount only}
 * @param points the curve, in drawing order
 * @param area the area under it shown in the legend (ROC AUC or average precision); NaN when
 *     undefined
 */
public record NamedCurve(String name, List<CurvePoint> points, double area) {
  public NamedCurve {
    requireNonNull(name, "name");
    points = List.copyOf(points);
  }

  /** The ROC curve of these rows, named, with its {@linkplain Evaluation#rocAuc AUC}. */
  public static NamedCurve roc(String name, float[] labels, double[] scores) {
    Sweep s = Sweep.of(labels, scores);
    return new NamedCurve(name, Curves.roc(s), Evaluation.rocAuc(s));
  }

  /**
   * The precision-recall curve of these rows, named, with its {@linkplain
   * Evaluation#averagePrecision average precision}.
   */
  public static NamedCurve precisionRecall(String name, float[] labels, double[] scores) {
    Sweep s = Sweep.of(labels, scores);
    return new NamedCurve(name, Curves.precisionRecall(s), Evaluation.averagePrecision(s));
  }
}

package dev.kairos.ml.eval;

/**
 * Metrics of a binary classifier from labels and scores. Inputs and degenerate cases are described
 * in the {@linkplain dev.kairos.ml.eval package documentation}; every method checks its inputs the
 * same way.
 */
public final class Evaluation {
  /** The clipping bound for log loss. */
  public static final double LOG_LOSS_EPS = 1e-15;

  private Evaluation() {}

  /**
   * Every metric at once.
   *
   * @param threshold the decision threshold: a row is predicted positive when {@code score >=
   *     threshold}; any non-NaN value
   */
  public static BinaryMetrics evaluate(float[] labels, double[] scores, double threshold) {
    Sweep sweep = Sweep.of(labels, scores);
    return new BinaryMetrics(
        sweep.rows(),
        sweep.positives,
        rocAuc(sweep),
        averagePrecision(sweep),
        logLoss(labels, scores),
        threshold,
        confusion(labels, scores, threshold));
  }

  /**
   * The exact ROC AUC: the fraction of (positive, negative) pairs where the positive scores higher,
   * a tie counting one half (the Mann-Whitney U statistic over {@code positives * negatives}).
   *
   * @return a value in [0, 1], or NaN when the rows hold only one class
   */
  public static double rocAuc(float[] labels, double[] scores) {
    return rocAuc(Sweep.of(labels, scores));
  }

  /**
   * Average precision, scikit-learn's definition of the area under the precision-recall curve:
   * {@code sum_n (R_n - R_{n-1}) * P_n} over the distinct scores taken as thresholds from the
   * highest down, with {@code R_0 = 0}. No interpolation.
   *
   * @return a value in (0, 1], or NaN when there are no positives
   */
  public static double averagePrecision(float[] labels, double[] scores) {
    return averagePrecision(Sweep.of(labels, scores));
  }

  /**
   * Mean negative log-likelihood (natural log): {@code -mean(log q)} where {@code q} is the
   * probability the score gives the row's true class ({@code score} for a positive, {@code 1 -
   * score} for a negative), clipped to [{@link #LOG_LOSS_EPS}, 1 - {@link #LOG_LOSS_EPS}].
   */
  public static double logLoss(float[] labels, double[] scores) {
    Sweep.check(labels, scores);
    double sum = 0;
    for (int r = 0; r < labels.length; r++) {
      double q = labels[r] == 1f ? scores[r] : 1 - scores[r];
      sum -= Math.log(Math.min(Math.max(q, LOG_LOSS_EPS), 1 - LOG_LOSS_EPS));
    }
    return sum / labels.length;
  }

  /**
   * The confusion matrix of the decisions {@code score >= threshold}.
   *
   * @throws IllegalArgumentException when {@code threshold} is NaN
   */
  public static Confusion confusion(float[] labels, double[] scores, double threshold) {
    if (Double.isNaN(threshold)) {
      throw new IllegalArgumentException("the threshold is NaN");
    }
    Sweep.check(labels, scores);
    long tp = 0;
    long fp = 0;
    long tn = 0;
    long fn = 0;
    for (int r = 0; r < labels.length; r++) {
      boolean flagged = scores[r] >= threshold;
      if (labels[r] == 1f) {
        if (flagged) {
          tp++;
        } else {
          fn++;
        }
      } else if (flagged) {
        fp++;
      } else {
        tn++;
      }
    }
    return new Confusion(tp, fp, tn, fn);
  }

  static double rocAuc(Sweep s) {
    if (s.positives == 0 || s.negatives == 0) {
      return Double.NaN;
    }
    // Twice the U statistic, so ties' halves stay integers.
    long twiceU = 0;
    long prevTp = 0;
    long prevFp = 0;
    for (int k = 0; k < s.size(); k++) {
      long posHere = s.tp[k] - prevTp;
      long negHere = s.fp[k] - prevFp;
      long negBelow = s.negatives - s.fp[k];
      twiceU += posHere * (2 * negBelow + negHere);
      prevTp = s.tp[k];
      prevFp = s.fp[k];
    }
    return twiceU / (2.0 * s.positives * s.negatives);
  }

  static double averagePrecision(Sweep s) {
    if (s.positives == 0) {
      return Double.NaN;
    }
    double ap = 0;
    long prevTp = 0;
    for (int k = 0; k < s.size(); k++) {
      if (s.tp[k] > prevTp) {
        double recallGain = (double) (s.tp[k] - prevTp) / s.positives;
        ap += recallGain * s.tp[k] / (s.tp[k] + s.fp[k]);
        prevTp = s.tp[k];
      }
    }
    return ap;
  }
}

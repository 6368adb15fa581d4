package dev.kairos.ml.eval;

import dev.kairos.api.KairosException;
import java.util.Arrays;

/**
 * Rows grouped by distinct score, from the highest score down, with the cumulative counts of
 * positives and negatives scored at or above each: everything that depends on thresholds is read
 * from here, so every metric, curve and rule agrees on the same counts.
 */
final class Sweep {
  /** The distinct scores, strictly descending. */
  final double[] thresholds;

  /** {@code tp[k]}: positives with score >= {@code thresholds[k]}. */
  final long[] tp;

  /** {@code fp[k]}: negatives with score >= {@code thresholds[k]}. */
  final long[] fp;

  final long positives;
  final long negatives;

  private Sweep(double[] thresholds, long[] tp, long[] fp, long positives, long negatives) {
    this.thresholds = thresholds;
    this.tp = tp;
    this.fp = fp;
    this.positives = positives;
    this.negatives = negatives;
  }

  static Sweep of(float[] labels, double[] scores) {
    int positives = check(labels, scores);
    double[] pos = new double[positives];
    double[] neg = new double[labels.length - positives];
    for (int r = 0, p = 0, n = 0; r < labels.length; r++) {
      if (labels[r] == 1f) {
        pos[p++] = scores[r];
      } else {
        neg[n++] = scores[r];
      }
    }
    Arrays.sort(pos);
    Arrays.sort(neg);
    double[] thresholds = new double[labels.length];
    long[] tp = new long[labels.length];
    long[] fp = new long[labels.length];
    int groups = 0;
    long tps = 0;
    long fps = 0;
    // Merge both ascending arrays from their ends; == also groups -0.0 with 0.0.
    for (int i = pos.length - 1, j = neg.length - 1; i >= 0 || j >= 0; groups++) {
      double t =
          Math.max(
              i >= 0 ? pos[i] : Double.NEGATIVE_INFINITY,
              j >= 0 ? neg[j] : Double.NEGATIVE_INFINITY);
      for (; i >= 0 && pos[i] == t; i--) {
        tps++;
      }
      for (; j >= 0 && neg[j] == t; j--) {
        fps++;
      }
      thresholds[groups] = t;
      tp[groups] = tps;
      fp[groups] = fps;
    }
    return new Sweep(
        Arrays.copyOf(thresholds, groups),
        Arrays.copyOf(tp, groups),
        Arrays.copyOf(fp, groups),
        pos.length,
        neg.length);
  }

  int size() {
    return thresholds.length;
  }

  long rows() {
    return positives + negatives;
  }

  /**
   * Validates the inputs every public method takes and counts the positives.
   *
   * @throws IllegalArgumentException when the arrays differ in length
   * @throws KairosException USER when there are no rows, or a label or score is out of its domain
   */
  static int check(float[] labels, double[] scores) {
    if (labels.length != scores.length) {
      throw new IllegalArgumentException(
          "labels and scores differ in length: " + labels.length + " vs " + scores.length);
    }
    if (labels.length == 0) {
      throw KairosException.user("no rows to evaluate: labels and scores are empty");
    }
    int positives = 0;
    for (int r = 0; r < labels.length; r++) {
      if (labels[r] == 1f) {
        positives++;
      } else if (labels[r] != 0f) {
        throw KairosException.user(
            "the label of row " + r + " is " + labels[r] + "; labels are 0 or 1");
      }
      if (!(scores[r] >= 0 && scores[r] <= 1)) {
        throw KairosException.user(
            "the score of row " + r + " is " + scores[r] + "; scores are probabilities in [0, 1]");
      }
    }
    return positives;
  }
}

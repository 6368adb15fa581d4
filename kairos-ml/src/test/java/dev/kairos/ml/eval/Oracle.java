package dev.kairos.ml.eval;

import java.util.Arrays;

/**
 * The metrics written straight from their definitions, as slowly as that takes: pairs for ROC AUC,
 * every threshold recounted from scratch for the rest.
 */
final class Oracle {
  private Oracle() {}

  static double rocAuc(float[] labels, double[] scores) {
    double correct = 0;
    long pairs = 0;
    for (int i = 0; i < labels.length; i++) {
      for (int j = 0; j < labels.length; j++) {
        if (labels[i] == 1f && labels[j] == 0f) {
          pairs++;
          correct += scores[i] > scores[j] ? 1 : scores[i] == scores[j] ? 0.5 : 0;
        }
      }
    }
    return pairs == 0 ? Double.NaN : correct / pairs;
  }

  /** The distinct scores, highest first. */
  static double[] thresholds(double[] scores) {
    double[] t = Arrays.stream(scores).distinct().sorted().toArray();
    for (int i = 0; i < t.length / 2; i++) {
      double x = t[i];
      t[i] = t[t.length - 1 - i];
      t[t.length - 1 - i] = x;
    }
    return t;
  }

  static Confusion confusion(float[] labels, double[] scores, double threshold) {
    long tp = 0, fp = 0, tn = 0, fn = 0;
    for (int i = 0; i < labels.length; i++) {
      boolean flagged = scores[i] >= threshold;
      boolean positive = labels[i] == 1f;
      if (flagged && positive) tp++;
      if (flagged && !positive) fp++;
      if (!flagged && !positive) tn++;
      if (!flagged && positive) fn++;
    }
    return new Confusion(tp, fp, tn, fn);
  }

  static double precision(float[] labels, double[] scores, double t) {
    Confusion c = confusion(labels, scores, t);
    return c.tp() + c.fp() == 0 ? 0 : (double) c.tp() / (c.tp() + c.fp());
  }

  static double recall(float[] labels, double[] scores, double t) {
    Confusion c = confusion(labels, scores, t);
    return c.tp() + c.fn() == 0 ? 0 : (double) c.tp() / (c.tp() + c.fn());
  }

  static double f1(float[] labels, double[] scores, double t) {
    double p = precision(labels, scores, t);
    double r = recall(labels, scores, t);
    return p + r == 0 ? 0 : 2 * p * r / (p + r);
  }

  static double averagePrecision(float[] labels, double[] scores) {
    if (positives(labels) == 0) {
      return Double.NaN;
    }
    double ap = 0;
    double previousRecall = 0;
    for (double t : thresholds(scores)) {
      double r = recall(labels, scores, t);
      ap += (r - previousRecall) * precision(labels, scores, t);
      previousRecall = r;
    }
    return ap;
  }

  static double logLoss(float[] labels, double[] scores) {
    double sum = 0;
    for (int i = 0; i < labels.length; i++) {
      double q = labels[i] == 1f ? scores[i] : 1 - scores[i];
      q = Math.max(1e-15, Math.min(1 - 1e-15, q));
      sum += -Math.log(q);
    }
    return sum / labels.length;
  }

  static long positives(float[] labels) {
    long p = 0;
    for (float l : labels) {
      if (l == 1f) p++;
    }
    return p;
  }
}

package dev.kairos.ml.eval;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How well scores separate the classes of one data set, from {@link Evaluation#evaluate}. The
 * threshold-free metrics ({@code rocAuc}, {@code averagePrecision}, {@code logLoss}) judge the
 * scores; the others judge the decisions {@code score >= threshold}. See the package documentation
 * for when a value is NaN or 0.
 *
 * @param rows rows evaluated, at least 1
 * @param positives rows whose label is 1
 * @param rocAuc area under the ROC curve: the probability that a random positive scores above a
 *     random negative, ties counting one half; NaN when one class is absent
 * @param averagePrecision area under the precision-recall curve as average precision, {@code sum
 *     over distinct thresholds of (R_n - R_n-1) * P_n}; NaN when there are no positives
 * @param logLoss mean negative log-likelihood (natural log) of the labels, probabilities clipped to
 *     [1e-15, 1 - 1e-15]
 * @param threshold the decision threshold the confusion matrix was counted at
 * @param confusion the confusion matrix at {@code threshold}
 */
public record BinaryMetrics(
    long rows,
    long positives,
    double rocAuc,
    double averagePrecision,
    double logLoss,
    double threshold,
    Confusion confusion) {
  public BinaryMetrics {
    requireNonNull(confusion, "confusion");
    if (rows < 1 || positives < 0 || positives > rows) {
      throw new IllegalArgumentException(
          "need 1 or more rows and 0 to rows positives, was rows="
              + rows
              + ", positives="
              + positives);
    }
    if (confusion.rows() != rows || confusion.positives() != positives) {
      throw new IllegalArgumentException(
          "the confusion matrix "
              + confusion
              + " does not count "
              + rows
              + " rows, "
              + positives
              + " positive");
    }
  }

  /** Precision at {@link #threshold}; see {@link Confusion#precision()}. */
  public double precision() {
    return confusion.precision();
  }

  /** Recall at {@link #threshold}; see {@link Confusion#recall()}. */
  public double recall() {
    return confusion.recall();
  }

  /** F1 at {@link #threshold}; see {@link Confusion#f1()}. */
  public double f1() {
    return confusion.f1();
  }

  /** Accuracy at {@link #threshold}. */
  public double accuracy() {
    return confusion.accuracy();
  }

  /**
   * The metrics by name, for a run's metrics: {@code <prefix>.rows}, {@code .positives}, {@code
   * .roc_auc}, {@code .pr_auc}, {@code .log_loss}, {@code .threshold}, {@code .precision}, {@code
   * .recall}, {@code .f1}, {@code .accuracy}, {@code .tp}, {@code .fp}, {@code .tn}, {@code .fn},
   * in that order.
   *
   * @param prefix the data set, e.g. {@code test}
   */
  public Map<String, Double> toMetrics(String prefix) {
    requireNonNull(prefix, "prefix");
    Map<String, Double> m = new LinkedHashMap<>();
    m.put(prefix + ".rows", (double) rows);
    m.put(prefix + ".positives", (double) positives);
    m.put(prefix + ".roc_auc", rocAuc);
    m.put(prefix + ".pr_auc", averagePrecision);
    m.put(prefix + ".log_loss", logLoss);
    m.put(prefix + ".threshold", threshold);
    m.put(prefix + ".precision", precision());
    m.put(prefix + ".recall", recall());
    m.put(prefix + ".f1", f1());
    m.put(prefix + ".accuracy", accuracy());
    m.put(prefix + ".tp", (double) confusion.tp());
    m.put(prefix + ".fp", (double) confusion.fp());
    m.put(prefix + ".tn", (double) confusion.tn());
    m.put(prefix + ".fn", (double) confusion.fn());
    return Collections.unmodifiableMap(m);
  }
}

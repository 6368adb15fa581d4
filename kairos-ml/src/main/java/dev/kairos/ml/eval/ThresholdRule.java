package dev.kairos.ml.eval;

import static java.util.Objects.requireNonNull;

import dev.kairos.api.ErrorKind;
import dev.kairos.api.KairosException;

/**
 * How a model's decision threshold is chosen from validation labels and scores. A row is flagged
 * when {@code score >= threshold}; the data-driven rules consider only the distinct validation
 * scores as candidate thresholds, so the chosen threshold is always one of them.
 *
 * <p>Text forms, as {@link #parse} reads them and {@link #toString()} writes them:
 *
 * <ul>
 *   <li>{@code best-f1} (the default): the threshold maximising F1; among equal F1, the highest.
 *   <li>{@code precision:P}, P in (0, 1]: the lowest threshold whose precision is at least P (the
 *       most recall at that precision). Fails when no threshold reaches P, naming the best
 *       precision reached.
 *   <li>{@code recall:R}, R in (0, 1]: the highest threshold whose recall is at least R (the fewest
 *       flagged rows at that recall). The lowest score always reaches recall 1.
 *   <li>{@code fixed:T}, T in [0, 1]: T, whatever the data.
 * </ul>
 *
 * <p>Every rule checks its inputs as {@link Evaluation} does; all but {@code fixed} fail with a
 * USER {@link KairosException} when the validation rows hold no positive.
 */
public sealed interface ThresholdRule
    permits ThresholdRule.BestF1,
        ThresholdRule.MinPrecision,
        ThresholdRule.MinRecall,
        ThresholdRule.Fixed {

  /** What {@link #parse} accepts, as its error messages say it. */
  String ACCEPTED_FORMS =
      "accepted forms: best-f1 (the default), precision:P or recall:R with P, R in (0, 1],"
          + " fixed:T with T in [0, 1]";

  /**
   * The threshold this rule picks on the given validation rows.
   *
   * @throws KairosException USER when the rule cannot be met (see the forms above) or the inputs
   *     are bad data
   */
  double choose(float[] labels, double[] scores);

  /** The default rule, {@code best-f1}. */
  static ThresholdRule bestF1() {
    return new BestF1();
  }

  /**
   * Reads a rule from its text form (surrounding spaces ignored). {@code parse(rule.toString())}
   * equals {@code rule}.
   *
   * @throws KairosException USER naming the text and listing the {@linkplain #ACCEPTED_FORMS
   *     accepted forms} when it is not one of them or its number is out of range
   */
  static ThresholdRule parse(String text) {
    String t = requireNonNull(text, "text").strip();
    if (t.equals("best-f1")) {
      return new BestF1();
    }
    int colon = t.indexOf(':');
    String kind = colon < 0 ? t : t.substring(0, colon);
    if (colon < 0 || !(kind.equals("precision") || kind.equals("recall") || kind.equals("fixed"))) {
      throw KairosException.user("unknown threshold rule \"" + t + "\"; " + ACCEPTED_FORMS);
    }
    String number = t.substring(colon + 1);
    if (!Rules.NUMBER.matcher(number).matches()) {
      throw KairosException.user(
          "bad threshold rule \""
              + t
              + "\": \""
              + number
              + "\" is not a number; "
              + ACCEPTED_FORMS);
    }
    double value = Double.parseDouble(number);
    try {
      return switch (kind) {
        case "precision" -> new MinPrecision(value);
        case "recall" -> new MinRecall(value);
        default -> new Fixed(value);
      };
    } catch (IllegalArgumentException e) {
      throw new KairosException(
          ErrorKind.USER,
          "bad threshold rule \"" + t + "\": " + e.getMessage() + "; " + ACCEPTED_FORMS,
          e);
    }
  }

  /** {@code best-f1}: the threshold with the highest F1; the highest such threshold on ties. */
  record BestF1() implements ThresholdRule {
    @Override
    public double choose(float[] labels, double[] scores) {
      Sweep s = Rules.withPositives(this, labels, scores);
      int best = 0;
      double bestF1 = -1;
      for (int k = 0; k < s.size(); k++) {
        // F1 = 2tp / (2tp + fp + fn) with fn = positives - tp.
        double f1 = 2.0 * s.tp[k] / (s.tp[k] + s.fp[k] + s.positives);
        if (f1 > bestF1) {
          bestF1 = f1;
          best = k;
        }
      }
      return s.thresholds[best];
    }

    @Override
    public String toString() {
      return "best-f1";
    }
  }

  /**
   * {@code precision:P}: the lowest threshold whose precision is at least {@code target}.
   *
   * @param target P, in (0, 1]
   */
  record MinPrecision(double target) implements ThresholdRule {
    public MinPrecision {
      Rules.requireTarget("precision", target);
    }

    @Override
    public double choose(float[] labels, double[] scores) {
      Sweep s = Rules.withPositives(this, labels, scores);
      int best = 0;
      for (int k = s.size() - 1; k >= 0; k--) {
        if (precision(s, k) >= target) {
          return s.thresholds[k];
        }
        if (precision(s, k) > precision(s, best)) {
          best = k;
        }
      }
      throw KairosException.user(
          "no threshold reaches precision "
              + target
              + " on the "
              + s.rows()
              + " validation rows ("
              + s.positives
              + " positive); the best precision reached is "
              + Rules.format(precision(s, best))
              + ", at threshold "
              + Rules.format(s.thresholds[best]));
    }

    private static double precision(Sweep s, int k) {
      return (double) s.tp[k] / (s.tp[k] + s.fp[k]);
    }

    @Override
    public String toString() {
      return "precision:" + target;
    }
  }

  /**
   * {@code recall:R}: the highest threshold whose recall is at least {@code target}.
   *
   * @param target R, in (0, 1]
   */
  record MinRecall(double target) implements ThresholdRule {
    public MinRecall {
      Rules.requireTarget("recall", target);
    }

    @Override
    public double choose(float[] labels, double[] scores) {
      Sweep s = Rules.withPositives(this, labels, scores);
      for (int k = 0; k < s.size(); k++) {
        if ((double) s.tp[k] / s.positives >= target) {
          return s.thresholds[k];
        }
      }
      throw new AssertionError("the lowest score has recall 1");
    }

    @Override
    public String toString() {
      return "recall:" + target;
    }
  }

  /**
   * {@code fixed:T}: always {@code threshold}.
   *
   * @param threshold T, in [0, 1]
   */
  record Fixed(double threshold) implements ThresholdRule {
    public Fixed {
      if (!(threshold >= 0 && threshold <= 1)) {
        throw new IllegalArgumentException("the threshold must be in [0, 1], was " + threshold);
      }
    }

    @Override
    public double choose(float[] labels, double[] scores) {
      Sweep.check(labels, scores);
      return threshold;
    }

    @Override
    public String toString() {
      return "fixed:" + threshold;
    }
  }
}

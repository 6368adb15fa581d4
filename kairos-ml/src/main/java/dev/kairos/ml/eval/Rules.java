package dev.kairos.ml.eval;

import dev.kairos.api.KairosException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.regex.Pattern;

/** Helpers of {@link ThresholdRule}, kept off its public surface. */
final class Rules {
  /** Plain decimals, optionally with an exponent: what {@link Double#toString} writes, no more. */
  static final Pattern NUMBER = Pattern.compile("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?");

  private Rules() {}

  static void requireTarget(String what, double target) {
    if (!(target > 0 && target <= 1)) {
      throw new IllegalArgumentException(
          "the " + what + " target must be in (0, 1], was " + target);
    }
  }

  static Sweep withPositives(ThresholdRule rule, float[] labels, double[] scores) {
    Sweep s = Sweep.of(labels, scores);
    if (s.positives == 0) {
      throw KairosException.user(
          "threshold rule "
              + rule
              + " needs at least one positive label; the "
              + s.rows()
              + " validation rows have none");
    }
    return s;
  }

  /** At most four decimals, trailing zeros dropped: for messages. */
  static String format(double x) {
    return new BigDecimal(x)
        .setScale(4, RoundingMode.HALF_EVEN)
        .stripTrailingZeros()
        .toPlainString();
  }
}

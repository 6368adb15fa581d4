package dev.kairos.ml.train;

import dev.kairos.api.KairosException;
import dev.kairos.core.io.ValueText;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;

/**
 * Splits a training set by event time into train, validation and test, never at random: every
 * validation row is at or after the last training row's time, every test row at or after the last
 * validation row's, so the reported test metrics are those of a model scoring the future.
 *
 * <p>Written {@code --split 0.7,0.15,0.15} (the default: fractions of the rows, by time) or {@code
 * --split 2026-01-20T00:00:00Z,2026-01-25T00:00:00Z} (two cut times: train before the first,
 * validation before the second, test from the second on). With fractions, the cut times are the
 * event times of the rows at those fractions of the time-sorted rows, and rows sharing a cut time
 * all go to the later split.
 *
 * @param text the split as written
 */
public record TimeSplit(
    String text,
    double trainFraction,
    double validationFraction,
    Instant validationFrom,
    Instant testFrom) {
  public static final String DEFAULT = "0.7,0.15,0.15";

  /** Which split each row goes to. */
  public enum Part {
    TRAIN,
    VALIDATION,
    TEST;

    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * Parses {@code --split}.
   *
   * @throws KairosException USER with the accepted forms
   */
  public static TimeSplit parse(String text) {
    String[] parts = text.split(",", -1);
    try {
      if (parts.length == 3) {
        double a = Double.parseDouble(parts[0].trim());
        double b = Double.parseDouble(parts[1].trim());
        double c = Double.parseDouble(parts[2].trim());
        if (a <= 0 || b <= 0 || c <= 0 || Math.abs(a + b + c - 1) > 1e-9) {
          throw bad(text, "the three fractions must be positive and add up to 1");
        }
        return new TimeSplit(text, a, b, null, null);
      }
      if (parts.length == 2) {
        Instant v = time(text, parts[0].trim());
        Instant t = time(text, parts[1].trim());
        if (!v.isBefore(t)) {
          throw bad(text, "the validation cut must come before the test cut");
        }
        return new TimeSplit(text, Double.NaN, Double.NaN, v, t);
      }
    } catch (RuntimeException e) {
      if (e instanceof KairosException k) {
        throw k;
      }
      throw bad(text, e.getMessage());
    }
    throw bad(text, "give three fractions or two times");
  }

  private static Instant time(String text, String part) {
    try {
      return ValueText.parseTimestamp(part);
    } catch (RuntimeException e) {
      throw bad(text, "'" + part + "' is not a time");
    }
  }

  private static KairosException bad(String text, String why) {
    return KairosException.user(
        "--split '"
            + text
            + "': "
            + why
            + "; write train,validation,test fractions of the rows by time (default "
            + DEFAULT
            + ") or two cut times VALIDATION_FROM,TEST_FROM such as"
            + " 2026-01-20T00:00:00Z,2026-01-25T00:00:00Z");
  }

  /** Assigns each row, given the rows' event times. */
  public Part[] assign(Instant[] times) {
    Instant v = validationFrom;
    Instant t = testFrom;
    if (v == null) {
      Instant[] sorted = times.clone();
      Arrays.sort(sorted);
      int n = sorted.length;
      v = sorted[Math.min(n - 1, (int) Math.floor(n * trainFraction))];
      t = sorted[Math.min(n - 1, (int) Math.floor(n * (trainFraction + validationFraction)))];
    }
    Part[] out = new Part[times.length];
    for (int i = 0; i < times.length; i++) {
      out[i] =
          times[i].isBefore(v) ? Part.TRAIN : times[i].isBefore(t) ? Part.VALIDATION : Part.TEST;
    }
    return out;
  }
}

package dev.kairos.core.definitions;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * TTL text: {@code 0} (no limit) or a sum of whole units, largest first: {@code 90s}, {@code 30m},
 * {@code 36h}, {@code 7d}, {@code 1d12h}.
 */
public final class Ttl {
  private static final Pattern SYNTAX =
      Pattern.compile("(?:(\\d+)d)?(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?");

  private Ttl() {}

  /** Parses TTL text; empty when it is malformed. */
  public static Optional<Duration> parse(String text) {
    String t = text.trim();
    if (t.equals("0")) {
      return Optional.of(Duration.ZERO);
    }
    Matcher m = SYNTAX.matcher(t);
    if (t.isEmpty() || !m.matches()) {
      return Optional.empty();
    }
    try {
      Duration d =
          Duration.ofDays(group(m, 1))
              .plusHours(group(m, 2))
              .plusMinutes(group(m, 3))
              .plusSeconds(group(m, 4));
      return Optional.of(d);
    } catch (ArithmeticException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  /**
   * The shortest text {@link #parse} reads back as {@code ttl}, e.g. {@code 1d12h}; "0" for none.
   */
  public static String format(Duration ttl) {
    if (ttl.isZero()) {
      return "0";
    }
    StringBuilder out = new StringBuilder();
    append(out, ttl.toDays(), "d");
    append(out, ttl.toHoursPart(), "h");
    append(out, ttl.toMinutesPart(), "m");
    append(out, ttl.toSecondsPart(), "s");
    return out.toString();
  }

  private static void append(StringBuilder out, long value, String unit) {
    if (value > 0) {
      out.append(value).append(unit);
    }
  }

  private static long group(Matcher m, int i) {
    return m.group(i) == null ? 0 : Long.parseLong(m.group(i));
  }
}

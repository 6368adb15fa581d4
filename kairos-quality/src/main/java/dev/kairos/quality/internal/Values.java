package dev.kairos.quality.internal;

import dev.kairos.core.io.FastTimestamp;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * Interprets cell values. CSV cells arrive as text, Parquet cells typed; both go through here so
 * that an expectation behaves the same whatever the file format.
 */
public final class Values {
  private Values() {}

  /** Null and the empty string are missing, as in pandas' CSV reader. */
  public static boolean isMissing(Object v) {
    return v == null || (v instanceof String s && s.isEmpty());
  }

  /** The value as a double, or NaN when it is not a number (NaN never compares true). */
  public static double number(Object v) {
    if (v instanceof Number n) {
      return n.doubleValue();
    }
    if (v instanceof String s) {
      return parseNumber(s);
    }
    return Double.NaN;
  }

  static double parseNumber(String s) {
    double fast = fastDecimal(s);
    if (!Double.isNaN(fast)) {
      return fast;
    }
    if (!looksNumeric(s)) {
      return Double.NaN;
    }
    try {
      double d = Double.parseDouble(s);
      return Double.isFinite(d) ? d : Double.NaN;
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }

  // Double.parseDouble accepts "NaN", "Infinity", hex floats and a trailing 'd'/'f': none of those
  // is a number in a CSV file, so only digits, sign, dot and exponent may reach it.
  private static boolean looksNumeric(String s) {
    if (s.isEmpty()) {
      return false;
    }
    boolean digit = false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= '0' && c <= '9') {
        digit = true;
      } else if (c != '-' && c != '+' && c != '.' && c != 'e' && c != 'E') {
        return false;
      }
    }
    return digit;
  }

  // Plain decimals with few digits are exact when computed as long / power of ten; this avoids
  // the general parser on the hot path.
  private static double fastDecimal(String s) {
    int n = s.length();
    if (n == 0 || n > 15) {
      return Double.NaN;
    }
    int i = 0;
    boolean negative = false;
    if (s.charAt(0) == '-') {
      negative = true;
      i = 1;
    }
    long mantissa = 0;
    int digits = 0;
    int scale = -1;
    for (; i < n; i++) {
      char c = s.charAt(i);
      if (c >= '0' && c <= '9') {
        mantissa = mantissa * 10 + (c - '0');
        digits++;
        if (scale >= 0) {
          scale++;
        }
      } else if (c == '.' && scale < 0) {
        scale = 0;
      } else {
        return Double.NaN;
      }
    }
    if (digits == 0 || scale == 0 || scale > 9) {
      return Double.NaN;
    }
    double d = scale > 0 ? mantissa / POW10[scale] : mantissa;
    return negative ? -d : d;
  }

  private static final double[] POW10 = {1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9};

  /**
   * True when the value is an integer: a whole Java number or text of an optional sign and digits.
   */
  public static boolean isInteger(Object v) {
    if (v instanceof Byte || v instanceof Short || v instanceof Integer || v instanceof Long) {
      return true;
    }
    if (v instanceof java.math.BigInteger) {
      return true;
    }
    if (!(v instanceof String s) || s.isEmpty() || s.length() > 19) {
      return false;
    }
    int start = s.charAt(0) == '-' || s.charAt(0) == '+' ? 1 : 0;
    if (start == s.length()) {
      return false;
    }
    for (int i = start; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  /** True for any finite number, integers included. */
  public static boolean isNumber(Object v) {
    return !Double.isNaN(number(v));
  }

  /** True for booleans and the texts true/false (any case). */
  public static boolean isBoolean(Object v) {
    return v instanceof Boolean
        || (v instanceof String s && (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false")));
  }

  /** True for timestamps and text that parses as one (see {@link #epochMicros}). */
  public static boolean isTimestamp(Object v) {
    return epochMicros(v) != Long.MIN_VALUE;
  }

  /**
   * The value as microseconds since the epoch, or {@link Long#MIN_VALUE} when it is not a
   * timestamp. Text may be an ISO-8601 instant or date-time with an offset, or a local date-time
   * (with 'T' or a space) or a date, both read as UTC.
   */
  public static long epochMicros(Object v) {
    if (v instanceof Instant i) {
      return micros(i);
    }
    if (v instanceof java.sql.Timestamp t) {
      return micros(t.toInstant());
    }
    if (v instanceof OffsetDateTime o) {
      return micros(o.toInstant());
    }
    if (v instanceof LocalDateTime l) {
      return micros(l.toInstant(ZoneOffset.UTC));
    }
    if (v instanceof LocalDate d) {
      return micros(d.atStartOfDay(ZoneOffset.UTC).toInstant());
    }
    if (v instanceof String s) {
      long fast = FastTimestamp.parse(s);
      return fast != Long.MIN_VALUE ? fast : slowTimestamp(s);
    }
    return Long.MIN_VALUE;
  }

  private static long slowTimestamp(String s) {
    String t = s.trim().replace(' ', 'T');
    try {
      return micros(OffsetDateTime.parse(t).toInstant());
    } catch (DateTimeParseException e) {
      // not an offset date-time; try the next form
    }
    try {
      return micros(LocalDateTime.parse(t).toInstant(ZoneOffset.UTC));
    } catch (DateTimeParseException e) {
      // not a local date-time either
    }
    try {
      return micros(LocalDate.parse(t).atStartOfDay(ZoneOffset.UTC).toInstant());
    } catch (DateTimeParseException e) {
      return Long.MIN_VALUE;
    }
  }

  public static long micros(Instant i) {
    return Math.addExact(Math.multiplyExact(i.getEpochSecond(), 1_000_000L), i.getNano() / 1000);
  }

  public static Instant instant(long micros) {
    return Instant.ofEpochSecond(
        Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000);
  }

  /** Text for messages and value sets: numbers without a needless ".0", the rest as written. */
  public static String text(Object v) {
    if (v == null) {
      return "null";
    }
    if (v instanceof Double || v instanceof Float || v instanceof BigDecimal) {
      BigDecimal d = new BigDecimal(v.toString()).stripTrailingZeros();
      return d.scale() < 0 ? d.setScale(0).toPlainString() : d.toPlainString();
    }
    if (v instanceof byte[] b) {
      return "<" + b.length + " bytes>";
    }
    return v.toString();
  }
}

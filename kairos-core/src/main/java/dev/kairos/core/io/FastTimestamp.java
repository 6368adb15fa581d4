package dev.kairos.core.io;

/**
 * Parses the common timestamp layout {@code yyyy-MM-dd[T ]HH:mm:ss[.fraction][Z|±hh:mm]} without
 * allocating; java.time is about twenty times slower and would dominate ingestion and validation
 * time. Digits after the sixth fraction digit are dropped. Text in any other layout (or an invalid
 * date or time) gives {@link Long#MIN_VALUE}, so callers fall back to java.time for the rare forms
 * and for the error message.
 */
public final class FastTimestamp {
  /** What {@link #parse} returns for text it does not read. */
  public static final long NONE = Long.MIN_VALUE;

  private FastTimestamp() {}

  /**
   * Microseconds since the epoch, or {@link #NONE} when the text has another layout. Without a zone
   * the time is read as UTC.
   */
  public static long parse(String s) {
    return parse(s, false);
  }

  /** Like {@link #parse(String)}, but text without {@code Z} or an offset gives {@link #NONE}. */
  public static long parseZoned(String s) {
    return parse(s, true);
  }

  private static long parse(String s, boolean zoneRequired) {
    int n = s.length();
    if (n < 19
        || s.charAt(4) != '-'
        || s.charAt(7) != '-'
        || (s.charAt(10) != 'T' && s.charAt(10) != ' ')
        || s.charAt(13) != ':'
        || s.charAt(16) != ':') {
      return Long.MIN_VALUE;
    }
    int year = digits(s, 0, 4);
    int month = digits(s, 5, 2);
    int day = digits(s, 8, 2);
    int hour = digits(s, 11, 2);
    int minute = digits(s, 14, 2);
    int second = digits(s, 17, 2);
    if (year < 0 || month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) {
      return Long.MIN_VALUE;
    }
    if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) {
      return Long.MIN_VALUE;
    }
    int i = 19;
    long micros = 0;
    if (i < n && s.charAt(i) == '.') {
      int start = ++i;
      while (i < n && Character.isDigit(s.charAt(i))) {
        if (i - start < 6) {
          micros = micros * 10 + (s.charAt(i) - '0');
        }
        i++;
      }
      int count = i - start;
      if (count == 0 || count > 9) {
        return Long.MIN_VALUE;
      }
      for (int k = count; k < 6; k++) {
        micros *= 10;
      }
    }
    int offsetSeconds = 0;
    if (i == n && zoneRequired) {
      return Long.MIN_VALUE;
    }
    if (i < n) {
      char c = s.charAt(i);
      if (c == 'Z' && i == n - 1) {
        i++;
      } else if ((c == '+' || c == '-') && n - i == 6 && s.charAt(i + 3) == ':') {
        int oh = digits(s, i + 1, 2);
        int om = digits(s, i + 4, 2);
        if (oh < 0 || om < 0 || om > 59 || oh * 60 + om > 18 * 60) {
          return Long.MIN_VALUE;
        }
        offsetSeconds = (c == '+' ? 1 : -1) * (oh * 3600 + om * 60);
        i = n;
      } else {
        return Long.MIN_VALUE;
      }
    }
    long days = epochDay(year, month, day);
    long seconds = days * 86400 + hour * 3600L + minute * 60L + second - offsetSeconds;
    return seconds * 1_000_000L + micros;
  }

  private static int digits(String s, int from, int count) {
    int v = 0;
    for (int i = from; i < from + count; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }

  private static int daysIn(int year, int month) {
    return switch (month) {
      case 2 -> (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28;
      case 4, 6, 9, 11 -> 30;
      default -> 31;
    };
  }

  // Howard Hinnant's days_from_civil.
  private static long epochDay(int y, int m, int d) {
    y -= m <= 2 ? 1 : 0;
    long era = Math.floorDiv(y, 400);
    long yoe = y - era * 400;
    long doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
  }
}

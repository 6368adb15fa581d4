package dev.kairos.api;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * The time span of a windowed aggregation. For a query at time {@code t}, a window of length {@code
 * W} covers the events with {@code t - W <= event_ts < t}: the start is inclusive and the query
 * time itself is excluded, so an event is never part of its own features. The lifetime window
 * covers every event with {@code event_ts < t}.
 *
 * <p>Windows are exact sliding windows, to the microsecond, offline and online; they are never
 * rounded to hops or buckets.
 *
 * @param length the window's length; {@link Duration#ZERO} for the lifetime window
 */
public record Window(Duration length) {
  /** The longest finite window a definition may declare. */
  public static final Duration MAX = Duration.ofDays(90);

  /** The window that covers every earlier event. */
  public static final Window LIFETIME = new Window(Duration.ZERO);

  public Window {
    requireNonNull(length, "length");
    if (length.isNegative()) {
      throw new IllegalArgumentException("window length is negative: " + length);
    }
    if (length.getNano() % 1000 != 0) {
      throw new IllegalArgumentException("window length is finer than a microsecond: " + length);
    }
  }

  public static Window of(Duration length) {
    return new Window(length);
  }

  public boolean isLifetime() {
    return length.isZero();
  }

  /** The length in microseconds; {@link Long#MAX_VALUE} for the lifetime window. */
  public long micros() {
    if (isLifetime()) {
      return Long.MAX_VALUE;
    }
    return Math.addExact(
        Math.multiplyExact(length.getSeconds(), 1_000_000L), length.getNano() / 1000);
  }

  /**
   * The window as written in definitions and feature names: {@code lifetime}, or the largest units
   * that divide it, such as {@code 90s}, {@code 10m}, {@code 1h}, {@code 30d}, {@code 1d12h}.
   */
  public String label() {
    if (isLifetime()) {
      return "lifetime";
    }
    long s = length.getSeconds();
    StringBuilder out = new StringBuilder();
    long[] units = {86_400, 3_600, 60, 1};
    String[] names = {"d", "h", "m", "s"};
    for (int i = 0; i < units.length; i++) {
      if (s >= units[i]) {
        out.append(s / units[i]).append(names[i]);
        s %= units[i];
      }
    }
    if (length.getNano() > 0) {
      out.append(length.getNano() / 1000).append("us");
    }
    return out.toString();
  }

  @Override
  public String toString() {
    return label();
  }
}

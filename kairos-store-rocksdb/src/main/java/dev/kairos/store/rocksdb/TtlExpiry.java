package dev.kairos.store.rocksdb;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Duration;

/**
 * Whether a store removes rows older than their view's TTL, and when it sweeps.
 *
 * @param enabled false: nothing is ever removed and no sweep thread runs
 * @param clock the source of "now" for the cutoff
 * @param firstSweep delay from opening to the first sweep
 * @param interval delay between the end of one sweep and the start of the next
 */
record TtlExpiry(boolean enabled, Clock clock, Duration firstSweep, Duration interval) {
  private static final Duration FIRST_SWEEP = Duration.ofMinutes(1);

  TtlExpiry {
    requireNonNull(clock, "clock");
    requireNonNull(firstSweep, "firstSweep");
    requireNonNull(interval, "interval");
    if (firstSweep.isNegative() || interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException(
          "first sweep must not be negative and interval must be positive: "
              + firstSweep
              + ", "
              + interval);
    }
  }

  static TtlExpiry off(Clock clock) {
    return new TtlExpiry(false, clock, FIRST_SWEEP, FIRST_SWEEP);
  }

  /** Sweeps every {@code interval}, the first one a minute after opening (sooner if shorter). */
  static TtlExpiry every(Duration interval, Clock clock) {
    Duration first = interval.compareTo(FIRST_SWEEP) < 0 ? interval : FIRST_SWEEP;
    return new TtlExpiry(true, clock, first, interval);
  }
}

package dev.kairos.spi.codec;

import java.time.Instant;

/** Instant to epoch microseconds and back; sub-microsecond digits are dropped (floor). */
final class Timestamps {
  private Timestamps() {}

  static long toMicros(Instant t) {
    return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1000);
  }

  static Instant fromMicros(long micros) {
    return Instant.ofEpochSecond(
        Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000L);
  }
}

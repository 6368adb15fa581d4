package dev.kairos.core.generate;

import dev.kairos.api.KairosException;
import java.time.Instant;

/**
 * What the fraud transaction generator produces: {@code users} card holders over {@code days}
 * consecutive 24-hour windows starting at {@code start}, drawn from {@code seed}. The same config
 * always produces the same rows, byte for byte.
 *
 * @param users number of card holders, 1 to 10,000,000; user ids are 1..users
 * @param days number of 24-hour days, 1 to 3,650; every event time lies in [start, start + days)
 * @param seed any value; different seeds give different data
 * @param start first instant, a whole second between 1970-01-01 and 9000-01-01 (UTC)
 */
public record GeneratorConfig(int users, int days, long seed, Instant start) {
  /** The start used when none is given: 2026-01-01T00:00:00Z. */
  public static final Instant DEFAULT_START = Instant.parse("2026-01-01T00:00:00Z");

  static final int MAX_USERS = 10_000_000;
  static final int MAX_DAYS = 3_650;
  private static final Instant LATEST_START = Instant.parse("9000-01-01T00:00:00Z");

  public GeneratorConfig {
    if (users < 1 || users > MAX_USERS) {
      throw KairosException.user(
          "users must be between 1 and "
              + MAX_USERS
              + ", was "
              + users
              + "; pass e.g. --users 1000");
    }
    if (days < 1 || days > MAX_DAYS) {
      throw KairosException.user(
          "days must be between 1 and " + MAX_DAYS + ", was " + days + "; pass e.g. --days 30");
    }
    if (start == null) {
      throw KairosException.user("start must be given, e.g. " + DEFAULT_START);
    }
    if (start.getNano() != 0 || start.isBefore(Instant.EPOCH) || start.isAfter(LATEST_START)) {
      throw KairosException.user(
          "start must be a whole second between 1970-01-01T00:00:00Z and "
              + LATEST_START
              + ", was "
              + start);
    }
  }

  /** A config starting at {@link #DEFAULT_START}. */
  public GeneratorConfig(int users, int days, long seed) {
    this(users, days, seed, DEFAULT_START);
  }
}

package dev.kairos.quality;

import static java.util.Objects.requireNonNull;

import dev.kairos.quality.internal.Engine;
import java.time.Clock;

/**
 * Validates batches against expectation suites. Every expectation is evaluated in one pass over the
 * rows; nothing is written anywhere. Thread-safe: it holds only a clock.
 */
public final class Validator {
  private final Clock clock;

  /**
   * @param clock "now" for freshness rules and the report's run time
   */
  public Validator(Clock clock) {
    this.clock = requireNonNull(clock, "clock");
  }

  /**
   * Reads the whole batch and evaluates the suite. A batch that cannot be read (ragged row, invalid
   * UTF-8, empty file…) does not throw: it yields a failed report whose {@link
   * ValidationReport#readError()} names the line.
   *
   * @throws dev.kairos.api.KairosException UNAVAILABLE or INTERNAL when reading fails for a reason
   *     other than the content of the file
   */
  public ValidationReport validate(ExpectationSuite suite, Batch batch) {
    return Engine.run(requireNonNull(suite, "suite"), requireNonNull(batch, "batch"), clock);
  }
}

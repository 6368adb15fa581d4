package dev.kairos.stream;

/** The per-event check of a source's row-level expectations. */
@FunctionalInterface
public interface EventCheck {
  /** Passes everything: for a source without a validation suite. */
  EventCheck NONE = row -> null;

  /**
   * @param row the source's fields in order
   * @return null when the event passes, else the reason it fails (names the expectation, the column
   *     and the value)
   */
  String violation(Object[] row);
}

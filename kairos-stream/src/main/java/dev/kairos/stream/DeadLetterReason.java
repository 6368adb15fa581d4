package dev.kairos.stream;

import java.util.Locale;

/**
 * Why an event went to the dead-letter topic; the lower-case name is the metric and header label.
 */
public enum DeadLetterReason {
  /** The record's value is not a JSON object (or not UTF-8, or has duplicate or trailing keys). */
  UNPARSEABLE,
  /** A field has the wrong JSON type or an unreadable value, or the event time is missing. */
  SCHEMA,
  /** A row-level expectation of the source's validation suite fails. */
  EXPECTATION;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}

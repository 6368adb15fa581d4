package dev.kairos.stream;

import static java.util.Objects.requireNonNull;

/** Why one event cannot be applied: its dead-letter reason and a message a person understands. */
public record BadEvent(DeadLetterReason reason, String message) {
  public BadEvent {
    requireNonNull(reason, "reason");
    requireNonNull(message, "message");
  }
}

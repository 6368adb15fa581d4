package dev.kairos.api.agent;

import static java.util.Objects.requireNonNull;

import dev.kairos.api.KairosException;

/**
 * A question for the {@link RiskAgent}.
 *
 * @param text the question, e.g. {@code Is user 1001 risky?}; 1 to {@value #MAX_LENGTH} characters
 */
public record Question(String text) {
  /** The longest question accepted, in characters. */
  public static final int MAX_LENGTH = 2000;

  public Question {
    requireNonNull(text, "text");
    text = text.strip();
    if (text.isEmpty()) {
      throw KairosException.user("the question is empty; ask e.g. \"Is user 1001 risky?\"");
    }
    if (text.length() > MAX_LENGTH) {
      throw KairosException.user(
          "the question has "
              + text.length()
              + " characters; at most "
              + MAX_LENGTH
              + " are accepted");
    }
  }
}

package dev.kairos.api.agent;

/** What Kairos concludes about a user, from the champion model's decision only. */
public enum Verdict {
  /** The champion model decided fraud for the scored transaction. */
  RISKY,
  /** The champion model decided not fraud for the scored transaction. */
  NOT_RISKY,
  /** Nothing was scored in the conversation (or scores disagree). */
  UNKNOWN
}

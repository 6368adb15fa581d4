package dev.kairos.api.agent;

/**
 * Answers questions about fraud risk by calling Kairos' read-only tools (online features, the
 * champion model's score, documentation, data quality, daily risk) through a language model, and
 * checks the answer against the tool results before returning it.
 *
 * <p>Contract: every number, date and entity id in {@link Answer#answer()} comes from a tool result
 * of this conversation or from the question (see {@code docs/agent.md} for the rounding rule); an
 * answer that cannot be verified is replaced by a refusal written by Kairos, never returned as the
 * model wrote it. {@link Answer#verdict()} is derived from the champion model's decision, never
 * from the model's prose.
 */
public interface RiskAgent {
  /**
   * Answers one question in a fresh conversation.
   *
   * @throws dev.kairos.api.KairosException USER for a blank or over-long question; UNAVAILABLE when
   *     the language model cannot be reached, does not answer in time, or keeps producing invalid
   *     tool calls
   */
  Answer ask(Question question);

  /** The model that answers, as {@code provider:model@url} (no secret), for messages and logs. */
  String describe();
}

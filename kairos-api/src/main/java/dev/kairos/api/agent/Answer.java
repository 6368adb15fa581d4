package dev.kairos.api.agent;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * The agent's answer.
 *
 * @param answer the text shown to a person: the model's grounded answer, or Kairos' refusal
 * @param grounded every statement was verified against this conversation's tool results
 * @param refused the model's text was withheld and {@code answer} is Kairos' refusal
 * @param verdict from the champion model's decision in {@code score_transaction} results only
 * @param toolCalls every tool call executed, in order (invalid ones included, with their error)
 * @param ungrounded the statements of the last rejected answer that no tool result supports
 * @param attempts how many answers the model wrote (1, or 2 after a rejected first answer)
 * @param model the model that answered, {@code provider:model}
 */
public record Answer(
    String answer,
    boolean grounded,
    boolean refused,
    Verdict verdict,
    List<ToolCall> toolCalls,
    List<String> ungrounded,
    int attempts,
    String model) {
  public Answer {
    requireNonNull(answer, "answer");
    requireNonNull(verdict, "verdict");
    requireNonNull(model, "model");
    toolCalls = List.copyOf(toolCalls);
    ungrounded = List.copyOf(ungrounded);
  }
}

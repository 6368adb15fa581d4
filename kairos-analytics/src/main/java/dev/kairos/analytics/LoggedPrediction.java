package dev.kairos.analytics;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * One row of {@code prediction_log}: a transaction scored by a model version (see the README's
 * "Analytics" section).
 *
 * @param transactionId the transaction scored, as text
 * @param model the model name
 * @param modelVersion its version
 * @param score the probability of fraud
 * @param threshold that version's decision threshold
 * @param decision {@code score >= threshold}
 * @param scoredAt when it was scored
 */
public record LoggedPrediction(
    String transactionId,
    String model,
    long modelVersion,
    double score,
    double threshold,
    boolean decision,
    Instant scoredAt) {
  public LoggedPrediction {
    requireNonNull(transactionId, "transactionId");
    requireNonNull(model, "model");
    requireNonNull(scoredAt, "scoredAt");
  }
}

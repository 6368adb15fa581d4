package dev.kairos.api.predict;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * The answer to a {@link PredictQuery}.
 *
 * @param model the model name
 * @param alias the alias that chose the version
 * @param version the model version that scored every row
 * @param runId the training run of that version
 * @param threshold the decision threshold of that version: a probability {@code >= threshold} is
 *     decided as fraud
 * @param predictions one per entity row, in request order
 */
public record PredictResult(
    String model,
    String alias,
    long version,
    String runId,
    double threshold,
    List<Prediction> predictions) {
  public PredictResult {
    requireNonNull(model, "model");
    requireNonNull(alias, "alias");
    predictions = List.copyOf(predictions);
  }
}

package dev.kairos.api.predict;

import java.util.List;

/**
 * The score of one transaction.
 *
 * @param probability the model's probability of fraud, in [0, 1]
 * @param decision {@code probability >= threshold}
 * @param margin the raw score (log-odds) before the logistic function
 * @param bias the expected margin over the training data (SHAP's base value); with explanations,
 *     {@code bias + sum(all contributions) == margin} up to float rounding
 * @param features every input the model read, in the model's feature order
 * @param contributions the top contributions, largest absolute value first; empty without {@code
 *     explain}
 */
public record Prediction(
    double probability,
    boolean decision,
    double margin,
    double bias,
    List<ServedFeature> features,
    List<Contribution> contributions) {
  public Prediction {
    features = List.copyOf(features);
    contributions = List.copyOf(contributions);
  }
}

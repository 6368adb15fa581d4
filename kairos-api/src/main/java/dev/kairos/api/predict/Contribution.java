package dev.kairos.api.predict;

import static java.util.Objects.requireNonNull;

/**
 * How much one feature moved a score: its SHAP value, in margin (log-odds) units; positive pushes
 * towards fraud.
 *
 * @param feature the feature reference {@code view:feature}
 * @param value the SHAP value
 */
public record Contribution(String feature, double value) {
  public Contribution {
    requireNonNull(feature, "feature");
  }
}

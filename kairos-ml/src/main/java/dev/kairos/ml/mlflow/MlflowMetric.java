package dev.kairos.ml.mlflow;

import static java.util.Objects.requireNonNull;

/**
 * One metric value as MLflow records it.
 *
 * @param key the metric name, at most 250 characters
 * @param value any double; NaN and the infinities travel as proto3 JSON's {@code "NaN"}, {@code
 *     "Infinity"} and {@code "-Infinity"}
 * @param timestamp milliseconds since the epoch
 * @param step the training step it belongs to, 0 for a final value
 */
public record MlflowMetric(String key, double value, long timestamp, long step) {
  public MlflowMetric {
    requireNonNull(key, "key");
  }
}

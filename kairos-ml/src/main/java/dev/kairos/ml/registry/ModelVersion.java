package dev.kairos.ml.registry;

import static java.util.Objects.requireNonNull;

import dev.kairos.api.FeatureRef;
import dev.kairos.ml.features.InputSpec;
import java.time.Instant;
import java.util.List;

/**
 * A registered model version: everything serving needs besides the trees themselves.
 *
 * @param model the model name
 * @param version 1, 2, 3… per model
 * @param runId the training run that made it
 * @param createdAt when it was registered
 * @param service the feature service it was trained on
 * @param registryVersion the registry version that built its training set
 * @param inputs the exact features and their encoding, in the order the model reads them
 * @param threshold the decision threshold (probability {@code >=} threshold is fraud)
 * @param thresholdRule how the threshold was chosen on the validation split
 * @param treeLimit the number of trees to use ({@code best_iteration + 1} with early stopping)
 * @param mlflowVersion the matching MLflow model version, or null when not exported
 */
public record ModelVersion(
    String model,
    long version,
    String runId,
    Instant createdAt,
    String service,
    long registryVersion,
    List<InputSpec> inputs,
    double threshold,
    String thresholdRule,
    int treeLimit,
    String mlflowVersion) {
  public ModelVersion {
    requireNonNull(model, "model");
    requireNonNull(runId, "runId");
    requireNonNull(createdAt, "createdAt");
    requireNonNull(service, "service");
    inputs = List.copyOf(inputs);
    requireNonNull(thresholdRule, "thresholdRule");
  }

  /** The feature references, in input order. */
  public List<FeatureRef> refs() {
    return inputs.stream().map(InputSpec::ref).toList();
  }

  public ModelVersion withMlflowVersion(String v) {
    return new ModelVersion(
        model,
        version,
        runId,
        createdAt,
        service,
        registryVersion,
        inputs,
        threshold,
        thresholdRule,
        treeLimit,
        v);
  }
}

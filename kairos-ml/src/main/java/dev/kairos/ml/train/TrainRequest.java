package dev.kairos.ml.train;

import static java.util.Objects.requireNonNull;

import dev.kairos.api.FeatureRef;
import java.nio.file.Path;
import java.util.List;

/**
 * What {@code kairos train} was asked.
 *
 * @param service the feature service whose features the model reads
 * @param labels the labels file: join keys, {@code event_timestamp}, request fields, the label
 * @param label the label column (0 or 1)
 * @param model the model name
 * @param params a JSON file of training parameters, or null for the defaults
 * @param split the time split (see {@link TimeSplit})
 * @param threshold the threshold rule (see {@link dev.kairos.ml.eval.ThresholdRule})
 * @param baseline the baseline's features; null for the default (every last-value feature the
 *     labels file's join keys reach), empty for no baseline
 */
public record TrainRequest(
    String service,
    Path labels,
    String label,
    String model,
    Path params,
    String split,
    String threshold,
    List<FeatureRef> baseline) {
  public TrainRequest {
    requireNonNull(service, "service");
    requireNonNull(labels, "labels");
    requireNonNull(label, "label");
    requireNonNull(model, "model");
    split = split == null ? TimeSplit.DEFAULT : split;
    threshold = threshold == null ? "best-f1" : threshold;
    baseline = baseline == null ? null : List.copyOf(baseline);
  }
}

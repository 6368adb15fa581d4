package dev.kairos.ml.train;

import dev.kairos.ml.eval.BinaryMetrics;
import dev.kairos.ml.eval.Evaluation;
import dev.kairos.ml.eval.ThresholdRule;
import dev.kairos.ml.features.InputSpec;
import dev.kairos.ml.train.TimeSplit.Part;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A model fitted on the train split, its threshold chosen on the validation split, and its metrics
 * on every split at that threshold.
 *
 * @param name "model" or "baseline"
 * @param specs its inputs
 * @param fit the trained model
 * @param threshold the chosen threshold
 * @param labels the labels of each split
 * @param scores the probabilities of each split's rows
 * @param metrics the metrics of each split
 */
record Evaluated(
    String name,
    List<InputSpec> specs,
    XgbFit fit,
    double threshold,
    Map<Part, float[]> labels,
    Map<Part, double[]> scores,
    Map<Part, BinaryMetrics> metrics) {

  static Evaluated of(
      String name,
      TrainingData data,
      List<InputSpec> specs,
      Map<Part, int[]> rows,
      Map<String, String> params,
      ThresholdRule rule) {
    Map<Part, XgbFit.Matrix> m = new EnumMap<>(Part.class);
    for (Part p : Part.values()) {
      m.put(
          p,
          new XgbFit.Matrix(
              data.encode(rows.get(p), specs), data.labels(rows.get(p)), specs.size()));
    }
    List<String> names = specs.stream().map(s -> s.ref().toString()).toList();
    XgbFit fit = XgbFit.fit(m.get(Part.TRAIN), m.get(Part.VALIDATION), names, params);
    Map<Part, double[]> scores = new EnumMap<>(Part.class);
    Map<Part, float[]> labels = new EnumMap<>(Part.class);
    for (Part p : Part.values()) {
      scores.put(p, fit.predict(m.get(p)));
      labels.put(p, m.get(p).labels());
    }
    double threshold = rule.choose(labels.get(Part.VALIDATION), scores.get(Part.VALIDATION));
    Map<Part, BinaryMetrics> metrics = new EnumMap<>(Part.class);
    for (Part p : Part.values()) {
      metrics.put(p, Evaluation.evaluate(labels.get(p), scores.get(p), threshold));
    }
    return new Evaluated(name, specs, fit, threshold, labels, scores, metrics);
  }

  /**
   * Run metrics: {@code <prefix><split>.<metric>} for every split, then {@code <prefix>threshold},
   * {@code <prefix>trees}, {@code <prefix>training_seconds} and {@code
   * <prefix>gain.<view>.<feature>} per feature.
   */
  Map<String, Double> metrics(String prefix) {
    Map<String, Double> out = new LinkedHashMap<>();
    for (Part p : Part.values()) {
      metrics.get(p).toMetrics(prefix + p.label()).forEach(out::put);
      out.put(
          prefix + p.label() + ".fraud_rate",
          (double) metrics.get(p).positives() / metrics.get(p).rows());
    }
    out.put(prefix + "threshold", threshold);
    out.put(prefix + "trees", (double) fit.treeLimit());
    out.put(prefix + "training_seconds", fit.took().toNanos() / 1e9);
    for (InputSpec s : specs) {
      out.put(
          prefix + "gain." + s.ref().view() + "." + s.ref().name(),
          fit.gain().getOrDefault(s.ref().toString(), 0.0));
    }
    return out;
  }
}

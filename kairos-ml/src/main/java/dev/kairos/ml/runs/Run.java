package dev.kairos.ml.runs;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One training run, as a value: what went in (parameters, data fingerprint, lineage), what came out
 * (metrics, artifacts) and how it ended. Written by {@link RunWriter}s: the local run store always,
 * MLflow when configured. The stored JSON form is documented in {@code docs/models.md}.
 *
 * @param id 32 lowercase hex digits, as MLflow's run ids
 * @param model the model (MLflow experiment) this run trains
 * @param status RUNNING, FINISHED or FAILED
 * @param startTime when the run started
 * @param endTime when it ended, or null while running
 * @param params training parameters, by name, as text
 * @param metrics numeric results by name (e.g. {@code test.roc_auc}), in insertion order
 * @param tags free-form text by name (lineage and environment included)
 * @param lineage the feature service, registry version and exact features the run used
 * @param data a fingerprint of the training set; null when the run failed before building it
 * @param kairosVersion the Kairos version that ran it
 * @param artifacts files of the run, relative to its artifact folder
 * @param error why the run failed, or null
 */
public record Run(
    String id,
    String model,
    RunStatus status,
    Instant startTime,
    Instant endTime,
    Map<String, String> params,
    Map<String, Double> metrics,
    Map<String, String> tags,
    Lineage lineage,
    DataFingerprint data,
    String kairosVersion,
    List<Artifact> artifacts,
    String error) {
  public Run {
    requireNonNull(id, "id");
    if (!id.matches("[0-9a-f]{32}")) {
      throw new IllegalArgumentException("a run id is 32 lowercase hex digits, was " + id);
    }
    requireNonNull(model, "model");
    requireNonNull(status, "status");
    requireNonNull(startTime, "startTime");
    params = ordered(params);
    metrics = ordered(metrics);
    tags = ordered(tags);
    requireNonNull(lineage, "lineage");
    requireNonNull(kairosVersion, "kairosVersion");
    artifacts = List.copyOf(artifacts);
  }

  private static <V> Map<String, V> ordered(Map<String, V> m) {
    return Collections.unmodifiableMap(new LinkedHashMap<>(m));
  }

  /** The run's states. */
  public enum RunStatus {
    RUNNING,
    FINISHED,
    FAILED
  }

  /**
   * What the run was trained on.
   *
   * @param service the feature service
   * @param registryVersion the registry version whose definitions built the training set
   * @param features the model's inputs, in the order the model reads them
   * @param label the label column
   */
  public record Lineage(
      String service, long registryVersion, List<FeatureColumn> features, String label) {
    public Lineage {
      requireNonNull(service, "service");
      features = List.copyOf(features);
      requireNonNull(label, "label");
    }
  }

  /**
   * One model input.
   *
   * @param ref the feature reference {@code view:feature}
   * @param type its value type name (see {@link dev.kairos.api.ValueType})
   */
  public record FeatureColumn(String ref, String type) {
    public FeatureColumn {
      requireNonNull(ref, "ref");
      requireNonNull(type, "type");
    }
  }

  /**
   * Identifies a training set without storing it.
   *
   * @param rows rows in the training set (every split)
   * @param from the earliest entity-row timestamp
   * @param to the latest entity-row timestamp
   * @param sha256 SHA-256 of the rows' encoded inputs and labels, in row order (hex)
   */
  public record DataFingerprint(long rows, Instant from, Instant to, String sha256) {
    public DataFingerprint {
      requireNonNull(from, "from");
      requireNonNull(to, "to");
      requireNonNull(sha256, "sha256");
    }
  }

  /**
   * A file of the run.
   *
   * @param path relative to the run's artifact folder, with {@code /} separators
   * @param kind what it is: {@code model}, {@code metrics}, {@code plot}, {@code features}
   */
  public record Artifact(String path, String kind) {
    public Artifact {
      requireNonNull(path, "path");
      requireNonNull(kind, "kind");
    }
  }
}

package dev.kairos.ml.mlflow;

import static java.util.Objects.requireNonNull;

/**
 * Where a run lives in MLflow; worth storing next to the local run to register its model later (see
 * {@link MlflowRunWriter#registerModelVersion(String, MlflowExport, java.util.List)}).
 *
 * @param experimentId the MLflow experiment id (MLflow's ids are strings)
 * @param runId the MLflow run id, which is not the Kairos run id (that one is the tag {@code
 *     kairos.run_id})
 * @param artifactUri the run's artifact root as MLflow reported it, e.g. {@code
 *     mlflow-artifacts:/1/5f.../artifacts}
 */
public record MlflowExport(String experimentId, String runId, String artifactUri) {
  public MlflowExport {
    requireNonNull(experimentId, "experimentId");
    requireNonNull(runId, "runId");
    requireNonNull(artifactUri, "artifactUri");
  }
}

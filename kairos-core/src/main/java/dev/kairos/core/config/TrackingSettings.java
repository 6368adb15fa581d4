package dev.kairos.core.config;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.nio.file.Path;

/**
 * The {@code tracking} section of {@code kairos.yaml}: where training runs keep their files, and
 * the MLflow tracking server they are also logged to.
 *
 * @param artifacts the folder holding one sub-folder of files per run (absolute)
 * @param mlflowUri the MLflow tracking server, e.g. {@code http://127.0.0.1:5000}, or null
 * @param mlflowToken a bearer token for it (a secret: never printed), or null
 */
public record TrackingSettings(Path artifacts, URI mlflowUri, String mlflowToken) {
  /** Where run files go unless {@code tracking.artifacts} says otherwise. */
  public static final String DEFAULT_ARTIFACTS = "data/runs";

  public TrackingSettings {
    requireNonNull(artifacts, "artifacts");
  }

  public static TrackingSettings defaults(Path repoDir) {
    return new TrackingSettings(repoDir.resolve(DEFAULT_ARTIFACTS), null, null);
  }

  @Override
  public String toString() {
    return "TrackingSettings[artifacts="
        + artifacts
        + ", mlflowUri="
        + mlflowUri
        + ", mlflowToken="
        + (mlflowToken == null ? "null" : "****")
        + "]";
  }
}

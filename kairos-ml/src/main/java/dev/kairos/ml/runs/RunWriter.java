package dev.kairos.ml.runs;

import java.nio.file.Path;

/**
 * Where runs are recorded. The local run store is always one; MLflow is another when configured. A
 * writer that fails never undoes what another wrote.
 */
public interface RunWriter {
  /**
   * Records a finished or failed run with its artifacts.
   *
   * @param artifactDir the folder {@link Run#artifacts()} paths are relative to
   * @throws dev.kairos.api.KairosException UNAVAILABLE when the destination cannot be reached,
   *     naming it
   */
  void write(Run run, Path artifactDir);

  /** A name for messages ("local run store", "MLflow at http://..."). */
  String describe();
}

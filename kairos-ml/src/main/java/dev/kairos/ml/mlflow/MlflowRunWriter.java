package dev.kairos.ml.mlflow;

import static java.util.Objects.requireNonNull;

import dev.kairos.api.ErrorKind;
import dev.kairos.api.KairosException;
import dev.kairos.ml.runs.Run;
import dev.kairos.ml.runs.Run.RunStatus;
import dev.kairos.ml.runs.RunWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Writes runs to an MLflow tracking server and registers their models.
 *
 * <p>A run becomes an MLflow run in the experiment named {@link Run#model()} (created when
 * missing), named {@code <model>-<first 8 hex digits of the run id>}, with:
 *
 * <ul>
 *   <li>tags {@code kairos.run_id}, {@code kairos.service}, {@code kairos.registry_version}, {@code
 *       kairos.label}, {@code kairos.features} (the feature refs joined by commas; past MLflow's
 *       5000-character tag limit, the refs that fit and {@code ,…(+N more)}), {@code
 *       kairos.data.rows|from|to|sha256} (when the run has a data fingerprint; times in ISO-8601),
 *       {@code kairos.version}, {@code kairos.error} (failed runs) and {@code
 *       mlflow.source.name=kairos}, then the run's own {@link Run#tags()} except those names; every
 *       tag value is cut to 5000 characters;
 *   <li>params {@link Run#params()}, values cut to MLflow's 6000-character limit;
 *   <li>metrics {@link Run#metrics()} at step 0, timestamped with the run's end time;
 *   <li>every {@link Run#artifacts()} file, uploaded through the server's artifact proxy under the
 *       same relative path;
 *   <li>status FINISHED or FAILED with the run's start and end times.
 * </ul>
 *
 * <p>Not idempotent: each {@link #write} creates a new MLflow run (all tagged with the same {@code
 * kairos.run_id}). When an export fails after the MLflow run was created and the server still
 * answers, that run is marked FAILED; the exception says which run was left behind. The local run
 * is never touched.
 *
 * <p>Keys longer than MLflow's 250 characters and missing artifact files are refused before
 * anything is sent.
 */
public final class MlflowRunWriter implements RunWriter {
  /** MLflow reserves {@code latest} and version-like aliases ({@code v1}, {@code V12}). */
  private static final Pattern RESERVED_ALIAS = Pattern.compile("latest|[vV]\\d+");

  private final MlflowClient client;
  private final Map<String, MlflowExport> exports = new ConcurrentHashMap<>();

  public MlflowRunWriter(MlflowClient client) {
    this.client = requireNonNull(client, "client");
  }

  /** Same as {@link #export}, for the {@link RunWriter} contract. */
  @Override
  public void write(Run run, Path artifactDir) {
    export(run, artifactDir);
  }

  /**
   * Writes a finished or failed run to MLflow.
   *
   * @return where it went, to store with the local run
   * @throws KairosException UNAVAILABLE when MLflow cannot be reached; USER for a RUNNING run, a
   *     key MLflow would refuse, a missing artifact file, or an artifact root MLflow does not
   *     proxy; otherwise as {@link MlflowClient} maps MLflow's answer
   */
  public MlflowExport export(Run run, Path artifactDir) {
    requireNonNull(run, "run");
    requireNonNull(artifactDir, "artifactDir");
    if (run.status() == RunStatus.RUNNING) {
      throw KairosException.user(
          "run " + run.id() + " is still RUNNING; only finished or failed runs go to MLflow");
    }
    RunMapping.requireKeysFit(run);
    List<Path> files = artifactFiles(run, artifactDir);
    String experimentId = client.experimentId(run.model());
    MlflowExport export =
        client.createRun(
            experimentId, RunMapping.runName(run), run.startTime(), RunMapping.systemTags(run));
    try {
      if (!files.isEmpty()) {
        client.requireProxiedArtifacts(export);
      }
      client.logBatch(
          export.runId(),
          RunMapping.metrics(run),
          RunMapping.params(run),
          RunMapping.userTags(run));
      for (int i = 0; i < files.size(); i++) {
        client.uploadArtifact(export, run.artifacts().get(i).path(), files.get(i));
      }
      client.endRun(export.runId(), run.status(), RunMapping.end(run));
    } catch (KairosException e) {
      throw leftBehind(e, export, run);
    }
    exports.put(run.id(), export);
    return export;
  }

  /** The export this writer made of a Kairos run, if any (the latest one). */
  public Optional<MlflowExport> exported(String runId) {
    return Optional.ofNullable(exports.get(runId));
  }

  /**
   * Registers the model of a run this writer exported as a new version of the registered model
   * {@code model} (created when missing), and points each alias at it.
   *
   * @throws KairosException USER when the run was not exported by this writer, did not finish, has
   *     no artifacts under {@code model/}, or an alias is reserved by MLflow
   */
  public int registerModelVersion(String model, Run run, List<String> aliases) {
    requireNonNull(run, "run");
    MlflowExport export =
        exported(run.id())
            .orElseThrow(
                () ->
                    KairosException.user(
                        "run "
                            + run.id()
                            + " was not exported to "
                            + describe()
                            + " by this writer; export it first, or register it with its stored"
                            + " MlflowExport"));
    if (run.status() != RunStatus.FINISHED) {
      throw KairosException.user(
          "run " + run.id() + " is " + run.status() + "; only a finished run can be registered");
    }
    if (run.artifacts().stream().noneMatch(a -> a.path().startsWith("model/"))) {
      throw KairosException.user(
          "run "
              + run.id()
              + " has no artifacts under model/, so an MLflow model version would point at an"
              + " empty folder");
    }
    return registerModelVersion(model, export, aliases);
  }

  /**
   * Registers {@code <artifact root>/model} of an exported run as a new version of the registered
   * model {@code model} (created when missing), and points each alias at it, moving aliases that
   * pointed at other versions.
   *
   * @return the new MLflow version number
   * @throws KairosException USER when an alias is {@code latest} or looks like a version ({@code
   *     v3}), which MLflow reserves; nothing is registered then
   */
  public int registerModelVersion(String model, MlflowExport export, List<String> aliases) {
    requireNonNull(model, "model");
    requireNonNull(export, "export");
    for (String alias : aliases) {
      if (alias.isBlank() || RESERVED_ALIAS.matcher(alias).matches()) {
        throw KairosException.user(
            "alias '"
                + alias
                + "' cannot be set on MLflow model "
                + model
                + ": MLflow reserves 'latest' and version-like aliases such as 'v1'");
      }
    }
    String root = export.artifactUri().replaceAll("/+$", "");
    client.createRegisteredModel(model);
    int version = client.createModelVersion(model, root + "/model", export.runId());
    for (String alias : aliases) {
      client.setAlias(model, alias, version);
    }
    return version;
  }

  @Override
  public String describe() {
    return "MLflow at " + client.trackingUri();
  }

  /** The artifact files, checked to exist inside {@code dir} before anything is sent. */
  private static List<Path> artifactFiles(Run run, Path dir) {
    Path root = dir.toAbsolutePath().normalize();
    List<Path> files = new ArrayList<>(run.artifacts().size());
    for (Run.Artifact a : run.artifacts()) {
      Path file = root.resolve(a.path()).normalize();
      if (a.path().startsWith("/") || !file.startsWith(root) || file.equals(root)) {
        throw KairosException.user(
            "artifact '" + a.path() + "' of run " + run.id() + " is not a path inside " + root);
      }
      if (!Files.isRegularFile(file)) {
        throw KairosException.user(
            "artifact '"
                + a.path()
                + "' of run "
                + run.id()
                + " is missing: no file at "
                + file
                + "; nothing was sent to MLflow");
      }
      files.add(file);
    }
    return files;
  }

  /** Marks a half-exported MLflow run FAILED when the server still answers, and says so. */
  private KairosException leftBehind(KairosException e, MlflowExport export, Run run) {
    String state = "RUNNING";
    if (e.kind() != ErrorKind.UNAVAILABLE) {
      try {
        client.endRun(export.runId(), RunStatus.FAILED, RunMapping.end(run));
        state = "FAILED";
      } catch (KairosException cleanup) {
        e.addSuppressed(cleanup);
      }
    }
    return new KairosException(
        e.kind(),
        e.getMessage()
            + " [MLflow run "
            + export.runId()
            + " of Kairos run "
            + run.id()
            + " is left incomplete, "
            + state
            + "]",
        e);
  }
}

package dev.kairos.ml.mlflow;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kairos.api.KairosException;
import dev.kairos.ml.mlflow.MlflowHttp.Answer;
import dev.kairos.ml.runs.Run.RunStatus;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A small client of MLflow's REST API (version 2.0 endpoints, MLflow 2.3 or later for aliases),
 * over {@link java.net.http.HttpClient}: experiments, runs, batched logging, artifacts through the
 * artifact proxy, and the model registry. Thread-safe.
 *
 * <p>Requests carry int64 fields (times, steps) as JSON strings, as proto3 JSON does; answers are
 * read whether they carry them as strings or numbers.
 *
 * <p>Failures are {@link KairosException}s naming the tracking URI and the endpoint:
 *
 * <ul>
 *   <li>UNAVAILABLE: the server cannot be reached, did not answer in time, or answered 429/5xx;
 *   <li>USER: MLflow rejected the request (4xx, e.g. {@code INVALID_PARAMETER_VALUE}), the token
 *       was refused (401/403), or a run's artifacts are not on the artifact proxy;
 *   <li>NOT_FOUND: 404; CONFLICT: {@code RESOURCE_ALREADY_EXISTS} where it is not expected.
 * </ul>
 *
 * The message carries MLflow's {@code error_code} and {@code message}; the token never appears.
 */
public final class MlflowClient {
  private static final String API = "/api/2.0/mlflow/";

  private final MlflowConfig config;
  private final MlflowHttp http;

  public MlflowClient(MlflowConfig config) {
    this.config = requireNonNull(config, "config");
    this.http = new MlflowHttp(config);
  }

  /** The server this client talks to. */
  public URI trackingUri() {
    return config.trackingUri();
  }

  /**
   * The id of the experiment named {@code name}, created when there is none. A concurrent creation
   * by another client is tolerated.
   *
   * @throws KairosException USER when the experiment exists but is deleted (MLflow keeps its name
   *     until garbage collection), saying how to restore it
   */
  public String experimentId(String name) {
    requireNonNull(name, "name");
    String id = existingExperiment(name);
    if (id != null) {
      return id;
    }
    ObjectNode body = MlflowHttp.JSON.createObjectNode().put("name", name);
    Answer a = http.post(API + "experiments/create", body);
    if ("RESOURCE_ALREADY_EXISTS".equals(a.errorCode())) {
      id = existingExperiment(name); // created meanwhile by someone else
      if (id != null) {
        return id;
      }
    }
    return MlflowHttp.text(http.require(a), "experiment_id", a);
  }

  private String existingExperiment(String name) {
    Answer a = http.get(API + "experiments/get-by-name", "experiment_name", name);
    if (a.status() == 404 && "RESOURCE_DOES_NOT_EXIST".equals(a.errorCode())) {
      return null;
    }
    JsonNode experiment = http.require(a).path("experiment");
    String id = MlflowHttp.text(experiment, "experiment_id", a);
    if ("deleted".equals(experiment.path("lifecycle_stage").asText())) {
      throw KairosException.user(
          "MLflow experiment '"
              + name
              + "' (id "
              + id
              + ") at "
              + config.trackingUri()
              + " is deleted; restore it (mlflow experiments restore --experiment-id "
              + id
              + ") or remove it for good (mlflow gc --experiment-ids "
              + id
              + "), then export again");
    }
    return id;
  }

  /**
   * Creates a RUNNING run.
   *
   * @param tags set at creation; MLflow guarantees tag values up to 5000 characters
   * @return the new run's MLflow id and artifact root
   */
  public MlflowExport createRun(
      String experimentId, String runName, Instant startTime, Map<String, String> tags) {
    ObjectNode body = MlflowHttp.JSON.createObjectNode();
    body.put("experiment_id", requireNonNull(experimentId, "experimentId"));
    body.put("run_name", requireNonNull(runName, "runName"));
    body.put("start_time", Long.toString(startTime.toEpochMilli()));
    ArrayNode t = body.putArray("tags");
    tags.forEach((k, v) -> t.addObject().put("key", k).put("value", v));
    Answer a = http.post(API + "runs/create", body);
    JsonNode info = http.require(a).path("run").path("info");
    return new MlflowExport(
        experimentId, MlflowHttp.text(info, "run_id", a), MlflowHttp.text(info, "artifact_uri", a));
  }

  /**
   * Logs metrics, params and tags in as many {@code runs/log-batch} requests as MLflow's limits
   * need: at most 1000 metrics, 100 params, 100 tags and 1000 items in all per request, and under
   * its 1 MB body limit. Order within each kind is kept. Nothing is sent when all three are empty.
   *
   * <p>Not atomic: when a request fails, the earlier ones stay logged (MLflow itself may keep part
   * of the failed one).
   *
   * @param params by key; MLflow refuses to change a param once logged
   */
  public void logBatch(
      String runId,
      List<MlflowMetric> metrics,
      Map<String, String> params,
      Map<String, String> tags) {
    requireNonNull(runId, "runId");
    for (ObjectNode body : LogBatches.split(runId, metrics, params, tags)) {
      http.require(http.post(API + "runs/log-batch", body));
    }
  }

  /**
   * Uploads one file as an artifact of a run through the artifact proxy, streamed, with a content
   * type chosen by extension. The upload always goes to this client's tracking server, whatever
   * host an {@code http(s)} artifact root names, so the token is never sent elsewhere.
   *
   * @param relativePath where under the run's artifact root, with {@code /} separators
   * @throws KairosException USER when the artifact root is not on the proxy (s3://, file:, ...):
   *     the server must run with {@code --serve-artifacts}
   */
  public void uploadArtifact(MlflowExport run, String relativePath, Path file) {
    String path = ArtifactTargets.proxyPath(run.artifactUri(), run.runId(), relativePath);
    http.require(http.put(path, file, ArtifactTargets.contentType(relativePath)));
  }

  /**
   * Fails with the message of {@link #uploadArtifact} unless the artifact root is on the proxy; a
   * check before anything is uploaded.
   */
  public void requireProxiedArtifacts(MlflowExport run) {
    ArtifactTargets.proxiedRoot(run.artifactUri(), run.runId());
  }

  /** Ends a run: FINISHED or FAILED at {@code endTime}. */
  public void endRun(String runId, RunStatus status, Instant endTime) {
    if (status == RunStatus.RUNNING) {
      throw new IllegalArgumentException("a run ends FINISHED or FAILED, not " + status);
    }
    ObjectNode body = MlflowHttp.JSON.createObjectNode();
    body.put("run_id", requireNonNull(runId, "runId"));
    body.put("status", status.name());
    body.put("end_time", Long.toString(endTime.toEpochMilli()));
    http.require(http.post(API + "runs/update", body));
  }

  /** Creates a registered model; one that already exists is left as it is. */
  public void createRegisteredModel(String name) {
    ObjectNode body = MlflowHttp.JSON.createObjectNode().put("name", requireNonNull(name, "name"));
    Answer a = http.post(API + "registered-models/create", body);
    if (!"RESOURCE_ALREADY_EXISTS".equals(a.errorCode())) {
      http.require(a);
    }
  }

  /**
   * Registers a new version of a registered model.
   *
   * @param source where the model's files are, e.g. {@code <artifact root>/model}
   * @return the version MLflow assigned (1, 2, ...)
   */
  public int createModelVersion(String name, String source, String runId) {
    ObjectNode body = MlflowHttp.JSON.createObjectNode();
    body.put("name", requireNonNull(name, "name"));
    body.put("source", requireNonNull(source, "source"));
    body.put("run_id", requireNonNull(runId, "runId"));
    Answer a = http.post(API + "model-versions/create", body);
    return Math.toIntExact(MlflowHttp.int64(http.require(a).path("model_version"), "version"));
  }

  /** Points {@code alias} of a registered model at {@code version}, moving it if it was set. */
  public void setAlias(String name, String alias, int version) {
    ObjectNode body = MlflowHttp.JSON.createObjectNode();
    body.put("name", requireNonNull(name, "name"));
    body.put("alias", requireNonNull(alias, "alias"));
    body.put("version", Integer.toString(version));
    http.require(http.post(API + "registered-models/alias", body));
  }

  @Override
  public String toString() {
    return "MlflowClient[" + config + "]";
  }
}

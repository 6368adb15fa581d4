package dev.kairos.testkit.mlflow;

import static dev.kairos.testkit.mlflow.FakeMlflowServer.JSON;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kairos.testkit.mlflow.FakeMlflowServer.Failure;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What {@link FakeMlflowServer} stores, with MLflow's rules: experiments, runs with their tags,
 * params, metrics and artifacts ({@link FakeMlflowRegistry} keeps the model registry). Accessed
 * under the server's lock.
 */
public final class FakeMlflowState {
  public static final String INVALID = "INVALID_PARAMETER_VALUE";
  public static final String MISSING = "RESOURCE_DOES_NOT_EXIST";
  public static final String EXISTS = "RESOURCE_ALREADY_EXISTS";

  public static final class Experiment {
    public final String id;
    public final String name;
    public final String artifactLocation;
    public boolean deleted;

    Experiment(String id, String name, String artifactLocation) {
      this.id = id;
      this.name = name;
      this.artifactLocation = artifactLocation;
    }
  }

  public static final class FakeRun {
    public final String id;
    public final String experimentId;
    public final String name;
    public final long startTime;
    public final String artifactUri;
    public String status = "RUNNING";
    public Long endTime;
    public final Map<String, String> tags = new LinkedHashMap<>();
    public final Map<String, String> params = new LinkedHashMap<>();
    public final List<Metric> metrics = new ArrayList<>();

    FakeRun(String id, String experimentId, String name, long startTime, String artifactUri) {
      this.id = id;
      this.experimentId = experimentId;
      this.name = name;
      this.startTime = startTime;
      this.artifactUri = artifactUri;
    }
  }

  public record Metric(String key, double value, long timestamp, long step) {}

  private final Map<String, Experiment> experiments = new LinkedHashMap<>();
  private final Map<String, FakeRun> runs = new LinkedHashMap<>();
  private final Map<String, byte[]> artifacts = new LinkedHashMap<>();
  private String artifactRoot = "mlflow-artifacts:/";
  private String raceOn;

  public FakeMlflowState() {
    experiments.put("Default", new Experiment("0", "Default", artifactRoot + "0"));
  }

  // ---- knobs and views for tests

  /** Experiments created from now on store artifacts under {@code root + <id>}. */
  public void artifactRoot(String root) {
    artifactRoot = root;
  }

  /** Another client creates experiment {@code name} just before the next experiments/create. */
  public void raceOnCreate(String name) {
    raceOn = name;
  }

  public String addExperiment(String name) {
    String id = Integer.toString(experiments.size());
    experiments.put(name, new Experiment(id, name, artifactRoot + id));
    return id;
  }

  public void deleteExperiment(String name) {
    experiments.get(name).deleted = true;
  }

  public Map<String, String> experiments() {
    Map<String, String> m = new LinkedHashMap<>();
    experiments.forEach((name, e) -> m.put(name, e.id));
    return m;
  }

  public List<FakeRun> runs() {
    return List.copyOf(runs.values());
  }

  public FakeRun run(String id) {
    return runs.get(id);
  }

  public boolean hasRun(String id) {
    return runs.containsKey(id);
  }

  public Map<String, byte[]> artifacts() {
    return Map.copyOf(artifacts);
  }

  // ---- endpoints

  public JsonNode experimentByName(String name) {
    Experiment e = experiments.get(name);
    if (e == null) {
      throw new Failure(404, MISSING, "Could not find experiment with name '" + name + "'");
    }
    ObjectNode out = JSON.createObjectNode();
    out.putObject("experiment")
        .put("experiment_id", e.id)
        .put("name", e.name)
        .put("artifact_location", e.artifactLocation)
        .put("lifecycle_stage", e.deleted ? "deleted" : "active");
    return out;
  }

  public JsonNode createExperiment(JsonNode b) {
    String name = required(b, "name");
    if (name.equals(raceOn)) {
      raceOn = null;
      addExperiment(name);
    }
    if (experiments.containsKey(name)) {
      throw new Failure(400, EXISTS, "Experiment '" + name + "' already exists.");
    }
    return JSON.createObjectNode().put("experiment_id", addExperiment(name));
  }

  public JsonNode createRun(JsonNode b) {
    String expId = required(b, "experiment_id");
    Experiment e =
        experiments.values().stream().filter(x -> x.id.equals(expId)).findFirst().orElse(null);
    if (e == null) {
      throw new Failure(404, MISSING, "No Experiment with id=" + expId + " exists");
    }
    if (e.deleted) {
      throw new Failure(
          400, INVALID, "The experiment " + expId + " must be in the 'active' state.");
    }
    String id = String.format("f00d%028x", runs.size() + 1);
    FakeRun run =
        new FakeRun(
            id,
            expId,
            b.path("run_name").asText(""),
            int64(b, "start_time"),
            e.artifactLocation + "/" + id + "/artifacts");
    for (JsonNode t : b.path("tags")) {
      run.tags.put(required(t, "key"), tagValue(t));
    }
    runs.put(id, run);
    ObjectNode out = JSON.createObjectNode();
    ObjectNode info = out.putObject("run").putObject("info");
    info.put("run_id", id).put("run_uuid", id).put("run_name", run.name);
    info.put("experiment_id", expId).put("status", "RUNNING");
    info.put("start_time", run.startTime); // the Python server answers int64 as numbers
    info.put("artifact_uri", run.artifactUri).put("lifecycle_stage", "active");
    return out;
  }

  public JsonNode logBatch(JsonNode b, int bytes) {
    FakeRun run = run(b);
    int m = b.path("metrics").size();
    int p = b.path("params").size();
    int t = b.path("tags").size();
    if (bytes > 1_000_000) {
      throw invalid(
          "Batched logging API requests must be at most 1000000 bytes, got a request of size %d.",
          bytes);
    }
    limit("metrics", m, 1000);
    limit("params", p, 100);
    limit("tags", t, 100);
    limit("metrics, params, and tags", m + p + t, 1000);
    for (JsonNode x : b.path("params")) {
      String key = key(x);
      String value = x.path("value").asText();
      if (value.length() > 6000) {
        throw invalid(
            "Param value '%s' had length %d, which exceeded length limit of 6000",
            key, value.length());
      }
      String old = run.params.putIfAbsent(key, value);
      if (old != null && !old.equals(value)) {
        throw invalid(
            "Changing param values is not allowed. Param with key='%s' was already logged with"
                + " value='%s' for run ID='%s'. Attempted logging new value '%s'.",
            key, old, run.id, value);
      }
    }
    for (JsonNode x : b.path("tags")) {
      run.tags.put(key(x), tagValue(x));
    }
    for (JsonNode x : b.path("metrics")) {
      run.metrics.add(new Metric(key(x), value(x), int64(x, "timestamp"), int64(x, "step")));
    }
    return JSON.createObjectNode();
  }

  public JsonNode putArtifact(String path, byte[] bytes) {
    if (List.of(path.split("/")).contains("..") || path.startsWith("/")) {
      throw new Failure(400, INVALID, "Invalid path: " + path);
    }
    artifacts.put(path, bytes);
    return JSON.createObjectNode();
  }

  public JsonNode updateRun(JsonNode b) {
    FakeRun run = run(b);
    String status = b.path("status").asText("");
    if (!Set.of("RUNNING", "SCHEDULED", "FINISHED", "FAILED", "KILLED").contains(status)) {
      throw new Failure(400, INVALID, "Invalid run status '" + status + "'");
    }
    run.status = status;
    run.endTime = b.has("end_time") ? int64(b, "end_time") : null;
    ObjectNode out = JSON.createObjectNode();
    out.putObject("run_info").put("run_id", run.id).put("status", status);
    return out;
  }

  // ---- MLflow's validation

  private FakeRun run(JsonNode b) {
    FakeRun run = runs.get(required(b, "run_id"));
    if (run == null) {
      throw new Failure(404, MISSING, "Run '" + b.path("run_id").asText() + "' not found");
    }
    return run;
  }

  private static void limit(String what, int count, int max) {
    if (count > max) {
      throw invalid(
          "A batch logging request can contain at most %d %s. Got %d %s. Please split up %s"
              + " across multiple requests and try again.",
          max, what, count, what, what);
    }
  }

  public static String required(JsonNode b, String field) {
    JsonNode n = b.get(field);
    if (n == null || !n.isTextual() || n.asText().isEmpty()) {
      throw new Failure(400, INVALID, "Missing value for required parameter '" + field + "'.");
    }
    return n.asText();
  }

  private static String key(JsonNode x) {
    String key = required(x, "key");
    if (key.length() > 250) {
      throw invalid(
          "Key '%s' had length %d, which exceeded length limit of 250", key, key.length());
    }
    return key;
  }

  private static String tagValue(JsonNode t) {
    String v = t.path("value").asText("");
    if (v.length() > 5000) {
      throw invalid(
          "Tag value '%s' had length %d, which exceeded length limit of 5000",
          t.path("key").asText(), v.length());
    }
    return v;
  }

  public static Failure invalid(String format, Object... args) {
    return new Failure(400, INVALID, format.formatted(args));
  }

  /** proto3 JSON: an int64 as a string or a number. */
  public static long int64(JsonNode b, String field) {
    JsonNode n = b.path(field);
    try {
      if (n.isTextual()) {
        return Long.parseLong(n.asText());
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    if (n.isIntegralNumber()) {
      return n.asLong();
    }
    throw new Failure(400, INVALID, "Invalid value " + n + " for parameter '" + field + "'");
  }

  /** proto3 JSON: a double as a number, or "NaN", "Infinity", "-Infinity". */
  private static double value(JsonNode x) {
    JsonNode n = x.path("value");
    if (n.isNumber()) {
      return n.asDouble();
    }
    return switch (n.asText("")) {
      case "NaN" -> Double.NaN;
      case "Infinity" -> Double.POSITIVE_INFINITY;
      case "-Infinity" -> Double.NEGATIVE_INFINITY;
      default -> throw new Failure(400, INVALID, "Invalid metric value " + n);
    };
  }
}

package dev.kairos.testkit.mlflow;

import static dev.kairos.testkit.mlflow.FakeMlflowServer.JSON;
import static dev.kairos.testkit.mlflow.FakeMlflowState.EXISTS;
import static dev.kairos.testkit.mlflow.FakeMlflowState.INVALID;
import static dev.kairos.testkit.mlflow.FakeMlflowState.MISSING;
import static dev.kairos.testkit.mlflow.FakeMlflowState.int64;
import static dev.kairos.testkit.mlflow.FakeMlflowState.required;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kairos.testkit.mlflow.FakeMlflowServer.Failure;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The model registry of {@link FakeMlflowServer}: registered models, their versions and aliases,
 * with MLflow's rules. Accessed under the server's lock.
 */
public final class FakeMlflowRegistry {
  public record ModelVersion(String name, int version, String source, String runId) {}

  private final Map<String, List<ModelVersion>> models = new LinkedHashMap<>();
  private final Map<String, Map<String, Integer>> aliases = new LinkedHashMap<>();
  private final Predicate<String> runs;

  /**
   * @param runs whether a run id exists on the tracking side
   */
  public FakeMlflowRegistry(Predicate<String> runs) {
    this.runs = runs;
  }

  public Set<String> registeredModels() {
    return Set.copyOf(models.keySet());
  }

  public List<ModelVersion> versions(String model) {
    return List.copyOf(models.get(model));
  }

  public Map<String, Integer> aliases(String model) {
    return Map.copyOf(aliases.get(model));
  }

  public JsonNode createRegisteredModel(JsonNode b) {
    String name = required(b, "name");
    if (models.containsKey(name)) {
      throw new Failure(400, EXISTS, "Registered Model (name=" + name + ") already exists.");
    }
    models.put(name, new ArrayList<>());
    aliases.put(name, new LinkedHashMap<>());
    ObjectNode out = JSON.createObjectNode();
    out.putObject("registered_model").put("name", name).put("creation_timestamp", 1L);
    return out;
  }

  public JsonNode createModelVersion(JsonNode b) {
    String name = required(b, "name");
    List<ModelVersion> versions = model(name);
    String runId = b.path("run_id").asText("");
    if (!runId.isEmpty() && !runs.test(runId)) {
      throw new Failure(404, MISSING, "Run with id=" + runId + " not found");
    }
    ModelVersion v = new ModelVersion(name, versions.size() + 1, required(b, "source"), runId);
    versions.add(v);
    ObjectNode out = JSON.createObjectNode();
    out.putObject("model_version")
        .put("name", name)
        .put("version", Integer.toString(v.version()))
        .put("creation_timestamp", 1L)
        .put("source", v.source())
        .put("run_id", runId)
        .put("status", "READY");
    return out;
  }

  public JsonNode setAlias(JsonNode b) {
    String name = required(b, "name");
    String alias = required(b, "alias");
    List<ModelVersion> versions = model(name);
    int version = (int) int64(b, "version");
    if (version < 1 || version > versions.size()) {
      throw new Failure(
          404, MISSING, "Model Version (name=" + name + ", version=" + version + ") not found");
    }
    if (alias.equalsIgnoreCase("latest") || alias.matches("[vV]\\d+")) {
      throw new Failure(400, INVALID, "'" + alias + "' alias name is reserved.");
    }
    aliases.get(name).put(alias, version);
    return JSON.createObjectNode();
  }

  private List<ModelVersion> model(String name) {
    List<ModelVersion> versions = models.get(name);
    if (versions == null) {
      throw new Failure(404, MISSING, "Registered Model with name=" + name + " not found");
    }
    return versions;
  }
}

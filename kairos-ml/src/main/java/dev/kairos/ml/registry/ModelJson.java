package dev.kairos.ml.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kairos.api.FeatureRef;
import dev.kairos.api.KairosException;
import dev.kairos.api.ValueType;
import dev.kairos.ml.features.InputSpec;
import dev.kairos.ml.runs.RunJson;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The stored form of a {@link ModelVersion} (format 1, see {@code docs/models.md}). */
public final class ModelJson {
  private ModelJson() {}

  public static String write(ModelVersion v) {
    ObjectNode n = RunJson.MAPPER.createObjectNode();
    n.put("format", 1);
    n.put("model", v.model());
    n.put("version", v.version());
    n.put("run_id", v.runId());
    n.put("created_at", v.createdAt().toString());
    n.put("service", v.service());
    n.put("registry_version", v.registryVersion());
    n.put("threshold", v.threshold());
    n.put("threshold_rule", v.thresholdRule());
    n.put("tree_limit", v.treeLimit());
    n.put("mlflow_version", v.mlflowVersion());
    ArrayNode inputs = n.putArray("inputs");
    for (InputSpec s : v.inputs()) {
      ObjectNode i = inputs.addObject().put("ref", s.ref().toString()).put("type", s.type().name());
      if (!s.vocabulary().isEmpty()) {
        ArrayNode vocab = i.putArray("vocabulary");
        s.vocabulary().forEach(vocab::add);
      }
    }
    return n.toString();
  }

  public static ModelVersion read(String json) {
    try {
      JsonNode n = RunJson.MAPPER.readTree(json);
      List<InputSpec> inputs = new ArrayList<>();
      for (JsonNode i : n.get("inputs")) {
        List<String> vocab = new ArrayList<>();
        if (i.has("vocabulary")) {
          i.get("vocabulary").forEach(x -> vocab.add(x.asText()));
        }
        inputs.add(
            new InputSpec(
                FeatureRef.parse(i.get("ref").asText()),
                ValueType.valueOf(i.get("type").asText()),
                vocab));
      }
      JsonNode mlflow = n.get("mlflow_version");
      return new ModelVersion(
          n.get("model").asText(),
          n.get("version").asLong(),
          n.get("run_id").asText(),
          Instant.parse(n.get("created_at").asText()),
          n.get("service").asText(),
          n.get("registry_version").asLong(),
          inputs,
          n.get("threshold").asDouble(),
          n.get("threshold_rule").asText(),
          n.get("tree_limit").asInt(),
          mlflow == null || mlflow.isNull() ? null : mlflow.asText());
    } catch (Exception e) {
      throw KairosException.internal("a stored model version is unreadable: " + e.getMessage(), e);
    }
  }
}

package dev.kairos.ml.runs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kairos.api.KairosException;
import dev.kairos.ml.runs.Run.Artifact;
import dev.kairos.ml.runs.Run.DataFingerprint;
import dev.kairos.ml.runs.Run.FeatureColumn;
import dev.kairos.ml.runs.Run.Lineage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The stored form of a {@link Run} (format 1, documented in {@code docs/models.md}). Metrics that
 * are not finite (an undefined AUC) are stored as null and read back as NaN.
 */
public final class RunJson {
  /** The shared mapper of the ML module. */
  public static final ObjectMapper MAPPER = new ObjectMapper();

  private static final int FORMAT = 1;

  private RunJson() {}

  public static String write(Run run) {
    return toNode(run).toString();
  }

  public static ObjectNode toNode(Run run) {
    ObjectNode n = MAPPER.createObjectNode();
    n.put("format", FORMAT);
    n.put("id", run.id());
    n.put("model", run.model());
    n.put("status", run.status().name());
    n.put("start_time", run.startTime().toString());
    n.put("end_time", run.endTime() == null ? null : run.endTime().toString());
    ObjectNode params = n.putObject("params");
    run.params().forEach(params::put);
    ObjectNode metrics = n.putObject("metrics");
    run.metrics().forEach((k, v) -> metrics.put(k, Double.isFinite(v) ? v : null));
    ObjectNode tags = n.putObject("tags");
    run.tags().forEach(tags::put);
    ObjectNode lineage = n.putObject("lineage");
    lineage.put("service", run.lineage().service());
    lineage.put("registry_version", run.lineage().registryVersion());
    lineage.put("label", run.lineage().label());
    ArrayNode features = lineage.putArray("features");
    for (FeatureColumn f : run.lineage().features()) {
      features.addObject().put("ref", f.ref()).put("type", f.type());
    }
    if (run.data() != null) {
      n.putObject("data")
          .put("rows", run.data().rows())
          .put("from", run.data().from().toString())
          .put("to", run.data().to().toString())
          .put("sha256", run.data().sha256());
    }
    n.put("kairos_version", run.kairosVersion());
    ArrayNode artifacts = n.putArray("artifacts");
    for (Artifact a : run.artifacts()) {
      artifacts.addObject().put("path", a.path()).put("kind", a.kind());
    }
    n.put("error", run.error());
    return n;
  }

  public static Run read(String json) {
    try {
      return fromNode(MAPPER.readTree(json));
    } catch (JsonProcessingException | RuntimeException e) {
      throw KairosException.internal("a stored run is unreadable: " + e.getMessage(), e);
    }
  }

  private static Run fromNode(JsonNode n) {
    Map<String, String> params = new LinkedHashMap<>();
    n.get("params").properties().forEach(e -> params.put(e.getKey(), e.getValue().asText()));
    Map<String, Double> metrics = new LinkedHashMap<>();
    n.get("metrics")
        .properties()
        .forEach(
            e ->
                metrics.put(
                    e.getKey(), e.getValue().isNull() ? Double.NaN : e.getValue().asDouble()));
    Map<String, String> tags = new LinkedHashMap<>();
    n.get("tags").properties().forEach(e -> tags.put(e.getKey(), e.getValue().asText()));
    JsonNode l = n.get("lineage");
    List<FeatureColumn> features = new ArrayList<>();
    l.get("features")
        .forEach(
            f -> features.add(new FeatureColumn(f.get("ref").asText(), f.get("type").asText())));
    Lineage lineage =
        new Lineage(
            l.get("service").asText(),
            l.get("registry_version").asLong(),
            features,
            l.get("label").asText());
    JsonNode d = n.get("data");
    DataFingerprint data =
        d == null || d.isNull()
            ? null
            : new DataFingerprint(
                d.get("rows").asLong(),
                Instant.parse(d.get("from").asText()),
                Instant.parse(d.get("to").asText()),
                d.get("sha256").asText());
    List<Artifact> artifacts = new ArrayList<>();
    n.get("artifacts")
        .forEach(a -> artifacts.add(new Artifact(a.get("path").asText(), a.get("kind").asText())));
    return new Run(
        n.get("id").asText(),
        n.get("model").asText(),
        Run.RunStatus.valueOf(n.get("status").asText()),
        Instant.parse(n.get("start_time").asText()),
        text(n, "end_time") == null ? null : Instant.parse(text(n, "end_time")),
        params,
        metrics,
        tags,
        lineage,
        data,
        n.get("kairos_version").asText(),
        artifacts,
        text(n, "error"));
  }

  static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }
}

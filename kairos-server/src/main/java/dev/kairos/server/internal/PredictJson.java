package dev.kairos.server.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.kairos.api.KairosException;
import dev.kairos.api.predict.Contribution;
import dev.kairos.api.predict.PredictQuery;
import dev.kairos.api.predict.PredictResult;
import dev.kairos.api.predict.Prediction;
import dev.kairos.api.predict.ServedFeature;
import java.io.IOException;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JSON for {@code POST /v1/predict/{model}} and the models part of {@code /readyz}. Feature values
 * are written as the REST resource writes them (timestamps as ISO-8601 text, null as null); a
 * number that is not finite (a missing input is NaN) is written as null.
 */
final class PredictJson {
  private static final Logger LOG = LoggerFactory.getLogger(PredictJson.class);
  private static final List<String> FIELDS =
      List.of("alias", "entities", "request_data", "explain", "top");
  private static final byte[] READY =
      "{\"status\":\"READY\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);

  private PredictJson() {}

  /** Parses a request body; the model comes from the path. */
  static PredictQuery query(String model, byte[] body) {
    JsonNode root = JsonCodec.readTree(body);
    if (root == null || !root.isObject()) {
      throw KairosException.user(
          "the request body must be a JSON object with 'entities' and 'request_data', e.g."
              + " {\"entities\": {\"user_id\": [1001]}, \"request_data\": {\"amount\": [12.5]}}");
    }
    for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
      String field = it.next();
      if (!FIELDS.contains(field)) {
        throw KairosException.user(
            "unknown field '"
                + field
                + "' in the predict request; known fields: "
                + String.join(", ", FIELDS));
      }
    }
    return PredictExecutor.query(
        model,
        alias(root.get("alias")),
        JsonCodec.entities(root.get("entities")),
        requestData(root.get("request_data")),
        explain(root.get("explain")),
        top(root.get("top")));
  }

  private static boolean absent(JsonNode node) {
    return node == null || node.isNull();
  }

  private static String alias(JsonNode node) {
    if (absent(node)) {
      return null;
    }
    if (!node.isTextual()) {
      throw KairosException.user("'alias' must be a string, but it is " + node);
    }
    return node.asText();
  }

  private static Map<String, List<Object>> requestData(JsonNode node) {
    if (absent(node)) {
      return Map.of();
    }
    if (!node.isObject()) {
      throw KairosException.user(
          "'request_data' must be an object mapping each request field to a list of values, e.g."
              + " {\"amount\": [12.5, 830.0]}");
    }
    return JsonCodec.columns(node, "request field");
  }

  private static Boolean explain(JsonNode node) {
    if (absent(node)) {
      return null;
    }
    if (!node.isBoolean()) {
      throw KairosException.user("'explain' must be true or false, but it is " + node);
    }
    return node.booleanValue();
  }

  private static Integer top(JsonNode node) {
    if (absent(node)) {
      return null;
    }
    if (!node.isIntegralNumber() || !node.canConvertToInt()) {
      throw KairosException.user(
          "'top' must be a whole number of contributions (0 = all), but it is " + node);
    }
    return node.intValue();
  }

  /** The response body. */
  static byte[] response(PredictResult r) {
    return JsonCodec.write(
        g -> {
          g.writeStartObject();
          g.writeStringField("model", r.model());
          g.writeStringField("alias", r.alias());
          g.writeNumberField("version", r.version());
          g.writeStringField("run_id", r.runId());
          number(g, "threshold", r.threshold());
          g.writeArrayFieldStart("predictions");
          for (Prediction p : r.predictions()) {
            prediction(g, p);
          }
          g.writeEndArray();
          g.writeEndObject();
        });
  }

  private static void prediction(JsonGenerator g, Prediction p) throws IOException {
    g.writeStartObject();
    number(g, "probability", p.probability());
    g.writeBooleanField("decision", p.decision());
    number(g, "margin", p.margin());
    number(g, "bias", p.bias());
    g.writeArrayFieldStart("features");
    for (ServedFeature f : p.features()) {
      g.writeStartObject();
      g.writeStringField("name", f.name());
      g.writeStringField("type", f.type().name());
      g.writeFieldName("value");
      JsonCodec.value(g, f.type(), f.value(), false);
      g.writeStringField("status", f.status().name());
      g.writeStringField(
          "event_timestamp", f.eventTimestamp() == null ? null : f.eventTimestamp().toString());
      number(g, "age_seconds", f.ageSeconds() == null ? Double.NaN : f.ageSeconds());
      number(g, "input", f.input());
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeArrayFieldStart("contributions");
    for (Contribution c : p.contributions()) {
      g.writeStartObject();
      g.writeStringField("feature", c.feature());
      number(g, "value", c.value());
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeEndObject();
  }

  private static void number(JsonGenerator g, String field, double v) throws IOException {
    if (Double.isFinite(v)) {
      g.writeNumberField(field, v);
    } else {
      g.writeNullField(field);
    }
  }

  /**
   * The {@code /readyz} body of a ready server: {@code {"status": "READY"}}, plus, when models are
   * served, {@code "models": {"serving": {"model@alias": version}, "problems": {"model@alias":
   * why}}} in name order. A predictor that cannot say does not make the server unready: its failure
   * is reported as {@code "models": {"error": ...}}.
   */
  static byte[] ready(PredictExecutor predictions) {
    if (!predictions.enabled()) {
      return READY.clone();
    }
    Map<String, Long> serving;
    Map<String, String> problems;
    try {
      serving = new TreeMap<>(predictions.serving());
      problems = new TreeMap<>(predictions.problems());
    } catch (RuntimeException e) {
      LOG.warn("the predictor could not report its models", e);
      String error = "the predictor could not report its models: " + e;
      return JsonCodec.write(
          g -> {
            g.writeStartObject();
            g.writeStringField("status", "READY");
            g.writeObjectFieldStart("models");
            g.writeStringField("error", error);
            g.writeEndObject();
            g.writeEndObject();
          });
    }
    return JsonCodec.write(
        g -> {
          g.writeStartObject();
          g.writeStringField("status", "READY");
          g.writeObjectFieldStart("models");
          g.writeObjectFieldStart("serving");
          for (Map.Entry<String, Long> e : serving.entrySet()) {
            g.writeNumberField(e.getKey(), e.getValue());
          }
          g.writeEndObject();
          g.writeObjectFieldStart("problems");
          for (Map.Entry<String, String> e : problems.entrySet()) {
            g.writeStringField(e.getKey(), e.getValue());
          }
          g.writeEndObject();
          g.writeEndObject();
          g.writeEndObject();
        });
  }
}

package dev.kairos.monitor;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kairos.api.KairosException;
import dev.kairos.api.monitor.SkewSummary;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The JSON form of a {@link SkewReport} ({@code kairos skew --format json}, stored checks). */
public final class ReportJson {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private ReportJson() {}

  public static ObjectNode toJson(SkewReport r) {
    ObjectNode n = JSON.createObjectNode();
    n.put("service", r.service());
    n.put("checked_at", r.checkedAt().toString());
    n.put("from", r.from().toString());
    n.put("to", r.to().toString());
    n.put("rows", r.rows());
    n.put("mismatches", r.mismatches());
    n.put("late", r.late());
    n.put("mismatch_rate", r.mismatchRate());
    ArrayNode hours = n.putArray("hours");
    for (SkewSummary.Hour h : r.hours()) {
      hours
          .addObject()
          .put("hour", h.hour().toString())
          .put("rows", h.rows())
          .put("mismatches", h.mismatches());
    }
    ArrayNode features = n.putArray("features");
    for (SkewReport.FeatureSkew f : r.features()) {
      ObjectNode o = features.addObject();
      o.put("feature", f.feature());
      o.put("total", f.total());
      o.put("mismatches", f.mismatches());
      o.put("both_null", f.bothNull());
      o.put("served_null_only", f.servedNullOnly());
      o.put("recomputed_null_only", f.recomputedNullOnly());
      o.put("value_mismatches", f.valueMismatches());
      o.put("late", f.late());
      if (f.smape() == null) {
        o.putNull("smape");
      } else {
        o.put("smape", f.smape());
      }
      ObjectNode p = o.putObject("diff_percentiles");
      f.diffPercentiles().forEach(p::put);
      ObjectNode examples = o.putObject("examples");
      for (Map.Entry<String, List<SkewReport.Example>> e : f.examples().entrySet()) {
        ArrayNode list = examples.putArray(e.getKey());
        for (SkewReport.Example x : e.getValue()) {
          ObjectNode ex = list.addObject();
          ObjectNode keys = ex.putObject("entity_keys");
          x.entityKeys().forEach(keys::put);
          ex.put("request_time", x.requestTime().toString());
          ex.put("served", x.served());
          ex.put("recomputed", x.recomputed());
        }
      }
    }
    return n;
  }

  public static String render(SkewReport r) {
    try {
      return JSON.writeValueAsString(toJson(r)) + "\n";
    } catch (JsonProcessingException e) {
      throw KairosException.internal("cannot render the skew report", e);
    }
  }

  /** Reads back the summary part of a stored report. */
  static SkewSummary summary(String json) {
    try {
      return parse(json).summary();
    } catch (KairosException e) {
      throw KairosException.internal("a stored skew check is unreadable: " + e.getMessage(), e);
    }
  }

  /**
   * Reads a report {@link #render} wrote (or {@code POST /v1/skew/check} answered).
   *
   * @throws KairosException INTERNAL when the text is not such a report
   */
  public static SkewReport parse(String json) {
    try {
      JsonNode n = JSON.readTree(json);
      List<SkewSummary.Hour> hours = new ArrayList<>();
      n.path("hours")
          .forEach(
              h ->
                  hours.add(
                      new SkewSummary.Hour(
                          Instant.parse(h.get("hour").asText()),
                          h.get("rows").asLong(),
                          h.get("mismatches").asLong())));
      List<SkewReport.FeatureSkew> features = new ArrayList<>();
      n.path("features").forEach(f -> features.add(feature(f)));
      return new SkewReport(
          n.get("service").asText(),
          Instant.parse(n.get("checked_at").asText()),
          Instant.parse(n.get("from").asText()),
          Instant.parse(n.get("to").asText()),
          n.get("rows").asLong(),
          n.get("mismatches").asLong(),
          n.get("late").asLong(),
          hours,
          features);
    } catch (JsonProcessingException | RuntimeException e) {
      throw KairosException.internal("not a skew report: " + e.getMessage(), e);
    }
  }

  private static SkewReport.FeatureSkew feature(JsonNode f) {
    Map<String, Double> percentiles = new LinkedHashMap<>();
    f.path("diff_percentiles")
        .fields()
        .forEachRemaining(e -> percentiles.put(e.getKey(), e.getValue().asDouble()));
    Map<String, List<SkewReport.Example>> examples = new LinkedHashMap<>();
    f.path("examples")
        .fields()
        .forEachRemaining(
            e -> {
              List<SkewReport.Example> list = new ArrayList<>();
              for (JsonNode x : e.getValue()) {
                Map<String, String> keys = new LinkedHashMap<>();
                x.path("entity_keys")
                    .fields()
                    .forEachRemaining(k -> keys.put(k.getKey(), k.getValue().asText()));
                list.add(
                    new SkewReport.Example(
                        keys,
                        Instant.parse(x.get("request_time").asText()),
                        text(x.get("served")),
                        text(x.get("recomputed"))));
              }
              examples.put(e.getKey(), list);
            });
    return new SkewReport.FeatureSkew(
        f.get("feature").asText(),
        f.get("total").asLong(),
        f.get("both_null").asLong(),
        f.get("served_null_only").asLong(),
        f.get("recomputed_null_only").asLong(),
        f.get("value_mismatches").asLong(),
        f.get("late").asLong(),
        f.get("smape").isNull() ? null : f.get("smape").asDouble(),
        percentiles,
        examples);
  }

  private static String text(JsonNode v) {
    return v == null || v.isNull() ? null : v.asText();
  }
}

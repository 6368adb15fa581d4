package dev.kairos.agent.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kairos.agent.AgentBackends;
import dev.kairos.agent.DocumentIndex;
import dev.kairos.agent.internal.ToolSpec.Param;
import dev.kairos.agent.internal.ToolSpec.Type;
import dev.kairos.api.Definitions;
import dev.kairos.api.FeatureRef;
import dev.kairos.api.FeatureView;
import dev.kairos.api.Field;
import dev.kairos.api.KairosException;
import dev.kairos.api.OnDemandFeatureView;
import dev.kairos.api.OnlineQuery;
import dev.kairos.api.OnlineResult;
import dev.kairos.api.ValueType;
import dev.kairos.api.analytics.AnalyticsTable;
import dev.kairos.api.predict.Contribution;
import dev.kairos.api.predict.PredictQuery;
import dev.kairos.api.predict.PredictResult;
import dev.kairos.api.predict.Prediction;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The five tools, executed in-process by Kairos code. All are read-only and bounded: one entity per
 * call, at most {@value #MAX_ROWS} rows, {@value #MAX_DAYS} days of daily risk, {@value #MAX_RUNS}
 * validation runs, {@value #MAX_DOCS} documents.
 */
public final class KairosTools {
  static final int MAX_ROWS = 100;
  static final int MAX_DAYS = 31;
  static final int MAX_RUNS = 20;
  static final int MAX_DOCS = 3;
  static final ObjectMapper JSON = new ObjectMapper();

  /** The declared tools, in the order the model is told about them. */
  public static final List<ToolSpec> SPECS =
      List.of(
          new ToolSpec(
              "get_online_features",
              "Current online feature values of one entity, with each value's status (PRESENT,"
                  + " NULL_VALUE, NOT_FOUND, OUTSIDE_MAX_AGE) and age in seconds.",
              List.of(
                  new Param(
                      "service",
                      Type.STRING,
                      true,
                      "a feature service or feature view name, e.g. fraud_detection_v1 or"
                          + " user_last_transaction"),
                  new Param(
                      "entity_id",
                      Type.STRING,
                      true,
                      "the id of the entity the service's first view is keyed by, e.g. a user"
                          + " id"))),
          new ToolSpec(
              "score_transaction",
              "Scores a transaction of a user with the champion fraud model and explains the score"
                  + " (top SHAP contributions). Fields not given are taken from the user's latest"
                  + " transaction.",
              List.of(
                  new Param("user_id", Type.INTEGER, true, "the card holder's id"),
                  new Param("amount", Type.NUMBER, false, "the transaction amount"),
                  new Param("merchant_id", Type.INTEGER, false, "the merchant's id"),
                  new Param("merchant_category", Type.STRING, false, "e.g. electronics"),
                  new Param("country", Type.STRING, false, "two-letter country code"),
                  new Param("device_id", Type.STRING, false, "the device used"))),
          new ToolSpec(
              "search_documentation",
              "Searches the repository's documentation, feature definitions, validation suites"
                  + " and model cards; returns the best matching passages.",
              List.of(new Param("query", Type.STRING, true, "what to look for"))),
          new ToolSpec(
              "get_quality_history",
              "The latest data-quality validation runs of a source, newest first.",
              List.of(
                  new Param("source", Type.STRING, true, "the source name, e.g. transactions"),
                  new Param("limit", Type.INTEGER, false, "how many runs (1 to 20, default 5)"))),
          new ToolSpec(
              "get_daily_risk",
              "Daily fraud risk summary (transactions, fraud count and rate, amounts) for a date"
                  + " range of at most 31 days, optionally one merchant category and/or country.",
              List.of(
                  new Param("from", Type.STRING, true, "first day, ISO date 2026-01-01"),
                  new Param("to", Type.STRING, true, "last day (inclusive), ISO date"),
                  new Param("category", Type.STRING, false, "a merchant category"),
                  new Param("country", Type.STRING, false, "a country code"))));

  private final AgentBackends backends;
  private final String scoringModel;

  public KairosTools(AgentBackends backends, String scoringModel) {
    this.backends = backends;
    this.scoringModel = scoringModel;
  }

  /** The declared tool of that name. */
  public static Optional<ToolSpec> spec(String name) {
    return SPECS.stream().filter(s -> s.name().equals(name)).findFirst();
  }

  /**
   * Runs a validated call. A failure of the data (unknown service, unknown user, a store down) is a
   * result {@code {"error": ...}} for the model to read, never an exception.
   */
  public ObjectNode execute(String tool, Map<String, Object> args) {
    try {
      return switch (tool) {
        case "get_online_features" ->
            onlineFeatures((String) args.get("service"), (String) args.get("entity_id"));
        case "score_transaction" -> score(args);
        case "search_documentation" -> search((String) args.get("query"));
        case "get_quality_history" ->
            quality((String) args.get("source"), (Long) args.getOrDefault("limit", 5L));
        case "get_daily_risk" -> dailyRisk(args);
        default -> throw new IllegalArgumentException("undeclared tool " + tool);
      };
    } catch (KairosException e) {
      ObjectNode n = JSON.createObjectNode();
      n.put("error", e.getMessage());
      return n;
    }
  }

  private Definitions defs() {
    Definitions d = backends.definitions().get();
    if (d == null) {
      throw KairosException.unavailable("the registry is not loaded yet; retry in a second", null);
    }
    return d;
  }

  private ObjectNode onlineFeatures(String name, String entityId) {
    Definitions defs = defs();
    List<FeatureRef> refs;
    if (defs.service(name).isPresent()) {
      refs = defs.resolveService(name);
    } else if (defs.view(name).isPresent()) {
      refs = defs.resolve(List.of(new FeatureRef(name, "*")));
    } else {
      throw KairosException.user(
          "no feature service or view named '"
              + name
              + "'; services: "
              + Definitions.names(defs.services(), s -> s.name())
              + ", views: "
              + Definitions.names(defs.views(), FeatureView::name));
    }
    FeatureView first =
        refs.stream()
            .map(r -> defs.view(r.view()))
            .flatMap(Optional::stream)
            .findFirst()
            .orElseThrow(() -> KairosException.user("'" + name + "' has no stored features"));
    List<Field> keys = defs.joinKeyFields(first);
    if (keys.size() != 1) {
      throw KairosException.user(
          "view "
              + first.name()
              + " is keyed by "
              + keys.size()
              + " keys; one entity id is needed");
    }
    Field key = keys.get(0);
    List<FeatureRef> sameKey =
        refs.stream()
            .filter(
                r -> defs.view(r.view()).map(v -> defs.joinKeyFields(v).equals(keys)).orElse(false))
            .toList();
    Object id = entityValue(key, entityId);
    OnlineResult r =
        backends
            .online()
            .get()
            .get(new OnlineQuery(sameKey, null, Map.of(key.name(), List.of(id)), true));
    Instant now = backends.clock().instant();
    ObjectNode out = JSON.createObjectNode();
    out.put("service", name);
    out.put("join_key", key.name());
    out.set("entity_id", JSON.valueToTree(id));
    ObjectNode features = out.putObject("features");
    for (int c = 0; c < r.names().size(); c++) {
      String n = r.names().get(c);
      if (n.equals(key.name())) {
        continue;
      }
      OnlineResult.Column col = r.columns().get(c);
      ObjectNode f = features.putObject(n.replace("__", ":"));
      putValue(f, "value", col.values()[0]);
      f.put("status", col.statuses()[0].name());
      Instant ts = col.eventTimestamps() == null ? null : col.eventTimestamps()[0];
      if (ts != null) {
        f.put("age_seconds", Duration.between(ts, now).getSeconds());
      } else {
        f.putNull("age_seconds");
      }
    }
    return out;
  }

  private static Object entityValue(Field key, String id) {
    if (key.type() == ValueType.INT64 || key.type() == ValueType.INT32) {
      try {
        return Long.parseLong(id.trim());
      } catch (NumberFormatException e) {
        throw KairosException.user(key.name() + " is a whole number, not '" + id + "'");
      }
    }
    return id;
  }

  private ObjectNode score(Map<String, Object> args) {
    long userId = (Long) args.get("user_id");
    Definitions defs = defs();
    Set<String> joinKeys = new LinkedHashSet<>();
    defs.views().forEach(v -> defs.joinKeys(v).forEach(joinKeys::add));
    Set<String> requestFields = new LinkedHashSet<>();
    for (OnDemandFeatureView o : defs.onDemandViews()) {
      o.request().forEach(f -> requestFields.add(f.name()));
    }
    Map<String, Object> txn = new LinkedHashMap<>();
    Optional<Map<String, Object>> latest = Optional.empty();
    boolean allGiven =
        args.keySet().containsAll(List.of("amount", "merchant_id", "merchant_category", "country"));
    if (!allGiven) {
      latest = backends.latest().latest(userId);
      if (latest.isEmpty()) {
        throw KairosException.notFound(
            "user "
                + userId
                + " has no transaction in the log; give amount, merchant_id, merchant_category"
                + " and country to score one");
      }
      latest.get().forEach(txn::put);
    }
    txn.putAll(args);
    Map<String, List<Object>> entities = new LinkedHashMap<>();
    Map<String, List<Object>> request = new LinkedHashMap<>();
    List<Object> list;
    for (String k : joinKeys) {
      if (txn.get(k) != null) {
        list = new ArrayList<>();
        list.add(txn.get(k));
        entities.put(k, list);
      }
    }
    for (String f : requestFields) {
      list = new ArrayList<>();
      list.add(txn.get(f));
      request.put(f, list);
    }
    PredictResult r =
        backends
            .predictor()
            .predict(new PredictQuery(scoringModel, null, entities, request, true, 3));
    Prediction p = r.predictions().get(0);
    ObjectNode out = JSON.createObjectNode();
    out.put("user_id", userId);
    ObjectNode t = out.putObject("transaction");
    t.put("source", latest.isPresent() ? "the user's latest transaction" : "given");
    entities.forEach((k, v) -> putValue(t, k, v.get(0)));
    request.forEach((k, v) -> putValue(t, k, v.get(0)));
    latest.map(l -> l.get("event_timestamp")).ifPresent(ts -> putValue(t, "event_timestamp", ts));
    out.put("model", r.model());
    out.put("alias", r.alias());
    out.put("version", r.version());
    out.put("probability", p.probability());
    out.put("threshold", r.threshold());
    out.put("decision", p.decision() ? "RISKY" : "NOT_RISKY");
    out.put("is_fraud", p.decision());
    ArrayNode top = out.putArray("top_contributions");
    for (Contribution c : p.contributions()) {
      ObjectNode o = top.addObject();
      o.put("feature", c.feature());
      o.put("shap", c.value());
    }
    return out;
  }

  private ObjectNode search(String query) {
    ObjectNode out = JSON.createObjectNode();
    out.put("query", query);
    ArrayNode hits = out.putArray("results");
    for (DocumentIndex.Hit h : backends.documents().search(query, MAX_DOCS)) {
      ObjectNode o = hits.addObject();
      o.put("title", h.document().title());
      o.put("origin", h.document().origin());
      o.put("text", h.document().text());
    }
    return out;
  }

  private ObjectNode quality(String source, long limit) {
    if (limit < 1 || limit > MAX_RUNS) {
      throw KairosException.user("limit must be 1 to " + MAX_RUNS + ", not " + limit);
    }
    if (defs().source(source).isEmpty()) {
      throw KairosException.notFound("no source named '" + source + "'");
    }
    ObjectNode out = JSON.createObjectNode();
    out.put("source", source);
    ArrayNode runs = out.putArray("runs");
    for (String report : backends.quality().runs(source, (int) limit)) {
      try {
        JsonNode r = JSON.readTree(report);
        ObjectNode o = runs.addObject();
        o.set("success", r.get("success"));
        o.set("statistics", r.get("statistics"));
        o.set("meta", r.get("meta"));
        ArrayNode failed = o.putArray("failed_expectations");
        for (JsonNode e : r.path("results")) {
          if (!e.path("success").asBoolean(true)) {
            failed.add(e.path("expectation_config").path("expectation_type").asText());
          }
        }
      } catch (IOException e) {
        throw KairosException.internal("a stored validation report is not JSON", e);
      }
    }
    return out;
  }

  private ObjectNode dailyRisk(Map<String, Object> args) {
    if (backends.analytics() == null) {
      throw KairosException.notFound(
          "this repository has no analytics views; add an analytics section to kairos.yaml and run"
              + " kairos analytics refresh");
    }
    LocalDate from = date(args, "from");
    LocalDate to = date(args, "to");
    long days = ChronoUnit.DAYS.between(from, to) + 1;
    if (days < 1 || days > MAX_DAYS) {
      throw KairosException.user(
          "from " + from + " to " + to + " is " + days + " days; give 1 to " + MAX_DAYS);
    }
    Map<String, List<String>> params = new LinkedHashMap<>();
    params.put("from", List.of(from.toString()));
    params.put("to", List.of(to.toString()));
    params.put("category", List.of(String.valueOf(args.getOrDefault("category", "*"))));
    params.put("country", List.of(String.valueOf(args.getOrDefault("country", "*"))));
    params.put("limit", List.of(String.valueOf(MAX_ROWS)));
    AnalyticsTable t = backends.analytics().read("daily-risk", params);
    ObjectNode out = JSON.createObjectNode();
    ArrayNode rows = out.putArray("rows");
    for (List<Object> row : t.rows()) {
      ObjectNode o = rows.addObject();
      for (int i = 0; i < row.size(); i++) {
        putValue(o, t.columns().get(i), row.get(i));
      }
    }
    return out;
  }

  private static LocalDate date(Map<String, Object> args, String name) {
    String v = (String) args.get(name);
    try {
      return LocalDate.parse(v.trim());
    } catch (DateTimeParseException e) {
      throw KairosException.user(name + " must be an ISO date like 2026-01-31, not '" + v + "'");
    }
  }

  static void putValue(ObjectNode o, String name, Object v) {
    if (v == null || (v instanceof Double d && !Double.isFinite(d))) {
      o.putNull(name);
    } else if (v instanceof Long || v instanceof Integer) {
      o.put(name, ((Number) v).longValue());
    } else if (v instanceof Number n) {
      o.put(name, n.doubleValue());
    } else if (v instanceof Boolean b) {
      o.put(name, b);
    } else {
      o.put(name, v.toString());
    }
  }
}

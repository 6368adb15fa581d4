package dev.kairos.core.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kairos.api.Aggregation;
import dev.kairos.api.AggregationFunction;
import dev.kairos.api.Definitions;
import dev.kairos.api.Entity;
import dev.kairos.api.FeatureRef;
import dev.kairos.api.FeatureService;
import dev.kairos.api.FeatureView;
import dev.kairos.api.Field;
import dev.kairos.api.KairosException;
import dev.kairos.api.OnDemandFeatureView;
import dev.kairos.api.OnDemandFeatureView.ExpressionFeature;
import dev.kairos.api.Source;
import dev.kairos.api.StreamSettings;
import dev.kairos.api.ValueType;
import dev.kairos.api.Window;
import dev.kairos.core.definitions.Ttl;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The canonical JSON form of {@link Definitions} stored in registry versions: fixed key order,
 * objects in declaration order, tags sorted, absent optional values omitted. Equal definitions
 * always give identical text.
 */
public final class DefinitionsJson {
  /**
   * The layout written for definitions with aggregations, on-demand views or streams. Format 2 only
   * adds {@code aggregations} to views, a top-level {@code on_demand_views} and {@code stream} to
   * sources; definitions without any are still written as {@link #FORMAT_1}, byte for byte as
   * before, and both are read. A reader that only knows format 1 thus refuses a version it would
   * silently misread.
   */
  public static final int FORMAT = 2;

  /** The original layout: entities, sources, plain feature views and services. */
  public static final int FORMAT_1 = 1;

  static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private DefinitionsJson() {}

  public static String write(Definitions d) {
    ObjectNode root = MAPPER.createObjectNode();
    boolean v2 =
        !d.onDemandViews().isEmpty()
            || d.views().stream().anyMatch(FeatureView::hasAggregations)
            || d.sources().stream().anyMatch(s -> s.streaming().isPresent());
    root.put("format", v2 ? FORMAT : FORMAT_1);
    root.put("project", d.project());
    array(root, "entities", d.entities(), DefinitionsJson::toJson);
    array(root, "sources", d.sources(), DefinitionsJson::toJson);
    array(root, "feature_views", d.views(), DefinitionsJson::toJson);
    if (!d.onDemandViews().isEmpty()) {
      array(root, "on_demand_views", d.onDemandViews(), DefinitionsJson::toJson);
    }
    array(root, "feature_services", d.services(), DefinitionsJson::toJson);
    try {
      return MAPPER.writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw KairosException.internal("cannot serialize definitions of " + d.project(), e);
    }
  }

  /** Indented JSON text of a node, ending with a newline. */
  public static String pretty(JsonNode node) {
    try {
      return MAPPER.writeValueAsString(node) + "\n";
    } catch (JsonProcessingException e) {
      throw KairosException.internal("cannot render JSON", e);
    }
  }

  /**
   * Reads what {@link #write} wrote.
   *
   * @throws KairosException INTERNAL when the text is not a stored definitions document
   */
  public static Definitions read(String json) {
    try {
      JsonNode root = MAPPER.readTree(json);
      int format = root.path("format").asInt();
      if (format != FORMAT && format != FORMAT_1) {
        throw new IllegalArgumentException(
            "unsupported format " + root.path("format") + " (this version reads 1 and 2)");
      }
      return new Definitions(
          root.get("project").asText(),
          list(root.get("entities"), DefinitionsJson::entity),
          list(root.get("sources"), DefinitionsJson::source),
          list(root.get("feature_views"), DefinitionsJson::view),
          list(root.get("feature_services"), DefinitionsJson::service),
          list(root.get("on_demand_views"), DefinitionsJson::onDemand));
    } catch (JsonProcessingException | RuntimeException e) {
      throw KairosException.internal("stored definitions are unreadable: " + e.getMessage(), e);
    }
  }

  /** The stored JSON form of one entity, e.g. for {@code describe --format json}. */
  public static ObjectNode toJson(Entity e) {
    ObjectNode n = MAPPER.createObjectNode().put("name", e.name());
    e.joinKeys().forEach(n.putArray("join_keys")::add);
    return n.put("value_type", e.valueType().name()).put("description", e.description());
  }

  private static Entity entity(JsonNode n) {
    return new Entity(
        n.get("name").asText(),
        strings(n.get("join_keys")),
        type(n.get("value_type")),
        n.path("description").asText(""));
  }

  /** The stored JSON form of one source, e.g. for {@code describe --format json}. */
  public static ObjectNode toJson(Source s) {
    ObjectNode n = MAPPER.createObjectNode().put("name", s.name()).put("table", s.table());
    n.put("timestamp_field", s.timestampField());
    s.createdTimestamp().ifPresent(c -> n.put("created_timestamp_field", c));
    s.validationSuite().ifPresent(v -> n.put("validation", v));
    n.put("description", s.description());
    array(n, "fields", s.fields(), DefinitionsJson::field);
    s.streaming()
        .ifPresent(
            st ->
                n.putObject("stream")
                    .put("topic", st.topic())
                    .put("format", st.format())
                    .put("key", st.key())
                    .put("allowed_lateness", Ttl.format(st.allowedLateness()))
                    .put("dead_letter_topic", st.deadLetterTopic()));
    return n;
  }

  private static Source source(JsonNode n) {
    return new Source(
        n.get("name").asText(),
        n.get("table").asText(),
        list(n.get("fields"), DefinitionsJson::field),
        n.get("timestamp_field").asText(),
        optional(n, "created_timestamp_field"),
        n.path("description").asText(""),
        optional(n, "validation"),
        n.has("stream") ? stream(n.get("stream")) : null);
  }

  private static StreamSettings stream(JsonNode n) {
    return new StreamSettings(
        n.get("topic").asText(),
        n.get("format").asText(),
        n.get("key").asText(),
        Ttl.parse(n.get("allowed_lateness").asText()).orElseThrow(),
        n.get("dead_letter_topic").asText());
  }

  /** The stored JSON form of one feature view, e.g. for {@code describe --format json}. */
  public static ObjectNode toJson(FeatureView v) {
    ObjectNode n = MAPPER.createObjectNode().put("name", v.name());
    v.entities().forEach(n.putArray("entities")::add);
    n.put("source", v.source()).put("ttl", Ttl.format(v.ttl())).put("online", v.online());
    n.put("owner", v.owner());
    ObjectNode tags = n.putObject("tags");
    new TreeMap<>(v.tags()).forEach(tags::put);
    n.put("description", v.description());
    array(n, "features", v.features(), DefinitionsJson::field);
    if (v.hasAggregations()) {
      array(n, "aggregations", v.aggregations(), DefinitionsJson::aggregation);
    }
    return n;
  }

  private static ObjectNode aggregation(Aggregation a) {
    return MAPPER
        .createObjectNode()
        .put("name", a.name())
        .put("column", a.column())
        .put("function", a.function().id())
        .put("window", a.window().label())
        .put("type", a.type().name());
  }

  private static Aggregation aggregation(JsonNode n) {
    String fn = n.get("function").asText();
    return new Aggregation(
        n.get("name").asText(),
        n.get("column").asText(),
        AggregationFunction.parse(fn)
            .orElseThrow(() -> new IllegalArgumentException("unknown function " + fn)),
        window(n.get("window").asText()),
        type(n.get("type")));
  }

  /** Reads {@link Window#label()}: {@code lifetime}, or units d, h, m, s and us. */
  static Window window(String label) {
    if (label.equals("lifetime")) {
      return Window.LIFETIME;
    }
    Matcher m = MICROS.matcher(label);
    long micros = 0;
    String rest = label;
    if (m.find()) {
      micros = Long.parseLong(m.group(1));
      rest = label.substring(0, m.start());
    }
    Duration d =
        rest.isEmpty()
            ? Duration.ZERO
            : Ttl.parse(rest)
                .orElseThrow(() -> new IllegalArgumentException("bad window " + label));
    return Window.of(d.plusNanos(micros * 1000));
  }

  private static final Pattern MICROS = Pattern.compile("(\\d+)us$");

  /** The stored JSON form of one on-demand view, e.g. for {@code describe --format json}. */
  public static ObjectNode toJson(OnDemandFeatureView v) {
    ObjectNode n = MAPPER.createObjectNode().put("name", v.name());
    n.put("description", v.description());
    array(n, "request", v.request(), DefinitionsJson::field);
    array(
        n,
        "features",
        v.features(),
        f ->
            MAPPER
                .createObjectNode()
                .put("name", f.name())
                .put("type", f.type().name())
                .put("expression", f.expression()));
    return n;
  }

  private static OnDemandFeatureView onDemand(JsonNode n) {
    return new OnDemandFeatureView(
        n.get("name").asText(),
        list(n.get("request"), DefinitionsJson::field),
        list(
            n.get("features"),
            f ->
                new ExpressionFeature(
                    f.get("name").asText(), type(f.get("type")), f.get("expression").asText())),
        n.path("description").asText(""));
  }

  private static FeatureView view(JsonNode n) {
    Map<String, String> tags = new LinkedHashMap<>();
    n.path("tags").properties().forEach(e -> tags.put(e.getKey(), e.getValue().asText()));
    return new FeatureView(
        n.get("name").asText(),
        strings(n.get("entities")),
        n.get("source").asText(),
        Ttl.parse(n.get("ttl").asText())
            .orElseThrow(() -> new IllegalArgumentException("bad ttl " + n.get("ttl"))),
        list(n.get("features"), DefinitionsJson::field),
        n.path("online").asBoolean(true),
        tags,
        n.path("owner").asText(""),
        n.path("description").asText(""),
        list(n.get("aggregations"), DefinitionsJson::aggregation));
  }

  /** The stored JSON form of one service, e.g. for {@code describe --format json}. */
  public static ObjectNode toJson(FeatureService s) {
    ObjectNode n = MAPPER.createObjectNode().put("name", s.name());
    ArrayNode features = n.putArray("features");
    s.features().forEach(f -> features.add(f.toString()));
    n.put("description", s.description());
    if (s.logSampleRate() > 0.0) {
      // Written only when set, so definitions without logging keep their stored bytes.
      n.putObject("logging").put("sample_rate", s.logSampleRate());
    }
    return n;
  }

  private static FeatureService service(JsonNode n) {
    return new FeatureService(
        n.get("name").asText(),
        strings(n.get("features")).stream().map(FeatureRef::parse).toList(),
        n.path("description").asText(""),
        n.path("logging").path("sample_rate").asDouble(0.0));
  }

  private static ObjectNode field(Field f) {
    return MAPPER.createObjectNode().put("name", f.name()).put("type", f.type().name());
  }

  private static Field field(JsonNode n) {
    return new Field(n.get("name").asText(), type(n.get("type")));
  }

  private static ValueType type(JsonNode n) {
    return ValueType.valueOf(n.asText());
  }

  private static String optional(JsonNode n, String key) {
    return n.hasNonNull(key) ? n.get(key).asText() : null;
  }

  private static <T> void array(
      ObjectNode parent, String key, List<T> items, Function<T, ObjectNode> f) {
    ArrayNode a = parent.putArray(key);
    items.forEach(i -> a.add(f.apply(i)));
  }

  private static <T> List<T> list(JsonNode array, Function<JsonNode, T> f) {
    List<T> out = new ArrayList<>();
    if (array != null) {
      array.forEach(n -> out.add(f.apply(n)));
    }
    return out;
  }

  private static List<String> strings(JsonNode array) {
    return list(array, JsonNode::asText);
  }
}

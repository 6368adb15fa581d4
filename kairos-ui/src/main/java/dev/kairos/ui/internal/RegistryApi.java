package dev.kairos.ui.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.linecorp.armeria.server.HttpService;
import dev.kairos.api.Aggregation;
import dev.kairos.api.Definitions;
import dev.kairos.api.Entity;
import dev.kairos.api.FeatureRef;
import dev.kairos.api.FeatureService;
import dev.kairos.api.FeatureView;
import dev.kairos.api.Field;
import dev.kairos.api.KairosException;
import dev.kairos.api.OnDemandFeatureView;
import dev.kairos.api.Source;
import dev.kairos.core.registry.Registry;
import dev.kairos.spi.RegistryStore.RegistryVersion;
import java.util.List;
import java.util.function.Supplier;

/**
 * {@code GET /v1/ui/registry[?version=N]} (the latest version without it) and {@code GET
 * /v1/ui/registry/diff?from=N&to=M}.
 */
final class RegistryApi {
  static final String PATH = "/v1/ui/registry";
  static final String DIFF_PATH = "/v1/ui/registry/diff";
  static final String NOTHING_APPLIED =
      "no definitions applied yet: run kairos apply in the repository";

  private RegistryApi() {}

  static HttpService registry(Supplier<Registry> registry) {
    return Api.json(
        ctx -> {
          Params p = Params.check(ctx.queryParams(), PATH, List.of("version"));
          Long version = p.whole("version", 1, null, "a registry version");
          Registry r = registry.get();
          List<RegistryVersion> history = r.history();
          if (history.isEmpty()) {
            throw KairosException.notFound(NOTHING_APPLIED);
          }
          long v = version != null ? version : history.get(history.size() - 1).version();
          ObjectNode root = encode(r.at(v));
          root.put("version", v);
          ArrayNode versions = root.putArray("versions");
          for (int i = history.size() - 1; i >= 0; i--) {
            RegistryVersion h = history.get(i);
            versions
                .addObject()
                .put("version", h.version())
                .put("applied_at", h.appliedAt().toString())
                .put("summary", h.summary());
          }
          return root;
        });
  }

  static HttpService diff(Supplier<Registry> registry) {
    return Api.json(
        ctx -> {
          Params p = Params.check(ctx.queryParams(), DIFF_PATH, List.of("from", "to"));
          Long from = p.whole("from", 1, null, "a registry version");
          Long to = p.whole("to", 1, null, "a registry version");
          if (from == null || to == null) {
            throw KairosException.user(
                "give from and to, the two registry versions to compare, e.g. ?from=1&to=2");
          }
          try {
            JsonNode plan = Api.JSON.readTree(registry.get().diff(from, to).toJson());
            ObjectNode root = Api.JSON.createObjectNode().put("from", from).put("to", to);
            root.set("changes", plan.get("changes"));
            root.put("breaking", plan.path("breaking").asBoolean());
            return root;
          } catch (java.io.IOException e) {
            throw KairosException.internal("cannot read the diff: " + e.getMessage(), e);
          }
        });
  }

  static ObjectNode encode(Definitions d) {
    ObjectNode root = Api.JSON.createObjectNode().put("project", d.project());
    ArrayNode entities = root.putArray("entities");
    for (Entity e : d.entities()) {
      ObjectNode o = entities.addObject().put("name", e.name());
      e.joinKeys().forEach(o.putArray("join_keys")::add);
      o.put("type", String.valueOf(e.valueType())).put("description", e.description());
    }
    ArrayNode sources = root.putArray("sources");
    for (Source s : d.sources()) {
      ObjectNode o = sources.addObject().put("name", s.name()).put("table", s.table());
      fields(o.putArray("fields"), s.fields());
      o.put("timestamp_field", s.timestampField())
          .put("description", s.description())
          .put("validation", s.validation())
          .put("stream", s.stream() == null ? null : s.stream().topic());
    }
    ArrayNode views = root.putArray("views");
    for (FeatureView v : d.views()) {
      ObjectNode o = views.addObject().put("name", v.name());
      o.put("kind", v.hasAggregations() ? "aggregated" : "plain");
      v.entities().forEach(o.putArray("entities")::add);
      o.put("source", v.source())
          .put("ttl", v.hasNoTtl() || v.ttl() == null ? null : v.ttl().toString())
          .put("online", v.online())
          .put("owner", v.owner())
          .put("description", v.description());
      ObjectNode tags = o.putObject("tags");
      if (v.tags() != null) {
        v.tags().forEach(tags::put);
      }
      ArrayNode features = o.putArray("features");
      for (Field f : v.features()) {
        features.addObject().put("name", f.name()).put("type", f.type().name());
      }
      for (Aggregation a : v.aggregations()) {
        features
            .addObject()
            .put("name", a.name())
            .put("type", a.type().name())
            .put("function", a.function().name().toLowerCase(java.util.Locale.ROOT))
            .put("column", a.column())
            .put("window", a.window().label());
      }
    }
    for (OnDemandFeatureView v : d.onDemandViews()) {
      ObjectNode o = views.addObject().put("name", v.name()).put("kind", "request-time");
      o.putArray("entities");
      o.putNull("source").putNull("ttl").put("online", true).putNull("owner");
      o.put("description", v.description());
      o.putObject("tags");
      fields(o.putArray("request"), v.request());
      ArrayNode features = o.putArray("features");
      for (OnDemandFeatureView.ExpressionFeature f : v.features()) {
        features
            .addObject()
            .put("name", f.name())
            .put("type", f.type().name())
            .put("expression", f.expression());
      }
    }
    ArrayNode services = root.putArray("services");
    for (FeatureService s : d.services()) {
      ObjectNode o = services.addObject().put("name", s.name());
      ArrayNode refs = o.putArray("features");
      for (FeatureRef r : s.features()) {
        refs.add(r.toString());
      }
      o.put("description", s.description()).put("log_sample_rate", s.logSampleRate());
    }
    return root;
  }

  private static void fields(ArrayNode out, List<Field> fields) {
    for (Field f : fields) {
      out.addObject().put("name", f.name()).put("type", f.type().name());
    }
  }
}

package dev.kairos.cli.commands;

import dev.kairos.api.Aggregation;
import dev.kairos.api.Definitions;
import dev.kairos.api.Entity;
import dev.kairos.api.FeatureService;
import dev.kairos.api.FeatureView;
import dev.kairos.api.Field;
import dev.kairos.api.OnDemandFeatureView;
import dev.kairos.api.Source;
import dev.kairos.core.definitions.Ttl;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Renders registry objects as ordered maps: the JSON form of {@code list} and {@code describe}. */
final class Objects {
  private Objects() {}

  static Map<String, Object> entity(Entity e) {
    Map<String, Object> m = head("entity", e.name(), e.description());
    m.put("join_keys", e.joinKeys());
    m.put("value_type", e.valueType().name());
    return m;
  }

  static Map<String, Object> source(Source s) {
    Map<String, Object> m = head("source", s.name(), s.description());
    m.put("table", s.table());
    m.put("timestamp_field", s.timestampField());
    m.put("created_timestamp_field", s.createdTimestampField());
    m.put("validation", s.validation());
    m.put("fields", fields(s.fields()));
    return m;
  }

  static Map<String, Object> view(Definitions d, FeatureView v) {
    Map<String, Object> m = head("feature_view", v.name(), v.description());
    m.put("entities", v.entities());
    m.put("join_keys", d.joinKeys(v));
    m.put("source", v.source());
    m.put("ttl", Ttl.format(v.ttl()));
    m.put("online", v.online());
    m.put("owner", v.owner());
    m.put("tags", v.tags());
    m.put("features", fields(v.features()));
    if (v.hasAggregations()) {
      List<Map<String, Object>> aggs = new ArrayList<>();
      for (Aggregation a : v.aggregations()) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("name", a.name());
        f.put("function", a.function().id());
        f.put("column", a.column());
        f.put("window", a.window().label());
        f.put("type", a.type().name());
        aggs.add(f);
      }
      m.put("aggregations", aggs);
    }
    return m;
  }

  static Map<String, Object> onDemand(OnDemandFeatureView v) {
    Map<String, Object> m = head("on_demand_view", v.name(), v.description());
    m.put("request", fields(v.request()));
    List<Map<String, Object>> features = new ArrayList<>();
    for (OnDemandFeatureView.ExpressionFeature e : v.features()) {
      Map<String, Object> f = new LinkedHashMap<>();
      f.put("name", e.name());
      f.put("type", e.type().name());
      f.put("expression", e.expression());
      features.add(f);
    }
    m.put("features", features);
    return m;
  }

  static Map<String, Object> service(Definitions d, FeatureService s) {
    Map<String, Object> m = head("feature_service", s.name(), s.description());
    m.put("features", s.features().stream().map(Object::toString).toList());
    m.put("resolved_features", d.resolve(s.features()).stream().map(Object::toString).toList());
    return m;
  }

  private static Map<String, Object> head(String kind, String name, String description) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("kind", kind);
    m.put("name", name);
    m.put("description", description);
    return m;
  }

  private static List<Map<String, Object>> fields(List<Field> fields) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Field f : fields) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", f.name());
      m.put("type", f.type().name());
      out.add(m);
    }
    return out;
  }
}

package dev.kairos.core.definitions;

import dev.kairos.api.Definitions;
import dev.kairos.api.Entity;
import dev.kairos.api.FeatureService;
import dev.kairos.api.FeatureView;
import dev.kairos.api.Field;
import dev.kairos.api.Source;
import dev.kairos.api.ValueType;
import dev.kairos.core.definitions.Declared.AggDecl;
import dev.kairos.core.definitions.Declared.EntityDecl;
import dev.kairos.core.definitions.Declared.FieldDecl;
import dev.kairos.core.definitions.Declared.Named;
import dev.kairos.core.definitions.Declared.OnDemandDecl;
import dev.kairos.core.definitions.Declared.RefDecl;
import dev.kairos.core.definitions.Declared.ServiceDecl;
import dev.kairos.core.definitions.Declared.SourceDecl;
import dev.kairos.core.definitions.Declared.ViewDecl;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Cross-checks declared objects: names are unique and every reference resolves and fits. */
final class DefinitionsValidator {
  private final Declared d;
  private final Problems problems;
  private final Map<String, EntityDecl> entities;
  private final Map<String, SourceDecl> sources;
  private final Map<String, ViewDecl> views;
  private final Map<String, OnDemandDecl> onDemand;
  private final ExpressionCheck.Checker expressions;

  DefinitionsValidator(Declared d, Problems problems, ExpressionCheck.Checker expressions) {
    this.d = d;
    this.problems = problems;
    this.expressions = expressions;
    this.entities = unique(d.entities, EntityDecl::name, "entity", "");
    this.sources = unique(d.sources, SourceDecl::name, "source", "");
    this.views = unique(d.views, ViewDecl::name, "feature view", "");
    this.onDemand = unique(d.onDemandViews, OnDemandDecl::name, "on-demand view", "");
    for (OnDemandDecl od : d.onDemandViews) {
      ViewDecl clash = views.get(od.name().name());
      if (clash != null) {
        problems.add(
            od.name().pos(),
            "on-demand view '"
                + od.name().name()
                + "' has the name of a feature view (declared at "
                + clash.name().pos()
                + "); references are view:feature, so rename one");
      }
    }
    unique(d.services, ServiceDecl::name, "feature service", "");
  }

  /** Checks everything; returns the definitions when no problem was found at all. */
  Definitions validate(String project) {
    d.entities.forEach(
        e -> unique(e.joinKeys(), n -> n, "join key", " in entity '" + e.name().name() + "'"));
    d.sources.forEach(this::checkSource);
    d.views.forEach(this::checkView);
    OnDemandValidator od = new OnDemandValidator(problems, views, onDemand, this::featuresOf);
    d.onDemandViews.forEach(v -> od.check(v, this::unique));
    ServiceChecks services = new ServiceChecks(problems, views, onDemand, this::featuresOf);
    d.services.forEach(services::check);
    if (!problems.isEmpty()) {
      return null;
    }
    Definitions defs =
        new Definitions(
            project,
            d.entities.stream().map(DefinitionsValidator::entity).toList(),
            d.sources.stream().map(DefinitionsValidator::source).toList(),
            d.views.stream().map(this::view).toList(),
            d.services.stream().map(DefinitionsValidator::service).toList(),
            d.onDemandViews.stream().map(OnDemandValidator::build).toList());
    OnDemandValidator.typeCheck(d.onDemandViews, defs, problems, expressions);
    return problems.isEmpty() ? defs : null;
  }

  /** A view's feature names (plain and aggregated), or null when its features were malformed. */
  private Map<String, ?> featuresOf(ViewDecl v) {
    if (v.features() == null) {
      return null;
    }
    Map<String, Object> out = new LinkedHashMap<>();
    v.features().forEach(f -> out.putIfAbsent(f.name().name(), f));
    for (AggDecl a : v.aggregations()) {
      if (a.name() == null) {
        return null;
      }
      out.putIfAbsent(a.name().name(), a);
    }
    return out;
  }

  private void checkSource(SourceDecl s) {
    if (s.fields() == null) {
      return;
    }
    Map<String, FieldDecl> fields =
        unique(s.fields(), FieldDecl::name, "field", " in source '" + s.name().name() + "'");
    checkTimestamp(s, s.timestampField(), "timestamp_field", fields);
    checkTimestamp(s, s.createdTimestampField(), "created_timestamp_field", fields);
  }

  private void checkTimestamp(
      SourceDecl s, Named field, String key, Map<String, FieldDecl> fields) {
    if (field == null) {
      return;
    }
    FieldDecl f = fields.get(field.name());
    String src = "source '" + s.name().name() + "'";
    if (f == null) {
      problems.add(
          field.pos(),
          key
              + " '"
              + field.name()
              + "' is not a field of "
              + src
              + hint(field.name(), fields, "or add it to fields with type TIMESTAMP"));
    } else if (f.type() != null && f.type() != ValueType.TIMESTAMP) {
      problems.add(
          field.pos(),
          key
              + " '"
              + field.name()
              + "' of "
              + src
              + " has type "
              + f.type()
              + "; it must be TIMESTAMP");
    }
  }

  private void checkView(ViewDecl v) {
    String label = "feature view '" + v.name().name() + "'";
    SourceDecl source = v.source() == null ? null : sources.get(v.source().name());
    if (v.source() != null) {
      if (source == null) {
        unknown(v.source(), label, "source", sources);
      }
    }
    Map<String, FieldDecl> sourceFields =
        source == null || source.fields() == null ? null : byName(source.fields());
    unique(v.entities(), n -> n, "entity", " in " + label);
    for (Named ref : v.entities()) {
      EntityDecl e = entities.get(ref.name());
      if (e == null) {
        unknown(ref, label, "entity", entities);
      } else if (sourceFields != null) {
        e.joinKeys().forEach(k -> checkJoinKey(ref, e, k.name(), source, sourceFields));
      }
    }
    if (sourceFields != null) {
      AggregationChecks.check(label, v.aggregations(), source, sourceFields, problems);
    }
    if (v.features() == null) {
      return;
    }
    List<Named> names = new ArrayList<>();
    v.features().forEach(f -> names.add(f.name()));
    v.aggregations().stream().filter(a -> a.name() != null).forEach(a -> names.add(a.name()));
    unique(names, n -> n, "feature", " in " + label);
    if (sourceFields != null) {
      v.features().forEach(f -> checkFeature(label, f, source, sourceFields));
    }
  }

  private void checkJoinKey(
      Named at, EntityDecl e, String key, SourceDecl s, Map<String, FieldDecl> fields) {
    FieldDecl f = fields.get(key);
    String what = "join key '" + key + "' of entity '" + e.name().name() + "'";
    if (f == null) {
      problems.add(
          at.pos(),
          what
              + " is not a field of source '"
              + s.name().name()
              + "'; add a field '"
              + key
              + "' to the source or key the view by another entity");
    } else if (f.type() != null && e.type() != null && f.type() != e.type()) {
      problems.add(
          at.pos(),
          what
              + " has type "
              + e.type()
              + " but field '"
              + key
              + "' of source '"
              + s.name().name()
              + "' has type "
              + f.type()
              + "; make the types match");
    }
  }

  private void checkFeature(
      String label, FieldDecl f, SourceDecl s, Map<String, FieldDecl> fields) {
    FieldDecl sf = fields.get(f.name().name());
    String src = "source '" + s.name().name() + "'";
    if (sf == null) {
      problems.add(
          f.name().pos(),
          "feature '"
              + f.name().name()
              + "' of "
              + label
              + " is not a field of "
              + src
              + hint(
                  f.name().name(),
                  fields,
                  "features are read from source fields of the same name"));
    } else if (sf.type() != null && f.type() != null && sf.type() != f.type()) {
      problems.add(
          f.name().pos(),
          "feature '"
              + f.name().name()
              + "' of "
              + label
              + " has type "
              + f.type()
              + " but field '"
              + sf.name().name()
              + "' of "
              + src
              + " has type "
              + sf.type()
              + "; make the types match");
    }
  }

  private void unknown(Named ref, String label, String kind, Map<String, ?> known) {
    problems.add(
        ref.pos(),
        label
            + " references unknown "
            + kind
            + " '"
            + ref.name()
            + "'"
            + hint(
                ref.name(),
                known,
                "known "
                    + (kind.equals("entity") ? "entities" : kind + "s")
                    + ": "
                    + known(known)));
  }

  /** Reports every repeated name (at the repeat, naming the first) and indexes the first ones. */
  <T> Map<String, T> unique(List<T> items, Function<T, Named> name, String kind, String context) {
    Map<String, T> out = new LinkedHashMap<>();
    Map<String, Pos> first = new LinkedHashMap<>();
    for (T item : items) {
      Named n = name.apply(item);
      Pos prev = first.putIfAbsent(n.name(), n.pos());
      if (prev == null) {
        out.put(n.name(), item);
      } else {
        String where =
            prev.file().equals(n.pos().file()) ? "line " + prev.lineColumn() : prev.toString();
        problems.add(
            n.pos(),
            "duplicate "
                + kind
                + " '"
                + n.name()
                + "'"
                + context
                + " (first declared at "
                + where
                + "); rename or remove one");
      }
    }
    return out;
  }

  private static Map<String, FieldDecl> byName(List<FieldDecl> fields) {
    Map<String, FieldDecl> out = new LinkedHashMap<>();
    fields.forEach(f -> out.putIfAbsent(f.name().name(), f));
    return out;
  }

  /** {@code "; did you mean 'x'? (more)"} when a name is close, else {@code "; more"}. */
  static String hint(String wrong, Map<String, ?> known, String more) {
    return Suggestions.nearest(wrong, known.keySet())
        .map(s -> "; did you mean '" + s + "'? (" + more + ")")
        .orElse("; " + more);
  }

  static String known(Map<String, ?> known) {
    return known.isEmpty() ? "(none)" : String.join(", ", known.keySet());
  }

  private static Entity entity(EntityDecl e) {
    return new Entity(
        e.name().name(),
        e.joinKeys().stream().map(Named::name).toList(),
        e.type(),
        e.description());
  }

  private static Source source(SourceDecl s) {
    return new Source(
        s.name().name(),
        s.table(),
        fields(s.fields()),
        s.timestampField().name(),
        s.createdTimestampField() == null ? null : s.createdTimestampField().name(),
        s.description(),
        s.validation(),
        s.stream());
  }

  private FeatureView view(ViewDecl v) {
    return new FeatureView(
        v.name().name(),
        v.entities().stream().map(Named::name).toList(),
        v.source().name(),
        v.ttl(),
        fields(v.features()),
        v.online(),
        v.tags(),
        v.owner(),
        v.description(),
        AggregationChecks.build(v.aggregations(), byName(sources.get(v.source().name()).fields())));
  }

  private static FeatureService service(ServiceDecl s) {
    return new FeatureService(
        s.name().name(),
        s.refs().stream().map(RefDecl::ref).toList(),
        s.description(),
        s.sampleRate() == null ? 0.0 : s.sampleRate());
  }

  private static List<Field> fields(List<FieldDecl> fields) {
    List<Field> out = new ArrayList<>();
    fields.forEach(f -> out.add(new Field(f.name().name(), f.type())));
    return out;
  }
}

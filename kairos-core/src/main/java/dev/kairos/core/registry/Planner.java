package dev.kairos.core.registry;

import dev.kairos.api.Definitions;
import dev.kairos.api.Entity;
import dev.kairos.api.FeatureRef;
import dev.kairos.api.FeatureService;
import dev.kairos.api.FeatureView;
import dev.kairos.api.Field;
import dev.kairos.api.OnDemandFeatureView;
import dev.kairos.api.Source;
import dev.kairos.core.definitions.Ttl;
import dev.kairos.core.registry.Plan.Action;
import dev.kairos.core.registry.Plan.Change;
import dev.kairos.core.registry.Plan.FieldChange;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BiFunction;
import java.util.function.Function;

/** Compares the applied definitions with the desired ones; see {@link Plan} for what breaks. */
final class Planner {
  private final Definitions current;
  private final Definitions desired;

  /** "view:feature" and "view:*" to the current services that use it. */
  private final Map<String, TreeSet<String>> usedBy = new LinkedHashMap<>();

  private Planner(Definitions current, Definitions desired) {
    this.current = current;
    this.desired = desired;
    for (FeatureService s : current.services()) {
      for (FeatureRef r : s.features()) {
        usedBy.computeIfAbsent(r.toString(), k -> new TreeSet<>()).add(s.name());
      }
    }
  }

  static Plan plan(Definitions current, Definitions desired, long baseVersion) {
    Planner p = new Planner(current, desired);
    List<Change> changes = new ArrayList<>();
    p.diff(changes, "entity", current.entities(), desired.entities(), Entity::name, p::entity);
    p.diff(changes, "source", current.sources(), desired.sources(), Source::name, p::source);
    p.diff(changes, "view", current.views(), desired.views(), FeatureView::name, p::view);
    p.diff(
        changes,
        "on-demand view",
        current.onDemandViews(),
        desired.onDemandViews(),
        OnDemandFeatureView::name,
        p::onDemand);
    p.diff(
        changes,
        "service",
        current.services(),
        desired.services(),
        FeatureService::name,
        p::service);
    return new Plan(baseVersion, changes);
  }

  private <T> void diff(
      List<Change> out,
      String kind,
      List<T> before,
      List<T> after,
      Function<T, String> name,
      BiFunction<T, T, List<FieldChange>> compare) {
    Map<String, T> old = new LinkedHashMap<>();
    before.forEach(t -> old.put(name.apply(t), t));
    for (T t : after) {
      T was = old.remove(name.apply(t));
      if (was == null) {
        out.add(new Change(Action.ADD, kind, name.apply(t), List.of(), false, ""));
      } else if (!was.equals(t)) {
        List<FieldChange> fields = compare.apply(was, t);
        if (!fields.isEmpty()) {
          out.add(new Change(Action.CHANGE, kind, name.apply(t), fields, false, ""));
        }
      }
    }
    for (T t : old.values()) {
      String n = name.apply(t);
      String users =
          switch (kind) {
            case "view" -> users(n + ":*", n, current.view(n).orElseThrow().fields());
            case "on-demand view" ->
                users(n + ":*", n, current.onDemandView(n).orElseThrow().fields());
            default -> "";
          };
      out.add(new Change(Action.REMOVE, kind, n, List.of(), !users.isEmpty(), users));
    }
  }

  private List<FieldChange> entity(Entity a, Entity b) {
    List<FieldChange> out = new ArrayList<>();
    attr(out, "join_keys", a.joinKeys(), b.joinKeys(), "changes the keys of every view using it");
    attr(out, "value_type", a.valueType(), b.valueType(), "changes the type of its join keys");
    attr(out, "description", a.description(), b.description(), null);
    return out;
  }

  private List<FieldChange> source(Source a, Source b) {
    List<FieldChange> out = new ArrayList<>();
    attr(out, "table", a.table(), b.table(), null);
    attr(out, "timestamp_field", a.timestampField(), b.timestampField(), null);
    attr(
        out, "created_timestamp_field", a.createdTimestampField(), b.createdTimestampField(), null);
    attr(out, "validation", a.validation(), b.validation(), null);
    attr(out, "description", a.description(), b.description(), null);
    members(out, "field", a.fields(), b.fields(), f -> "");
    var sa = a.streaming();
    var sb = b.streaming();
    attr(out, "stream", sa.isPresent() ? "yes" : "no", sb.isPresent() ? "yes" : "no", null);
    if (sa.isPresent() && sb.isPresent()) {
      attr(out, "stream topic", sa.get().topic(), sb.get().topic(), null);
      attr(out, "stream key", sa.get().key(), sb.get().key(), null);
      attr(out, "stream format", sa.get().format(), sb.get().format(), null);
      attr(
          out,
          "stream allowed_lateness",
          Ttl.format(sa.get().allowedLateness()),
          Ttl.format(sb.get().allowedLateness()),
          null);
      attr(
          out,
          "stream dead_letter_topic",
          sa.get().deadLetterTopic(),
          sb.get().deadLetterTopic(),
          null);
    }
    return out;
  }

  private List<FieldChange> view(FeatureView a, FeatureView b) {
    List<FieldChange> out = new ArrayList<>();
    attr(out, "entities", a.entities(), b.entities(), "changes the keys of the view");
    attr(out, "source", a.source(), b.source(), null);
    attr(out, "ttl", Ttl.format(a.ttl()), Ttl.format(b.ttl()), null);
    attr(out, "online", a.online(), b.online(), null);
    attr(out, "owner", a.owner(), b.owner(), null);
    attr(out, "tags", new TreeMap<>(a.tags()), new TreeMap<>(b.tags()), null);
    attr(out, "description", a.description(), b.description(), null);
    members(out, "feature", a.features(), b.features(), f -> users(a, f));
    AggregationChanges.diff(out, a.aggregations(), b.aggregations(), f -> users(a, f));
    return out;
  }

  private List<FieldChange> onDemand(OnDemandFeatureView a, OnDemandFeatureView b) {
    List<FieldChange> out = new ArrayList<>();
    attr(out, "description", a.description(), b.description(), null);
    String users = users(a.name() + ":*", a.name(), a.fields());
    AggregationChanges.request(out, a.request(), b.request(), users);
    AggregationChanges.expressions(
        out, a.features(), b.features(), f -> users(a.name() + ":" + f, a.name(), a.fields()));
    return out;
  }

  private String users(FeatureView view, String feature) {
    return users(view.name() + ":" + feature, view.name(), view.fields());
  }

  private List<FieldChange> service(FeatureService a, FeatureService b) {
    List<FieldChange> out = new ArrayList<>();
    attr(out, "features", a.features(), b.features(), null);
    attr(out, "description", a.description(), b.description(), null);
    attr(out, "logging.sample_rate", a.logSampleRate(), b.logSampleRate(), null);
    return out;
  }

  /** Adds a change when the values differ; breaking when {@code breakingReason} is not null. */
  static void attr(List<FieldChange> out, String field, Object a, Object b, String breakingReason) {
    if (!Objects.equals(a, b)) {
      out.add(new FieldChange(field, text(a), text(b), breakingReason != null, breakingReason));
    }
  }

  /**
   * Diffs named, typed members (source fields, view features). A type change is always breaking; a
   * removal is breaking when {@code removalUsers} names who uses the member.
   */
  private static void members(
      List<FieldChange> out,
      String what,
      List<Field> a,
      List<Field> b,
      Function<String, String> removalUsers) {
    Map<String, Field> old = new LinkedHashMap<>();
    a.forEach(f -> old.put(f.name(), f));
    for (Field f : b) {
      Field was = old.remove(f.name());
      if (was == null) {
        out.add(new FieldChange(what + " " + f.name(), null, f.type().name(), false, ""));
      } else if (was.type() != f.type()) {
        out.add(
            new FieldChange(
                what + " " + f.name(),
                was.type().name(),
                f.type().name(),
                true,
                "type of an existing " + what));
      }
    }
    for (Field f : old.values()) {
      String users = removalUsers.apply(f.name());
      out.add(
          new FieldChange(what + " " + f.name(), f.type().name(), null, !users.isEmpty(), users));
    }
  }

  /**
   * "used by feature service 'x'" when a current service uses the reference (or the view's "*").
   */
  private String users(String ref, String view, List<Field> fields) {
    TreeSet<String> names = new TreeSet<>();
    names.addAll(usedBy.getOrDefault(ref, new TreeSet<>()));
    names.addAll(usedBy.getOrDefault(view + ":*", new TreeSet<>()));
    if (ref.endsWith(":*")) {
      fields.forEach(
          f -> names.addAll(usedBy.getOrDefault(view + ":" + f.name(), new TreeSet<>())));
    }
    if (names.isEmpty()) {
      return "";
    }
    return "used by feature service"
        + (names.size() > 1 ? "s " : " ")
        + String.join(", ", names.stream().map(n -> "'" + n + "'").toList());
  }

  static String text(Object v) {
    if (v == null) {
      return "(none)";
    }
    if (v instanceof List<?> l) {
      return "[" + String.join(", ", l.stream().map(String::valueOf).toList()) + "]";
    }
    if (v instanceof String s && s.isEmpty()) {
      return "\"\"";
    }
    return String.valueOf(v);
  }
}

package dev.kairos.api;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * A complete, validated set of definitions for one project: what one registry version holds.
 * Objects keep the order in which they were declared.
 */
public record Definitions(
    String project,
    List<Entity> entities,
    List<Source> sources,
    List<FeatureView> views,
    List<FeatureService> services,
    List<OnDemandFeatureView> onDemandViews) {

  /** Definitions without request-time views. */
  public Definitions(
      String project,
      List<Entity> entities,
      List<Source> sources,
      List<FeatureView> views,
      List<FeatureService> services) {
    this(project, entities, sources, views, services, List.of());
  }

  public Definitions {
    requireNonNull(project, "project");
    entities = List.copyOf(entities);
    sources = List.copyOf(sources);
    views = List.copyOf(views);
    services = List.copyOf(services);
    onDemandViews = List.copyOf(onDemandViews);
  }

  public static Definitions empty(String project) {
    return new Definitions(project, List.of(), List.of(), List.of(), List.of());
  }

  public Optional<Entity> entity(String name) {
    return find(entities, Entity::name, name);
  }

  public Optional<Source> source(String name) {
    return find(sources, Source::name, name);
  }

  public Optional<FeatureView> view(String name) {
    return find(views, FeatureView::name, name);
  }

  public Optional<OnDemandFeatureView> onDemandView(String name) {
    return find(onDemandViews, OnDemandFeatureView::name, name);
  }

  public Optional<FeatureService> service(String name) {
    return find(services, FeatureService::name, name);
  }

  /** The view with this name, or a {@link ErrorKind#NOT_FOUND} error listing the known views. */
  public FeatureView requireView(String name) {
    return view(name)
        .orElseThrow(
            () ->
                KairosException.notFound(
                    "unknown feature view '"
                        + name
                        + "'; known views: "
                        + names(views, FeatureView::name)));
  }

  /** The service with this name, or a {@link ErrorKind#NOT_FOUND} error listing the known ones. */
  public FeatureService requireService(String name) {
    return service(name)
        .orElseThrow(
            () ->
                KairosException.notFound(
                    "unknown feature service '"
                        + name
                        + "'; known services: "
                        + names(services, FeatureService::name)));
  }

  /** The source a view reads from (validated definitions always have it). */
  public Source sourceOf(FeatureView view) {
    return source(view.source())
        .orElseThrow(() -> KairosException.notFound("unknown source '" + view.source() + "'"));
  }

  /** The join keys of a view: those of its entities, in declaration order. */
  public List<String> joinKeys(FeatureView view) {
    List<String> keys = new ArrayList<>();
    for (String e : view.entities()) {
      entity(e).ifPresent(en -> keys.addAll(en.joinKeys()));
    }
    return keys;
  }

  /** The join keys of a view with their types. */
  public List<Field> joinKeyFields(FeatureView view) {
    List<Field> keys = new ArrayList<>();
    for (String e : view.entities()) {
      entity(e).ifPresent(en -> en.joinKeys().forEach(k -> keys.add(new Field(k, en.valueType()))));
    }
    return keys;
  }

  /**
   * Expands wildcards and checks every reference. The result keeps the requested order.
   *
   * @throws KairosException of kind USER naming the first reference that does not resolve
   */
  public List<FeatureRef> resolve(List<FeatureRef> refs) {
    List<FeatureRef> out = new ArrayList<>();
    for (FeatureRef ref : refs) {
      Optional<OnDemandFeatureView> od = onDemandView(ref.view());
      List<Field> fields =
          od.map(OnDemandFeatureView::fields)
              .orElseGet(
                  () ->
                      view(ref.view())
                          .orElseThrow(
                              () ->
                                  KairosException.user(
                                      "unknown feature view '"
                                          + ref.view()
                                          + "' in reference '"
                                          + ref
                                          + "'; known views: "
                                          + viewNames()))
                          .fields());
      if (ref.isWildcard()) {
        fields.forEach(f -> out.add(new FeatureRef(ref.view(), f.name())));
      } else if (fields.stream().noneMatch(f -> f.name().equals(ref.name()))) {
        throw KairosException.user(
            "unknown feature '"
                + ref.name()
                + "' in view '"
                + ref.view()
                + "'; its features: "
                + names(fields, Field::name));
      } else {
        out.add(ref);
      }
    }
    return out;
  }

  /** The type of a resolved feature reference, from a feature view or a request-time view. */
  public ValueType typeOf(FeatureRef ref) {
    Optional<OnDemandFeatureView> od = onDemandView(ref.view());
    Optional<Field> f =
        od.isPresent()
            ? od.get().feature(ref.name()).map(OnDemandFeatureView.ExpressionFeature::field)
            : requireView(ref.view()).feature(ref.name());
    return f.orElseThrow(() -> KairosException.user("unknown feature '" + ref + "'")).type();
  }

  private String viewNames() {
    List<String> all = new ArrayList<>();
    views.forEach(v -> all.add(v.name()));
    onDemandViews.forEach(v -> all.add(v.name()));
    return names(all, n -> n);
  }

  /** The features of a service, wildcards expanded. */
  public List<FeatureRef> resolveService(String serviceName) {
    return resolve(requireService(serviceName).features());
  }

  /** The names of these objects, comma separated, for error messages. */
  public static <T> String names(List<T> items, Function<T, String> name) {
    if (items.isEmpty()) {
      return "(none)";
    }
    Map<String, Boolean> seen = new LinkedHashMap<>();
    items.forEach(i -> seen.put(name.apply(i), true));
    return String.join(", ", seen.keySet());
  }

  private static <T> Optional<T> find(List<T> items, Function<T, String> name, String wanted) {
    for (T item : items) {
      if (name.apply(item).equals(wanted)) {
        return Optional.of(item);
      }
    }
    return Optional.empty();
  }
}

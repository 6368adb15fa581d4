package dev.kairos.server.internal;

import dev.kairos.api.Definitions;
import dev.kairos.api.Entity;
import dev.kairos.api.FeatureRef;
import dev.kairos.api.FeatureView;
import dev.kairos.api.Field;
import dev.kairos.api.OnDemandFeatureView;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Requested features resolved against one registry version: the references with wildcards expanded,
 * and the join keys they need. A feature service resolves the same way on every request, so its
 * resolution is kept per service until the definitions change: resolving {@code view:*} allocated
 * one reference per feature on every request.
 *
 * @param refs the resolved references, in request order
 * @param joinKeys each needed join key, in the order first needed, with its type and the first view
 *     that needs it; with request-time features, also every other entity's join key, optional (the
 *     views their expressions read are known to the serving engine, which names a missing key)
 * @param requestFields the request fields of the requested request-time views
 */
record ResolvedFeatures(
    List<FeatureRef> refs, Map<String, JoinKey> joinKeys, Map<String, Field> requestFields) {

  /** A join key a request may give, and must when {@code required}. */
  record JoinKey(Field field, String view, boolean required) {}

  /** Resolves the references, checking each; see {@link Definitions#resolve}. */
  static ResolvedFeatures of(Definitions defs, List<FeatureRef> requested) {
    List<FeatureRef> refs = List.copyOf(defs.resolve(requested));
    Map<String, JoinKey> keys = new LinkedHashMap<>();
    Map<String, Field> requestFields = new LinkedHashMap<>();
    String previousView = null;
    boolean onDemandRequested = false;
    for (FeatureRef ref : refs) {
      // A service names many features of few views; the join keys are per view.
      if (ref.view().equals(previousView)) {
        continue;
      }
      previousView = ref.view();
      Optional<OnDemandFeatureView> onDemand = defs.onDemandView(ref.view());
      if (onDemand.isPresent()) {
        onDemand.get().request().forEach(f -> requestFields.putIfAbsent(f.name(), f));
        onDemandRequested = true;
        continue;
      }
      FeatureView view = defs.requireView(ref.view());
      for (Field key : defs.joinKeyFields(view)) {
        keys.putIfAbsent(key.name(), new JoinKey(key, view.name(), true));
      }
    }
    if (onDemandRequested) {
      for (Entity e : defs.entities()) {
        for (String k : e.joinKeys()) {
          keys.putIfAbsent(k, new JoinKey(new Field(k, e.valueType()), e.name(), false));
        }
      }
    }
    return new ResolvedFeatures(
        refs, Collections.unmodifiableMap(keys), Collections.unmodifiableMap(requestFields));
  }

  /** Each service's resolution for the definitions it was made against. */
  static final class ByService {
    private volatile Entries entries = new Entries(null, new ConcurrentHashMap<>());

    private record Entries(Definitions defs, Map<String, ResolvedFeatures> byService) {}

    /** The service's resolution, made once per definitions. */
    ResolvedFeatures get(Definitions defs, String service, List<FeatureRef> features) {
      Entries current = entries;
      if (current.defs() != defs) {
        current = new Entries(defs, new ConcurrentHashMap<>());
        entries = current;
      }
      ResolvedFeatures found = current.byService().get(service);
      if (found == null) {
        found = of(defs, features);
        current.byService().put(service, found);
      }
      return found;
    }
  }
}

package dev.kairos.core.definitions;

import dev.kairos.core.definitions.Declared.ExpressionDecl;
import dev.kairos.core.definitions.Declared.OnDemandDecl;
import dev.kairos.core.definitions.Declared.RefDecl;
import dev.kairos.core.definitions.Declared.ServiceDecl;
import dev.kairos.core.definitions.Declared.ViewDecl;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Checks a feature service's references: no repeats, and each names an existing feature of a
 * feature view or of an on-demand view.
 */
final class ServiceChecks {
  private final Problems problems;
  private final Map<String, ViewDecl> views;
  private final Map<String, OnDemandDecl> onDemand;
  private final Function<ViewDecl, Map<String, ?>> featuresOf;

  ServiceChecks(
      Problems problems,
      Map<String, ViewDecl> views,
      Map<String, OnDemandDecl> onDemand,
      Function<ViewDecl, Map<String, ?>> featuresOf) {
    this.problems = problems;
    this.views = views;
    this.onDemand = onDemand;
    this.featuresOf = featuresOf;
  }

  void check(ServiceDecl s) {
    String label = "feature service '" + s.name().name() + "'";
    Map<String, RefDecl> seen = new LinkedHashMap<>();
    for (RefDecl r : s.refs()) {
      if (r.ref() == null) {
        continue;
      }
      String key = r.ref().toString();
      RefDecl first = seen.putIfAbsent(key, r);
      RefDecl wildcard = seen.get(r.ref().view() + ":*");
      if (first != null) {
        problems.add(
            r.pos(),
            label
                + " lists '"
                + key
                + "' twice (first at "
                + first.pos().lineColumn()
                + "); remove one");
        continue;
      } else if (wildcard != null && !r.ref().isWildcard()) {
        problems.add(
            r.pos(),
            label
                + " lists '"
                + key
                + "' but '"
                + wildcard.text()
                + "' (at "
                + wildcard.pos().lineColumn()
                + ") already includes it; remove one");
        continue;
      }
      ref(label, r);
    }
  }

  private void ref(String label, RefDecl r) {
    ViewDecl v = views.get(r.ref().view());
    OnDemandDecl od = onDemand.get(r.ref().view());
    if (v == null && od != null) {
      Map<String, ?> features = OnDemandValidator.index(od.features(), ExpressionDecl::name);
      if (!r.ref().isWildcard() && !features.containsKey(r.ref().name())) {
        problems.add(
            r.pos(),
            label
                + " references unknown feature '"
                + r.ref().name()
                + "' of on-demand view '"
                + od.name().name()
                + "'"
                + DefinitionsValidator.hint(
                    r.ref().name(),
                    features,
                    "its features: " + DefinitionsValidator.known(features)));
      }
    } else if (v == null) {
      Map<String, Object> all = new LinkedHashMap<>(views);
      all.putAll(onDemand);
      problems.add(
          r.pos(),
          label
              + " references unknown feature view '"
              + r.ref().view()
              + "'"
              + DefinitionsValidator.hint(
                  r.ref().view(), all, "known views: " + DefinitionsValidator.known(all)));
    } else if (!r.ref().isWildcard() && featuresOf.apply(v) != null) {
      Map<String, ?> features = featuresOf.apply(v);
      if (!features.containsKey(r.ref().name())) {
        problems.add(
            r.pos(),
            label
                + " references unknown feature '"
                + r.ref().name()
                + "' of view '"
                + v.name().name()
                + "'"
                + DefinitionsValidator.hint(
                    r.ref().name(),
                    features,
                    "its features: " + DefinitionsValidator.known(features)));
      }
    }
  }
}

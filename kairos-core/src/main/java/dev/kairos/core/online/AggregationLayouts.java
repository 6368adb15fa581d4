package dev.kairos.core.online;

import dev.kairos.api.Definitions;
import dev.kairos.api.FeatureView;
import dev.kairos.core.aggregate.AggregationLayout;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Each aggregating view's layout, made once per view definition (a new registry version's view
 * object gets a new one).
 */
final class AggregationLayouts {
  private final Map<String, AggregationLayout> byView = new ConcurrentHashMap<>();

  AggregationLayout of(FeatureView view, Definitions defs) {
    AggregationLayout l = byView.get(view.name());
    if (l == null || l.view() != view) {
      l = AggregationLayout.of(view, defs);
      byView.put(view.name(), l);
    }
    return l;
  }
}

package dev.kairos.core.definitions;

import dev.kairos.api.Definitions;
import dev.kairos.api.OnDemandFeatureView;
import java.util.List;

/**
 * Type-checks request-time expressions against the otherwise valid definitions. The validator calls
 * it with a view holding a single feature, so every problem returned belongs to that feature and is
 * reported at the start of its {@code expression:}.
 */
final class ExpressionCheck {
  private ExpressionCheck() {}

  /** The problems of {@code view}'s expressions (messages without a position); empty when fine. */
  static List<String> check(OnDemandFeatureView view, Definitions defs) {
    // ===== INTEGRATION SEAM (swap after merging the CEL evaluator) =====
    // integration: return OnDemandCompiler.check(view, defs);
    return List.of();
  }
}

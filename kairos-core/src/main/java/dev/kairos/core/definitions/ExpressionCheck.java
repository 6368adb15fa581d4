package dev.kairos.core.definitions;

import dev.kairos.api.Definitions;
import dev.kairos.api.OnDemandFeatureView;
import dev.kairos.core.ondemand.OnDemandCompiler;
import java.util.List;

/**
 * Type-checks request-time expressions (with the CEL compiler that evaluates them, {@link
 * OnDemandCompiler}) against the otherwise valid definitions. The validator calls it with a view
 * holding a single feature, so every problem returned belongs to that feature and is reported where
 * the text of its {@code expression:} starts (the line of a block scalar).
 */
final class ExpressionCheck {
  private ExpressionCheck() {}

  /** The shape of {@link #check}, so tests can stand in for the CEL checker. */
  @FunctionalInterface
  interface Checker {
    List<String> check(OnDemandFeatureView view, Definitions defs);
  }

  /** The problems of {@code view}'s expressions (messages without a position); empty when fine. */
  static List<String> check(OnDemandFeatureView view, Definitions defs) {
    return OnDemandCompiler.check(view, defs);
  }
}

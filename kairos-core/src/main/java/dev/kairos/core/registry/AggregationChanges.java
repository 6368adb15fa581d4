package dev.kairos.core.registry;

import dev.kairos.api.Aggregation;
import dev.kairos.api.Field;
import dev.kairos.api.OnDemandFeatureView.ExpressionFeature;
import dev.kairos.core.registry.Plan.FieldChange;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Field-by-field changes of a view's aggregations and of an on-demand view. Whatever changes the
 * value an existing feature name stands for (its column, function, window, expression or type) is
 * breaking: a model trained on the old values would silently get different inputs.
 */
final class AggregationChanges {
  static final String NEW_VALUES = "changes the values of an existing feature";

  private AggregationChanges() {}

  /** {@code removalUsers} names the services using a feature, or is empty when none does. */
  static void diff(
      List<FieldChange> out,
      List<Aggregation> before,
      List<Aggregation> after,
      Function<String, String> removalUsers) {
    Map<String, Aggregation> old = new LinkedHashMap<>();
    before.forEach(a -> old.put(a.name(), a));
    for (Aggregation a : after) {
      Aggregation was = old.remove(a.name());
      String what = "aggregation " + a.name();
      if (was == null) {
        out.add(new FieldChange(what, null, text(a), false, ""));
        continue;
      }
      change(out, what + " column", was.column(), a.column(), NEW_VALUES);
      change(out, what + " function", was.function().id(), a.function().id(), NEW_VALUES);
      change(out, what + " window", was.window().label(), a.window().label(), NEW_VALUES);
      change(
          out, what + " type", was.type().name(), a.type().name(), "type of an existing feature");
    }
    for (Aggregation a : old.values()) {
      String users = removalUsers.apply(a.name());
      out.add(new FieldChange("aggregation " + a.name(), text(a), null, !users.isEmpty(), users));
    }
  }

  /**
   * Request fields: a new one is breaking while a service uses the view, since requests without it
   * are rejected; a removed one never is; a type change always is.
   */
  static void request(List<FieldChange> out, List<Field> before, List<Field> after, String users) {
    Map<String, Field> old = new LinkedHashMap<>();
    before.forEach(f -> old.put(f.name(), f));
    for (Field f : after) {
      Field was = old.remove(f.name());
      String what = "request field " + f.name();
      if (was == null) {
        boolean breaking = !users.isEmpty();
        out.add(
            new FieldChange(
                what,
                null,
                f.type().name(),
                breaking,
                breaking ? "requests without it are rejected; the view is " + users : ""));
      } else {
        change(out, what, was.type().name(), f.type().name(), "type of an existing request field");
      }
    }
    old.values()
        .forEach(
            f ->
                out.add(
                    new FieldChange(
                        "request field " + f.name(), f.type().name(), null, false, "")));
  }

  static void expressions(
      List<FieldChange> out,
      List<ExpressionFeature> before,
      List<ExpressionFeature> after,
      Function<String, String> removalUsers) {
    Map<String, ExpressionFeature> old = new LinkedHashMap<>();
    before.forEach(f -> old.put(f.name(), f));
    for (ExpressionFeature f : after) {
      ExpressionFeature was = old.remove(f.name());
      String what = "feature " + f.name();
      if (was == null) {
        out.add(new FieldChange(what, null, text(f), false, ""));
        continue;
      }
      change(out, what + " expression", was.expression(), f.expression(), NEW_VALUES);
      change(
          out, what + " type", was.type().name(), f.type().name(), "type of an existing feature");
    }
    for (ExpressionFeature f : old.values()) {
      String users = removalUsers.apply(f.name());
      out.add(new FieldChange("feature " + f.name(), text(f), null, !users.isEmpty(), users));
    }
  }

  private static void change(
      List<FieldChange> out, String field, String a, String b, String reason) {
    if (!Objects.equals(a, b)) {
      out.add(new FieldChange(field, a, b, true, reason));
    }
  }

  /** e.g. {@code sum(amount) over 1h DOUBLE}. */
  static String text(Aggregation a) {
    return a.function().id() + "(" + a.column() + ") over " + a.window().label() + " " + a.type();
  }

  /** e.g. {@code DOUBLE = request.amount / 2.0}. */
  static String text(ExpressionFeature f) {
    return f.type() + " = " + f.expression();
  }
}
